import { z } from 'zod';
import { EXPORT_FORMATS } from './exports';
import { STRUCTURE_KINDS, TECHNOLOGIES } from './enums';
import { overlayCondition, sitingResult } from './zoning';
import { lonLat, oneOf, timestamp, uuid } from './zod';
import { fieldProblem } from './errors';
import { DEMAND_REASONS, LOAD_TECHNOLOGIES } from './capacity';

/**
 * Co-location ("share before build"): an operator's demand for a site, the analysis that answers it (candidates in
 * the ring with their reasons and scores, the decision, a new-build suggestion, a co-build group), demand batches,
 * and the booking summary. The rules live in backend/src/colocation/candidate-assessment.ts.
 */

// ---- requests ----

/**
 * One operator's demand: where, how far to look, and what its antenna needs. The one schema of a demand: the
 * analysis, a gap turned into a demand and every line of a batch are parsed by it (once, where they enter).
 */
export const demandInput = z.object({
  location: lonLat,
  searchRadiusM: z
    .number()
    .gt(0, 'must be more than 0 m')
    .max(10_000, 'must be at most 10,000 m')
    .optional()
    .meta({ description: 'how far to look for structures to share; by default from the environment at the point (250 m dense urban … 2,000 m rural)' }),
  operator: z.string({ error: 'is required (an operator id)' }).min(1),
  technology: oneOf(TECHNOLOGIES),
  bandMHz: z.number().int().min(400, 'must be between 400 and 100000 MHz').max(100_000, 'must be between 400 and 100000 MHz'),
  antennaHeightM: z.number().min(1, 'must be between 1 and 150 m').max(150, 'must be between 1 and 150 m'),
  slots: z.number().int().min(1).max(6).default(1).meta({ description: 'mount slots the antennas take' }),
  loadKg: z.number().min(0).max(2000).default(0).meta({ description: 'what the equipment weighs' }),
  indoor: z.boolean().default(false).meta({ description: 'an indoor system: only indoor distribution systems can carry it' }),
  reason: oneOf(DEMAND_REASONS).default('coverage').meta({
    description:
      'coverage: a place not served; capacity: a served place whose sector is overloaded (the operator’s serving site, then its neighbours in the ring, are considered for a new band or sector first)',
  }),
  servingStructureId: z
    .number()
    .int('must be a structure id (an integer)')
    .positive('must be a structure id')
    .optional()
    .meta({ description: 'for a capacity demand: the structure of the overloaded serving sector' }),
});
/** A demand as a client sends it (slots, loadKg and indoor may be left out). */
export type DemandInput = z.input<typeof demandInput>;
/** A demand as parsed (defaults applied): what the analysis takes. */
export type ParsedDemand = z.output<typeof demandInput>;

/**
 * POST /colocation/analyses/from-gap. `h3` is any cell of the gap, decimal (as the gaps list gives it) or hex; the
 * backend checks it is an H3 index (the contract has no H3 library).
 */
export const gapDemandInput = z.object({
  operator: z.string({ error: 'is required (an operator id)' }).min(1),
  technology: oneOf(TECHNOLOGIES),
  h3: z.string({ error: 'is required: a cell of the gap (H3 index)' }).meta({ description: 'a cell of the gap: an H3 index, decimal or hex' }),
  thresholdDbm: z.number().min(-140).max(-40).optional().meta({ description: "the coverage threshold the gap is read at; the technology's by default" }),
  bandMHz: z.number().optional().meta({ description: "the technology's main band by default" }),
  antennaHeightM: z.number().optional().meta({ description: '30 m (a macro cell) by default' }),
  slots: z.number().optional(),
  loadKg: z.number().optional(),
});
export type GapDemandInput = z.input<typeof gapDemandInput>;

/**
 * POST /colocation/analyses/from-capacity-gap: a capacity gap (any of its cells, as GET /coverage/capacity-gaps lists
 * them) of one operator turned into a capacity demand. The load settings are those the gap was read at.
 */
export const capacityGapDemandInput = z.object({
  operator: z.string({ error: 'is required (an operator id)' }).min(1),
  technology: oneOf(LOAD_TECHNOLOGIES),
  h3: z.string({ error: 'is required: a cell of the capacity gap (H3 index)' }).meta({ description: 'a cell of the gap: an H3 index, decimal or hex' }),
  penetration: z.number().gt(0, 'must be more than 0').max(3, 'must be at most 3').optional(),
  busyHourMbps: z.number().gt(0, 'must be more than 0 Mbit/s').max(100, 'must be at most 100 Mbit/s').optional(),
  thresholdPct: z.number().gt(0, 'must be more than 0 %').max(1000, 'must be at most 1000 %').optional(),
  bandMHz: z.number().optional().meta({
    description: 'by default a band the operator radiates elsewhere in the city but not on the serving site (a new band), else the serving band (a new sector)',
  }),
  antennaHeightM: z.number().optional().meta({ description: '30 m (a macro cell) by default' }),
  slots: z.number().optional(),
  loadKg: z.number().optional(),
});
export type CapacityGapDemandInput = z.input<typeof capacityGapDemandInput>;

