import { parse as parseCsv } from 'csv-parse/sync';
import { wktToGeoJSON } from '@terraformer/wkt';
import type { EntityManager } from 'typeorm';
import { type BatchResult, type FeatureStore } from '../layers/feature-store';
import type { BatchRow } from '../layers/layer-spec';
import { ApiError } from '../common/errors';
import { geometryProblemIn, isProjected, toWgs84 } from './crs';
import { coerce } from './mapping';
import { ImportsRepository } from './imports.repository';
import {
  checkJsonDepth,
  depthError,
  firstTextProblem,
  ImportFileError,
  jsonDepthOver,
  parenDepthOver,
  rowsError,
  storable,
  type UploadCaps,
  VertexBudget,
} from '../common/upload-caps';

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

export { ImportFileError };

/** The caps the loader itself enforces (the zip caps apply before it, while unpacking). */
export type LoaderCaps = Pick<UploadCaps, 'maxRows' | 'maxDepth' | 'maxVertices' | 'maxFeatureVertices'>;

export interface LoadReport {
  total: number;
  loaded: number;
  skipped: number;
  rejected: number;
  rejects: LineReject[];
  /** The new rows' ids (for the batch's audit event). */
  ids: string[];
}

/** GeoJSON or CSV text as numbered inputs (file-level problems throw ImportFileError). */
export function readInputs(store: FeatureStore, format: 'geojson' | 'csv', text: string, caps: LoaderCaps): RawInput[] {
  return format === 'geojson' ? readGeoJson(text, caps) : readCsv(store, text, caps);
}

/** Features already read (from KML or a Shapefile), numbered from 1. */
export function featureInputs(features: { properties?: unknown; geometry?: unknown }[]): RawInput[] {
  return features.map((f, k) => ({ line: k + 1, properties: f.properties, geometry: f.geometry }));
}

/**
 * Parses GeoJSON or CSV into validated rows for one layer, converting coordinates to WGS84.
 * Row-level problems become rejects with their line; file-level ones throw ImportFileError.
 */
export function parseImport(store: FeatureStore, format: 'geojson' | 'csv', text: string, crs: string, caps: LoaderCaps): ParsedImport {
  return checkInputs(store, readInputs(store, format, text, caps), crs, caps);
}

/** Validates inputs into rows; rows, vertices (per feature and in all) are capped, text PostgreSQL cannot store is a row problem. */
export function checkInputs(store: FeatureStore, inputs: RawInput[], crs: string, caps: LoaderCaps): ParsedImport {
  if (inputs.length > caps.maxRows) throw rowsError(inputs.length.toLocaleString('en'), caps.maxRows);
  const vertices = new VertexBudget(caps);
  const out: ParsedImport = { rows: [], lineOf: new Map(), rejects: [], total: inputs.length };
  const projected = isProjected(crs);
  for (const input of inputs) {
    vertices.add(input.geometry, input.line);
    const problem = input.problem ?? firstTextProblem(input.properties, 'properties') ?? firstTextProblem(input.geometry, 'geometry');
    if (problem) {
      out.rejects.push({ line: input.line, field: problem.field, problem: problem.problem });
      continue;
    }
    // projected coordinates (Gauss-Krüger metres) are checked against their zone and converted first: the layer's
    // checks are in longitude and latitude
    let given = input.geometry;
    if (projected && given && typeof given === 'object') {
      const wrong = geometryProblemIn(given, crs);
      if (wrong) {
        out.rejects.push({ line: input.line, field: 'geometry', problem: wrong });
        continue;
      }
      try {
        given = toWgs84(structuredClone(given) as { type: string; coordinates: unknown }, crs);
      } catch {
        // left as given: the layer's check says what is wrong with it
      }
    }
    const v = store.validate({ properties: input.properties, geometry: given });
    if (!v.ok) {
      for (const p of v.problems) out.rejects.push({ line: input.line, ...p });
      continue;
    }
    const i = out.rows.length;
    const geometry = v.row.geometry ? (projected ? v.row.geometry : toWgs84(v.row.geometry, crs)) : null;
    out.rows.push({ i, properties: { ...v.row.properties, source: 'import' }, geometry });
    out.lineOf.set(i, input.line);
  }
  return out;
}

