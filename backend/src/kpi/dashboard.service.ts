import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseOrThrow } from '../common/zod';
import { toCsv } from '../common/csv';
import { CoverageKpiService } from '../coverage/coverage-kpi.service';
import { LAND_PER_AVOIDED_TOWER_M2 } from '../colocation/colocation.defaults';
import { KPI_FILTERS, periodInOrder, SharingKpiService } from './sharing-kpi.service';

export const querySchema = z
  .object({ ...KPI_FILTERS, format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional() })
  .strict()
  .refine(periodInOrder, { path: ['to'], message: 'must not be before from' });

/** A figure as the dashboard shows it: value, unit, target and whether it is met. */
export interface Indicator {
  indicator: string;
  scope: string;
  value: number | null;
  unit: string;
  target: number | null;
  meetsTarget: boolean | null;
}

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
    private readonly db: DataSource,
    private readonly sharing: SharingKpiService,
    private readonly coverage: CoverageKpiService,
  ) {}

  async report(query: unknown): Promise<Record<string, unknown>> {
    const q = parseOrThrow(querySchema, query ?? {});
    const { format: _f, ...filters } = q;
    const [sharing, density, keySites, approvals] = await Promise.all([
      this.sharing.sharing(filters),
      this.coverage.fiveGDensity(),
      this.coverage.keySites(q.operator ?? 'any'),
      this.db.query(
        `SELECT a.state, a.kind, count(*)::int AS n,
                avg(extract(epoch FROM (a.state_changed_at - s.submitted_at)) / 86400) FILTER (WHERE a.state IN ('approved','rejected'))::float8 AS "leadDays"
           FROM application a
           LEFT JOIN LATERAL (SELECT min(e.at) AS submitted_at FROM audit_event e WHERE e.entity = 'application' AND e.entity_id = a.id::text AND e.action IN ('to_submitted','to_bureau_review')) s ON true
           LEFT JOIN colocation_analysis c ON c.id = a.analysis_id
          WHERE ($1::int IS NULL OR c.district_id = $1) AND ($2::text IS NULL OR a.operator_id = $2)
            AND ($3::date IS NULL OR a.created_at >= $3) AND ($4::date IS NULL OR a.created_at < $4::date + 1)
          GROUP BY a.state, a.kind`,
        [q.district ?? null, q.operator ?? null, q.from ?? null, q.to ?? null],
      ) as Promise<{ state: string; kind: string; n: number; leadDays: number | null }[]>,
    ]);
    const approved = approvals.filter((r) => r.state === 'approved');
    const approvedShared = approved.filter((r) => r.kind !== 'new_build').reduce((a, r) => a + r.n, 0);
    const approvedAll = approved.reduce((a, r) => a + r.n, 0);
    const decided = approvals.filter((r) => r.leadDays !== null);
    const leadDays = decided.length ? round(decided.reduce((a, r) => a + r.leadDays! * r.n, 0) / decided.reduce((a, r) => a + r.n, 0)) : null;
    const byState = Object.fromEntries(['draft', 'submitted', 'bureau_review', 'in_review', 'approved', 'rejected', 'returned'].map((s) => [s, approvals.filter((r) => r.state === s).reduce((a, r) => a + r.n, 0)]));
    const booked = sharing.decisionsBooked;
    const districts = q.district === undefined ? density.districts : density.districts.filter((d: { districtId: number | null }) => d.districtId === q.district);
    const body = {
      filters: sharing.filters,
      sharing: sharing.rates,
      newSites: {
        decisions: booked,
        approvals: { approved: approvedAll, sharedOrUpgraded: approvedShared, rate: approvedAll ? round(approvedShared / approvedAll, 4) : null },
        // towers avoided: demands placed on something standing, by the analyses booked and by the approvals
        towersAvoided: { byDecisions: booked.sharedOrUpgraded, byApprovals: approvedShared },
        landSavedM2: { byDecisions: round(booked.sharedOrUpgraded * LAND_PER_AVOIDED_TOWER_M2), byApprovals: round(approvedShared * LAND_PER_AVOIDED_TOWER_M2) },
        landPerAvoidedTowerM2: LAND_PER_AVOIDED_TOWER_M2,
      },
      fiveGDensity: { city: density.city, districts },
      keySites: { operator: keySites.operator, reached: keySites.reached, total: keySites.total, reachPct: keySites.reachPct, targetPct: keySites.targetPct, meetsTarget: keySites.meetsTarget },
      approvals: { byState, leadDays },
    };
    return q.format === 'csv' ? { csv: toCsv(['indicator', 'scope', 'value', 'unit', 'target', 'meetsTarget'], this.indicators(body) as unknown as Record<string, unknown>[]) } : body;
  }

  /** Every figure as one line: what the CSV export holds. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  indicators(r: any): Indicator[] {
    const out: Indicator[] = [];
    for (const s of r.sharing) out.push({ indicator: s.rate, scope: 'filter', value: s.value, unit: 'rate', target: s.target, meetsTarget: s.meetsTarget });
    out.push({ indicator: 'new_site_sharing_rate_decisions', scope: 'filter', value: r.newSites.decisions.newSiteSharingRate, unit: 'rate', target: null, meetsTarget: null });
    out.push({ indicator: 'new_site_sharing_rate_approvals', scope: 'filter', value: r.newSites.approvals.rate, unit: 'rate', target: null, meetsTarget: null });
    out.push({ indicator: 'towers_avoided_approvals', scope: 'filter', value: r.newSites.towersAvoided.byApprovals, unit: 'towers', target: null, meetsTarget: null });
    out.push({ indicator: 'land_saved_approvals', scope: 'filter', value: r.newSites.landSavedM2.byApprovals, unit: 'm2', target: null, meetsTarget: null });
    out.push({ indicator: '5g_per_10k', scope: 'city', value: r.fiveGDensity.city.per10k, unit: 'per 10,000 residents', target: r.fiveGDensity.city.target, meetsTarget: r.fiveGDensity.city.meetsTarget });
    for (const d of r.fiveGDensity.districts) out.push({ indicator: '5g_per_10k', scope: `district ${d.districtId} ${d.name}`, value: d.per10k, unit: 'per 10,000 residents', target: d.target, meetsTarget: d.meetsTarget });
    out.push({ indicator: 'key_site_5g_reach', scope: `operator ${r.keySites.operator}`, value: r.keySites.reachPct / 100, unit: 'rate', target: r.keySites.targetPct / 100, meetsTarget: r.keySites.meetsTarget });
    for (const [state, n] of Object.entries(r.approvals.byState)) out.push({ indicator: `applications_${state}`, scope: 'filter', value: n as number, unit: 'count', target: null, meetsTarget: null });
    out.push({ indicator: 'approval_lead_time', scope: 'filter', value: r.approvals.leadDays, unit: 'days', target: null, meetsTarget: null });
    return out;
  }
}
