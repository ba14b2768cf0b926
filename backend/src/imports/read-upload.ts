import { importFields, type ImportLayer, type ImportMapping, type ImportSourceFormat } from '@cosite/contracts';
import type { FeatureStore } from '../layers/feature-store';
import { featureInputs, type RawInput, readCsvRecords, readFeatures, readInputs, recordInputs } from './loader';
import { type GeoFeature, kmlToFeatures, shapefileZipToFeatures } from './formats';
import type { UploadCaps } from '../common/upload-caps';
import { applyMapping, coerce, type SourceRow } from './mapping';
import { readXlsx, type XlsxTable } from './xlsx';

export type SourceFormat = ImportSourceFormat;

export interface ReadOptions {
  /** The column mapping, when the file does not already use Cosite's field names. */
  mapping?: ImportMapping | null;
  /** xlsx: the sheet, by name or 1-based number. */
  sheet?: string | null;
  /** The uploader's organisation, for a mapping's `{$organisation}`. */
  organisationId?: string | null;
}

export interface ReadResult {
  inputs: RawInput[];
  /** Rows the mapping's `where` did not take. */
  filtered: number;
  /** xlsx: the workbook's sheets and the one read. */
  table?: Omit<XlsxTable, 'rows'>;
}

/** A feature's properties as a source row's columns, its id as `@id` (OSM exports name the element there). */
function featureRows(features: { id?: unknown; properties?: unknown; geometry?: unknown }[]): SourceRow[] {
  return features.map((f, k) => {
    const record = { ...((f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<string, unknown>) };
    if (record['@id'] === undefined && f.id !== undefined && f.id !== null) record['@id'] = f.id;
    return { line: k + 1, record, geometry: f.geometry };
  });
}

/** The file's rows before mapping: columns (tables) or properties (features), numbered as in the file. */
async function sourceRows(format: SourceFormat, upload: Buffer, caps: UploadCaps, sheet?: string | null): Promise<{ rows: SourceRow[]; table?: XlsxTable }> {
  switch (format) {
    case 'shapefile':
      return { rows: featureRows(await shapefileZipToFeatures(upload, caps)) };
    case 'kml':
      return { rows: featureRows(kmlToFeatures(upload.toString('utf8'), caps)) };
    case 'xlsx': {
      const table = await readXlsx(upload, caps, sheet ?? undefined);
      return { rows: table.rows, table };
    }
    case 'csv':
      return { rows: readCsvRecords(upload.toString('utf8')) };
    default:
      return {
        rows: readFeatures(upload.toString('utf8'), caps).map((r) =>
          r.problem ? { line: r.line, record: {}, problem: r.problem } : { ...featureRows([r.feature as GeoFeature])[0], line: r.line },
        ),
      };
  }
}

/**
 * An upload's rows, numbered as in the file, whatever its format (run by the worker, and by the API for a dry run):
 * a zip is streamed member by member, text is decoded (invalid UTF-8 becomes U+FFFD rather than failing the file).
 * Through the mapping when there is one; otherwise the columns must already be Cosite's fields.
 */
export async function readUpload(store: FeatureStore, format: SourceFormat, upload: Buffer, caps: UploadCaps, opts: ReadOptions = {}): Promise<ReadResult> {
  if (opts.mapping) {
    const { rows, table } = await sourceRows(format, upload, caps, opts.sheet);
    const types = new Map(store.spec.columns.map((c) => [c.prop, c.pgType]));
    const mapped = applyMapping(rows, opts.mapping, { organisationId: opts.organisationId ?? null, types });
    return { ...mapped, table: table && withoutRows(table) };
  }
  if (format === 'shapefile') {
    const features = await shapefileZipToFeatures(upload, caps);
    const restore = dbfNames(store.spec.name as ImportLayer);
    for (const f of features) f.properties = Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [restore.get(k.toLowerCase()) ?? k, v]));
    return { inputs: featureInputs(features), filtered: 0 };
  }
  if (format === 'kml') {
    // KML's data is text unless its schema types it: read by the layer's column types, as CSV is
    const types = new Map(store.spec.columns.map((c) => [c.prop, c.pgType]));
    const features = kmlToFeatures(upload.toString('utf8'), caps);
    for (const f of features) f.properties = Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [k, coerce(v, types.get(k))]));
    return { inputs: featureInputs(features), filtered: 0 };
  }
  if (format === 'xlsx') {
    const table = await readXlsx(upload, caps, opts.sheet ?? undefined);
    return { inputs: recordInputs(store, table.rows, caps), filtered: 0, table: withoutRows(table) };
  }
  return { inputs: readInputs(store, format, upload.toString('utf8'), caps), filtered: 0 };
}

/**
 * dBASE keeps 10 characters of a column's name: a layer's longer field names by their first 10 (lower case), where
 * those are unambiguous (groundElev → groundElevationM), so a Shapefile Cosite exported imports back.
 */
function dbfNames(layer: ImportLayer): Map<string, string> {
  const byPrefix = new Map<string, string[]>();
  for (const f of importFields(layer)) {
    const k = f.name.slice(0, 10).toLowerCase();
    byPrefix.set(k, [...(byPrefix.get(k) ?? []), f.name]);
  }
  return new Map([...byPrefix].filter(([, names]) => names.length === 1).map(([k, [name]]) => [k, name]));
}

const withoutRows = ({ rows: _, ...t }: XlsxTable): Omit<XlsxTable, 'rows'> => t;

/** What a file holds before mapping: its sheets (xlsx), columns with sample values, row count. */
export async function inspectUpload(format: SourceFormat, upload: Buffer, caps: UploadCaps, sheet?: string | null) {
  const { rows, table } = await sourceRows(format, upload, caps, sheet);
  const samples = new Map<string, Set<string>>();
  for (const c of table?.columns ?? []) samples.set(c, new Set());
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.record)) {
      let s = samples.get(k);
      if (!s) samples.set(k, (s = new Set()));
      if (s.size < 20 && v !== undefined && v !== null && v !== '') s.add(v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 100));
    }
  }
  return {
    format,
    sheets: table?.sheets ?? [],
    sheet: table?.sheet ?? null,
    headerRow: table?.headerRow ?? null,
    columns: [...samples].map(([name, s]) => ({ name, samples: [...s] })),
    rows: rows.length,
    hasGeometry: rows.some((r) => r.geometry !== undefined && r.geometry !== null),
  };
}