/**
 * Writes validated rows in chunks inside the caller's transaction. A chunk PostgreSQL refuses for one row's data
 * (an out-of-range number, text it cannot store, a constraint) is rolled back to its savepoint and split until the
 * bad rows are found: they are rejected with the database's reason, the rest load.
 */
export async function loadRows(m: EntityManager, store: FeatureStore, rows: BatchRow[], onConflict: 'error' | 'skip', chunkSize = 4000): Promise<BatchResult> {
  const result: BatchResult = { inserted: [], skipped: [], rejects: [] };
  for (let k = 0; k < rows.length; k += chunkSize) merge(result, await insertIsolatingBadRows(m, store, rows.slice(k, k + chunkSize), onConflict));
  return result;
}

async function insertIsolatingBadRows(m: EntityManager, store: FeatureStore, rows: BatchRow[], onConflict: 'error' | 'skip'): Promise<BatchResult> {
  await ImportsRepository.savepointRows(m);
  try {
    const r = await store.insertBatch(m, rows, onConflict);
    await ImportsRepository.releaseRows(m);
    return r;
  } catch (err) {
    const problem = rowProblem(err);
    if (!problem) throw err;
    await ImportsRepository.undoRows(m);
    if (rows.length === 1) return { inserted: [], skipped: [], rejects: [{ index: rows[0].i, ...problem }] };
    const half = Math.ceil(rows.length / 2);
    const result = await insertIsolatingBadRows(m, store, rows.slice(0, half), onConflict);
    return merge(result, await insertIsolatingBadRows(m, store, rows.slice(half), onConflict));
  }
}

function merge(into: BatchResult, r: BatchResult): BatchResult {
  into.inserted.push(...r.inserted);
  into.skipped.push(...r.skipped);
  into.rejects.push(...r.rejects);
  return into;
}

/** A refusal caused by a row's data (a 4xx from the store, or a PostgreSQL data/constraint/PostGIS error), else null. */
function rowProblem(err: unknown): { field: string; problem: string } | null {
  if (err instanceof ApiError) return err.status < 500 ? (err.errors[0] ?? { field: 'row', problem: err.message }) : null;
  const e = err as { code?: string; message?: string; column?: string };
  if (typeof e?.code !== 'string' || !/^(22|23|XX000)/.test(e.code)) return null;
  return {
    field: e.column ? `properties.${e.column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}` : 'row',
    problem: `refused by the database: ${e.message ?? e.code}`,
  };
}

/** Checks and loads inputs inside the caller's transaction, reporting every rejected row by its line. */
export async function loadInputs(
  m: EntityManager,
  store: FeatureStore,
  inputs: RawInput[],
  crs: string,
  caps: LoaderCaps,
  beforeWrite?: (rows: BatchRow[]) => Promise<void>,
): Promise<LoadReport> {
  const parsed = checkInputs(store, inputs, crs, caps);
  await beforeWrite?.(parsed.rows);
  const r = await loadRows(m, store, parsed.rows, 'skip');
  // a reject may quote the file's text: kept storable, as it goes to the batch and the audit trail
  const rejects = [...parsed.rejects, ...r.rejects.map((x) => ({ line: parsed.lineOf.get(x.index)!, field: x.field, problem: x.problem }))]
    .map((x) => ({ line: x.line, field: storable(x.field), problem: storable(x.problem) }))
    .sort((a, b) => a.line - b.line);
  return {
    total: parsed.total,
    loaded: r.inserted.length,
    skipped: r.skipped.length,
    rejected: new Set(rejects.map((x) => x.line)).size,
    rejects,
    ids: r.inserted.map((x) => x.id),
  };
}

/** Parse, check and load a file in one go (the CLI calls this). */
export async function importFile(
  m: EntityManager,
  store: FeatureStore,
  format: 'geojson' | 'csv',
  text: string,
  crs: string,
  caps: LoaderCaps,
): Promise<LoadReport> {
  return loadInputs(m, store, readInputs(store, format, text, caps), crs, caps);
}

