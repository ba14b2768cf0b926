import { Injectable } from '@nestjs/common';
import type { KpiRate, KpiSharingQuery, KpiSharingResult } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { RulesService } from '../zoning/rules.service';
import { KpiRepository } from './kpi.repository';
import { toRates } from './sharing-rates';

/** Base-station sites whose sharing the tower sharing rate measures (indoor systems are measured on their own). */
const TOWER_KINDS = ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop'];

/**
 * Sharing and co-build rates as the regulator measures them, computed in SQL from the inventory and the decisions
 * booked (definitions: kpi.sql.ts and the README).
 */
@Injectable()
export class SharingKpiService {
  constructor(
    private readonly kpis: KpiRepository,
    private readonly rules: RulesService,
  ) {}

  async sharing(q: KpiSharingQuery): Promise<KpiSharingResult> {
    if (q.district !== undefined && !(await this.kpis.districtExists(q.district)))
      throw ApiError.invalid([{ field: 'district', problem: `no district ${q.district}` }]);
    if (q.operator !== undefined && !(await this.kpis.operatorExists(q.operator)))
      throw ApiError.invalid([{ field: 'operator', problem: `no operator "${q.operator}"` }]);
    const rows = await this.kpis.familySums(TOWER_KINDS, q, q.groupBy);
    const targets = Object.fromEntries((await this.rules.enabled(['kpi_target'])).map((r) => [r.appliesTo, Number(r.params.min)])) as Partial<
      Record<KpiRate, number>
    >;
    const booked = await this.kpis.decisionsBooked(q);
    const groups = [...new Set(rows.map((r) => r.key))].map((k) => ({
      key: k,
      rates: toRates(
        rows.filter((r) => r.key === k),
        targets,
      ),
    }));
    return {
      filters: { district: q.district ?? null, operator: q.operator ?? null, from: q.from ?? null, to: q.to ?? null },
      rates: q.groupBy ? undefined : (groups[0]?.rates ?? toRates([], targets)),
      groups: q.groupBy ? groups.map((g) => ({ [q.groupBy!]: q.groupBy === 'district' && g.key !== null ? Number(g.key) : g.key, rates: g.rates })) : undefined,
      // demands decided in the period: how many new sites went onto something shared instead of a new build
      decisionsBooked: {
        analyses: booked.analyses,
        sharedOrUpgraded: booked.shared,
        newSiteSharingRate: booked.analyses ? Math.round((booked.shared / booked.analyses) * 10000) / 10000 : null,
      },
      targetsFrom: 'regulation_rule (subject kpi_target)',
    };
  }
}