/** The batch upload as CSV: a header row, then one demand per row. */
export const demandBatchCsv = z.string().meta({
  description:
    'a header row, then one demand per row; columns lon, lat, search_radius_m, operator, technology, band_mhz, antenna_height_m, slots, load_kg, indoor (true/1/yes); the camelCase names of the JSON demand are read too',
});
/** One demand of a GeoJSON batch: a point, with the demand's other fields as its properties. */
export const demandFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()).meta({ description: '[lon, lat] in WGS84' }) }),
  properties: demandInput.omit({ location: true }),
});
/** The batch upload as GeoJSON: a FeatureCollection of demand points. */
export const demandBatchGeoJson = z.object({ type: z.literal('FeatureCollection'), features: z.array(demandFeature) });
export type DemandBatchGeoJson = z.input<typeof demandBatchGeoJson>;

/**
 * POST /colocation/batches: the body as text (its Content-Type says CSV or GeoJSON); each line is parsed by
 * demandInput, bad lines are reported by line number.
 */
export const demandBatchText = z
  .string({ error: 'send the demands as CSV or GeoJSON in the request body' })
  .refine((s) => s.trim().length > 0, 'send the demands as CSV or GeoJSON in the request body');

/** GET /colocation/batches/:id/results */
export const demandBatchResultsQuery = z.object({ format: oneOf(EXPORT_FORMATS).default('csv') });
export type DemandBatchResultsQuery = z.infer<typeof demandBatchResultsQuery>;

export const colocationAnalysisId = z.uuid({ error: 'must be an analysis id (UUID)' });
export const demandBatchId = z.uuid({ error: 'must be a batch id (UUID)' });

// ---- the analysis ----

const point = z.object({ lon: z.number(), lat: z.number() });

/** The demand as the analysis used it: its point, and the search radius it was given or the environment's. */
export const analysisDemand = z.object({
  lon: z.number(),
  lat: z.number(),
  searchRadiusM: z.number(),
  operator: z.string(),
  technology: z.enum(TECHNOLOGIES),
  bandMHz: z.number(),
  antennaHeightM: z.number(),
  slots: z.number().int(),
  loadKg: z.number(),
  indoor: z.boolean(),
  /** Absent on analyses made before demands had a reason (they were coverage demands). */
  reason: z.enum(DEMAND_REASONS).optional(),
  servingStructureId: z.number().int().optional(),
});
export type AnalysisDemand = z.infer<typeof analysisDemand>;

/** The environment at the demand's point (from the residents around it): it sets the default ring and the model. */
export const ANALYSIS_ENVIRONMENTS = ['dense_urban', 'urban', 'suburban', 'rural'] as const;

export const ANALYSIS_DECISIONS = ['share', 'upgrade', 'new_build'] as const;
export type AnalysisDecision = (typeof ANALYSIS_DECISIONS)[number];

/** Coded causes a planner and a regulator read on every candidate. */
export const CANDIDATE_REASONS = [
  'no_free_slot',
  'load_exceeded',
  'too_low',
  'unsuitable_kind',
  // a power-grid tower whose lowest conductor, less the safety distance of its voltage, is below the antenna
  'too_close_to_conductors',
  'already_hosts_operator',
  'not_built',
  'outside_ring',
  'replaced_by_smart_pole',
  // a capacity demand's measures, on a structure where the operator already radiates the technology: a new band on
  // its existing antennas (no slot), or a new sector (a slot and its load); on the serving site, or a neighbour in the ring
  'add_band_on_serving_site',
  'add_sector_on_serving_site',
  'add_band_on_neighbour',
  'add_sector_on_neighbour',
] as const;
export type CandidateReason = (typeof CANDIDATE_REASONS)[number];

/** Each part of a candidate's score, already weighted (the weights sum to 1). */
export const scoreBreakdown = z.object({ distance: z.number(), heightFit: z.number(), coverageGain: z.number(), cost: z.number(), access: z.number() });
export type ScoreBreakdown = z.infer<typeof scoreBreakdown>;

/** One structure in (or just outside) the ring, assessed against the demand. */
export const candidate = z
  .object({
    structureId: z.number().int(),
    code: z.string().nullable(),
    name: z.string(),
    kind: z.enum(STRUCTURE_KINDS),
    location: point,
    distanceM: z.number(),
    feasible: z.boolean(),
    option: z.enum(['share', 'upgrade']).nullable(),
    reasons: z.array(z.enum(CANDIDATE_REASONS)),
    conditions: z.array(overlayCondition),
    score: z.number(),
    scoreBreakdown,
    populationGain: z.number().meta({ description: 'residents within reach not yet covered by this operator and technology' }),
  })
  .meta({ id: 'Candidate' });