export interface RawInput {
  line: number;
  properties?: unknown;
  geometry?: unknown;
  problem?: { field: string; problem: string };
}

/** The features of a GeoJSON FeatureCollection (or one Feature), numbered from 1; a non-feature is a row problem. */
export function readFeatures(
  text: string,
  caps: Pick<UploadCaps, 'maxDepth'>,
): { line: number; feature?: { properties?: unknown; geometry?: unknown }; problem?: { field: string; problem: string } }[] {
  checkJsonDepth(text, caps); // before JSON.parse, whose recursion a deep enough document overflows
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

/** Cosite's CSV exports put an apostrophe before text a spreadsheet would run as a formula (common/csv.ts): taken off again. */
function unguarded(record: Record<string, string>): Record<string, string> {
  for (const [k, v] of Object.entries(record)) if (/^'[=+\-@\t\r]/.test(v)) record[k] = v.slice(1);
  return record;
}

/** CSV records with header keys and the file line each ends on. */
export function readCsvRecords(text: string): { line: number; record: Record<string, string> }[] {
  try {
    const recs: { record: Record<string, string>; info: { lines: number } }[] = parseCsv(text, {
      columns: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
    });
    return recs.map((r) => ({ line: r.info.lines, record: unguarded(r.record) }));
  } catch (e) {
    throw new ImportFileError(`not valid CSV: ${(e as Error).message}`);
  }
}

function readGeoJson(text: string, caps: LoaderCaps): RawInput[] {
  return readFeatures(text, caps).map((r) =>
    r.problem ? { line: r.line, problem: r.problem } : { line: r.line, properties: r.feature!.properties, geometry: r.feature!.geometry },
  );
}

function readCsv(store: FeatureStore, text: string, caps: LoaderCaps): RawInput[] {
  return recordInputs(store, readCsvRecords(text), caps);
}

/**
 * Table rows (CSV, a sheet) whose columns already carry Cosite's field names (any case, snake or camel): the
 * geometry from lon/lat (x/y), wkt or geometry columns, the rest typed by the layer's columns.
 */
export function recordInputs(store: FeatureStore, records: { line: number; record: Record<string, unknown> }[], caps: LoaderCaps): RawInput[] {
  const types = new Map(store.spec.columns.map((c) => [c.prop, c.pgType]));
  return records.map(({ record, line }) => {
    const properties: Record<string, unknown> = {};
    let geometry: unknown;
    let lon: unknown;
    let lat: unknown;
    for (const [rawKey, value] of Object.entries(record)) {
      const key = camel(rawKey);
      if (value === '' || value === undefined || value === null) continue;
      if (key === 'lon' || key === 'lng' || key === 'longitude' || key === 'x') lon = value;
      else if (key === 'lat' || key === 'latitude' || key === 'y') lat = value;
      else if (key === 'geometry' || key === 'geojson') {
        const text = String(value);
        if (jsonDepthOver(text, caps.maxDepth)) return { line, problem: { field: 'geometry', problem: depthError(caps.maxDepth).message } };
        try {
          geometry = JSON.parse(text);
        } catch {
          return { line, problem: { field: 'geometry', problem: 'is not GeoJSON text' } };
        }
      } else if (key === 'wkt') {
        const text = String(value);
        if (parenDepthOver(text, caps.maxDepth)) return { line, problem: { field: 'wkt', problem: depthError(caps.maxDepth).message } };
        try {
          geometry = wktToGeoJSON(text);
        } catch (e) {
          return { line, problem: { field: 'wkt', problem: `is not WKT (${(e as Error).message})` } };
        }
      } else if (key === 'tenants') {
        const text = String(value);
        if (jsonDepthOver(text, caps.maxDepth)) return { line, problem: { field: 'tenants', problem: depthError(caps.maxDepth).message } };
        try {
          properties.tenants = JSON.parse(text);
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

function camel(s: string): string {
  return s.trim().replace(/[_\s-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}
