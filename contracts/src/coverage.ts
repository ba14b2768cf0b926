import { z } from 'zod';
import { TECHNOLOGIES } from './enums';
import { oneOf, timestamp } from './zod';

/**
 * The coverage API (/api/v1/coverage/…): whole-city runs, KPIs, gaps, coverage hexes, prediction against
 * observation, and the path-loss calculator. Messages are what a client reads in a 400.
 */

/** The path-loss models a run may force for every sector (by default each sector's is chosen by environment and mount). */
export const PATH_LOSS_MODELS = ['3gpp-uma', '3gpp-umi', '3gpp-rma', 'cost231-urban', 'cost231-suburban', 'free-space'] as const;
export type PathLossModel = (typeof PATH_LOSS_MODELS)[number];

/** TR 38.901 §7.4.3 building-entry loss models for indoor KPIs. */
export const O2I_MODELS = ['low-loss', 'high-loss'] as const;
export type O2iModel = (typeof O2I_MODELS)[number];

// ---------- runs ----------

export const coverageRunId = z.uuid({ error: 'must be a coverage run id (UUID)' });

export const coverageRunStart = z
  .object({
    model: oneOf(PATH_LOSS_MODELS).optional().meta({ description: 'force one path-loss model for every sector (default: by environment and mount)' }),
    loadFactor: z
      .number({ error: 'must be a number between 0 (exclusive) and 1' })
      .gt(0, 'must be more than 0 (an idle network has no interference to plan for)')
      .max(1, 'must be at most 1 (every resource of every interferer in use)')
      .optional()
      .meta({ description: 'share of the interfering sectors’ resources in use, scaling the interference in SINR (default 0.5)' }),
  })
  .strict()
  .default({});
export type CoverageRunStart = z.infer<typeof coverageRunStart>;

export const COVERAGE_RUN_KINDS = ['full', 'incremental'] as const;
export const COVERAGE_RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type CoverageRunStatus = (typeof COVERAGE_RUN_STATUSES)[number];

export const coverageRun = z.object({
  id: z.string(),
  kind: z.enum(COVERAGE_RUN_KINDS),
  status: z.enum(COVERAGE_RUN_STATUSES),
  model: z.enum(PATH_LOSS_MODELS).nullable().meta({ description: 'path-loss model forced for every sector, or null (chosen per sector)' }),
  loadFactor: z.number().meta({ description: 'share of the interferers’ resources in use that SINR was computed with' }),
  chunksTotal: z.number().int(),
  chunksDone: z.number().int(),
  sectors: z.number().int().nullable(),
  error: z.string().nullable(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  percent: z.number().meta({ description: 'chunks done, per cent to one decimal' }),
});
export type CoverageRun = z.infer<typeof coverageRun>;
export const coverageRuns = z.array(coverageRun);

// ---------- KPIs, gaps, hexes, comparison ----------

/** An operator id, or 'any' (every operator together): the default. */
export const operatorOrAny = z
  .string()
  .regex(/^[a-z0-9-]+$/, 'must be an operator id or "any"')
  .default('any');

export const coverageKpiQuery = z.object({
  technology: oneOf(TECHNOLOGIES).default('5G'),
  operator: operatorOrAny,
  // overrides the technology's default threshold (backend coverage.defaults.ts)
  thresholdDbm: z.coerce.number().min(-160, 'must be between -160 and -40 dBm').max(-40, 'must be between -160 and -40 dBm').optional(),
});
export type CoverageKpiQuery = z.infer<typeof coverageKpiQuery>;

/** Indoor KPIs: the outdoor prediction less TR 38.901 O2I building-entry loss. */
export const coverageKpiReportQuery = coverageKpiQuery.extend({ indoor: oneOf(O2I_MODELS).optional() });
export type CoverageKpiReportQuery = z.infer<typeof coverageKpiReportQuery>;

export const coverageGapQuery = coverageKpiQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(50) });
export type CoverageGapQuery = z.infer<typeof coverageGapQuery>;

