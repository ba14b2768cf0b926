import { PassThrough, pipeline, type Readable, Transform } from 'node:stream';
import proj4 from 'proj4';
import * as shapefile from 'shapefile';
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { checkXml, ImportFileError, rowsError, UploadCapError, type UploadCaps, VertexBudget } from '../common/upload-caps';
import { ZipUpload } from '../common/zip';
import { mapPositions } from './crs';

/**
 * Zoning arrives as KML (Google Earth, many bureaus' exports) or zipped Shapefiles (GIS desktops). The worker turns
 * both into GeoJSON features, so the one loader checks and loads every format alike.
 */

export interface GeoFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}

/** KML placemarks with their names and ExtendedData as properties. */
export function kmlToFeatures(text: string, caps: Pick<UploadCaps, 'maxDepth'>): GeoFeature[] {
  checkXml(text, caps);
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({ onError: (level, msg) => level !== 'warning' && errors.push(msg) }).parseFromString(text, 'text/xml');
  } catch (e) {
    throw new ImportFileError(`not a KML document: ${(e as Error).message.split('\n')[0]}`); // xmldom throws on fatal errors
  }
  if (errors.length || !doc.documentElement || doc.documentElement.nodeName.toLowerCase() !== 'kml') {
    throw new ImportFileError(`not a KML document${errors.length ? `: ${errors[0].split('\n')[0]}` : ''}`);
  }
  const fc = kml(doc as unknown as Parameters<typeof kml>[0]);
  // togeojson keeps styling keys beside the data; only the data goes on
  for (const f of fc.features) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(p)) if (k.startsWith('style') || k.startsWith('stroke') || k.startsWith('fill') || k === 'styleUrl') delete p[k];
  }
  return fc.features as unknown as GeoFeature[];
}

/** dBASE field names are at most 10 characters: the short names a Shapefile carries for our properties. */
const DBF_ALIASES: Record<string, string> = {
  name_en: 'nameEn',
  nameen: 'nameEn',
  valid_from: 'validFrom',
  validfrom: 'validFrom',
  valid_to: 'validTo',
  validto: 'validTo',
  height_lim: 'heightLimitM',
  heightlim: 'heightLimitM',
  heightlimi: 'heightLimitM',
};

export class MissingProjectionError extends Error {}

/** .prj and .cpg are a few hundred bytes; anything much larger is not one. */
const SIDECAR_LIMIT = 64 * 1024;

type ZipCaps = Pick<UploadCaps, 'maxEntries' | 'maxMemberBytes' | 'maxTotalBytes'>;

/**
 * The cheap checks the API makes on a zipped Shapefile before storing it: the central directory only (entries and
 * declared sizes within the caps, a .shp present, a .prj or a declared system) and the .prj, a few bytes, read
 * and understood. The .shp and .dbf are not inflated here.
 */
export async function checkShapefileZip(buffer: Buffer, crsDeclared: boolean, caps: ZipCaps): Promise<void> {
  const zip = await ZipUpload.open(buffer, caps);
  try {
    const { prj } = shapefileMembers(zip, crsDeclared);
    if (prj) projectionOf((await zip.read(prj, SIDECAR_LIMIT)).toString('utf8'));
  } finally {
    zip.close();
  }
}

function shapefileMembers(zip: ZipUpload, crsDeclared: boolean) {
  const shp = zip.find('.shp');
  const prj = zip.find('.prj');
  if (!shp) throw new ImportFileError('the zip holds no .shp file');
  if (!prj && !crsDeclared)
    throw new MissingProjectionError('the Shapefile has no .prj: say which coordinate system its coordinates are in with ?crs=wgs84|gcj02|bd09');
  return { shp, dbf: zip.find('.dbf'), prj, cpg: zip.find('.cpg') };
}

/**
 * The .prj's coordinate system: null for geographic lon/lat (WGS84, CGCS2000), else a transform to WGS84.
 * One proj4 cannot read is the user's to fix, and named as the .prj.
 */
function projectionOf(prjText: string): proj4.Converter | null {
  const wkt = prjText.trim();
  if (/^GEOGCS/i.test(wkt)) return null;
  try {
    const t = proj4(wkt, 'WGS84');
    t.forward([500000, 3000000]); // some definitions only fail when used
    return t;
  } catch (e) {
    throw new ImportFileError(
      `.prj: proj4 cannot read this coordinate system (${String((e as Error)?.message ?? e)
        .split('\n')[0]
        .slice(0, 200)})`,
    );
  }
}

/**
 * A zipped Shapefile (.shp, .dbf, optional .prj and .cpg) as GeoJSON features in WGS84 axis order, streamed from
 * the zip record by record: the inflated bytes, rows and vertices are counted as they come, and the read stops at
 * the first cap passed. Without a .prj the caller's declared system applies.
 */
