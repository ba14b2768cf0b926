import type { KpiRate } from '@cosite/contracts';

/** Families of facilities whose sharing and co-build the regulator measures, and how each is measured. */
export const FAMILIES = { tower: 'count', indoor: 'count', pole_route: 'm', duct: 'm' } as const;
export type Family = keyof typeof FAMILIES;

/** One family's sums as the SQL gives them (structures count 1 each, routes their length in metres). */
export interface FamilySums {
  family: Family;
  /** In service: at least one operator uses it. */
  inUse: number;
  /** Used by two or more operators. */
  shared: number;
  /** Built in the period (all built ones without a period). */
  built: number;
  /** … of which co-built. */
  coBuilt: number;
}

export interface Rate {
  rate: KpiRate;
  value: number | null;
  numerator: number;
  denominator: number;
  unit: 'count' | 'm';
  target: number | null;
  meetsTarget: boolean | null;
}

const RATE_OF: Record<KpiRate, { family: Family; kind: 'sharing' | 'cobuild' }> = {
  tower_sharing: { family: 'tower', kind: 'sharing' },
  pole_route_sharing: { family: 'pole_route', kind: 'sharing' },
  duct_sharing: { family: 'duct', kind: 'sharing' },
  indoor_sharing: { family: 'indoor', kind: 'sharing' },
  pole_route_cobuild: { family: 'pole_route', kind: 'cobuild' },
  duct_cobuild: { family: 'duct', kind: 'cobuild' },
  indoor_cobuild: { family: 'indoor', kind: 'cobuild' },
};

/** Each rate against its target; a rate with nothing to measure is null, not 0 (no routes is not a failure). */
export function toRates(sums: FamilySums[], targets: Partial<Record<KpiRate, number>>): Rate[] {
  return (Object.keys(RATE_OF) as KpiRate[]).map((rate) => {
    const { family, kind } = RATE_OF[rate];
    const s = sums.find((x) => x.family === family) ?? { inUse: 0, shared: 0, built: 0, coBuilt: 0 };
    const [numerator, denominator] = kind === 'sharing' ? [s.shared, s.inUse] : [s.coBuilt, s.built];
    const value = denominator > 0 ? Math.round((numerator / denominator) * 10000) / 10000 : null;
    const target = targets[rate] ?? null;
    const unit = FAMILIES[family];
    const r1 = (x: number) => (unit === 'm' ? Math.round(x * 10) / 10 : x);
    return {
      rate,
      value,
      numerator: r1(numerator),
      denominator: r1(denominator),
      unit,
      target,
      meetsTarget: value === null || target === null ? null : value >= target,
    };
  });
}
