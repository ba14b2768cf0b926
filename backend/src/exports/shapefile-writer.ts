import * as fs from 'node:fs';
import { once } from 'node:events';
import * as readline from 'node:readline';
import type { KmlType } from './feature-writers';

/**
 * An ESRI Shapefile (.shp, .shx, .dbf, .prj, .cpg) written record by record to files, with the header fields that
 * need the whole (file lengths, extent, record count) filled in at the end: no npm library writes one without
 * holding every feature in memory. Points, polylines and polygons in WGS84; attributes in UTF-8 (declared in .cpg).
 * dBASE names are at most 10 characters: a longer property keeps its first 10 (the importer matches them back).
 * Attributes go to a side file first, so the text columns are as wide as their longest value, not 254 bytes each.
 */

type Kind = 'point' | 'line' | 'polygon';
const SHAPE_TYPE: Record<Kind, number> = { point: 1, line: 3, polygon: 5 };

const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

interface DbfField {
  prop: string;
  name: string;
  type: 'C' | 'N' | 'L';
  width: number;
  decimals: number;
}

/** Signed area of a ring (shoelace): > 0 counter-clockwise. */
function signedArea(ring: number[][]): number {
  let a = 0;
  for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) a += (ring[j][0] - ring[k][0]) * (ring[j][1] + ring[k][1]);
  return -a / 2;
}

/** UTF-8 text cut to `width` bytes without splitting a character, right-padded with spaces. */
function fixedText(s: string, width: number): Buffer {
  const out = Buffer.alloc(width, 0x20);
  let bytes = Buffer.from(s, 'utf8');
  if (bytes.length > width) {
    let end = width;
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
    bytes = bytes.subarray(0, end);
  }
  bytes.copy(out);
  return out;
}

export class ShapefileWriter {
  private records = 0;
  private shpBytes = 100;
  private bbox = [Infinity, Infinity, -Infinity, -Infinity];
  private readonly fields: DbfField[];
  private recordLength = 1;
  private readonly attrs: fs.WriteStream;
  /** Records not yet written (.shp, .shx), flushed every thousand: one write per record is what made this slow. */
  private pending: { shp: Buffer[]; shx: Buffer[]; shpAt: number; shxAt: number } = { shp: [], shx: [], shpAt: 100, shxAt: 100 };

  private constructor(
    private readonly base: string,
    private readonly kind: Kind,
    private readonly shp: fs.promises.FileHandle,
    private readonly shx: fs.promises.FileHandle,
    private readonly dbf: fs.promises.FileHandle,
    columns: string[],
    types: Record<string, KmlType>,
  ) {
    const used = new Set<string>();
    this.fields = columns.map((prop) => {
      let name = prop.slice(0, 10);
      for (let k = 1; used.has(name.toLowerCase()); k++) name = `${prop.slice(0, 10 - String(k).length)}${k}`;
      used.add(name.toLowerCase());
      const t = types[prop] ?? 'string';
      if (t === 'int') return { prop, name, type: 'N', width: 18, decimals: 0 };
      if (t === 'double') return { prop, name, type: 'N', width: 24, decimals: 8 };
      if (t === 'bool') return { prop, name, type: 'L', width: 1, decimals: 0 };
      return { prop, name, type: 'C', width: 1, decimals: 0 };
    });
    this.attrs = fs.createWriteStream(base + '.jsonl');
  }

  static kindOf(g: { type: string } | null): Kind | null {
    if (!g) return null;
    if (g.type === 'Point') return 'point';
    if (g.type === 'LineString' || g.type === 'MultiLineString') return 'line';
    if (g.type === 'Polygon' || g.type === 'MultiPolygon') return 'polygon';
    return null;
  }

