import { z } from 'zod';
import {
  BUILD_FORMS,
  BUILD_MODES,
  COORDINATE_QUALITIES,
  KEY_SITE_CATEGORIES,
  OVERLAY_KINDS,
  ROUTE_CAPACITY_UNITS,
  ROUTE_KINDS,
  ROUTE_STATUSES,
  STREET_CLASSES,
  STRUCTURE_KINDS,
  STRUCTURE_STATUSES,
  TECHNOLOGIES,
  TENANCY_STATUSES,
} from './enums';
import { checkGeometry, type GeometryType } from './geojson';
import { isoDate, oneOf, timestamp } from './zod';
import { exportFormat } from './exports';

/**
 * The GeoJSON feature layers (structures, tenancies, routes, overlays, key sites, observed cells): the properties
 * each takes (the API and the bulk loader validate every row with these), the feature a client sends, the list
 * query every layer shares, and the features and collections the API answers.
 */

/** Where a row came from. */
export const ROW_SOURCES = ['api', 'import', 'sample'] as const;
export type RowSource = (typeof ROW_SOURCES)[number];

// ---------- properties as written (create, or the merged result of a patch) ----------

const nonNegative = (what: string, max?: number) => {
  const n = z.number({ error: `${what} must be a number` }).min(0, `${what} must not be negative`);
  return max === undefined ? n : n.max(max, `${what} must be at most ${max}`);
};

export const structureProperties = z.object({
  code: z.string().trim().min(1).max(64).nullish(),
  name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200),
  kind: oneOf(STRUCTURE_KINDS),
  ownerId: z.string({ error: 'is required (an organisation id)' }).min(1),
  heightM: nonNegative('height', 700),
  groundElevationM: z.number().min(-500).max(9000).nullish(),
  slotsTotal: z.number().int('must be a whole number').min(0, 'must not be negative').max(64),
  loadCapacityKg: nonNegative('load capacity').nullish(),
  windAreaM2: nonNegative('wind area').nullish(),
  buildForm: oneOf(BUILD_FORMS),
  status: oneOf(STRUCTURE_STATUSES).default('built'),
  builtOn: isoDate.nullish(),
  buildMode: oneOf(BUILD_MODES).default('single'),
  publicInstitution: z.boolean().default(false),
  address: z.string().max(300).nullish(),
  // a power-grid tower's line: its voltage class and the height of its lowest conductor decide how high an antenna may go
  voltageKv: z.number().min(0.4, 'must be at least 0.4 kV').max(1100, 'must be at most 1,100 kV').nullish(),
  conductorHeightM: nonNegative('conductor height', 200).nullish(),
  source: z.enum(ROW_SOURCES).default('api'),
});
export type StructureInput = z.input<typeof structureProperties>;
export type StructureProperties = z.output<typeof structureProperties>;

/**
 * A tenancy is one operator's base station on a structure: technology, band, antenna height and the
 * sector layout (azimuth of the first sector, sectorCount sectors evenly spread; no azimuth = omni).
 * It takes mount slots and load from its structure.
 */
export const tenancyProperties = z
  .object({
    code: z.string().trim().min(1).max(64).nullish(),
    structureId: z
      .union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be a structure id')])
      .transform(String)
      .nullish(),
    structureCode: z.string().min(1).nullish(),
    operatorId: z.string({ error: 'is required (an operator id)' }).min(1),
    technology: oneOf(TECHNOLOGIES),
    bandMhz: z.number().int('must be whole MHz').min(400, 'must be at least 400 MHz').max(100000),
    antennaHeightM: z.number().min(0, 'must not be negative').max(700),
    azimuthDeg: z.number().min(0).lt(360, 'must be below 360').nullish(),
    sectorCount: z.number().int().min(1).max(6).default(1),
    mechTiltDeg: z.number().min(-20).max(30).default(0),
    elecTiltDeg: z.number().min(-20).max(30).default(0),
    eirpDbm: z.number().min(0).max(100),
    slotsUsed: z.number().int().min(0, 'must not be negative').max(64).default(1),
    loadKg: z.number().min(0, 'must not be negative').default(0),
    status: oneOf(TENANCY_STATUSES).default('active'),
    source: z.enum(ROW_SOURCES).default('api'),
  })
  .superRefine((p, ctx) => {
    if (!p.structureId && !p.structureCode) ctx.addIssue({ code: 'custom', path: ['structureId'], message: 'is required (or structureCode)' });
    if (p.azimuthDeg == null && p.sectorCount > 1) ctx.addIssue({ code: 'custom', path: ['azimuthDeg'], message: 'is required when sectorCount > 1' });
  });
