import { Injectable } from '@nestjs/common';
import { KPI_CSV_COLUMNS, type KpiDashboard, type KpiDashboardQuery } from '@cosite/contracts';
import { toCsv } from '../common/csv';
import { CoverageKpiService } from '../coverage/coverage-kpi.service';
import { LAND_PER_AVOIDED_TOWER_M2 } from '../colocation/colocation.defaults';
import { KpiRepository } from './kpi.repository';
import { SharingKpiService } from './sharing-kpi.service';

/** A figure as the dashboard shows it: value, unit, target and whether it is met. */
export type Indicator = {
  indicator: string;
  scope: string;
  value: number | null;
  unit: string;
  target: number | null;
  meetsTarget: boolean | null;
};

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The regulator's dashboard in one answer: sharing and co-build rates, towers avoided and land saved by the decisions
 * and approvals booked, the new-site sharing rate, 5G base stations per 10,000 residents by district, key-site 5G
 * reach, and approvals by state with their lead time — each against its target, filtered by district, operator and
 * period, and flattened into indicators for the CSV export.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly kpis: KpiRepository,
    private readonly sharing: SharingKpiService,
    private readonly coverage: CoverageKpiService,
  ) {}

  async report(q: KpiDashboardQuery): Promise<KpiDashboard | { csv: string }> {
    const { format: _f, ...filters } = q;
    const [sharing, density, keySites, approvals] = await Promise.all([
      this.sharing.sharing(filters),
      this.coverage.fiveGDensity(),
      this.coverage.keySites(q.operator ?? 'any'),
      this.kpis.approvals(filters),
    ]);
    const approved = approvals.filter((r) => r.state === 'approved');
    const approvedShared = approved.filter((r) => r.kind !== 'new_build').reduce((a, r) => a + r.n, 0);
    const approvedAll = approved.reduce((a, r) => a + r.n, 0);
    const decided = approvals.filter((r) => r.leadDays !== null);
    const leadDays = decided.length ? round(decided.reduce((a, r) => a + r.leadDays! * r.n, 0) / decided.reduce((a, r) => a + r.n, 0)) : null;
    const byState = Object.fromEntries(
      ['draft', 'submitted', 'bureau_review', 'in_review', 'approved', 'rejected', 'returned'].map((s) => [
        s,
        approvals.filter((r) => r.state === s).reduce((a, r) => a + r.n, 0),
      ]),
    );
    const booked = sharing.decisionsBooked;
    const districts = q.district === undefined ? density.districts : density.districts.filter((d) => d.districtId === q.district);
    const body: KpiDashboard = {
      filters: sharing.filters,
      sharing: sharing.rates,
      newSites: {
        decisions: booked,
        approvals: { approved: approvedAll, sharedOrUpgraded: approvedShared, rate: approvedAll ? round(approvedShared / approvedAll, 4) : null },
        // towers avoided: demands placed on something standing, by the analyses booked and by the approvals
        towersAvoided: { byDecisions: booked.sharedOrUpgraded, byApprovals: approvedShared },
        landSavedM2: {
          byDecisions: round(booked.sharedOrUpgraded * LAND_PER_AVOIDED_TOWER_M2),
          byApprovals: round(approvedShared * LAND_PER_AVOIDED_TOWER_M2),
        },
        landPerAvoidedTowerM2: LAND_PER_AVOIDED_TOWER_M2,
      },
      fiveGDensity: { city: density.city, districts },
      keySites: {
        operator: keySites.operator,
        reached: keySites.reached,
        total: keySites.total,
        reachPct: keySites.reachPct,
        targetPct: keySites.targetPct,
        meetsTarget: keySites.meetsTarget,
      },
      approvals: { byState, leadDays },
    };
    return q.format === 'csv' ? { csv: toCsv(KPI_CSV_COLUMNS, this.indicators(body)) } : body;
  }

  /** Every figure as one line: what the CSV export holds. */
  indicators(r: KpiDashboard): Indicator[] {
    const out: Indicator[] = [];
    for (const s of r.sharing ?? [])
      out.push({ indicator: s.rate, scope: 'filter', value: s.value, unit: 'rate', target: s.target, meetsTarget: s.meetsTarget });
    out.push({
      indicator: 'new_site_sharing_rate_decisions',
      scope: 'filter',
      value: r.newSites.decisions.newSiteSharingRate,
      unit: 'rate',
      target: null,
      meetsTarget: null,
    });
    out.push({
      indicator: 'new_site_sharing_rate_approvals',
      scope: 'filter',
      value: r.newSites.approvals.rate,
      unit: 'rate',
      target: null,
      meetsTarget: null,
    });
    out.push({
      indicator: 'towers_avoided_approvals',
      scope: 'filter',
      value: r.newSites.towersAvoided.byApprovals,
      unit: 'towers',
      target: null,
      meetsTarget: null,
    });
    out.push({ indicator: 'land_saved_approvals', scope: 'filter', value: r.newSites.landSavedM2.byApprovals, unit: 'm2', target: null, meetsTarget: null });
    out.push({
      indicator: '5g_per_10k',
      scope: 'city',
      value: r.fiveGDensity.city.per10k,
      unit: 'per 10,000 residents',
      target: r.fiveGDensity.city.target,
      meetsTarget: r.fiveGDensity.city.meetsTarget,
    });
    for (const d of r.fiveGDensity.districts)
      out.push({
        indicator: '5g_per_10k',
        scope: `district ${d.districtId} ${d.name}`,
        value: d.per10k,
        unit: 'per 10,000 residents',
        target: d.target,
        meetsTarget: d.meetsTarget,
      });
    out.push({
      indicator: 'key_site_5g_reach',
      scope: `operator ${r.keySites.operator}`,
      value: r.keySites.reachPct / 100,
      unit: 'rate',
      target: r.keySites.targetPct / 100,
      meetsTarget: r.keySites.meetsTarget,
    });
    for (const [state, n] of Object.entries(r.approvals.byState))
      out.push({ indicator: `applications_${state}`, scope: 'filter', value: n as number, unit: 'count', target: null, meetsTarget: null });
    out.push({ indicator: 'approval_lead_time', scope: 'filter', value: r.approvals.leadDays, unit: 'days', target: null, meetsTarget: null });
    return out;
  }
}
