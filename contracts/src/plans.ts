import { z } from 'zod';
import { EXPORT_FORMATS } from './exports';
import { STRUCTURE_KINDS, TECHNOLOGIES } from './enums';
import { geometry, lonLat, oneOf, timestamp, uuid } from './zod';
import { overlayCondition } from './zoning';

/**
 * Rollout plans (/api/v1/plans, issue 18): the fewest new towers (or the most residents within a budget) that meet
 * an area's targets for one operator and technology, existing structures first. Runs as a job; the result lists
 * the chosen sites in build order with their option, cost, conditions and what each adds.
 */

/** What a chosen site is: a tenancy on an existing structure as it stands or upgraded, a smart pole, a new tower. */
export const PLAN_OPTIONS = ['share', 'upgrade', 'smart_pole', 'new_build'] as const;
export type PlanOption = (typeof PLAN_OPTIONS)[number];

/** min_cost: the cheapest plan that meets the targets; max_coverage: the most residents within the limits. */
export const PLAN_OBJECTIVES = ['min_cost', 'max_coverage'] as const;
export type PlanObjective = (typeof PLAN_OBJECTIVES)[number];

export const PLAN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** The targets a plan can be held to. */
export const PLAN_TARGETS = ['populationCoveragePct', 'keySitesPct', 'basePerTenK'] as const;
export type PlanTarget = (typeof PLAN_TARGETS)[number];

/** Why a target falls short: the budget, the cap on new builds, or no candidate (left) that would get it there. */
export const PLAN_SHORTFALL_REASONS = ['budget', 'max_new_builds', 'no_candidates'] as const;
export type PlanShortfallReason = (typeof PLAN_SHORTFALL_REASONS)[number];

const money = (what: string) =>
  z
    .number({ error: 'must be a number (yuan)' })
    .min(0, 'must be 0 or more (yuan)')
    .max(1e9, 'must be at most 1,000,000,000 yuan')
    .optional()
    .meta({ description: what });

/** Cost per option in yuan; each default and its rationale is in the result's `settings`. */
export const planCosts = z
  .object({
    share: money('a tenancy on an existing structure as it stands (adaptation, one-off)'),
    upgrade: money('a tenancy that needs a height extension, reinforcement or platform'),
    smartPole: money('converting a cluster of street poles into one smart pole carrying the small cell'),
    newBuild: money('a new tower (land, foundation, mast, power)'),
    camouflagePremium: money('added to a new build where an overlay asks for camouflage'),
  })
  .strict();
export type PlanCosts = z.infer<typeof planCosts>;

const pct = (what: string) =>
  z.number({ error: 'must be a percentage' }).min(0, 'must be 0 % or more').max(100, 'must be at most 100 %').optional().meta({ description: what });

/** POST /plans */
export const planInput = z
  .object({
    area: z
      .object({
        districtIds: z
          .array(z.number({ error: 'must be a district id (an integer)' }).int('must be a district id (an integer)').positive('must be a district id'))
          .min(1, 'name at least one district')
          .max(50, 'name at most 50 districts')
          .optional(),
        polygon: geometry(['Polygon', 'MultiPolygon']).optional(),
      })
      .strict()
      .superRefine((a, ctx) => {
        if ((a.districtIds === undefined) === (a.polygon === undefined))
          ctx.addIssue({ code: 'custom', path: ['districtIds'], message: 'give exactly one of districtIds or polygon' });
      }),
    operator: z.string({ error: 'must be an operator id' }).min(1, 'must be an operator id'),
    technology: oneOf(TECHNOLOGIES).default('5G'),
    bandMHz: z
      .number({ error: 'must be a frequency in MHz' })
      .int('must be a whole number of MHz')
      .min(400, 'must be at least 400 MHz')
      .max(7125, 'must be at most 7125 MHz')
      .optional()
      .meta({ description: "the band the new sectors use (default: the technology's main band)" }),
    objective: oneOf(PLAN_OBJECTIVES).default('min_cost'),
    targets: z
      .object({
        populationCoveragePct: pct('residents of the area covered by the operator, per cent'),
        keySitesPct: pct('key sites in the area reached by the operator, per cent'),
        basePerTenK: z
          .number({ error: 'must be a number' })
          .min(0, 'must be 0 or more')
          .max(1000, 'must be at most 1000')
          .optional()
          .meta({ description: 'base stations of the technology (every operator) per 10,000 residents of the area' }),
      })
      .strict()
      .default({}),
    limits: z
      .object({
        maxNewBuilds: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(10000).optional(),
        budget: money('the most the plan may cost (yuan)'),
      })
      .strict()
      .default({}),
    costs: planCosts.default({}),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.objective === 'min_cost' && !Object.values(p.targets).some((v) => v !== undefined))
      ctx.addIssue({ code: 'custom', path: ['targets'], message: 'a min_cost plan needs at least one target' });
    if (p.objective === 'max_coverage' && p.limits.budget === undefined && p.limits.maxNewBuilds === undefined)
      ctx.addIssue({ code: 'custom', path: ['limits'], message: 'a max_coverage plan needs a budget or maxNewBuilds' });
  });