export const coverageCellQuery = coverageKpiQuery.extend({
  bbox: z.string({ error: 'is required: minLon,minLat,maxLon,maxLat' }),
  resolution: z.coerce
    .number()
    .int()
    .refine((r) => [7, 8, 9, 10].includes(r), 'must be 7, 8, 9 or 10')
    .default(10),
});
export type CoverageCellQuery = z.infer<typeof coverageCellQuery>;

export const coverageComparisonQuery = coverageKpiQuery.extend({ radiusM: z.coerce.number().min(10).max(5000).default(300) });
export type CoverageComparisonQuery = z.infer<typeof coverageComparisonQuery>;

export const areaKpi = z.object({
  districtId: z.number().int().nullable().meta({ description: 'null for the city (central districts) as a whole' }),
  name: z.string(),
  operator: z.string(),
  cells: z.number().int(),
  coveredCells: z.number().int(),
  areaCoveredPct: z.number(),
  population: z.number(),
  populationCovered: z.number(),
  populationCoveredPct: z.number(),
  /** Link quality over the district's cells and residents (a resident with no coverage counts at 0 Mbit/s). */
  sinrUsableCells: z.number().int().meta({ description: 'covered cells whose best server’s SINR is at least sinrUsableDb' }),
  sinrUsableAreaPct: z.number(),
  populationSinrUsable: z.number(),
  populationSinrUsablePct: z.number(),
  medianThroughputMbps: z
    .number()
    .nullable()
    .meta({ description: 'residents’ median downlink throughput (one user alone on the carrier); null with no residents' }),
  p5ThroughputMbps: z.number().nullable().meta({ description: 'the 5th percentile of the same' }),
  populationGoodThroughputPct: z.number().meta({ description: 'share of residents with at least goodThroughputMbps' }),
});
export type AreaKpi = z.infer<typeof areaKpi>;

export const keySiteReach = z.object({
  operator: z.string(),
  sites: z.array(
    z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), category: z.string(), reached: z.boolean(), bestRsrpDbm: z.number().nullable() }),
  ),
  reached: z.number().int(),
  total: z.number().int(),
  reachPct: z.number(),
  targetPct: z.number(),
  meetsTarget: z.boolean(),
});
export type KeySiteReach = z.infer<typeof keySiteReach>;

export const fiveGDensity = z.object({
  districts: z.array(
    z.object({
      districtId: z.number().int().nullable(),
      name: z.string().nullable(),
      stations: z.number().int(),
      population: z.number(),
      per10k: z.number(),
      target: z.number().nullable(),
      meetsTarget: z.boolean().nullable(),
    }),
  ),
  city: z.object({
    stations: z.number().int(),
    population: z.number(),
    per10k: z.number(),
    target: z.number(),
    meetsTarget: z.boolean(),
    gigabitCityTarget: z.number(),
    meetsGigabitCity: z.boolean(),
  }),
  sources: z.record(z.string(), z.string()),
});
export type FiveGDensity = z.infer<typeof fiveGDensity>;

export const coverageKpiReport = z.object({
  technology: z.enum(TECHNOLOGIES),
  thresholdDbm: z.number(),
  indoor: z.enum(O2I_MODELS).nullable(),
  sinrUsableDb: z.number().meta({ description: 'SINR counted as usable in sinrUsable… (dB)' }),
  goodThroughputMbps: z.number().meta({ description: 'throughput counted in populationGoodThroughputPct (Mbit/s)' }),
  area: z.array(areaKpi),
  keySites: keySiteReach,
  fiveGDensity,
});
export type CoverageKpiReport = z.infer<typeof coverageKpiReport>;

const lonLatOut = z.object({ lon: z.number(), lat: z.number() });

