import { z } from 'zod';
import { IMPORT_LAYERS, type ImportLayer } from './enums';
import { crsInfo, IMPORT_CRS } from './crs';
import {
  keySiteProperties,
  observedCellProperties,
  overlayProperties,
  routeProperties,
  streetProperties,
  structureProperties,
  tenancyProperties,
} from './inventory';
import { describeValue, oneOf, timestamp } from './zod';

/** Bulk imports of a GeoJSON layer: the upload's query, and the batch as the API reports it. */

export const IMPORT_SOURCE_FORMATS = ['geojson', 'csv', 'kml', 'shapefile', 'xlsx'] as const;
export type ImportSourceFormat = (typeof IMPORT_SOURCE_FORMATS)[number];

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A row of the file that was not loaded: its line (CSV) or feature number (GeoJSON, KML, Shapefile) and why. */
export const importReject = z.looseObject({ line: z.number().int().optional(), field: z.string(), problem: z.string() });

/**
 * The coordinate system of an import: wgs84, gcj02, bd09 or an EPSG code Cosite converts (CGCS2000 geographic and
 * Gauss-Krüger, Xian 1980 and Beijing 1954 Gauss-Krüger): normalised to `EPSG:NNNN`.
 */
export const importCrs = z
  .string()
  .max(20)
  .transform((v, ctx) => {
    const info = crsInfo(v);
    if (info) return info.code;
    ctx.addIssue({
      code: 'custom',
      params: { kind: 'not_one_of' },
      message: `must be wgs84, gcj02, bd09 or one of the EPSG codes Cosite converts (4326, 4490, CGCS2000 Gauss-Krüger 4491–4554, Xian 1980 2327–2390, Beijing 1954 2401–2442); got ${describeValue(v)}`,
    });
    return z.NEVER;
  })
  .meta({
    description: `coordinate system of the file (default wgs84): ${IMPORT_CRS.slice(0, 5)
      .map((c) => c.code)
      .join(', ')} or EPSG:NNNN (Gauss-Krüger zones)`,
  });

/** Units a numeric source column may be in; converted to the field's own unit (metres, kilograms). */
export const MAPPING_UNITS = { mm: 0.001, cm: 0.01, m: 1, km: 1000, ft: 0.3048, g: 0.001, kg: 1, t: 1000, lb: 0.45359237 } as const;
export type MappingUnit = keyof typeof MAPPING_UNITS;

const mappedValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

/** How one Cosite field is filled from a source row. */
export const fieldMapping = z
  .strictObject({
    from: z
      .union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(10)])
      .optional()
      .meta({ description: 'the source column or property (or several: the first with a value wins)' }),
    values: z
      .record(z.string().max(200), mappedValue)
      .optional()
      .refine((v) => !v || Object.keys(v).length <= 500, 'at most 500 values')
      .meta({ description: 'source value → Cosite value (铁塔 → lattice_tower); a key column=value matches on another column' }),
    template: z.string().max(300).optional().meta({ description: 'when the source has no value: text with {column} placeholders, e.g. OSM-{@id}' }),
    constant: mappedValue.optional().meta({ description: 'the same value on every row' }),
    unit: z
      .enum(Object.keys(MAPPING_UNITS) as [MappingUnit, ...MappingUnit[]])
      .optional()
      .meta({ description: 'the unit of a numeric source column (mm, cm, m, km, ft; g, kg, t, lb): converted to metres or kilograms' }),
    scale: z.number().positive().finite().optional().meta({ description: 'a factor applied to a numeric source value' }),
  })
  .refine((f) => f.from !== undefined || f.constant !== undefined || f.template !== undefined, 'give from, constant or template');
export type FieldMapping = z.infer<typeof fieldMapping>;

/** Where a table's rows (CSV, xlsx) keep their geometry; features (GeoJSON, KML, Shapefile) carry their own. */
export const geometryMapping = z.union([
  z.strictObject({ x: z.string().min(1).max(200), y: z.string().min(1).max(200) }).meta({ description: 'longitude/easting and latitude/northing columns' }),
  z.strictObject({ wkt: z.string().min(1).max(200) }).meta({ description: 'a WKT column' }),
  z.strictObject({ geojson: z.string().min(1).max(200) }).meta({ description: 'a GeoJSON text column' }),
]);

