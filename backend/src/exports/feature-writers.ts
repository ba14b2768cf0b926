import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { geojsonToWKT } from '@terraformer/wkt';
import * as yazl from 'yazl';
import type { ExportFormat } from '@cosite/contracts';
import { csvCell } from '../common/csv';
import { ShapefileWriter } from './shapefile-writer';

/**
 * Features written out as they arrive, in every export format, with the response's backpressure respected: a
 * layer of 73,000 structures never sits in memory. Geometry goes where each format's importers look for it (lon/lat
 * or WKT columns in a table, the geometry itself in GeoJSON, KML and Shapefile), so an export imports back as the
 * same rows. Pure of Nest: the callers hand over an async iterable and the response.
 */

export interface ExportFeature {
  id?: string | number | null;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

/** A feature, or a GeoJSON Feature's text as PostgreSQL built it (written as it is where the format is GeoJSON). */
export type ExportItem = ExportFeature | string;

export interface ExportSource {
  /** The layer or result's name: the sheet, the KML folder, the Shapefile's files. */
  name: string;
  /** The property columns, in order (tables, dBASE). */
  columns: string[];
  features: AsyncIterable<ExportItem> | Iterable<ExportItem>;
}

/** A feature as an object, its id among its properties (the tables' and dBASE's id column). */
const asFeature = (x: ExportItem): ExportFeature => {
  const f = typeof x === 'string' ? (JSON.parse(x) as ExportFeature) : x;
  return f.id === undefined || f.id === null || 'id' in f.properties ? f : { ...f, properties: { id: f.id, ...f.properties } };
};

/** The reader hung up (a closed tab, a cancelled save): the export stops, and its source lets go of its cursor. */
export class ExportCancelled extends Error {
  constructor() {
    super('the download was cancelled');
  }
}

/**
 * Whether the reader is still there. A response whose client has gone never drains: a writer left waiting for
 * 'drain' would hold its cursor's connection for good, so every wait and every few rows ask this first.
 */
function readerOf(out: Writable) {
  let gone = out.destroyed;
  const hangUp = () => (gone = true);
  out.once('close', hangUp);
  out.once('error', hangUp);
  return {
    check(): void {
      if (gone || out.destroyed) throw new ExportCancelled();
    },
    /** Resolves when `out` has room again; rejects when it closes first. */
    drained(): Promise<void> {
      this.check();
      return new Promise((resolve, reject) => {
        const settle = (err?: Error) => {
          out.off('drain', onDrain);
          out.off('close', onClose);
          if (err) reject(err);
          else resolve();
        };
        const onDrain = () => settle();
        const onClose = () => settle(new ExportCancelled());
        out.on('drain', onDrain);
        out.on('close', onClose);
      });
    },
    release(): void {
      out.off('close', hangUp);
      out.off('error', hangUp);
    },
  };
}
type Reader = ReturnType<typeof readerOf>;

/** Text through the stream in chunks of ~64 KB, waiting for the reader when it is behind. */
class Chunked {
  private buf: string[] = [];
  private size = 0;
  constructor(
    private readonly out: Writable,
    private readonly reader: Reader,
  ) {}
  async push(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 65_536) await this.flush();
  }
  async flush(): Promise<void> {
    this.reader.check();
    if (!this.buf.length) return;
    const ok = this.out.write(this.buf.join(''));
    this.buf = [];
    this.size = 0;
    if (!ok) await this.reader.drained();
  }
}

/** A cell's text: objects as JSON, dates as ISO. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A point's lon/lat, any other geometry's WKT: the columns a table carries its geometry in. */
function tableGeometry(g: ExportFeature['geometry']): { lon: number | null; lat: number | null; wkt: string | null } {
  if (!g) return { lon: null, lat: null, wkt: null };
  if (g.type === 'Point') {
    const [lon, lat] = g.coordinates as number[];
    return { lon, lat, wkt: null };
  }
  return { lon: null, lat: null, wkt: geojsonToWKT(g as never) };
}

async function writeGeoJson(src: ExportSource, out: Writable, reader: Reader): Promise<void> {
  const w = new Chunked(out, reader);
  await w.push(`{"type":"FeatureCollection","name":${JSON.stringify(src.name)},"features":[`);
  let first = true;
  for await (const x of src.features) {
    await w.push((first ? '\n' : ',\n') + (typeof x === 'string' ? x : JSON.stringify({ type: 'Feature', ...x })));
    first = false;
  }
  await w.push('\n]}\n');
  await w.flush();
}

async function writeCsv(src: ExportSource, out: Writable, reader: Reader, points: boolean): Promise<void> {
  const w = new Chunked(out, reader);
  const geo = points ? ['lon', 'lat'] : ['wkt'];
  // a BOM, so Excel opens the Chinese as UTF-8
  await w.push('\uFEFF' + [...src.columns, ...geo].map(csvCell).join(',') + '\r\n');
  for await (const x of src.features) {
    const f = asFeature(x);
    const g = tableGeometry(f.geometry);
    const cells = [...src.columns.map((c) => f.properties[c]), ...(points ? [g.lon, g.lat] : [g.wkt])];
    await w.push(cells.map(csvCell).join(',') + '\r\n');
  }
  await w.flush();
}

async function writeXlsx(src: ExportSource, out: Writable, reader: Reader, points: boolean): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet(src.name.slice(0, 31));
  const geo = points ? ['lon', 'lat'] : ['wkt'];
  sheet.addRow([...src.columns, ...geo]).commit();
  let n = 0;
  for await (const x of src.features) {
    const f = asFeature(x);
    const g = tableGeometry(f.geometry);
    const values = src.columns.map((c) => {
      const v = f.properties[c];
      return v !== null && typeof v === 'object' ? JSON.stringify(v) : (v ?? null);
    });
    sheet.addRow([...values, ...(points ? [g.lon, g.lat] : [g.wkt])] as ExcelJS.CellValue[]).commit();
    // exceljs's writer queues into the stream without waiting: give the reader its turn now and then
    if (++n % 2000 === 0) {
      reader.check();
      if (out.writableNeedDrain) await reader.drained();
    }
  }
  sheet.commit();
  await book.commit();
}

