import { PassThrough, Writable } from 'node:stream';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { EXPORT_FORMATS } from '@cosite/contracts';
import { type ExportFeature, writeExport } from './feature-writers';

/** A layer of `n` points that records whether its reader let it go (the cursor closed, the connection released). */
function layer(n: number) {
  const state = { read: 0, released: false };
  async function* features(): AsyncGenerator<ExportFeature> {
    try {
      for (let k = 0; k < n; k++) {
        // read in batches, as the cursor does: the event loop turns between them
        if (k % 2000 === 0) await new Promise((r) => setImmediate(r));
        state.read++;
        yield { id: k, geometry: { type: 'Point', coordinates: [106.5 + k * 1e-5, 29.5] }, properties: { code: `EXP-${k}`, name: '站'.repeat(40) } };
      }
    } finally {
      state.released = true;
    }
  }
  return { state, src: { name: 'structures', columns: ['id', 'code', 'name'], features: features() } };
}

/** A download whose client reads a little (or waits a moment, when nothing comes), then hangs up: a closed tab, a cancelled save. */
function hangsUpAfter(bytes: number, ms = 200): Writable {
  let got = 0;
  setTimeout(() => out.destroy(), ms);
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      got += chunk.length;
      // the client stops reading: the callback never comes, so the writer is left waiting for 'drain'
      if (got > bytes) setImmediate(() => out.destroy());
      else done();
    },
  });
  return out;
}

const settledWithin = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p.then(
      () => 'resolved',
      () => 'rejected',
    ),
    new Promise((r) => setTimeout(() => r('still waiting'), ms)),
  ]);

describe('export writers', () => {
  it.each(EXPORT_FORMATS)('%s: a download cut off midway lets go of the rows it was reading (no connection held forever)', async (format) => {
    const { state, src } = layer(200_000);
    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('cosite-export-')).length;
    const outcome = await settledWithin(writeExport(format, src, hangsUpAfter(50_000), { points: true }), 5_000);
    expect(outcome).toBe('rejected');
    expect(state.released).toBe(true);
    expect(state.read).toBeLessThan(200_000);
    // the Shapefile's temporary files go too
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('cosite-export-')).length).toBeLessThanOrEqual(tmpBefore);
  });

  it('CSV: text a spreadsheet would run as a formula opens as text; numbers stay numbers', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const features: ExportFeature[] = [
      { id: 1, geometry: { type: 'Point', coordinates: [-0.5, 51.5] }, properties: { name: '=HYPERLINK("http://x","y")', heightM: -3 } },
    ];
    await writeExport('csv', { name: 's', columns: ['id', 'name', 'heightM'], features }, out, { points: true });
    const [, row] = Buffer.concat(chunks).toString('utf8').split('\r\n');
    expect(row).toBe(`1,"'=HYPERLINK(""http://x"",""y"")",-3,-0.5,51.5`);
  });

  it('KML: well-formed XML whatever the text holds (markup, quotes, a control character from a spreadsheet)', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const features: ExportFeature[] = [
      { id: 1, geometry: { type: 'Point', coordinates: [106.5, 29.5] }, properties: { name: '<b>"A" & B</b>', address: 'row 1\u000Brow 2' } },
    ];
    await writeExport('kml', { name: 's', columns: ['id', 'name', 'address'], features }, out, { points: true });
    const text = Buffer.concat(chunks).toString('utf8');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(text).toContain('<name>&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;</name>');
    expect(text).toContain('<SimpleData name="address">row 1row 2</SimpleData>');
  });

  it('GeoJSON: a FeatureCollection of every feature, ids kept', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const { src } = layer(3);
    await writeExport('geojson', src, out, { points: true });
    const fc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { features: { id: number }[] };
    expect(fc.features.map((f) => f.id)).toEqual([0, 1, 2]);
  });
});