export type PlanInput = z.infer<typeof planInput>;
export type PlanInputRaw = z.input<typeof planInput>;

export const planId = z.uuid({ error: 'must be a plan id (UUID)' });

/** GET /plans/:id/sites?format= */
export const planExportQuery = z.object({ format: oneOf(EXPORT_FORMATS).default('geojson') }).strict();
export type PlanExportQuery = z.infer<typeof planExportQuery>;

/** One chosen site, in build order. */
export const planSite = z.object({
  order: z.number().int().meta({ description: 'build order (1 first): by marginal gain' }),
  option: z.enum(PLAN_OPTIONS),
  structureId: z.number().int().nullable().meta({ description: 'the existing structure (for a smart pole: the pole it stands on); null for a new build' }),
  code: z.string().nullable(),
  name: z.string().nullable(),
  kind: z.enum(STRUCTURE_KINDS).meta({ description: 'the structure as it will stand (a new build: monopole or camouflaged tower)' }),
  location: lonLat,
  districtId: z.number().int().nullable(),
  antennaHeightM: z.number(),
  cost: z.number().meta({ description: 'yuan' }),
  conditions: z.array(overlayCondition),
  reasons: z.array(z.string()).meta({ description: 'what the co-location rules found (an upgrade: what it needs)' }),
  residents: z.number().meta({ description: 'residents newly covered by this site, after the sites before it' }),
  cells: z.number().int().meta({ description: 'grid cells newly covered, after the sites before it' }),
  keySites: z.array(z.object({ id: z.number().int(), name: z.string() })).meta({ description: 'key sites newly reached' }),
  poleIds: z.array(z.number().int()).meta({ description: 'a smart pole: the street poles it merges' }),
  coBuildPartners: z
    .array(z.object({ analysisId: uuid, operator: z.string(), distanceM: z.number() }))
    .meta({ description: "another operator's new-build demands near a new build: candidates to build it together" }),
});
export type PlanSite = z.infer<typeof planSite>;

/** One target: where the area stands before the plan, after it, and what is asked. */
export const planKpi = z.object({
  target: z.enum(PLAN_TARGETS),
  before: z.number(),
  after: z.number(),
  required: z.number().nullable(),
  met: z.boolean().nullable(),
  /** How far after is below required (0 when met; null when no target was set). */
  short: z.number().nullable(),
});
export type PlanKpi = z.infer<typeof planKpi>;

/** A target the plan cannot meet, with the reason and what it would take. */
export const planShortfall = z.object({
  target: z.enum(PLAN_TARGETS),
  required: z.number(),
  achieved: z.number(),
  short: z.number(),
  reason: z.enum(PLAN_SHORTFALL_REASONS),
  message: z.string(),
});
export type PlanShortfall = z.infer<typeof planShortfall>;

const setting = z.object({ value: z.number(), source: z.string() });