  static async open(base: string, kind: Kind, columns: string[], types: Record<string, KmlType>): Promise<ShapefileWriter> {
    const [shp, shx, dbf] = await Promise.all(['.shp', '.shx', '.dbf'].map((ext) => fs.promises.open(base + ext, 'w+')));
    const w = new ShapefileWriter(base, kind, shp, shx, dbf, columns, types);
    // headers are written now with placeholders and completed by close()
    await shp.write(Buffer.alloc(100), 0, 100, 0);
    await shx.write(Buffer.alloc(100), 0, 100, 0);
    return w;
  }

  private extend(x: number, y: number): void {
    const b = this.bbox;
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }

  /** The record's content (after its 8-byte header). */
  private content(g: { type: string; coordinates: unknown }): Buffer {
    if (this.kind === 'point') {
      const [x, y] = g.coordinates as number[];
      this.extend(x, y);
      const b = Buffer.alloc(20);
      b.writeInt32LE(1, 0);
      b.writeDoubleLE(x, 4);
      b.writeDoubleLE(y, 12);
      return b;
    }
    // parts: a line's strings, a polygon's rings (outer clockwise, holes counter-clockwise, as the format wants)
    let parts: number[][][];
    if (g.type === 'LineString') parts = [g.coordinates as number[][]];
    else if (g.type === 'MultiLineString') parts = g.coordinates as number[][][];
    else {
      const polys = g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as number[][][][]);
      parts = polys.flatMap((rings) => rings.map((r, k) => ((k === 0) === signedArea(r) > 0 ? [...r].reverse() : r)));
    }
    const points = parts.reduce((a, p) => a + p.length, 0);
    const b = Buffer.alloc(44 + 4 * parts.length + 16 * points);
    b.writeInt32LE(SHAPE_TYPE[this.kind], 0);
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    let at = 44 + 4 * parts.length;
    let n = 0;
    parts.forEach((p, k) => {
      b.writeInt32LE(n, 44 + 4 * k);
      for (const [x, y] of p) {
        b.writeDoubleLE(x, at);
        b.writeDoubleLE(y, at + 8);
        at += 16;
        n++;
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
        this.extend(x, y);
      }
    });
    box.forEach((v, k) => b.writeDoubleLE(v, 4 + 8 * k));
    b.writeInt32LE(parts.length, 36);
    b.writeInt32LE(points, 40);
    return b;
  }

  private dbfRecord(values: unknown[]): Buffer {
    const b = Buffer.alloc(this.recordLength, 0x20);
    let at = 1;
    for (const [k, f] of this.fields.entries()) {
      const v = values[k];
      let cell: Buffer;
      if (v === null || v === undefined) cell = Buffer.alloc(f.width, 0x20);
      else if (f.type === 'L') cell = Buffer.from(v ? 'T' : 'F', 'latin1');
      else if (f.type === 'N') cell = Buffer.from(Number(v).toFixed(f.decimals).padStart(f.width).slice(-f.width), 'latin1');
      else cell = fixedText(typeof v === 'object' ? JSON.stringify(v) : String(v), f.width);
      cell.copy(b, at);
      at += f.width;
    }
    return b;
  }

  async add(g: { type: string; coordinates: unknown }, properties: Record<string, unknown>): Promise<void> {
    const content = this.content(g);
    const head = Buffer.alloc(8);
    head.writeInt32BE(this.records + 1, 0);
    head.writeInt32BE(content.length / 2, 4);
    const index = Buffer.alloc(8);
    index.writeInt32BE(this.shpBytes / 2, 0);
    index.writeInt32BE(content.length / 2, 4);
    this.pending.shp.push(head, content);
    this.pending.shx.push(index);
    const values = this.fields.map((f) => {
      const v = properties[f.prop];
      if (f.type === 'C' && v !== null && v !== undefined)
        f.width = Math.min(254, Math.max(f.width, Buffer.byteLength(typeof v === 'object' ? JSON.stringify(v) : String(v))));
      return v ?? null;
    });
    if (!this.attrs.write(JSON.stringify(values) + '\n')) await once(this.attrs, 'drain');
    this.shpBytes += 8 + content.length;
    this.records++;
    if (this.pending.shx.length >= 1000) await this.flush();
  }

  private async flush(): Promise<void> {
    const p = this.pending;
    const shp = Buffer.concat(p.shp);
    const shx = Buffer.concat(p.shx);
    await this.shp.write(shp, 0, shp.length, p.shpAt);
    await this.shx.write(shx, 0, shx.length, p.shxAt);
    this.pending = { shp: [], shx: [], shpAt: p.shpAt + shp.length, shxAt: p.shxAt + shx.length };
  }

  private header(fileBytes: number): Buffer {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(fileBytes / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(SHAPE_TYPE[this.kind], 32);
    const b = this.records ? this.bbox : [0, 0, 0, 0];
    b.forEach((v, k) => h.writeDoubleLE(v, 36 + 8 * k));
    return h;
  }

  /** Completes the headers and writes the .prj and .cpg: the file paths. */
  async close(): Promise<string[]> {
    await this.flush();
    await this.shp.write(this.header(this.shpBytes), 0, 100, 0);
    await this.shx.write(this.header(100 + 8 * this.records), 0, 100, 0);
    this.attrs.end();
    await once(this.attrs, 'close');
    // the dBASE file, now that each text column's width is known: header, field descriptors, records
    this.recordLength = 1 + this.fields.reduce((a, f) => a + f.width, 0);
    const head = Buffer.alloc(32 + 32 * this.fields.length + 1);
    this.fields.forEach((f, k) => {
      const fd = head.subarray(32 + 32 * k, 64 + 32 * k);
      fd.write(f.name, 0, 10, 'latin1');
      fd.write(f.type, 11, 1, 'latin1');
      fd.writeUInt8(f.width, 16);
      fd.writeUInt8(f.decimals, 17);
    });
    head[head.length - 1] = 0x0d;
    await this.dbf.write(head, 0, head.length, 0);
    let at = head.length;
    const lines = readline.createInterface({ input: fs.createReadStream(this.base + '.jsonl'), crlfDelay: Infinity });
    const batch: Buffer[] = [];
    for await (const line of lines) {
      batch.push(this.dbfRecord(JSON.parse(line) as unknown[]));
      if (batch.length >= 1000) {
        const chunk = Buffer.concat(batch.splice(0));
        await this.dbf.write(chunk, 0, chunk.length, at);
        at += chunk.length;
      }
    }
    if (batch.length) {
      const chunk = Buffer.concat(batch);
      await this.dbf.write(chunk, 0, chunk.length, at);
    }
    await fs.promises.rm(this.base + '.jsonl', { force: true });
    const d = Buffer.alloc(32);
    const now = new Date();
    d.writeUInt8(0x03, 0);
    d.writeUInt8(now.getUTCFullYear() - 1900, 1);
    d.writeUInt8(now.getUTCMonth() + 1, 2);
    d.writeUInt8(now.getUTCDate(), 3);
    d.writeUInt32LE(this.records, 4);
    d.writeUInt16LE(32 + 32 * this.fields.length + 1, 8);
    d.writeUInt16LE(this.recordLength, 10);
    await this.dbf.write(d, 0, 32, 0);
    await this.dbf.write(Buffer.from([0x1a]), 0, 1, 32 + 32 * this.fields.length + 1 + this.recordLength * this.records);
    await this.abandon();
    await fs.promises.writeFile(this.base + '.prj', WGS84_PRJ);
    await fs.promises.writeFile(this.base + '.cpg', 'UTF-8');
    return ['.shp', '.shx', '.dbf', '.prj', '.cpg'].map((ext) => this.base + ext);
  }

  /** Closes the files (again is harmless). */
  async abandon(): Promise<void> {
    if (!this.attrs.closed) {
      // a write still in flight fails once the stream is destroyed: expected when an export is abandoned
      this.attrs.on('error', () => undefined);
      this.attrs.destroy();
    }
    for (const h of [this.shp, this.shx, this.dbf]) await h.close().catch(() => undefined);
  }
}