export type TenancyInput = z.input<typeof tenancyProperties>;
export type TenancyProperties = z.output<typeof tenancyProperties>;

export const routeTenant = z.object({ operatorId: z.string().min(1), unitsUsed: z.number().int().min(0) });
export type RouteTenant = z.infer<typeof routeTenant>;

export const routeProperties = z
  .object({
    code: z.string().trim().min(1).max(64).nullish(),
    name: z.string().max(200).nullish(),
    kind: oneOf(ROUTE_KINDS),
    ownerId: z.string({ error: 'is required (an organisation id)' }).min(1),
    capacityUnit: oneOf(ROUTE_CAPACITY_UNITS).optional(),
    capacityTotal: z.number().int('must be a whole number').min(0, 'must not be negative'),
    capacityUsed: z.number().int('must be a whole number').min(0, 'must not be negative').default(0),
    status: oneOf(ROUTE_STATUSES).default('built'),
    builtOn: isoDate.nullish(),
    buildMode: oneOf(BUILD_MODES).default('single'),
    tenants: z.array(routeTenant).max(20).default([]),
    source: z.enum(ROW_SOURCES).default('api'),
  })
  .transform((p) => ({ ...p, capacityUnit: p.capacityUnit ?? (p.kind === 'duct' ? 'subduct' : 'cable_slot') }))
  .superRefine((p, ctx) => {
    if (p.capacityUsed > p.capacityTotal) ctx.addIssue({ code: 'custom', path: ['capacityUsed'], message: `exceeds capacityTotal (${p.capacityTotal})` });
    const tenantUnits = p.tenants.reduce((a, t) => a + t.unitsUsed, 0);
    if (tenantUnits > p.capacityUsed)
      ctx.addIssue({ code: 'custom', path: ['tenants'], message: `tenants use ${tenantUnits} units, more than capacityUsed (${p.capacityUsed})` });
    const ids = p.tenants.map((t) => t.operatorId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['tenants'], message: 'lists an operator twice' });
  });
export type RouteInput = z.input<typeof routeProperties>;
export type RouteProperties = z.output<typeof routeProperties>;

export const overlayProperties = z
  .object({
    code: z.string().trim().min(1).max(64).nullish(),
    kind: oneOf(OVERLAY_KINDS),
    name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200),
    nameEn: z.string().max(200).nullish(),
    authority: z.string({ error: 'is required (the body that designated the area)' }).trim().min(1).max(200),
    validFrom: isoDate.nullish(),
    validTo: isoDate.nullish(),
    // the clearance height of an airport clearance area (the rule's default when not given)
    heightLimitM: z.number().gt(0, 'must be more than 0 m').max(10_000).nullish(),
    source: z.enum(ROW_SOURCES).default('api'),
  })
  .superRefine((p, ctx) => {
    if (p.validFrom && p.validTo && p.validTo < p.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'is before validFrom' });
  });
export type OverlayInput = z.input<typeof overlayProperties>;
export type OverlayProperties = z.output<typeof overlayProperties>;