export type Candidate = z.infer<typeof candidate>;

/** What a new structure would be: sized for the demand(s) and for the tenants it is designed for. */
export const newBuildStructure = z.object({
  kind: z.enum(['monopole', 'camouflaged_tower']),
  heightM: z.number(),
  slotsTotal: z.number().int(),
  loadCapacityKg: z.number(),
  tenantsDesignedFor: z.number().int(),
});
export type NewBuildStructure = z.infer<typeof newBuildStructure>;

/** Where a new structure should stand, with what it gains and the conditions there. */
export const newBuildSite = z.object({
  location: point,
  distanceM: z.number().meta({ description: 'from the demand’s point' }),
  onReservedTelecomLand: z.boolean(),
  populationGain: z.number(),
  structure: newBuildStructure,
  conditions: z.array(overlayCondition),
});
export type NewBuildSite = z.infer<typeof newBuildSite>;

/** No buildable point in the ring. */
export const noNewBuildSite = z.object({ location: z.null(), reason: z.string(), structure: z.null(), conditions: z.array(overlayCondition) });
export type NoNewBuildSite = z.infer<typeof noNewBuildSite>;

export const newBuildSuggestion = z.union([newBuildSite, noNewBuildSite]);
export type NewBuildSuggestion = z.infer<typeof newBuildSuggestion>;

/** The one shared structure offered to a co-build group (new builds of several operators whose rings overlap). */
export const coBuildGroup = z.object({
  groupId: uuid,
  members: z.array(
    z.object({ analysisId: uuid, operator: z.string(), technology: z.enum(TECHNOLOGIES), line: z.number().int().nullable(), batchId: uuid.nullable() }),
  ),
  towersAvoided: z.number().int(),
  location: point,
  structure: newBuildStructure,
  conditions: z.array(overlayCondition),
  populationGain: z.number(),
  onReservedTelecomLand: z.boolean(),
});
export type CoBuildGroup = z.infer<typeof coBuildGroup>;

/** The coverage gap a demand was made from (POST /colocation/analyses/from-gap). */
export const analysisGap = z.object({
  thresholdDbm: z.number(),
  rank: z.number().int(),
  population: z.number(),
  cells: z.number().int(),
  areaKm2: z.number(),
  centroid: point,
});
export type AnalysisGap = z.infer<typeof analysisGap>;

/** The capacity gap a demand was made from (POST /colocation/analyses/from-capacity-gap). */
export const analysisCapacityGap = z.object({
  thresholdPct: z.number(),
  rank: z.number().int(),
  residents: z.number(),
  cells: z.number().int(),
  areaKm2: z.number(),
  centroid: point,
  sectors: z.array(z.object({ tenancyId: z.number().int(), sectorIndex: z.number().int(), structureId: z.number().int(), utilisationPct: z.number() })),
});
export type AnalysisCapacityGap = z.infer<typeof analysisCapacityGap>;

/** A co-location analysis, as POST /colocation/analyses answers it and GET /colocation/analyses/:id reads it back. */
export const analysisResult = z
  .object({
    id: uuid,
    createdAt: timestamp,
    /** Only for a demand made from a coverage gap. */
    gap: analysisGap.optional(),
    /** Only for a demand made from a capacity gap. */
    capacityGap: analysisCapacityGap.optional(),
    demand: analysisDemand,
    environment: z.enum(ANALYSIS_ENVIRONMENTS),
    model: z.string().meta({ description: 'the propagation model the coverage gain was reckoned with (3gpp-uma, 3gpp-umi or 3gpp-rma)' }),
    decision: z.enum(ANALYSIS_DECISIONS),
    /** The best candidate with the decided option; null for a new build. */
    best: candidate.nullable(),
    /** Every structure in (and just outside) the ring, best first. */
    candidates: z.array(candidate),
    /** Only for a new build. */
    newBuild: newBuildSuggestion.nullable(),
    /** The conditions of the chosen site. */
    conditions: z.array(overlayCondition),
    /** The siting rule engine on the chosen site; null when there is none. */
    siting: sitingResult.nullable(),
    coBuild: coBuildGroup.nullable(),
  })
  .meta({ id: 'AnalysisResult' });
export type AnalysisResult = z.infer<typeof analysisResult>;

/** GET /colocation/analyses: a page of the caller's analyses, newest first. */
export const analysisListQuery = z
  .object({
    limit: z.coerce.number().int().min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100').default(20),
    offset: z.coerce.number().int().min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1000000').default(0),
  })
  .strict();
