import AdmZip from 'adm-zip';

/**
 * A minimal Shapefile writer for tests: polygons (one ring each) with text attributes, zipped with an optional
 * .prj — so the importer is tested on real binary Shapefiles without GDAL on the machine.
 */
export function zippedShapefile(features: { ring: [number, number][]; properties: Record<string, string> }[], prj?: string): Buffer {
  const records = features.map((f) => polygonRecord(f.ring));
  const all = features.flatMap((f) => f.ring);
  const box = [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))];
  const shpLength = 100 + records.reduce((a, r) => a + 8 + r.length, 0);
  const shp = Buffer.alloc(shpLength);
  const shx = Buffer.alloc(100 + 8 * records.length);
  header(shp, shpLength, box);
  header(shx, shx.length, box);
  let offset = 100;
  records.forEach((r, k) => {
    shp.writeInt32BE(k + 1, offset);
    shp.writeInt32BE(r.length / 2, offset + 4);
    r.copy(shp, offset + 8);
    shx.writeInt32BE(offset / 2, 100 + 8 * k);
    shx.writeInt32BE(r.length / 2, 104 + 8 * k);
    offset += 8 + r.length;
  });
  const zip = new AdmZip();
  zip.addFile('zoning.shp', shp);
  zip.addFile('zoning.shx', shx);
  zip.addFile('zoning.dbf', dbf(features.map((f) => f.properties)));
  zip.addFile('zoning.cpg', Buffer.from('UTF-8'));
  if (prj) zip.addFile('zoning.prj', Buffer.from(prj));
  return zip.toBuffer();
}

function header(b: Buffer, length: number, box: number[]): void {
  b.writeInt32BE(9994, 0);
  b.writeInt32BE(length / 2, 24);
  b.writeInt32LE(1000, 28);
  b.writeInt32LE(5, 32); // polygon
  box.forEach((v, k) => b.writeDoubleLE(v, 36 + 8 * k));
}

function polygonRecord(ring: [number, number][]): Buffer {
  const b = Buffer.alloc(44 + 4 + 16 * ring.length);
  b.writeInt32LE(5, 0);
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, k) => b.writeDoubleLE(v, 4 + 8 * k));
  b.writeInt32LE(1, 36);
  b.writeInt32LE(ring.length, 40);
  b.writeInt32LE(0, 44);
  ring.forEach(([x, y], k) => {
    b.writeDoubleLE(x, 48 + 16 * k);
    b.writeDoubleLE(y, 56 + 16 * k);
  });
  return b;
}

function dbf(rows: Record<string, string>[]): Buffer {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const widths = names.map((n) => Math.max(1, ...rows.map((r) => Buffer.byteLength(r[n] ?? ''))));
  const headerLength = 32 + 32 * names.length + 1;
  const recordLength = 1 + widths.reduce((a, w) => a + w, 0);
  const b = Buffer.alloc(headerLength + recordLength * rows.length + 1, 0x20);
  b.fill(0, 0, headerLength);
  b.writeUInt8(0x03, 0);
  b.writeUInt8(126, 1);
  b.writeUInt8(11, 2);
  b.writeUInt8(24, 3);
  b.writeUInt32LE(rows.length, 4);
  b.writeUInt16LE(headerLength, 8);
  b.writeUInt16LE(recordLength, 10);
  names.forEach((n, k) => {
    const at = 32 + 32 * k;
    b.write(n.slice(0, 10), at, 'latin1');
    b.write('C', at + 11, 'latin1');
    b.writeUInt8(widths[k], at + 16);
  });
  b.writeUInt8(0x0d, headerLength - 1);
  rows.forEach((r, i) => {
    let at = headerLength + i * recordLength + 1;
    names.forEach((n, k) => {
      b.write(r[n] ?? '', at, 'utf8');
      at += widths[k];
    });
  });
  b.writeUInt8(0x1a, b.length - 1);
  return b;
}
