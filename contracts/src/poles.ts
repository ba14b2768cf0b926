import { z } from 'zod';
import { EXPORT_FORMATS } from './exports';
import { STRUCTURE_KINDS, TECHNOLOGIES } from './enums';
import { geometry, oneOf, timestamp, uuid } from './zod';

/**
 * Multi-pole integration ("多杆合一"): runs that cluster the street poles of an area kerb by kerb, one smart pole
 * proposed per cluster, and the acceptance of proposals into the inventory.
 */

export const POLE_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const POLE_RUN_SCOPES = ['district', 'area', 'city'] as const;
export const POLE_PROPOSAL_STATUSES = ['proposed', 'accepted'] as const;

/** POST /poles/consolidation-runs: exactly one of districtId, area or scope "city". */
export const poleRunInput = z
  .object({
    districtId: z.number().int('must be a district code').optional(),
    area: geometry(['Polygon', 'MultiPolygon']).optional(),
    scope: z.literal('city', { error: 'must be "city" (the whole city); or give districtId or area' }).optional(),
    clusterDistanceM: z.number().gt(0, 'must be more than 0 m').max(100, 'must be at most 100 m').optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const given = [p.districtId !== undefined, p.area !== undefined, p.scope !== undefined].filter(Boolean).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['districtId'], message: 'give exactly one of districtId, area (a drawn polygon) or scope: "city"' });
  });
export type PoleRunInput = z.infer<typeof poleRunInput>;

/** POST /poles/consolidation-runs/:id/accept */
export const poleAcceptInput = z
  .object({
    proposalIds: z.array(z.number().int().positive()).min(1, 'name at least one proposal').max(5000).optional(),
    ownerId: z.string().min(1).default('china-tower'),
  })
  .strict();
export type PoleAcceptInput = z.infer<typeof poleAcceptInput>;

/** GET /poles/consolidation-runs/:id/proposals?format= */
export const poleProposalsQuery = z.object({ format: oneOf(EXPORT_FORMATS).default('geojson') });
export type PoleProposalsQuery = z.infer<typeof poleProposalsQuery>;

export const poleRunId = z.uuid({ error: 'must be a run id (UUID)' });

export const poleRunParams = z.object({ clusterDistanceM: z.number() });

/** What a started run answers (202): the worker does the rest. */
export const poleRunStarted = z.object({ id: uuid, status: z.enum(POLE_RUN_STATUSES), params: poleRunParams });
export type PoleRunStarted = z.infer<typeof poleRunStarted>;

/** Poles before and after in one district (or, as `total`, the whole area). */
export const districtConsolidation = z.object({
  districtId: z.number().int().nullable(),
  polesBefore: z.number().int(),
  polesInClusters: z.number().int(),
  polesRemoved: z.number().int(),
  smartPolesProposed: z.number().int(),
  polesAfter: z.number().int(),
  /** Of the poles in clusters, the share that disappears (net of the new smart poles). */
  clusteredReductionShare: z.number(),
  /** Of all street poles in the area. */
  overallReductionShare: z.number(),
  slotsGained: z.number().int(),
  smallCellSitesGained: z.number().int(),
  meetsPolicy: z.boolean(),
});
export type DistrictConsolidation = z.infer<typeof districtConsolidation>;

export const poleRunSummary = z.object({
  total: districtConsolidation.omit({ districtId: true }),
  districts: z.array(districtConsolidation),
  policy: z.object({ minReductionShare: z.number(), rule: z.string() }),
});
export type PoleRunSummary = z.infer<typeof poleRunSummary>;

export const poleRun = z.object({
  id: uuid,
  status: z.enum(POLE_RUN_STATUSES),
  scope: z.enum(POLE_RUN_SCOPES),
  districtId: z.number().int().nullable(),
  params: poleRunParams,
  /** Once done. */
  summary: poleRunSummary.nullable(),
  error: z.string().nullable(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  /** How many smart poles it proposes, and how many of them were accepted. */
  proposals: z.number().int(),
  accepted: z.number().int(),
});
export type PoleRun = z.infer<typeof poleRun>;

/** A small-cell demand the co-location analysis could not place, within reach of the smart pole. */
export const smallCellDemand = z.object({ analysisId: uuid, operator: z.string(), technology: z.enum(TECHNOLOGIES), distanceM: z.number() });

const point = z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) });

export const smartPoleProposalProperties = z.object({
  id: z.number().int(),
  clusterNo: z.number().int(),
  districtId: z.number().int().nullable(),
  streetId: z.number().int(),
  streetZh: z.string(),
  streetEn: z.string().nullable(),
  /** +1 left of the street's drawing direction, −1 right. */
  streetSide: z.number().int(),
  poleIds: z.array(z.number().int()),
  sitePoleId: z.number().int(),
  existingSmartPole: z.boolean(),
  functions: z.array(z.string()),
  owners: z.array(z.string()),
  polesRemoved: z.number().int(),
  slotsBefore: z.number().int(),
  slotsAfter: z.number().int(),
  slotsGained: z.number().int(),
  smallCellDemands: z.array(smallCellDemand),
  status: z.enum(POLE_PROPOSAL_STATUSES),
  acceptedStructureId: z.number().int().nullable(),
  /** The merged poles where they stand. */
  members: z.object({ type: z.literal('MultiPoint'), coordinates: z.array(z.array(z.number())) }),
  poles: z.array(z.object({ id: z.number().int(), kind: z.enum(STRUCTURE_KINDS), ownerId: z.string(), slotsTotal: z.number().int() })),
});
export type SmartPoleProposalProperties = z.infer<typeof smartPoleProposalProperties>;

/** The proposals as GeoJSON: each smart pole a point where it would stand. */
export const smartPoleProposals = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), id: z.number().int(), geometry: point, properties: smartPoleProposalProperties })),
});
export type SmartPoleProposals = z.infer<typeof smartPoleProposals>;

export const poleAcceptResult = z.object({
  runId: uuid,
  accepted: z.array(z.object({ proposalId: z.number().int(), structureId: z.number().int(), replaced: z.array(z.number().int()) })),
});
export type PoleAcceptResult = z.infer<typeof poleAcceptResult>;
