import { parse as parseCsv } from 'csv-parse/sync';
import { wktToGeoJSON } from '@terraformer/wkt';
import type { EntityManager } from 'typeorm';
import type { CrsCode } from '../common/enums';
import { BatchResult, FeatureStore } from '../common/feature-store';
import type { BatchRow } from '../common/layer-spec';
import { toWgs84 } from './crs';

/** A rejected input row: where it was in the file (CSV line, or GeoJSON feature number, 1-based) and why. */
export interface LineReject {
  line: number;
  field: string;
  problem: string;
}

export interface ParsedImport {
  rows: BatchRow[];
  /** Batch index → line (CSV) or feature number (GeoJSON). */
  lineOf: Map<number, number>;
  rejects: LineReject[];
  total: number;
}

/** The whole file is unusable (not JSON, wrong structure, too many rows): nothing is loaded. */
export class ImportFileError extends Error {}

export interface LoadReport {
  total: number;
  loaded: number;
  skipped: number;
  rejected: number;
  rejects: LineReject[];
  /** The new rows' ids (for the batch's audit event). */
  ids: string[];
}

/**
 * Parses GeoJSON or CSV into validated rows for one layer, converting coordinates to WGS84.
 * Row-level problems become rejects with their line; file-level ones throw ImportFileError.
 */
export function parseImport(store: FeatureStore, format: 'geojson' | 'csv', text: string, crs: CrsCode, maxRows: number): ParsedImport {
  const inputs = format === 'geojson' ? readGeoJson(text) : readCsv(store, text);
  if (inputs.length > maxRows) throw new ImportFileError(`the file has ${inputs.length} rows; at most ${maxRows} are accepted in one import`);
  const out: ParsedImport = { rows: [], lineOf: new Map(), rejects: [], total: inputs.length };
  for (const input of inputs) {
    if (input.problem) {
      out.rejects.push({ line: input.line, field: input.problem.field, problem: input.problem.problem });
      continue;
    }
    const v = store.validate(input);
    if (!v.ok) {
      for (const p of v.problems) out.rejects.push({ line: input.line, ...p });
      continue;
    }
    const i = out.rows.length;
    const geometry = v.row.geometry ? toWgs84(v.row.geometry, crs) : null;
    out.rows.push({ i, properties: { ...v.row.properties, source: 'import' }, geometry });
    out.lineOf.set(i, input.line);
  }
  return out;
}

/** Writes validated rows in chunks inside the caller's transaction. */
export async function loadRows(m: EntityManager, store: FeatureStore, rows: BatchRow[], onConflict: 'error' | 'skip', chunkSize = 4000): Promise<BatchResult> {
  const result: BatchResult = { inserted: [], skipped: [], rejects: [] };
  for (let k = 0; k < rows.length; k += chunkSize) {
    const r = await store.insertBatch(m, rows.slice(k, k + chunkSize), onConflict);
    result.inserted.push(...r.inserted);
    result.skipped.push(...r.skipped);
    result.rejects.push(...r.rejects);
  }
  return result;
}

/** Parse, check and load a file in one go (the import job and the CLI both call this). */
export async function importFile(m: EntityManager, store: FeatureStore, format: 'geojson' | 'csv', text: string, crs: CrsCode, maxRows: number): Promise<LoadReport> {
  const parsed = parseImport(store, format, text, crs, maxRows);
  const r = await loadRows(m, store, parsed.rows, 'skip');
  const rejects = [...parsed.rejects, ...r.rejects.map((x) => ({ line: parsed.lineOf.get(x.index)!, field: x.field, problem: x.problem }))].sort((a, b) => a.line - b.line);
  return {
    total: parsed.total,
    loaded: r.inserted.length,
    skipped: r.skipped.length,
    rejected: new Set(rejects.map((x) => x.line)).size,
    rejects,
    ids: r.inserted.map((x) => x.id),
  };
}

interface RawInput {
  line: number;
  properties?: unknown;
  geometry?: unknown;
  problem?: { field: string; problem: string };
}

/** The features of a GeoJSON FeatureCollection (or one Feature), numbered from 1; a non-feature is a row problem. */
export function readFeatures(text: string): { line: number; feature?: { properties?: unknown; geometry?: unknown }; problem?: { field: string; problem: string } }[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportFileError(`not valid JSON: ${(e as Error).message}`);
  }
  const d = doc as { type?: string; features?: unknown[] };
  if (d?.type === 'Feature') return [{ line: 1, feature: doc as object }];
  if (d?.type !== 'FeatureCollection' || !Array.isArray(d.features)) throw new ImportFileError('GeoJSON must be a FeatureCollection (or a single Feature)');
  return d.features.map((f, k) =>
    !f || typeof f !== 'object' || (f as { type?: string }).type !== 'Feature'
      ? { line: k + 1, problem: { field: 'type', problem: 'must be a GeoJSON Feature' } }
      : { line: k + 1, feature: f as { properties?: unknown; geometry?: unknown } },
  );
}

/** CSV records with header keys and the file line each ends on. */
export function readCsvRecords(text: string): { line: number; record: Record<string, string> }[] {
  try {
    const recs: { record: Record<string, string>; info: { lines: number } }[] = parseCsv(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
    return recs.map((r) => ({ line: r.info.lines, record: r.record }));
  } catch (e) {
    throw new ImportFileError(`not valid CSV: ${(e as Error).message}`);
  }
}

function readGeoJson(text: string): RawInput[] {
  return readFeatures(text).map((r) => (r.problem ? { line: r.line, problem: r.problem } : { line: r.line, properties: r.feature!.properties, geometry: r.feature!.geometry }));
}

function readCsv(store: FeatureStore, text: string): RawInput[] {
  const types = new Map(store.spec.columns.map((c) => [c.prop, c.pgType]));
  return readCsvRecords(text).map(({ record, line }) => {
    const properties: Record<string, unknown> = {};
    let geometry: unknown;
    let lon: string | undefined;
    let lat: string | undefined;
    for (const [rawKey, value] of Object.entries(record)) {
      const key = camel(rawKey);
      if (value === '') continue;
      if (key === 'lon' || key === 'lng' || key === 'longitude' || key === 'x') lon = value;
      else if (key === 'lat' || key === 'latitude' || key === 'y') lat = value;
      else if (key === 'geometry' || key === 'geojson') {
        try {
          geometry = JSON.parse(value);
        } catch {
          return { line, problem: { field: 'geometry', problem: 'is not GeoJSON text' } };
        }
      } else if (key === 'wkt') {
        try {
          geometry = wktToGeoJSON(value);
        } catch (e) {
          return { line, problem: { field: 'wkt', problem: `is not WKT (${(e as Error).message})` } };
        }
      } else if (key === 'tenants') {
        try {
          properties.tenants = JSON.parse(value);
        } catch {
          return { line, problem: { field: 'tenants', problem: 'must be a JSON array of {operatorId, unitsUsed}' } };
        }
      } else properties[key] = coerce(value, types.get(key));
    }
    if (geometry === undefined && (lon !== undefined || lat !== undefined)) {
      geometry = { type: 'Point', coordinates: [Number(lon), Number(lat)] };
    }
    return { line, properties, geometry };
  });
}

function coerce(value: string, pgType: string | undefined): unknown {
  switch (pgType) {
    case 'integer':
    case 'bigint':
    case 'numeric': {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case 'boolean':
      if (/^(true|1|yes|y)$/i.test(value)) return true;
      if (/^(false|0|no|n)$/i.test(value)) return false;
      return value;
    default:
      return value;
  }
}

function camel(s: string): string {
  return s.trim().replace(/[_\s-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}