/** A connected gap: its residents, size, centre, and the demand the co-location analysis takes. */
export const coverageGap = z.object({
  rank: z.number().int(),
  population: z.number(),
  cells: z.number().int(),
  areaKm2: z.number(),
  centroid: lonLatOut,
  demand: z.object({ location: lonLatOut, searchRadiusM: z.number(), operator: z.string().nullable(), technology: z.enum(TECHNOLOGIES) }),
  h3: z.array(z.string()).meta({ description: 'the gap’s H3 cells (decimal), the first 500' }),
});
export type CoverageGap = z.infer<typeof coverageGap>;

export const coverageGaps = z.object({
  technology: z.enum(TECHNOLOGIES),
  operator: z.string(),
  thresholdDbm: z.number(),
  totalAreas: z.number().int(),
  uncoveredPopulation: z.number(),
  gaps: z.array(coverageGap),
});
export type CoverageGaps = z.infer<typeof coverageGaps>;

export const RSRP_BANDS = ['excellent', 'good', 'fair', 'weak'] as const;
export type RsrpBand = (typeof RSRP_BANDS)[number];

/** SINR display bands (dB): ≥ 20, 10–20, 0–10, −5–0, below −5. */
export const SINR_BANDS = ['excellent', 'good', 'fair', 'poor', 'bad'] as const;
export type SinrBand = (typeof SINR_BANDS)[number];

export const coverageCells = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
      properties: z.object({
        h3: z.string(),
        rsrp: z.number(),
        band: z.enum(RSRP_BANDS),
        bestTenancyId: z.number(),
        sinr: z.number().nullable().meta({ description: 'SINR of the best server (dB); null until a run computes it' }),
        sinrBand: z.enum(SINR_BANDS).nullable(),
        throughputMbps: z.number().nullable().meta({ description: 'downlink Mbit/s of one user alone on the best server’s carrier' }),
      }),
    }),
  ),
  truncated: z.boolean(),
});
export type CoverageCells = z.infer<typeof coverageCells>;

export const coverageComparison = z.object({
  technology: z.enum(TECHNOLOGIES),
  operator: z.string(),
  thresholdDbm: z.number(),
  radiusM: z.number(),
  observations: z.number().int(),
  predictedCoveredCells: z.number().int(),
  predictedCoveredWithoutObservation: z.number().int(),
  observedWherePredictedBelowThreshold: z.array(
    z.object({
      id: z.string(),
      radio: z.string(),
      net: z.number(),
      cell: z.string(),
      lon: z.number(),
      lat: z.number(),
      predictedRsrpDbm: z.number().nullable(),
    }),
  ),
});
export type CoverageComparison = z.infer<typeof coverageComparison>;

// ---------- the path-loss calculator ----------

/** Physical bounds for a link-budget query; model validity is narrower and reported in the answer, not refused. */
const bounded = (name: string, min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .refine((n) => Number.isFinite(n), `${name} must be a finite number`)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max} ${unit}`);

export const pathLossQuery = z.object({
  model: oneOf(PATH_LOSS_MODELS),
  frequencyMHz: bounded('frequency', 1, 300_000, 'MHz'),
  distanceM: bounded('distance', 0.1, 100_000, 'm').meta({ description: 'ground (2D) distance' }),
  bsHeightM: bounded('base-station height', 0, 1000, 'm'),
  ueHeightM: bounded('UE height', 0, 500, 'm').default(1.5).meta({ description: 'default 1.5' }),
  los: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').meta({ description: '3GPP models only; NLOS by default' }),
});
export type PathLossQuery = z.infer<typeof pathLossQuery>;

export const rangeViolation = z.object({
  parameter: z.enum(['frequencyMHz', 'distanceM', 'bsHeightM', 'ueHeightM']),
  value: z.number(),
  min: z.number(),
  max: z.number(),
});

export const pathLossResult = z.object({
  pathLossDb: z.number(),
  model: z.enum(PATH_LOSS_MODELS),
  los: z.boolean(),
  valid: z.boolean().meta({ description: 'false when an input is outside the model’s validity (outOfRange says which)' }),
  outOfRange: z.array(rangeViolation),
});
export type PathLossResult = z.infer<typeof pathLossResult>;