export const keySiteProperties = z.object({
  code: z.string().trim().min(1).max(64).nullish(),
  category: oneOf(KEY_SITE_CATEGORIES),
  nameZh: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200),
  nameEn: z.string().max(200).nullish(),
  coordinateQuality: oneOf(COORDINATE_QUALITIES).default('surveyed'),
  source: z.enum(ROW_SOURCES).default('api'),
});
export type KeySiteInput = z.input<typeof keySiteProperties>;
export type KeySiteProperties = z.output<typeof keySiteProperties>;

/** A basemap street (imported from OpenStreetMap or a planning office's road centre lines). */
export const streetProperties = z.object({
  code: z.string({ error: 'is required: a stable id (an OSM way: OSM-way/123)' }).trim().min(1).max(64),
  nameZh: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200),
  nameEn: z.string().max(200).nullish(),
  class: oneOf(STREET_CLASSES),
  source: z.enum(ROW_SOURCES).default('api'),
});
export type StreetProperties = z.output<typeof streetProperties>;

export const streetFeatureProperties = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  class: z.enum(STREET_CLASSES),
  districtId: z.number().int().nullable(),
  source: z.enum(ROW_SOURCES),
});

/** OpenCelliD radio names. */
export const OBSERVED_RADIOS = ['GSM', 'UMTS', 'CDMA', 'LTE', 'NR', 'NBIOT'] as const;
export type ObservedRadio = (typeof OBSERVED_RADIOS)[number];

/** Unix seconds, as OpenCelliD writes them (text in CSV, a number in JSON). */
const unixTime = z.coerce
  .number()
  .int()
  .min(0)
  .transform((s) => new Date(s * 1000).toISOString());

/**
 * One row of an OpenCelliD export: radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal.
 * Its code (radio-mcc-net-area-cell) makes re-imports idempotent.
 */
export const observedCellProperties = z
  .object({
    radio: oneOf(OBSERVED_RADIOS),
    mcc: z.number().int().min(0).max(999),
    net: z.number().int().min(0).max(999),
    area: z.number().int().min(0),
    cell: z.number().int().min(0),
    unit: z.number().int().nullish(),
    range: z.number().int().min(0).nullish(),
    samples: z.number().int().min(0).nullish(),
    changeable: z
      .union([
        z.boolean(),
        z
          .number()
          .int()
          .min(0)
          .max(1)
          .transform((n) => n === 1),
      ])
      .nullish(),
    created: unixTime.nullish(),
    updated: unixTime.nullish(),
    averageSignal: z.number().int().min(-160).max(0).nullish(),
    source: z.enum(ROW_SOURCES).default('import'),
  })
  .transform((p) => ({ ...p, code: `${p.radio}-${p.mcc}-${p.net}-${p.area}-${p.cell}` }));
export type ObservedCellInput = z.input<typeof observedCellProperties>;
export type ObservedCellProperties = z.output<typeof observedCellProperties>;

// ---------- properties as the API answers them ----------

const int = () => z.number().int();

export const structureFeatureProperties = z.object({
  code: z.string().nullable(),
  name: z.string(),
  kind: z.enum(STRUCTURE_KINDS),
  ownerId: z.string(),
  heightM: z.number(),
  groundElevationM: z.number().nullable(),
  slotsTotal: int(),
  loadCapacityKg: z.number().nullable(),
  windAreaM2: z.number().nullable(),
  buildForm: z.enum(BUILD_FORMS),
  status: z.enum(STRUCTURE_STATUSES),
  builtOn: isoDate.nullable(),
  buildMode: z.enum(BUILD_MODES),
  publicInstitution: z.boolean(),
  address: z.string().nullable(),
  voltageKv: z.number().nullable(),
  conductorHeightM: z.number().nullable(),
  source: z.enum(ROW_SOURCES),
  districtId: int().nullable().meta({ description: 'the district (adcode) the structure stands in' }),
  replacedBy: int().nullable().meta({ description: 'the smart pole this pole is merged into, until that stands' }),
  tenancyCount: int(),
  tenantCount: int().meta({ description: 'distinct operators with a live tenancy' }),
  slotsUsed: int(),
  slotsFree: int(),
  loadUsedKg: z.number(),
  loadFreeKg: z.number().nullable(),
});

