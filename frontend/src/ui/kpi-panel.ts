import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../state';
import { getJson } from '../api';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { DistrictName, districtNames } from './tool-panel';
import { kpiUrl, NEW_KPI, Rate } from '../sharing/kpi';

const OPERATORS = ['china-mobile', 'china-telecom', 'china-unicom', 'china-broadnet'];
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The regulator's sharing KPIs: each rate as a bar against its target, for the city, a district or an operator. */
export function attachKpiPanel(el: HTMLElement, map: MapLibreMap, store: Store): void {
  const view = () => store.get().kpi;
  let districts: DistrictName[] = [];

  const bar = (r: Rate) => {
    const { lang } = store.get();
    const value = r.value === null ? '—' : pct(r.value);
    const width = r.value === null ? 0 : Math.round(r.value * 100);
    const target = r.target === null ? null : Math.round(r.target * 100);
    const status = r.meetsTarget === null ? 'none' : r.meetsTarget ? 'meets' : 'misses';
    return `<li class="kpi" data-rate="${r.rate}" data-meets="${status}">
      <div class="kpi-label">${escapeHtml(term(lang, r.rate))} <strong>${value}</strong> <small>${t(lang, 'target')} ≥ ${target ?? '—'}%</small></div>
      <div class="kpi-bar"><span class="kpi-value ${status}" style="width:${width}%"></span>${target === null ? '' : `<span class="kpi-target" style="left:${target}%"></span>`}</div>
      <small class="muted">${r.unit === 'm' ? `${Math.round(r.numerator / 100) / 10} / ${Math.round(r.denominator / 100) / 10} km` : `${r.numerator} / ${r.denominator}`}</small></li>`;
  };

  const render = () => {
    const { lang } = store.get();
    const v = view();
    el.hidden = !v;
    if (!v) return;
    const name = (d: { nameZh: string; nameEn: string }) => (lang === 'zh' ? d.nameZh : d.nameEn);
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'sharingKpis')}</h2>
      <form class="demand-form kpi-form" novalidate>
        <label>${t(lang, 'district')}<select name="district"><option value="">${t(lang, 'wholeCity')}</option>${districts.map((d) => `<option value="${d.id}" ${d.id === v.district ? 'selected' : ''}>${escapeHtml(name(d))}</option>`).join('')}</select></label>
        <label>${t(lang, 'operator')}<select name="operator"><option value="">${t(lang, 'allOperators')}</option>${OPERATORS.map((o) => `<option value="${o}" ${o === v.operator ? 'selected' : ''}>${escapeHtml(term(lang, o))}</option>`).join('')}</select></label>
      </form>
      ${v.rates ? `<ul class="kpis">${v.rates.map(bar).join('')}</ul>
        <p class="muted">${t(lang, 'newSiteSharing')}: ${v.newSiteSharingRate === null ? '—' : pct(v.newSiteSharingRate)}</p>
        <p class="muted">${t(lang, 'kpiDefinitions')}</p>` : `<p class="muted">…</p>`}`;
  };

  const load = async () => {
    const v = view();
    if (!v) return;
    const body = await getJson<{ rates: Rate[]; decisionsBooked: { newSiteSharingRate: number | null } }>(kpiUrl(v));
    const now = view();
    if (!now || now.district !== v.district || now.operator !== v.operator) return;
    store.update({ kpi: { ...now, rates: body.rates, newSiteSharingRate: body.decisionsBooked.newSiteSharingRate } });
  };

  el.addEventListener('change', (e) => {
    const target = e.target as HTMLSelectElement;
    const v = view() ?? NEW_KPI;
    if (target.name === 'district') store.update({ kpi: { ...v, district: target.value ? Number(target.value) : null, rates: null } });
    if (target.name === 'operator') store.update({ kpi: { ...v, operator: target.value || null, rates: null } });
    void load();
  });
  el.addEventListener('click', (e) => {
    if ((e.target as HTMLElement).matches('button.close')) store.update({ kpi: null });
  });
  store.subscribe((s, prev) => {
    if (s.kpi !== prev.kpi || s.lang !== prev.lang) {
      render();
      if (!!s.kpi !== !!prev.kpi) map.resize();
      if (s.kpi && !prev.kpi) void load();
    }
  });
  void districtNames().then((d) => {
    districts = d;
    render();
  });
  render();
}
