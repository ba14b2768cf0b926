import { z } from 'zod';
import { ROUTE_KINDS } from './enums';
import { geometry, oneOf, timestamp } from './zod';

/** Route sharing: a proposed duct, pole line or cable against the routes it would run along. */

export const overlapCheckInput = z
  .object({
    geometry: geometry(['LineString']),
    kind: oneOf(ROUTE_KINDS),
    operator: z.string({ error: 'is required (an operator id)' }).min(1),
    capacityNeeded: z.number().int('must be a whole number of sub-ducts or cable slots').min(1, 'must be at least 1').max(48, 'must be at most 48').default(1),
    corridorM: z.number({ error: 'must be a number of metres' }).gt(0, 'must be more than 0 m').max(100, 'must be at most 100 m').optional(),
    title: z.string().trim().max(200).optional(),
  })
  .strict();
/** As the check takes it: parsed, defaults filled. */
export type OverlapCheckInput = z.output<typeof overlapCheckInput>;

/**
 * must_share: routes that can carry it, with room, run along most of it; share_with_upgrade: they run along it but
 * lack room; co_build: another operator checked an overlapping route lately; new_route_allowed: nothing runs along it.
 */
export const ROUTE_VERDICTS = ['must_share', 'share_with_upgrade', 'co_build', 'new_route_allowed'] as const;
export type RouteVerdict = (typeof ROUTE_VERDICTS)[number];

export const overlapCheckId = z.uuid({ error: 'must be a check id (UUID)' });

const geojson = z.record(z.string(), z.unknown());

export const routeAlong = z.object({
  id: z.number().int(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  kind: z.enum(ROUTE_KINDS),
  ownerId: z.string(),
  status: z.string(),
  canCarry: z.boolean(),
  capacityUnit: z.string().nullable(),
  capacityTotal: z.number().nullable(),
  capacityUsed: z.number().nullable(),
  capacityFree: z.number().nullable(),
  lengthM: z.number(),
  sharedLengthM: z.number(),
  share: z.number(),
  tenants: z.array(z.object({ operatorId: z.string(), unitsUsed: z.number() })),
  shared: geojson.nullable().meta({ description: 'the stretch of the proposal along this route (GeoJSON)' }),
});

export const overlapFindings = z.object({
  title: z.string().nullable(),
  proposal: z.object({ kind: z.enum(ROUTE_KINDS), operator: z.string(), capacityNeeded: z.number().int(), corridorM: z.number(), lengthM: z.number() }),
  verdict: z.enum(ROUTE_VERDICTS),
  rule: z.object({ code: z.string(), regulation: z.string(), article: z.string().nullable(), mustShareMinShare: z.number(), hostKinds: z.array(z.string()) }),
  sharedLengthM: z.number(),
  share: z.number(),
  alongCarriersShare: z.number(),
  alongCarriersWithRoomShare: z.number(),
  routes: z.array(routeAlong),
  shared: geojson.nullable().meta({ description: 'every stretch along an existing route, merged (GeoJSON)' }),
  coBuildPartners: z.array(z.object({ checkId: z.string(), operator: z.string(), kind: z.string(), createdAt: timestamp, sharedLengthM: z.number() })),
  crossings: z.array(z.object({ routeId: z.number().int(), kind: z.string(), ownerId: z.string(), at: geojson.nullable() })),
  spacing: z
    .object({
      rule: z.string(),
      regulation: z.string(),
      article: z.string().nullable(),
      parallelM: z.record(z.string(), z.number()),
      crossingM: z.record(z.string(), z.number()),
    })
    .nullable(),
});
export type OverlapFindings = z.infer<typeof overlapFindings>;

export const overlapCheckResult = z.object({
  id: z.string(),
  createdAt: timestamp,
  geometry: geojson.meta({ description: 'the proposed route (GeoJSON LineString)' }),
  ...overlapFindings.shape,
});
export type OverlapCheckResult = z.infer<typeof overlapCheckResult>;