export async function shapefileZipToFeatures(buffer: Buffer, caps: UploadCaps): Promise<GeoFeature[]> {
  const zip = await ZipUpload.open(buffer, caps);
  const streams: { destroy: () => void }[] = [];
  try {
    const { shp, dbf, prj, cpg } = shapefileMembers(zip, true);
    const transform = prj ? projectionOf((await zip.read(prj, SIDECAR_LIMIT)).toString('utf8')) : null;
    const encoding = cpg ? (await zip.read(cpg, SIDECAR_LIMIT)).toString('latin1').trim().toLowerCase() || 'utf-8' : 'utf-8';
    try {
      new TextDecoder(encoding);
    } catch {
      throw new ImportFileError(`.cpg names an encoding that is not known: ${encoding.slice(0, 40)}`);
    }
    // the parser reads Node streams through stream-source, which turns a stream error into a promise nobody may be
    // awaiting (an unhandled rejection kills the process): a failure ends the stream instead, and is thrown from here
    const failure: { error?: Error } = {};
    const shpRaw = await zip.stream(shp);
    const shpStream = endOnError(
      pipeline(shpRaw, shpRecordGuard(caps.maxFeatureVertices), () => undefined),
      failure,
    );
    streams.push(shpRaw, shpStream);
    const dbfRaw = dbf ? await zip.stream(dbf) : undefined;
    const dbfStream = dbfRaw ? endOnError(dbfRaw, failure) : undefined;
    if (dbfRaw && dbfStream) streams.push(dbfRaw, dbfStream);
    const features: GeoFeature[] = [];
    const vertices = new VertexBudget(caps);
    try {
      const source = await shapefile.open(shpStream, dbfStream, { encoding });
      for (let r = await source.read(); !r.done && !failure.error; r = await source.read()) {
        const f = r.value as GeoFeature;
        if (features.length >= caps.maxRows) throw rowsError(`more than ${caps.maxRows.toLocaleString('en')}`, caps.maxRows);
        vertices.add(f.geometry, features.length + 1);
        f.properties = Object.fromEntries(
          Object.entries(f.properties ?? {}).map(([k, v]) => [DBF_ALIASES[k.toLowerCase()] ?? k, typeof v === 'string' ? v.trim() : v]),
        );
        if (transform && f.geometry) f.geometry.coordinates = mapPositions(f.geometry.coordinates, (p) => transform.forward(p as [number, number]));
        features.push(f);
      }
    } catch (e) {
      if (e instanceof ImportFileError) throw e;
      throw failure.error ?? new ImportFileError(`the Shapefile cannot be read: ${(e as Error)?.message ?? e}`);
    }
    if (failure.error) throw failure.error;
    return features;
  } finally {
    for (const s of streams) s.destroy();
    zip.close();
  }
}

/**
 * Passes a .shp through, reading each record's header as it goes. The parser buffers a whole record before parsing
 * it, so a record declaring more bytes than a feature of the vertex cap can take is refused before it is buffered;
 * and it scans a corrupt stretch 4 bytes at a time through a promise chain that grows with it (200 MB of zeros
 * exhausts the heap), so a corrupt record ends the file instead.
 */
function shpRecordGuard(maxFeatureVertices: number): Transform {
  // per point x, y, z and m (PolygonZM), per part an index, plus the fixed fields
  const limit = maxFeatureVertices * 36 + 1024;
  let offset = 0;
  // what is read next: the file header's shape type (bytes 32-35), then each record's number, content length in
  // 16-bit words (big-endian) and shape type (little-endian)
  let at = 32;
  let need = 4;
  let shapeType: number | null = null;
  let record = 0;
  let held = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const end = offset + chunk.length;
      for (let want = at + held.length; want < end; want = at + held.length) {
        const from = want - offset;
        held = Buffer.concat([held, chunk.subarray(from, from + need - held.length)]);
        if (held.length < need) break;
        if (shapeType === null) {
          shapeType = held.readInt32LE(0);
          [at, need] = [100, 12];
        } else {
          record++;
          const length = held.readInt32BE(4) * 2;
          const type = held.readInt32LE(8);
          if (length > limit) {
            return done(
              new UploadCapError(
                'IMPORT_MAX_FEATURE_VERTICES',
                `.shp record ${record} declares ${length.toLocaleString('en')} bytes, more than a feature of ${maxFeatureVertices.toLocaleString('en')} vertices takes`,
              ),
            );
          }
          if (length < 4 || (type !== 0 && type !== shapeType)) return done(new ImportFileError(`the .shp is corrupt at record ${record} (byte ${at})`));
          at += 8 + length;
        }
        held = Buffer.alloc(0);
      }
      offset = end;
      done(null, chunk);
    },
  });
}

/** The stream's bytes until it fails; the failure is kept in `failure` and the copy just ends. */
function endOnError(stream: Readable, failure: { error?: Error }): Readable {
  const out = new PassThrough();
  stream.on('error', (e) => {
    failure.error ??= e instanceof ImportFileError ? e : new ImportFileError(`the Shapefile cannot be unpacked: ${e.message}`);
    out.end();
  });
  return stream.pipe(out);
}