/**
 * A column mapping: Cosite field → how it is filled; the geometry's columns; and which rows are taken at all (an
 * OSM extract holds every tagged feature: a row is taken when it matches one of the `where` groups, each group a
 * set of column → accepted values, all of which must hold).
 */
export const importMapping = z.strictObject({
  fields: z.record(z.string().min(1).max(100), fieldMapping).refine((f) => Object.keys(f).length <= 100, 'at most 100 fields'),
  geometry: geometryMapping.optional(),
  where: z
    .array(z.record(z.string().min(1).max(200), z.array(z.string().max(200)).min(1).max(100)))
    .max(50)
    .optional(),
});
export type ImportMapping = z.infer<typeof importMapping>;

/** A mapping in a query parameter: JSON text. */
const mappingParam = z
  .string()
  .max(16_000)
  .transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON mapping {fields, geometry?, where?}' });
      return z.NEVER;
    }
  })
  .pipe(importMapping);

/** A saved mapping profile: an organisation's name for a mapping of one layer. */
export const mappingProfileInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  layer: oneOf(IMPORT_LAYERS),
  description: z.string().max(500).optional(),
  crs: importCrs.optional(),
  mapping: importMapping,
});
export type MappingProfileInput = z.infer<typeof mappingProfileInput>;

export const mappingProfile = z.object({
  id: z.string().meta({ description: 'a saved profile’s UUID, or preset:<name> for one Cosite ships' }),
  name: z.string(),
  layer: z.enum(IMPORT_LAYERS),
  description: z.string().nullable(),
  crs: z.string().nullable(),
  mapping: importMapping,
  preset: z.boolean(),
  organisationId: z.string().nullable(),
  updatedAt: timestamp.nullable(),
});
export type MappingProfile = z.infer<typeof mappingProfile>;
export const mappingProfileList = z.object({ profiles: z.array(mappingProfile) });
export const mappingProfileId = z.uuid({ error: 'must be a mapping profile id (UUID)' });
export const mappingProfileQuery = z.strictObject({ layer: oneOf(IMPORT_LAYERS).optional() });

/** What a file holds, read before mapping: its sheets (xlsx), and for the chosen one the columns and a few rows. */
export const importInspectQuery = z.strictObject({
  format: oneOf(IMPORT_SOURCE_FORMATS).optional(),
  sheet: z.string().max(100).optional(),
});
export const importInspection = z.object({
  format: z.enum(IMPORT_SOURCE_FORMATS),
  sheets: z.array(z.object({ name: z.string(), rows: z.number().int(), headerRow: z.number().int() })).meta({ description: 'xlsx: every sheet' }),
  sheet: z.string().nullable(),
  headerRow: z.number().int().nullable().meta({ description: 'the row taken as the header (xlsx, 1-based)' }),
  columns: z.array(z.object({ name: z.string(), samples: z.array(z.string()).meta({ description: 'up to 20 distinct values seen' }) })),
  rows: z.number().int().meta({ description: 'rows (features) in the file or sheet' }),
  hasGeometry: z.boolean().meta({ description: 'features carry a geometry (GeoJSON, KML, Shapefile)' }),
});
export type ImportInspection = z.infer<typeof importInspection>;

/** A dry run: what the import would load, without writing. */
export const importDryRun = z.object({
  dryRun: z.literal(true),
  layer: z.enum(IMPORT_LAYERS),
  crs: z.string(),
  warnings: z.array(z.string()),
  rowsTotal: z.number().int(),
  rowsValid: z.number().int(),
  rowsRejected: z.number().int(),
  rowsFiltered: z.number().int().meta({ description: 'rows the mapping’s `where` does not take (not errors)' }),
  preview: z
    .array(
      z.object({
        line: z.number().int(),
        properties: z.record(z.string(), z.unknown()),
        geometry: z.unknown().nullable(),
        problems: z.array(z.object({ field: z.string(), problem: z.string() })),
      }),
    )
    .meta({ description: 'the first 50 rows as mapped, each with every error it would get' }),
  rejects: z.array(importReject).meta({ description: 'every rejected row’s errors (first 5,000)' }),
});
export type ImportDryRun = z.infer<typeof importDryRun>;