export const tenancyFeatureProperties = z.object({
  code: z.string().nullable(),
  structureId: int(),
  operatorId: z.string(),
  technology: z.enum(TECHNOLOGIES),
  bandMhz: int(),
  antennaHeightM: z.number(),
  azimuthDeg: z.number().nullable(),
  sectorCount: int(),
  mechTiltDeg: z.number(),
  elecTiltDeg: z.number(),
  eirpDbm: z.number(),
  slotsUsed: int(),
  loadKg: z.number(),
  status: z.enum(TENANCY_STATUSES),
  source: z.enum(ROW_SOURCES),
  structureCode: z.string().nullable(),
  structureName: z.string(),
});

export const routeFeatureProperties = z.object({
  code: z.string().nullable(),
  name: z.string().nullable(),
  kind: z.enum(ROUTE_KINDS),
  ownerId: z.string(),
  capacityUnit: z.enum(ROUTE_CAPACITY_UNITS),
  capacityTotal: int(),
  capacityUsed: int(),
  status: z.enum(ROUTE_STATUSES),
  builtOn: isoDate.nullable(),
  buildMode: z.enum(BUILD_MODES),
  source: z.enum(ROW_SOURCES),
  lengthM: z.number(),
  capacityFree: int(),
  tenants: z.array(routeTenant),
});

export const overlayFeatureProperties = z.object({
  code: z.string().nullable(),
  kind: z.enum(OVERLAY_KINDS),
  name: z.string(),
  nameEn: z.string().nullable(),
  authority: z.string(),
  validFrom: isoDate.nullable(),
  validTo: isoDate.nullable(),
  heightLimitM: z.number().nullable(),
  source: z.enum(ROW_SOURCES),
  areaM2: z.number(),
  version: int(),
  retiredAt: timestamp.nullable().meta({ description: 'when DELETE retired it (its versions stay)' }),
});

export const keySiteFeatureProperties = z.object({
  code: z.string().nullable(),
  category: z.enum(KEY_SITE_CATEGORIES),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  coordinateQuality: z.enum(COORDINATE_QUALITIES),
  source: z.enum(ROW_SOURCES),
});

export const observedCellFeatureProperties = z.object({
  code: z.string(),
  radio: z.enum(OBSERVED_RADIOS),
  mcc: int(),
  net: int(),
  area: int(),
  cell: int(),
  unit: int().nullable(),
  range: int().nullable(),
  samples: int().nullable(),
  changeable: z.boolean().nullable(),
  created: timestamp.nullable(),
  updated: timestamp.nullable(),
  averageSignal: int().nullable(),
  source: z.enum(ROW_SOURCES),
});

// ---------- the feature a client sends ----------

/** The envelope of a POST/PATCH body: a GeoJSON Feature, checked before its content. */
export const layerFeatureEnvelope = z.object({
  type: z.literal('Feature', { error: 'must be "Feature"' }).optional(),
  geometry: z.unknown().optional(),
  properties: z.unknown().optional(),
});

type JsonSchema = Record<string, unknown>;

const geometryDoc = (types: readonly GeometryType[] | null): JsonSchema =>
  types
    ? {
        type: 'object',
        description: `GeoJSON ${types.join(' or ')} in WGS84 [longitude, latitude]`,
        required: ['type', 'coordinates'],
        properties: { type: { type: 'string', enum: [...types] }, coordinates: { type: 'array' } },
      }
    : { description: 'ignored: taken from the structure' };

