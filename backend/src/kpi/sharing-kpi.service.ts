import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { isoDate, oneOf } from '@cosite/contracts';
import { RulesService } from '../zoning/rules.service';
import { KpiRate } from '../zoning/regulation-rules';
import { FamilySums, toRates } from './sharing-rates';

/** The filters every KPI answer takes: a district, an operator, a period. */
export const KPI_FILTERS = {
  district: z.coerce.number().int('must be a district code').optional(),
  operator: z.string().min(1).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
export const periodInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;

export const querySchema = z
  .object({ ...KPI_FILTERS, groupBy: oneOf(['district', 'operator'] as const).optional() })
  .strict()
  .refine(periodInOrder, { path: ['to'], message: 'must not be before from' });

/** Base-station sites whose sharing the tower sharing rate measures (indoor systems are measured on their own). */
const TOWER_KINDS = ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop'];

/**
 * Every facility the rates measure, with its users (operators), district, build mode and date. Definitions (also in
 * the README): a structure's users are the operators with an active tenancy on it; a route's users are its tenants
 * with units in use, plus its owner when the owner is an operator using capacity of its own. Shared = two or more
 * users. Routes are measured by length, structures by count; a route belongs to the district holding its midpoint.
 */
const FACILITIES = `
  SELECT CASE WHEN s.kind = 'indoor_distribution' THEN 'indoor' ELSE 'tower' END AS family, 1::float8 AS measure,
         s.build_mode = 'co_build' AS cobuilt, s.built_on, s.district_id,
         array(SELECT DISTINCT t.operator_id FROM tenancy t WHERE t.structure_id = s.id AND t.status = 'active') AS users
    FROM structure s
   WHERE s.status = 'built' AND (s.kind = ANY($1) OR s.kind = 'indoor_distribution')
  UNION ALL
  SELECT CASE r.kind WHEN 'pole_line' THEN 'pole_route' ELSE 'duct' END, r.length_m, r.build_mode = 'co_build', r.built_on,
         (SELECT d.id FROM district d WHERE ST_Intersects(d.geom, ST_LineInterpolatePoint(r.geom, 0.5)) ORDER BY d.id LIMIT 1),
         array(SELECT t.operator_id FROM route_tenant t WHERE t.route_id = r.id AND t.units_used > 0
               UNION
               SELECT r.owner_id FROM organisation o
                WHERE o.id = r.owner_id AND o.kind = 'operator'
                  AND r.capacity_used > (SELECT coalesce(sum(t.units_used), 0) FROM route_tenant t WHERE t.route_id = r.id))
    FROM route r
   WHERE r.status = 'built' AND r.kind IN ('pole_line', 'duct')`;

/** Sharing and co-build rates as the regulator measures them, computed in SQL from the inventory and the decisions booked. */
@Injectable()
export class SharingKpiService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RulesService,
  ) {}

  async sharing(query: unknown) {
    const q = parseOrThrow(querySchema, query ?? {});
    if (q.district !== undefined && !(await this.db.query(`SELECT 1 FROM district WHERE id = $1`, [q.district])).length) throw ApiError.invalid([{ field: 'district', problem: `no district ${q.district}` }]);
    if (q.operator !== undefined && !(await this.db.query(`SELECT 1 FROM organisation WHERE id = $1 AND kind = 'operator'`, [q.operator])).length) throw ApiError.invalid([{ field: 'operator', problem: `no operator "${q.operator}"` }]);
    const key = q.groupBy === 'district' ? 'f.district_id::text' : q.groupBy === 'operator' ? 'op' : `'all'`;
    const rows: (FamilySums & { key: string | null })[] = await this.db.query(
      `WITH f AS (${FACILITIES})
       SELECT ${key} AS key, f.family,
              coalesce(sum(f.measure) FILTER (WHERE cardinality(f.users) >= 1), 0)::float8 AS "inUse",
              coalesce(sum(f.measure) FILTER (WHERE cardinality(f.users) >= 2), 0)::float8 AS shared,
              coalesce(sum(f.measure) FILTER (WHERE f.period), 0)::float8 AS built,
              coalesce(sum(f.measure) FILTER (WHERE f.period AND f.cobuilt), 0)::float8 AS "coBuilt"
         FROM (SELECT f.*, ($4::date IS NULL OR f.built_on >= $4) AND ($5::date IS NULL OR f.built_on <= $5) AS period FROM f) f
         ${q.groupBy === 'operator' ? 'CROSS JOIN LATERAL unnest(f.users) AS op' : ''}
        WHERE ($2::int IS NULL OR f.district_id = $2) AND ($3::text IS NULL OR $3 = ANY(f.users))
          ${q.groupBy === 'operator' ? 'AND ($3::text IS NULL OR op = $3)' : ''}
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      [TOWER_KINDS, q.district ?? null, q.operator ?? null, q.from ?? null, q.to ?? null],
    );
    const targets = Object.fromEntries((await this.rules.enabled(['kpi_target'])).map((r) => [r.appliesTo, Number(r.params.min)])) as Partial<Record<KpiRate, number>>;
    const [booked] = await this.db.query(
      `SELECT count(*)::int AS analyses, count(*) FILTER (WHERE decision IN ('share','upgrade'))::int AS shared
         FROM colocation_analysis
        WHERE ($1::int IS NULL OR district_id = $1) AND ($2::text IS NULL OR operator_id = $2)
          AND ($3::date IS NULL OR created_at >= $3) AND ($4::date IS NULL OR created_at < $4::date + 1)`,
      [q.district ?? null, q.operator ?? null, q.from ?? null, q.to ?? null],
    );
    const groups = [...new Set(rows.map((r) => r.key))].map((k) => ({ key: k, rates: toRates(rows.filter((r) => r.key === k), targets) }));
    return {
      filters: { district: q.district ?? null, operator: q.operator ?? null, from: q.from ?? null, to: q.to ?? null },
      rates: q.groupBy ? undefined : (groups[0]?.rates ?? toRates([], targets)),
      groups: q.groupBy ? groups.map((g) => ({ [q.groupBy!]: q.groupBy === 'district' && g.key !== null ? Number(g.key) : g.key, rates: g.rates })) : undefined,
      // demands decided in the period: how many new sites went onto something shared instead of a new build
      decisionsBooked: { analyses: booked.analyses, sharedOrUpgraded: booked.shared, newSiteSharingRate: booked.analyses ? Math.round((booked.shared / booked.analyses) * 10000) / 10000 : null },
      targetsFrom: 'regulation_rule (subject kpi_target)',
    };
  }
}