/** POST /imports?layer=…: the file itself is the body (GeoJSON, CSV, KML, or a zipped Shapefile as binary). */
export const importSubmitQuery = z.object({
  layer: oneOf(IMPORT_LAYERS),
  format: oneOf(IMPORT_SOURCE_FORMATS)
    .optional()
    .meta({ description: 'default from Content-Type (application/zip: a zipped Shapefile with its .prj; KML: application/vnd.google-earth.kml+xml)' }),
  // not defaulted here: a Shapefile's .prj is required only when no crs is given
  crs: importCrs.optional(),
  sheet: z.string().max(100).optional().meta({ description: 'xlsx: the sheet to read, by name or 1-based number (default: the first sheet with rows)' }),
  profile: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'a mapping profile: a saved one by id, or a preset by its name (osm-structures, osm-streets, opencellid…)' }),
  mapping: mappingParam.optional().meta({ description: 'an ad-hoc column mapping as JSON (instead of a profile)' }),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'map and check the file without writing anything: the first 50 mapped rows and every row’s errors' }),
  // invalid or self-intersecting polygons repaired with ST_MakeValid, only when asked; otherwise rejected
  repair: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'repair invalid polygons with ST_MakeValid instead of rejecting them' }),
});
export type ImportSubmitQuery = z.output<typeof importSubmitQuery>;

export const importId = z.uuid({ error: 'must be an import id (UUID)' }).meta({ description: 'an import batch id' });

export const importBatchView = z.object({
  id: z.string(),
  layer: z.enum(IMPORT_LAYERS),
  format: z.enum(IMPORT_SOURCE_FORMATS).meta({ description: 'the format of the file as uploaded' }),
  crs: z.string(),
  /** Why the conversion may be off (Xian 1980, Beijing 1954), when it may. */
  warnings: z.array(z.string()),
  status: z.enum(IMPORT_STATUSES),
  /** Features repaired with ST_MakeValid on request, by their number in the file. */
  repaired: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  rowsTotal: z.number().int().nullable(),
  rowsLoaded: z.number().int().nullable(),
  rowsRejected: z.number().int().nullable(),
  rowsFiltered: z.number().int().nullable().meta({ description: 'rows the mapping’s `where` did not take' }),
  rejects: z.array(importReject).meta({ description: 'the first 5,000 rejected rows, by line' }),
  error: z.string().nullable().meta({ description: 'why a failed batch loaded nothing' }),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type ImportBatchView = z.infer<typeof importBatchView>;

/** A field an import can fill, as a mapping editor offers it. */
export interface ImportField {
  name: string;
  /** A row without it is rejected (no default either). */
  required: boolean;
  kind: 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'enum' | 'json';
  /** An enum's values. */
  values?: readonly string[];
}

const LAYER_PROPERTIES: Record<ImportLayer, z.ZodType> = {
  structures: structureProperties,
  tenancies: tenancyProperties,
  routes: routeProperties,
  overlays: overlayProperties,
  'key-sites': keySiteProperties,
  'observed-cells': observedCellProperties,
  streets: streetProperties,
};

type Def = {
  type: string;
  innerType?: Def;
  in?: Def;
  options?: unknown[];
  entries?: Record<string, string>;
  checks?: { _zod?: { def?: { check?: string; format?: string } } }[];
  format?: string;
};

/** What a layer's rows take, read from its contract (so the editor, the checks and the API cannot disagree). */
export function importFields(layer: ImportLayer): ImportField[] {
  const shape = (LAYER_PROPERTIES[layer] as unknown as { shape: Record<string, { def: Def }> }).shape;
  return Object.entries(shape)
    .filter(([name]) => name !== 'source')
    .map(([name, s]) => {
      let def = s.def;
      let required = true;
      for (let k = 0; k < 10; k++) {
        if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') required = false;
        if (def.innerType) def = (def.innerType as unknown as { def: Def }).def ?? def.innerType;
        else if (def.type === 'pipe' && def.in) def = (def.in as unknown as { def: Def }).def ?? def.in;
        else break;
      }
      const integer = def.type === 'number' && (def.checks ?? []).some((c) => c._zod?.def?.format === 'safeint' || c._zod?.def?.check === 'number_format');
      const kind: ImportField['kind'] =
        def.type === 'enum'
          ? 'enum'
          : def.type === 'number'
            ? integer
              ? 'integer'
              : 'number'
            : def.type === 'boolean'
              ? 'boolean'
              : def.type === 'array' || def.type === 'object'
                ? 'json'
                : name.endsWith('On') || name.startsWith('valid')
                  ? 'date'
                  : 'text';
      return { name, required, kind, ...(def.type === 'enum' ? { values: Object.values(def.entries ?? {}) } : {}) };
    });
}