const propertiesDoc = (properties: z.ZodType): JsonSchema => {
  const { $schema: _, ...json } = z.toJSONSchema(properties, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  return json;
};

/**
 * What a feature of a layer must hold (a create, a bulk-loaded row, or a patch merged with the stored row): the
 * layer's properties (none sent is `{}`, so each required one is named), then its geometry when the layer has one.
 */
export function layerFeatureContent<P extends z.ZodType<Record<string, unknown>>>(types: readonly GeometryType[] | null, properties: P) {
  // a transform, not a refinement: it runs on an absent geometry too (to say it is required)
  const geometry = z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (!types) return null;
      if (v === undefined || v === null) {
        ctx.addIssue({ code: 'custom', message: 'is required', params: { kind: 'required' } });
        return z.NEVER;
      }
      for (const p of checkGeometry(v, types)) {
        ctx.addIssue({ code: 'custom', message: p.problem, params: { kind: 'invalid_geometry' }, path: p.at ? p.at.split(/\.|(?=\[)/).filter(Boolean) : [] });
      }
      return v as LayerGeometry;
    });
  return z
    .object({
      properties: z.preprocess((v) => v ?? {}, properties),
      geometry,
    })
    .transform((f): LayerFeatureContent<z.output<P>> => ({ properties: (f as unknown as { properties: z.output<P> }).properties, geometry: f.geometry }));
}
export interface LayerGeometry {
  type: GeometryType;
  coordinates: unknown;
}
export interface LayerFeatureContent<P = Record<string, unknown>> {
  properties: P;
  geometry: LayerGeometry | null;
}

/** POST body of a layer: the envelope, then the content; documented with the layer's properties. */
export function layerCreateBody<P extends z.ZodType<Record<string, unknown>>>(types: readonly GeometryType[] | null, properties: P) {
  return layerFeatureEnvelope.pipe(layerFeatureContent(types, properties)).meta({
    type: 'object',
    required: types ? ['geometry', 'properties'] : ['properties'],
    properties: { type: { type: 'string', enum: ['Feature'] }, geometry: geometryDoc(types), properties: propertiesDoc(properties) },
  } as JsonSchema);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * PATCH body of a layer: some properties and/or the geometry. The stored properties merged with these are
 * validated as a whole by the layer (so here only the shape), after the row is found.
 */
export function layerPatchBody(types: readonly GeometryType[] | null, properties: z.ZodType) {
  const { required: _, ...partial } = propertiesDoc(properties);
  return layerFeatureEnvelope
    .superRefine((b, ctx) => {
      if (b.properties === undefined && b.geometry === undefined)
        ctx.addIssue({ code: 'custom', message: 'nothing to change: send properties and/or geometry' });
    })
    .pipe(
      z.object({
        properties: z
          .unknown()
          .optional()
          .refine((v) => v === undefined || isPlainObject(v), 'must be an object')
          .transform((v) => v as Record<string, unknown> | undefined),
        geometry: z.unknown().optional(),
      }),
    )
    .meta({
      type: 'object',
      description: 'some properties and/or the geometry; the rest stay as they are',
      properties: { type: { type: 'string', enum: ['Feature'] }, geometry: geometryDoc(types), properties: partial },
    } as JsonSchema);
}
export interface LayerPatch {
  properties?: Record<string, unknown>;
  geometry?: unknown;
}

// ---------- what the API answers ----------

/** A geometry as the API writes it (7 decimals, WGS84). */
export function layerGeometry(types: readonly GeometryType[]) {
  return z.object({ type: z.enum(types as [GeometryType, ...GeometryType[]]), coordinates: z.array(z.any()) });
}

export function layerFeature<P extends z.ZodType>(types: readonly GeometryType[], properties: P) {
  return z.object({ type: z.literal('Feature'), id: int(), geometry: layerGeometry(types), properties });
}

export function layerFeatureCollection<F extends z.ZodType>(feature: F) {
  return z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(feature),
    numberMatched: int().meta({ description: 'features matching the query, on all pages' }),
    numberReturned: int(),
    limit: int(),
    offset: int(),
  });
}

export interface LayerFeature<P = Record<string, unknown>> {
  type: 'Feature';
  id: number;
  geometry: LayerGeometry;
  properties: P;
}
export interface LayerFeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: LayerFeature<P>[];
  numberMatched: number;
  numberReturned: number;
  limit: number;
  offset: number;
}