/**
 * Text as XML character data. Control characters other than tab and line breaks are dropped: XML 1.0 allows them
 * in no form, escaped or not, and a strict reader (Google Earth, GDAL) refuses the whole file for one stray
 * vertical tab pasted from a spreadsheet.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const xml = (s: string) => s.replace(NOT_XML, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** KML coordinates of a GeoJSON geometry (Point, LineString, Polygon and their multi forms). */
function kmlGeometry(g: ExportFeature['geometry']): string {
  if (!g) return '';
  const coords = (c: number[][]) => c.map((p) => `${p[0]},${p[1]}`).join(' ');
  const polygon = (rings: number[][][]) =>
    `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(rings[0])}</coordinates></LinearRing></outerBoundaryIs>${rings
      .slice(1)
      .map((r) => `<innerBoundaryIs><LinearRing><coordinates>${coords(r)}</coordinates></LinearRing></innerBoundaryIs>`)
      .join('')}</Polygon>`;
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${(c as number[])[0]},${(c as number[])[1]}</coordinates></Point>`;
    case 'LineString':
      return `<LineString><coordinates>${coords(c)}</coordinates></LineString>`;
    case 'Polygon':
      return polygon(c);
    case 'MultiLineString':
      return `<MultiGeometry>${(c as number[][][]).map((l) => `<LineString><coordinates>${coords(l)}</coordinates></LineString>`).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${(c as number[][][][]).map(polygon).join('')}</MultiGeometry>`;
    default:
      return '';
  }
}

/** KML with a typed schema, so numbers and yes/no read back as such; the name is the feature's name or code. */
async function writeKml(src: ExportSource, out: Writable, reader: Reader, types: Record<string, KmlType>): Promise<void> {
  const w = new Chunked(out, reader);
  // yes/no as text: readers (togeojson among them) take any non-empty bool as true
  const schema = src.columns.map((c) => `<SimpleField name="${xml(c)}" type="${types[c] === 'bool' ? 'string' : (types[c] ?? 'string')}"/>`).join('');
  await w.push(
    `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${xml(src.name)}</name><Schema name="${xml(src.name)}" id="s">${schema}</Schema>\n`,
  );
  for await (const x of src.features) {
    const f = asFeature(x);
    const p = f.properties;
    const data = src.columns
      .filter((c) => p[c] !== null && p[c] !== undefined && c !== 'name')
      .map((c) => `<SimpleData name="${xml(c)}">${xml(cellText(p[c]))}</SimpleData>`)
      .join('');
    const name = cellText(p.name ?? p.nameZh ?? p.code ?? f.id ?? '');
    await w.push(
      `<Placemark><name>${xml(name)}</name><ExtendedData><SchemaData schemaUrl="#s">${data}</SchemaData></ExtendedData>${kmlGeometry(f.geometry)}</Placemark>\n`,
    );
  }
  await w.push('</Document></kml>\n');
  await w.flush();
}

export type KmlType = 'string' | 'int' | 'double' | 'bool';

/**
 * A zipped Shapefile: written record by record to temporary files (the headers need the counts and extents, known at
 * the end), then zipped and streamed. One set of files per geometry type found (a Shapefile holds one).
 */
async function writeShapefile(src: ExportSource, out: Writable, reader: Reader, types: Record<string, KmlType>): Promise<void> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'cosite-export-'));
  const writers = new Map<string, ShapefileWriter>();
  try {
    let n = 0;
    for await (const x of src.features) {
      // nothing reaches the reader before the zip: ask now and then whether it is still there
      if (++n % 2000 === 0) reader.check();
      const f = asFeature(x);
      const kind = ShapefileWriter.kindOf(f.geometry);
      if (!kind) continue;
      let w = writers.get(kind);
      if (!w) {
        w = await ShapefileWriter.open(path.join(dir, writers.size ? `${src.name}_${kind}` : src.name), kind, src.columns, types);
        writers.set(kind, w);
      }
      await w.add(f.geometry!, f.properties);
    }
    const files: string[] = [];
    for (const w of writers.values()) files.push(...(await w.close()));
    const zip = new yazl.ZipFile();
    for (const f of files) zip.addFile(f, path.basename(f));
    zip.end();
    reader.check();
    // yazl keeps feeding its output after the pipeline below has destroyed it: those late errors are no news
    zip.outputStream.on('error', () => undefined);
    // rejects when the reader hangs up midway (a plain pipe would wait for good, the temporary files kept)
    await pipeline(zip.outputStream, out, { end: false });
  } finally {
    for (const w of writers.values()) await w.abandon();
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** Writes the features in the format; the caller ends the response. `points`: the layer's geometry is a point (lon/lat columns). */
export async function writeExport(
  format: ExportFormat,
  src: ExportSource,
  out: Writable,
  opts: { points: boolean; types?: Record<string, KmlType> },
): Promise<void> {
  const types = opts.types ?? {};
  const reader = readerOf(out);
  try {
    switch (format) {
      case 'geojson':
        return await writeGeoJson(src, out, reader);
      case 'csv':
        return await writeCsv(src, out, reader, opts.points);
      case 'xlsx':
        return await writeXlsx(src, out, reader, opts.points);
      case 'kml':
        return await writeKml(src, out, reader, types);
      case 'shapefile':
        return await writeShapefile(src, out, reader, types);
    }
  } finally {
    reader.release();
  }
}
