import { wktToGeoJSON } from '@terraformer/wkt';
import { MAPPING_UNITS, type FieldMapping, type ImportMapping } from '@cosite/contracts';
import type { PgType } from '../layers/layer-spec';
import type { RawInput } from './loader';

/**
 * A column mapping applied to source rows: the pure step between reading a file (any format, its own column names
 * and values) and the layer's checks. A row the mapping's `where` does not take is filtered (counted, not an error);
 * a value the mapping cannot make sense of is left as it is, so the layer's check names it with the field.
 */

/** A row as read from the file, before mapping: its columns (or a feature's properties) and geometry. */
export interface SourceRow {
  line: number;
  record: Record<string, unknown>;
  /** A feature's own geometry (GeoJSON, KML, Shapefile); tables keep theirs in columns. */
  geometry?: unknown;
  problem?: { field: string; problem: string };
}

export interface MappingContext {
  /** The uploader's organisation: `{$organisation}` in a template. */
  organisationId: string | null;
  /** The layer's field types, for turning text into numbers, booleans and dates. */
  types: Map<string, PgType>;
}

export interface MappedRows {
  inputs: RawInput[];
  filtered: number;
}

const empty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Whether a row is taken: no `where`, or one of its groups holds (every column of the group has one of its values). */
export function taken(record: Record<string, unknown>, where: ImportMapping['where']): boolean {
  if (!where?.length) return true;
  return where.some((group) => Object.entries(group).every(([col, values]) => !empty(record[col]) && values.includes(String(record[col]).trim())));
}

function fill(template: string, record: Record<string, unknown>, ctx: MappingContext): string | undefined {
  let any = false;
  const out = template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const v = name === '$organisation' ? ctx.organisationId : record[name];
    if (empty(v)) return '';
    any = true;
    return String(v).trim();
  });
  // a template all of whose columns are empty says nothing (no "OSM-" code for a feature without an id)
  return any || !/\{[^{}]+\}/.test(template) ? out.trim() : undefined;
}

/** Text to the field's type; anything that does not read is left as text for the layer's check to name. */
export function coerce(value: unknown, pgType: PgType | undefined): unknown {
  if (value instanceof Date) return pgType === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value !== 'string') return value;
  const v = value.trim();
  switch (pgType) {
    case 'integer':
    case 'bigint':
    case 'numeric': {
      // "30", "30.5", "30 m", "1,200"
      const m = /^(-?\d+(?:\.\d+)?)\s*[a-zA-Z²米]*$/.exec(v.replace(/,(?=\d{3}\b)/g, ''));
      return m ? Number(m[1]) : v;
    }
    case 'boolean':
      if (/^(true|1|yes|y|是|有)$/i.test(v)) return true;
      if (/^(false|0|no|n|否|无)$/i.test(v)) return false;
      return v;
    default:
      return v;
  }
}

/** One field's value from a row, or undefined when the row gives none. */
export function mapField(f: FieldMapping, record: Record<string, unknown>, type: PgType | undefined, ctx: MappingContext): unknown {
  let value: unknown;
  let column: string | undefined;
  for (const c of f.from === undefined ? [] : Array.isArray(f.from) ? f.from : [f.from]) {
    if (!empty(record[c])) {
      value = record[c];
      column = c;
      break;
    }
  }
  if (value !== undefined && f.values) {
    const raw = typeof value === 'string' ? value.trim() : String(value);
    const key = `${column}=${raw}`;
    if (key in f.values) value = f.values[key];
    else if (raw in f.values) value = f.values[raw];
    if (value === null) return undefined;
  }
  if (value === undefined && f.template !== undefined) value = fill(f.template, record, ctx);
  if (value === undefined && f.constant !== undefined) value = f.constant;
  if (value === undefined || value === null) return undefined;
  value = coerce(value, type);
  const factor = (f.unit ? MAPPING_UNITS[f.unit] : 1) * (f.scale ?? 1);
  if (factor !== 1 && typeof value === 'number') value = Math.round(value * factor * 1e9) / 1e9;
  return value;
}

/** A table row's geometry from the mapping's columns, or a problem naming the column. */
function tableGeometry(
  g: NonNullable<ImportMapping['geometry']>,
  record: Record<string, unknown>,
): { geometry?: unknown; problem?: { field: string; problem: string } } {
  if ('x' in g) {
    if (empty(record[g.x]) && empty(record[g.y])) return {};
    const x = Number(String(record[g.x] ?? '').trim());
    const y = Number(String(record[g.y] ?? '').trim());
    if (empty(record[g.x]) || !Number.isFinite(x))
      return { problem: { field: g.x, problem: `must be a number (x: longitude or easting); got ${JSON.stringify(record[g.x] ?? null)}` } };
    if (empty(record[g.y]) || !Number.isFinite(y))
      return { problem: { field: g.y, problem: `must be a number (y: latitude or northing); got ${JSON.stringify(record[g.y] ?? null)}` } };
    return { geometry: { type: 'Point', coordinates: [x, y] } };
  }
  const column = 'wkt' in g ? g.wkt : g.geojson;
  const text = record[column];
  if (empty(text)) return {};
  try {
    return { geometry: 'wkt' in g ? wktToGeoJSON(String(text)) : JSON.parse(String(text)) };
  } catch (e) {
    return { problem: { field: column, problem: 'wkt' in g ? `is not WKT (${(e as Error).message})` : 'is not GeoJSON text' } };
  }
}

/** Source rows through a mapping into the loader's inputs. */
export function applyMapping(rows: Iterable<SourceRow>, mapping: ImportMapping, ctx: MappingContext): MappedRows {
  const inputs: RawInput[] = [];
  let filtered = 0;
  for (const row of rows) {
    if (row.problem) {
      inputs.push({ line: row.line, problem: row.problem });
      continue;
    }
    if (!taken(row.record, mapping.where)) {
      filtered++;
      continue;
    }
    const properties: Record<string, unknown> = {};
    for (const [field, f] of Object.entries(mapping.fields)) {
      const v = mapField(f, row.record, ctx.types.get(field), ctx);
      if (v !== undefined) properties[field] = v;
    }
    let geometry = row.geometry;
    if (mapping.geometry) {
      const g = tableGeometry(mapping.geometry, row.record);
      if (g.problem) {
        inputs.push({ line: row.line, problem: g.problem });
        continue;
      }
      geometry = g.geometry;
    }
    inputs.push({ line: row.line, properties, geometry });
  }
  return { inputs, filtered };
}
