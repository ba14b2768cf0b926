/** The KPI panel's state: filters and the rates the API returned for them. */
export interface Rate {
  rate: string;
  value: number | null;
  numerator: number;
  denominator: number;
  unit: 'count' | 'm';
  target: number | null;
  meetsTarget: boolean | null;
}

export interface KpiView {
  district: number | null;
  operator: string | null;
  rates: Rate[] | null;
  newSiteSharingRate: number | null;
}

export const NEW_KPI: KpiView = { district: null, operator: null, rates: null, newSiteSharingRate: null };

/** "/api/v1/kpis/sharing?…" for the chosen filters. */
export function kpiUrl(v: Pick<KpiView, 'district' | 'operator'>): string {
  const q = new URLSearchParams();
  if (v.district !== null) q.set('district', String(v.district));
  if (v.operator !== null) q.set('operator', v.operator);
  const s = q.toString();
  return `/api/v1/kpis/sharing${s ? `?${s}` : ''}`;
}