export const planResult = z.object({
  area: z.object({
    districtIds: z.array(z.number().int()),
    residents: z.number(),
    cells: z.number().int(),
    keySites: z.number().int(),
    baseStations: z.number().int().meta({ description: 'base stations of the technology in the area today (every operator)' }),
  }),
  candidates: z.object({
    share: z.number().int(),
    upgrade: z.number().int(),
    smartPole: z.number().int(),
    newBuild: z.number().int(),
    excluded: z.record(z.string(), z.number().int()).meta({ description: 'points or structures left out, by reason' }),
  }),
  sites: z.array(planSite),
  totals: z.object({
    cost: z.number(),
    sites: z.number().int(),
    byOption: z.record(z.enum(PLAN_OPTIONS), z.number().int()),
    newBuilds: z.number().int(),
    sharedPct: z.number().meta({ description: 'share of the sites that reuse a structure (share, upgrade, smart pole), per cent' }),
    residents: z.number(),
  }),
  kpis: z.array(planKpi),
  shortfalls: z.array(planShortfall),
  newBuildOnly: z.object({
    newBuilds: z.number().int().meta({ description: 'new towers a plan of new builds only needs for the same targets' }),
    cost: z.number(),
    towersAvoided: z.number().int(),
    landSavedM2: z.number(),
    landPerAvoidedTowerM2: z.number(),
  }),
  solver: z.object({
    method: z.enum(['milp', 'greedy']),
    optimal: z.boolean(),
    objective: z.number(),
    lpBound: z.number().meta({ description: 'the LP relaxation bound on the objective' }),
    gapPct: z.number().meta({ description: 'how far the plan is from the bound, per cent' }),
    candidates: z.number().int(),
    elements: z.number().int().meta({ description: 'cells and key sites the solver weighs (cells alike merged)' }),
    ms: z.number(),
  }),
  settings: z.object({
    costs: z.record(z.string(), setting),
    thresholdDbm: z.number(),
    bandMHz: z.number(),
  }),
});
export type PlanResult = z.infer<typeof planResult>;

export const plan = z.object({
  id: uuid,
  status: z.enum(PLAN_STATUSES),
  progress: z.number().meta({ description: '0–100' }),
  stage: z.string().nullable().meta({ description: 'what the job is doing now' }),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
  input: z.record(z.string(), z.unknown()).meta({ description: 'the request as accepted, defaults filled in' }),
  result: planResult.nullable(),
  error: z.string().nullable(),
});
export type Plan = z.infer<typeof plan>;

/** POST /plans/:id/analyses: each chosen site becomes a co-location analysis; draft applications on request. */
export const planToWorkInput = z.object({ applications: z.boolean().default(false) }).strict();
export type PlanToWorkInput = z.infer<typeof planToWorkInput>;

export const planToWork = z.object({
  analyses: z.array(
    z.object({
      order: z.number().int(),
      analysisId: uuid,
      decision: z.string(),
      applicationId: uuid.nullable(),
    }),
  ),
});
export type PlanToWork = z.infer<typeof planToWork>;

/** GET /plans/settings: the defaults a plan starts from (costs, the city's targets), each with its source. */
export const planSettings = z.object({
  costs: z.record(z.string(), setting).meta({ description: 'share, upgrade, smartPole, newBuild, camouflagePremium (yuan)' }),
  targets: z
    .record(z.string(), setting)
    .meta({ description: 'populationCoveragePct, keySitesPct, basePerTenK (city-wide), basePerTenKCore, basePerTenKGigabit' }),
  bandMHz: z.record(z.enum(TECHNOLOGIES), z.number()),
});
export type PlanSettings = z.infer<typeof planSettings>;

/** GET /plans: the plans a user may see (their organisation's; all for an administrator), newest first. */
export const planListQuery = z
  .object({
    limit: z.coerce.number().int().min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100').default(20),
    offset: z.coerce.number().int().min(0, 'must be 0 or more').default(0),
  })
  .strict();
export type PlanListQuery = z.infer<typeof planListQuery>;

export const planList = z.object({
  plans: z.array(
    z.object({
      id: uuid,
      status: z.enum(PLAN_STATUSES),
      createdAt: timestamp,
      operator: z.string(),
      technology: z.enum(TECHNOLOGIES),
      objective: z.enum(PLAN_OBJECTIVES),
      districtIds: z.array(z.number().int()),
      sites: z.number().int().nullable(),
      cost: z.number().nullable(),
      targetsMet: z.boolean().nullable(),
    }),
  ),
  total: z.number().int(),
});
export type PlanList = z.infer<typeof planList>;

/**
 * GET /plans/:id/cells: the grid cells the plan newly covers, as GeoJSON hexagons with the build order and option of
 * the site that covers each first ("after" on the map is today's coverage plus these).
 */
export const planCellProperties = z.object({ h3: z.string(), order: z.number().int(), option: z.enum(PLAN_OPTIONS), residents: z.number() });
export type PlanCellProperties = z.infer<typeof planCellProperties>;
