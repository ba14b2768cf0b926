import { z } from 'zod';
import { isoDate, oneOf } from './zod';

/** The regulator's indicators: sharing and co-build rates against their targets, and the dashboard around them. */

/** Sharing and co-build rates the regulator measures, with the target each must reach (see README: KPI definitions). */
export const KPI_RATES = [
  'tower_sharing',
  'pole_route_sharing',
  'duct_sharing',
  'indoor_sharing',
  'pole_route_cobuild',
  'duct_cobuild',
  'indoor_cobuild',
] as const;
export type KpiRate = (typeof KPI_RATES)[number];

/** The filters every KPI answer takes: a district, an operator, a period. */
export const KPI_FILTERS = {
  district: z.coerce.number().int('must be a district code').optional().meta({ type: 'integer', description: 'a district code' }),
  operator: z.string().min(1).optional().meta({ description: 'an operator id' }),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
export const periodInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;

export const kpiSharingQuery = z
  .object({ ...KPI_FILTERS, groupBy: oneOf(['district', 'operator'] as const).optional() })
  .strict()
  .refine(periodInOrder, { path: ['to'], message: 'must not be before from' });
export type KpiSharingQuery = z.infer<typeof kpiSharingQuery>;

export const kpiDashboardQuery = z
  .object({ ...KPI_FILTERS, format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional() })
  .strict()
  .refine(periodInOrder, { path: ['to'], message: 'must not be before from' });
export type KpiDashboardQuery = z.infer<typeof kpiDashboardQuery>;

export const kpiRate = z.object({
  rate: z.enum(KPI_RATES),
  value: z.number().nullable().meta({ description: 'null when there is nothing to measure' }),
  numerator: z.number(),
  denominator: z.number(),
  unit: z.enum(['count', 'm']),
  target: z.number().nullable(),
  meetsTarget: z.boolean().nullable(),
});
export type KpiRateValue = z.infer<typeof kpiRate>;

export const kpiFilters = z.object({
  district: z.number().int().nullable(),
  operator: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

const decisionsBooked = z.object({ analyses: z.number().int(), sharedOrUpgraded: z.number().int(), newSiteSharingRate: z.number().nullable() });

export const kpiSharingResult = z.object({
  filters: kpiFilters,
  rates: z.array(kpiRate).optional().meta({ description: 'without groupBy' }),
  groups: z
    .array(z.looseObject({ rates: z.array(kpiRate) }).meta({ description: 'the group key (district or operator) and its rates' }))
    .optional()
    .meta({ description: 'with groupBy' }),
  decisionsBooked,
  targetsFrom: z.string(),
});
export type KpiSharingResult = z.infer<typeof kpiSharingResult>;

const districtDensity = z.object({
  districtId: z.number().int().nullable(),
  name: z.string().nullable(),
  stations: z.number(),
  population: z.number(),
  per10k: z.number(),
  target: z.number().nullable(),
  meetsTarget: z.boolean().nullable(),
});

export const kpiDashboard = z.object({
  filters: kpiFilters,
  sharing: z.array(kpiRate).optional(),
  newSites: z.object({
    decisions: decisionsBooked,
    approvals: z.object({ approved: z.number().int(), sharedOrUpgraded: z.number().int(), rate: z.number().nullable() }),
    towersAvoided: z.object({ byDecisions: z.number(), byApprovals: z.number() }),
    landSavedM2: z.object({ byDecisions: z.number(), byApprovals: z.number() }),
    landPerAvoidedTowerM2: z.number(),
  }),
  fiveGDensity: z.object({
    city: z.object({
      stations: z.number(),
      population: z.number(),
      per10k: z.number(),
      target: z.number(),
      meetsTarget: z.boolean(),
      gigabitCityTarget: z.number(),
      meetsGigabitCity: z.boolean(),
    }),
    districts: z.array(districtDensity),
  }),
  keySites: z.object({
    operator: z.string(),
    reached: z.number().int(),
    total: z.number().int(),
    reachPct: z.number(),
    targetPct: z.number(),
    meetsTarget: z.boolean(),
  }),
  approvals: z.object({ byState: z.record(z.string(), z.number().int()), leadDays: z.number().nullable() }),
});
export type KpiDashboard = z.infer<typeof kpiDashboard>;

/** A figure as the dashboard's CSV export lists it: value, unit, target and whether it is met. */
export const KPI_CSV_COLUMNS = ['indicator', 'scope', 'value', 'unit', 'target', 'meetsTarget'] as const;
