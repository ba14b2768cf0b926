import { checkXml, countPositions, firstTextProblem, jsonDepthOver, storable, xmlDepthOver } from './upload-caps';
import { ZipUpload } from './zip';
import { deflatedMember, zipOf } from '../../test/support/zip-bomb';

describe('upload caps, checked without parsing', () => {
  it('measures JSON nesting outside strings only, stopping at the cap', () => {
    expect(jsonDepthOver('{"a":[[1]]}', 3)).toBe(false);
    expect(jsonDepthOver('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonDepthOver(JSON.stringify({ s: '[[[[[[{{{{ \\" [[[[' }), 2)).toBe(false); // brackets in a string, an escaped quote
    expect(jsonDepthOver('['.repeat(400_000), 64)).toBe(true);
  });

  it('measures XML nesting, skipping comments, CDATA, self-closed tags and ">" in attribute values', () => {
    expect(xmlDepthOver('<a><b x="1>2"/><!-- <c><c><c> --><![CDATA[<d><d><d>]]><e></e></a>', 2)).toBe(false);
    expect(xmlDepthOver('<a><b><c></c></b></a>', 2)).toBe(true);
  });

  it('refuses DOCTYPE and ENTITY declarations in KML', () => {
    expect(() => checkXml('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "b">]><kml/>', { maxDepth: 64 })).toThrow(/DOCTYPE or ENTITY/);
    expect(() => checkXml('<kml><Document/></kml>', { maxDepth: 64 })).not.toThrow();
  });

  it('counts the positions of any geometry, stopping past the cap', () => {
    expect(
      countPositions(
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
        100,
      ),
    ).toBe(4);
    expect(
      countPositions(
        {
          type: 'GeometryCollection',
          geometries: [
            { type: 'Point', coordinates: [0, 0] },
            {
              type: 'LineString',
              coordinates: [
                [0, 0],
                [1, 1],
              ],
            },
          ],
        },
        100,
      ),
    ).toBe(3);
    expect(countPositions({ type: 'MultiPoint', coordinates: Array.from({ length: 1000 }, () => [0, 0]) }, 10)).toBe(11);
  });

  it('finds text PostgreSQL cannot store, and makes messages storable', () => {
    expect(firstTextProblem({ name: 'ok', tags: ['a', 'b\u0000'] }, 'properties')).toEqual({
      field: 'properties.tags[1]',
      problem: expect.stringMatching(/null character/),
    });
    expect(firstTextProblem({ name: 'x\ud800' }, 'properties')?.problem).toMatch(/lone surrogate/);
    expect(firstTextProblem({ name: '塔 😀' }, 'properties')).toBeNull();
    expect(storable('a\u0000b\ud800c😀')).toBe('a\\0b\uFFFDc😀');
  });
});

describe('zip uploads', () => {
  const caps = { maxEntries: 1000, maxMemberBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 };

  /** A one-member zip whose central directory declares `declared` bytes for `data`. */
  const zip = (data: Buffer, declared = data.length): Buffer => zipOf([{ ...deflatedMember('a.bin', data), declaredSize: declared }]);

  it('reads a member that tells the truth', async () => {
    const z = await ZipUpload.open(zip(Buffer.from('hello')), caps);
    expect((await z.read(z.find('.bin')!, 100)).toString()).toBe('hello');
    z.close();
  });

  it('refuses on the central directory alone a member declared over the cap', async () => {
    await expect(ZipUpload.open(zip(Buffer.alloc(10), 5 * 1024 * 1024), caps)).rejects.toThrow(
      /a\.bin unpacks to 5 MB; a zip member may unpack to at most 1 MB \(IMPORT_MAX_MEMBER_BYTES\)/,
    );
  });

  it('stops a member that inflates past what it declares, as a zip bomb', async () => {
    const z = await ZipUpload.open(zip(Buffer.alloc(512 * 1024), 100), caps);
    await expect(z.read(z.find('.bin')!, caps.maxMemberBytes)).rejects.toThrow(/more than the 100 bytes its zip entry declares \(refused as a zip bomb\)/);
    z.close();
  });

  it('stops a small member (a .prj) at its own limit, counting real bytes', async () => {
    const z = await ZipUpload.open(zip(Buffer.alloc(200 * 1024)), caps);
    await expect(z.read(z.find('.bin')!, 64 * 1024)).rejects.toThrow(/a\.bin is larger than 64 KB/);
    z.close();
  });
});
