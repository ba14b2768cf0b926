import { z } from 'zod';
import { oneOf } from './zod';
import { operatorOrAny } from './coverage';

/**
 * Sector load and capacity gaps (/api/v1/coverage/sectors/load, /api/v1/coverage/capacity-gaps): busy-hour demand
 * from the residents a sector serves best, against what its carrier can carry at their SINR (issue 17).
 */

/** Load is a 4G and 5G question: NB-IoT carries too little traffic to plan capacity this way. */
export const LOAD_TECHNOLOGIES = ['5G', '4G'] as const;
export type LoadTechnology = (typeof LOAD_TECHNOLOGIES)[number];

/** The demand settings; each default and its source is in the answer's `settings`. */
export const loadSettingsQuery = z.object({
  technology: oneOf(LOAD_TECHNOLOGIES).default('5G'),
  operator: operatorOrAny,
  district: z.coerce
    .number({ error: 'must be a district id (an integer)' })
    .int('must be a district id (an integer)')
    .positive('must be a district id')
    .optional(),
  penetration: z.coerce
    .number()
    .gt(0, 'must be more than 0')
    .max(3, 'must be at most 3 (users of the technology per resident)')
    .optional()
    .meta({ description: 'users of the technology per resident, all operators together (default per technology)' }),
  busyHourMbps: z.coerce
    .number()
    .gt(0, 'must be more than 0 Mbit/s')
    .max(100, 'must be at most 100 Mbit/s')
    .optional()
    .meta({ description: 'average downlink rate of one user in the busy hour (Mbit/s)' }),
  thresholdPct: z.coerce
    .number()
    .gt(0, 'must be more than 0 %')
    .max(1000, 'must be at most 1000 %')
    .optional()
    .meta({ description: 'utilisation above which a sector is overloaded (default 80 %)' }),
});

export const sectorLoadQuery = loadSettingsQuery.extend({
  bbox: z.string().optional().meta({ description: 'minLon,minLat,maxLon,maxLat: only sectors whose site is inside' }),
  limit: z.coerce.number().int().min(1, 'must be between 1 and 5000').max(5000, 'must be between 1 and 5000').default(500),
});
export type SectorLoadQuery = z.infer<typeof sectorLoadQuery>;

export const capacityGapQuery = loadSettingsQuery.extend({
  limit: z.coerce.number().int().min(1, 'must be between 1 and 500').max(500, 'must be between 1 and 500').default(50),
});
export type CapacityGapQuery = z.infer<typeof capacityGapQuery>;

const setting = z.object({ value: z.number(), source: z.string() });

export const loadSettings = z.object({
  penetration: setting,
  busyHourMbps: setting,
  thresholdPct: setting,
  marketShare: z.record(z.string(), setting).meta({ description: 'share of the technology’s users on each operator' }),
});
export type LoadSettings = z.infer<typeof loadSettings>;

export const sectorLoad = z.object({
  tenancyId: z.number().int(),
  sectorIndex: z.number().int(),
  structureId: z.number().int(),
  structureName: z.string().nullable(),
  districtId: z.number().int().nullable(),
  operator: z.string(),
  technology: z.enum(LOAD_TECHNOLOGIES),
  bandMhz: z.number(),
  lon: z.number(),
  lat: z.number(),
  azimuthDeg: z.number().nullable().meta({ description: 'the sector’s boresight; null for an omni antenna' }),
  cells: z.number().int().meta({ description: 'covered cells it serves best' }),
  residents: z.number(),
  demandMbps: z.number().meta({ description: 'busy-hour demand of its users' }),
  utilisationPct: z.number().meta({ description: 'Σ demand ÷ (PRBs × spectral efficiency) over its cells, per cent' }),
  unservedMbps: z.number().meta({ description: 'demand in cells it serves where SINR is too low to carry anything' }),
  overloaded: z.boolean(),
});
export type SectorLoad = z.infer<typeof sectorLoad>;

export const sectorLoadReport = z.object({
  technology: z.enum(LOAD_TECHNOLOGIES),
  operator: z.string(),
  districtId: z.number().int().nullable(),
  settings: loadSettings,
  summary: z.object({
    sectors: z.number().int().meta({ description: 'sectors serving at least one covered cell' }),
    overloaded: z.number().int(),
    medianUtilisationPct: z.number().nullable(),
    residentsOnOverloaded: z.number(),
  }),
  sectors: z.array(sectorLoad).meta({ description: 'most utilised first, up to limit' }),
  truncated: z.boolean(),
});
export type SectorLoadReport = z.infer<typeof sectorLoadReport>;

const lonLatOut = z.object({ lon: z.number(), lat: z.number() });

export const DEMAND_REASONS = ['coverage', 'capacity'] as const;
export type DemandReason = (typeof DEMAND_REASONS)[number];

/** Covered cells whose serving sector is over the threshold, joined through H3 neighbours, ranked by residents. */
export const capacityGap = z.object({
  rank: z.number().int(),
  residents: z.number(),
  cells: z.number().int(),
  areaKm2: z.number(),
  centroid: lonLatOut,
  sectors: z.array(z.object({ tenancyId: z.number().int(), sectorIndex: z.number().int(), structureId: z.number().int(), utilisationPct: z.number() })),
  demand: z.object({
    location: lonLatOut,
    searchRadiusM: z.number(),
    operator: z.string(),
    technology: z.enum(LOAD_TECHNOLOGIES),
    reason: z.literal('capacity'),
    servingStructureId: z.number().int().meta({ description: 'the structure of the most loaded serving sector' }),
  }),
  h3: z.array(z.string()).meta({ description: 'the gap’s H3 cells (decimal), the first 500' }),
});
export type CapacityGap = z.infer<typeof capacityGap>;

export const capacityGaps = z.object({
  technology: z.enum(LOAD_TECHNOLOGIES),
  operator: z.string(),
  settings: loadSettings,
  totalAreas: z.number().int(),
  residentsAffected: z.number(),
  gaps: z.array(capacityGap),
});
export type CapacityGaps = z.infer<typeof capacityGaps>;
