import type { FeatureCollection } from 'geojson';
import type { AreaKpi, CoverageKpiReport, KpiDashboard, KpiRateValue } from '@cosite/contracts';

/** The dashboard as the API returns it: the contract's (the panel and the map show part of it). */
export type Dashboard = KpiDashboard;
export type Rate = KpiRateValue;
export type DistrictDensity = Dashboard['fiveGDensity']['districts'][number];

export interface KpiView {
  district: number | null;
  operator: string | null;
  report: Dashboard | null;
  /** Districts coloured by 5G base stations per 10,000 residents, when shown on the map. */
  choropleth: FeatureCollection | null;
  /** Coverage and link quality per district (GET /coverage/kpis) for the coverage control's technology; absent until loaded. */
  coverage?: CoverageKpiReport | null;
}

/** The coverage KPI rows of an operator (or of any operator): the city first, then each district (pure). */
export function coverageRows(report: Pick<CoverageKpiReport, 'area'>, operator: string | null): AreaKpi[] {
  const rows = report.area.filter((a) => a.operator === (operator ?? 'any'));
  return [...rows.filter((a) => a.districtId === null), ...rows.filter((a) => a.districtId !== null)];
}

export const NEW_KPI: KpiView = { district: null, operator: null, report: null, choropleth: null };

/** The KPI query for the chosen filters (those not chosen left out). */
export const kpiQuery = (v: Pick<KpiView, 'district' | 'operator'>) => ({ district: v.district ?? undefined, operator: v.operator ?? undefined });

/** "/api/v1/kpis?…" for the chosen filters (`csv` for the export). */
export function kpiUrl(v: Pick<KpiView, 'district' | 'operator'>, format?: 'csv'): string {
  const q = new URLSearchParams();
  if (v.district !== null) q.set('district', String(v.district));
  if (v.operator !== null) q.set('operator', v.operator);
  if (format) q.set('format', format);
  const s = q.toString();
  return `/api/v1/kpis${s ? `?${s}` : ''}`;
}

/** District boundaries with their 5G density for the choropleth (pure). */
export function densityChoropleth(districts: { id: number; geometry: unknown }[], density: DistrictDensity[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: districts
      .map((d) => ({ d, x: density.find((x) => x.districtId === d.id) }))
      .filter(({ x }) => x)
      .map(({ d, x }) => ({
        type: 'Feature' as const,
        geometry: d.geometry as FeatureCollection['features'][number]['geometry'],
        properties: { id: d.id, name: x!.name, per10k: x!.per10k },
      })),
  };
}