export type AnalysisListQuery = z.infer<typeof analysisListQuery>;

/** One analysis as "My analyses" lists it: what was asked, what was decided, and whether it was filed. */
export const analysisSummary = z.object({
  id: uuid,
  createdAt: timestamp,
  operator: z.string(),
  technology: z.enum(TECHNOLOGIES),
  decision: z.enum(ANALYSIS_DECISIONS),
  location: point,
  searchRadiusM: z.number(),
  /** The structure shared or upgraded; null for a new build. */
  site: z.object({ structureId: z.number().int(), name: z.string(), code: z.string().nullable() }).nullable(),
  verdict: z.enum(['allowed', 'allowed_with_conditions', 'forbidden']).nullable().meta({ description: "the siting rule engine's verdict on the chosen site" }),
  fromGap: z.boolean().meta({ description: 'made from a coverage or capacity gap' }),
  /** The newest application filed from it, if any. */
  application: z.object({ id: uuid, code: z.string(), state: z.string() }).nullable(),
});
export type AnalysisSummary = z.infer<typeof analysisSummary>;

export const analysisList = z.object({
  analyses: z.array(analysisSummary),
  total: z.number().int().meta({ description: 'analyses on all pages' }),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type AnalysisList = z.infer<typeof analysisList>;

// ---- batches ----

export const DEMAND_BATCH_STATUSES = ['queued', 'running', 'grouping', 'completed', 'failed'] as const;
export type DemandBatchStatus = (typeof DEMAND_BATCH_STATUSES)[number];

/** A line of a batch that was not analysed, and why. */
/** A refused line of a batch: its number and the field's problem (with its kind, for a client to word it). */
export const demandBatchReject = fieldProblem.extend({ line: z.number().int() });
export type DemandBatchReject = z.infer<typeof demandBatchReject>;

/** A demand batch and its progress. */
export const demandBatch = z.object({
  id: uuid,
  status: z.enum(DEMAND_BATCH_STATUSES),
  total: z.number().int().meta({ description: 'lines read' }),
  valid: z.number().int().meta({ description: 'lines that passed the upload checks' }),
  rejects: z.array(demandBatchReject),
  error: z.string().nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
  analysed: z.number().int(),
  decisions: z.partialRecord(z.enum(ANALYSIS_DECISIONS), z.number().int()),
  percent: z.number(),
});
export type DemandBatch = z.infer<typeof demandBatch>;

/** One analysed line of a batch, flat (a CSV row; a GeoJSON feature's properties without lon/lat). */
export const demandBatchResultRow = z.object({
  line: z.number().int(),
  lon: z.number(),
  lat: z.number(),
  operator: z.string(),
  technology: z.enum(TECHNOLOGIES),
  searchRadiusM: z.number(),
  decision: z.enum(ANALYSIS_DECISIONS),
  structureId: z.number().int().nullable(),
  option: z.enum(['share', 'upgrade']).nullable(),
  score: z.number().nullable(),
  distanceM: z.number().nullable(),
  newBuildLon: z.number().nullable(),
  newBuildLat: z.number().nullable(),
  coBuildGroupId: uuid.nullable(),
  coBuildOperators: z.string().nullable().meta({ description: 'the group’s operators, space separated' }),
  coBuildLon: z.number().nullable(),
  coBuildLat: z.number().nullable(),
});
export type DemandBatchResultRow = z.infer<typeof demandBatchResultRow>;

/** GET /colocation/batches/:id/results?format=geojson */
export const demandBatchResultsGeoJson = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
      properties: demandBatchResultRow.omit({ lon: true, lat: true }),
    }),
  ),
});
export type DemandBatchResultsGeoJson = z.infer<typeof demandBatchResultsGeoJson>;

// ---- the booking summary ----

const decisionCounts = z.object({ share: z.number().int(), upgrade: z.number().int(), newBuild: z.number().int() });

/** GET /colocation/summary: every decision booked, towers avoided and land saved. */
export const colocationSummary = z.object({
  analyses: z.number().int(),
  towersAvoided: z.number().int(),
  landSavedM2: z.number(),
  landPerAvoidedTowerM2: z.number(),
  coBuild: z.object({ groups: z.number().int(), demands: z.number().int(), towersAvoided: z.number().int(), landSavedM2: z.number() }),
  byOperator: z.array(decisionCounts.extend({ key: z.string() })),
  byDistrict: z.array(decisionCounts.extend({ key: z.number().int().nullable() })),
  byMonth: z.array(decisionCounts.extend({ key: z.string().meta({ description: 'YYYY-MM' }) })),
});
export type ColocationSummary = z.infer<typeof colocationSummary>;