// ---------- the list query every layer shares ----------

export type Bbox = [number, number, number, number];

/** ?bbox=minLon,minLat,maxLon,maxLat with the same range rules as geometries: the box, or what is wrong with it. */
export function readBbox(raw: unknown): { bbox?: Bbox; problem?: string } {
  if (raw === undefined || raw === '') return {};
  const parts = String(raw)
    .split(',')
    .map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return { problem: 'must be four numbers: minLon,minLat,maxLon,maxLat' };
  const [x1, y1, x2, y2] = parts;
  if ([y1, y2].some((y) => Math.abs(y) > 90) && [x1, x2].every((x) => Math.abs(x) <= 90))
    return { problem: 'latitudes outside -90..90; the axes look swapped: the order is minLon,minLat,maxLon,maxLat' };
  if ([x1, x2].some((x) => Math.abs(x) > 180)) return { problem: 'longitudes must be within -180..180' };
  if ([y1, y2].some((y) => Math.abs(y) > 90)) return { problem: 'latitudes must be within -90..90' };
  if (x1 > x2 || y1 > y2) return { problem: 'min must not exceed max' };
  return { bbox: [x1, y1, x2, y2] };
}

/** A list filter of a layer: ?param=a,b (values, when given, are the only ones taken). */
export interface LayerFilter {
  param: string;
  values?: readonly string[];
}

const integerParam = (min: number, max: () => number, fallback: () => number, description: string) =>
  z
    .unknown()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max()) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max()}` });
        return z.NEVER;
      }
      return n;
    })
    .meta({ type: 'integer', minimum: min, description });

/**
 * The list query of a layer: paging (limit up to `maxLimit()`, the deployment's LIST_MAX_LIMIT), a bbox and the
 * layer's filters; any other parameter is refused. Problems are reported together, in this order.
 */
export function layerListQuery(filters: readonly LayerFilter[], maxLimit: () => number) {
  const filterShape = Object.fromEntries(
    filters.map((f) => [
      f.param,
      z
        .unknown()
        .transform((raw, ctx) => {
          if (raw === undefined || raw === '') return undefined;
          const values = String(raw)
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean);
          const unknown = f.values ? values.filter((v) => !f.values!.includes(v)) : [];
          if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown value ${JSON.stringify(unknown[0])}; one of ${f.values!.join(', ')}` });
          return values;
        })
        .meta(
          f.values
            ? { type: 'string', description: `comma-separated, any of ${f.values.join(', ')}` }
            : { type: 'string', description: 'comma-separated values' },
        )
        .optional(),
    ]),
  ) as Record<string, z.ZodType<string[] | undefined, unknown>>;
  return z.object({
    limit: integerParam(1, maxLimit, () => Math.min(100, maxLimit()), 'page size (default 100, at most LIST_MAX_LIMIT)'),
    offset: integerParam(
      0,
      () => 10_000_000,
      () => 0,
      'features to skip (default 0)',
    ),
    ...filterShape,
    bbox: z
      .unknown()
      .transform((raw, ctx) => {
        const r = readBbox(raw);
        if (r.problem) ctx.addIssue({ code: 'custom', message: r.problem });
        return r.bbox;
      })
      .meta({ type: 'string', description: 'minLon,minLat,maxLon,maxLat (WGS84)' })
      .optional(),
  });
}
/** A layer's export: the list's filters and bbox, and the format (no paging: every matching feature, streamed). */
export function layerExportQuery(filters: readonly LayerFilter[]) {
  return layerListQuery(filters, () => 1)
    .omit({ limit: true, offset: true })
    .extend({ format: exportFormat.default('geojson') })
    .strict();
}

export interface LayerListQuery {
  bbox?: Bbox;
  limit: number;
  offset: number;
  filters: Record<string, string[]>;
}
