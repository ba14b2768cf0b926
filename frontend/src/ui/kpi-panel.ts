import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../state';
import { api, dataOf } from '../api/client';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { type DistrictName, districtLabel, districtNames, OPERATORS } from './tool-panel';
import { coverageRows, type Dashboard, densityChoropleth, kpiQuery, kpiUrl, NEW_KPI, type Rate } from '../sharing/kpi';
import { drawSeriesChart, drawTargetChart } from './kpi-charts';
import type { AreaKpi, CoverageKpiReport } from '@cosite/contracts';
import { THEME } from '../map/theme';

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A horizontal bar against its target marker (0–max), the figure and the target beside it. */
function bar(label: string, value: number | null, target: number | null, max: number, shown: string, targetShown: string, attrs = '', note = ''): string {
  const status = value === null || target === null ? 'none' : value >= target ? 'meets' : 'misses';
  const w = value === null ? 0 : Math.min(100, Math.round((value / max) * 100));
  const tx = target === null ? null : Math.min(100, Math.round((target / max) * 100));
  return `<li class="kpi" ${attrs} data-meets="${status}">
    <div class="kpi-label">${escapeHtml(label)} <strong>${shown}</strong>${target === null ? '' : ` <small>≥ ${targetShown}</small>`}</div>
    <div class="kpi-bar"><span class="kpi-value ${status}" style="width:${w}%"></span>${tx === null ? '' : `<span class="kpi-target" style="left:${tx}%"></span>`}</div>${note}</li>`;
}

/**
 * The regulator's dashboard: sharing and co-build rates, new sites shared, towers avoided and land saved, 5G base
 * stations per 10,000 residents by district (also as a choropleth on the map), key-site reach, approvals by state and
 * lead time — each against its target, for the city, a district or an operator, with a CSV export.
 */
export function attachKpiPanel(el: HTMLElement, map: MapLibreMap, store: Store): void {
  const view = () => store.get().kpi;
  let districts: DistrictName[] = [];

  const rateBar = (r: Rate) => {
    const { lang } = store.get();
    const counted = r.unit === 'm' ? `${Math.round(r.numerator / 100) / 10} / ${Math.round(r.denominator / 100) / 10} km` : `${r.numerator} / ${r.denominator}`;
    return bar(
      term(lang, r.rate),
      r.value,
      r.target,
      1,
      r.value === null ? '—' : pct(r.value),
      r.target === null ? '' : pct(r.target),
      `data-rate="${r.rate}"`,
      `<small class="muted">${counted}</small>`,
    );
  };

  const reportHtml = (d: Dashboard) => {
    const { lang } = store.get();
    const n = d.newSites;
    const maxDensity = Math.max(60, ...d.fiveGDensity.districts.map((x) => x.per10k));
    return `<h3>${t(lang, 'sharingRates')}</h3><div class="kpi-chart"><canvas id="kpi-sharing-chart"></canvas></div><ul class="kpis">${(d.sharing ?? []).map(rateBar).join('')}</ul>
      <h3>${t(lang, 'newSites')}</h3>
      <table class="candidates"><tbody>
        <tr><td>${t(lang, 'newSiteSharing')}</td><td class="new-site-rate">${n.decisions.newSiteSharingRate === null ? '—' : pct(n.decisions.newSiteSharingRate)} (${n.decisions.sharedOrUpgraded} / ${n.decisions.analyses})</td></tr>
        <tr><td>${t(lang, 'approvedShared')}</td><td>${n.approvals.rate === null ? '—' : pct(n.approvals.rate)} (${n.approvals.sharedOrUpgraded} / ${n.approvals.approved})</td></tr>
        <tr><td>${t(lang, 'towersAvoidedBooked')}</td><td>${n.towersAvoided.byDecisions} · ${t(lang, 'landSaved')} ${n.landSavedM2.byDecisions} m²</td></tr>
      </tbody></table>
      <h3>${t(lang, 'fiveGDensity')}</h3>
      <div class="kpi-chart"><canvas id="kpi-density-chart"></canvas></div>
      <ul class="kpis density">${bar(t(lang, 'wholeCity'), d.fiveGDensity.city.per10k, d.fiveGDensity.city.target, maxDensity, String(d.fiveGDensity.city.per10k), String(d.fiveGDensity.city.target), 'data-rate="5g_city"')}
        ${d.fiveGDensity.districts.map((x) => bar(districtName(x.districtId) ?? x.name ?? '', x.per10k, x.target, maxDensity, String(x.per10k), x.target === null ? '' : String(x.target), `data-district="${x.districtId}"`)).join('')}</ul>
      <p><label class="check"><input type="checkbox" name="choropleth" ${view()?.choropleth ? 'checked' : ''}> ${t(lang, 'showOnMap')}</label></p>
      <h3>${t(lang, 'keySiteReach')}</h3>
      <ul class="kpis">${bar(t(lang, 'keySiteReach'), d.keySites.reachPct / 100, d.keySites.targetPct / 100, 1, `${d.keySites.reachPct}% (${d.keySites.reached} / ${d.keySites.total})`, `${d.keySites.targetPct}%`, 'data-rate="key_site_reach"')}</ul>
      <h3>${t(lang, 'applications')}</h3>
      <p class="approvals">${Object.entries(d.approvals.byState)
        .map(([s, c]) => `<span class="badge state-${s}">${escapeHtml(term(lang, s))} ${c}</span>`)
        .join(' ')}</p>
      <p class="muted">${t(lang, 'leadTime')}: ${d.approvals.leadDays === null ? '—' : `${d.approvals.leadDays} ${t(lang, 'days')}`}</p>
      <p><a class="csv" href="${kpiUrl(view()!, 'csv')}" download>CSV</a></p>
      <p class="muted">${t(lang, 'kpiDefinitions')}</p>`;
  };

  /** Coverage and link quality: the chosen area's figures, then every district in a table and two charts. */
  const coverageHtml = (c: CoverageKpiReport | null | undefined) => {
    const { lang, coverage } = store.get();
    const title = `<h3>${t(lang, 'coverageKpis')} · ${escapeHtml(coverage.technology)}</h3>`;
    if (c === undefined) return `${title}<p class="muted coverage-kpis" data-state="loading">${t(lang, 'coverageKpisLoading')}</p>`;
    if (c === null) return `${title}<p class="muted coverage-kpis" data-state="failed">${t(lang, 'coverageKpisFailed')}</p>`;
    const rows = coverageRows(c, view()?.operator ?? null);
    const chosen = rows.find((r) => r.districtId === (view()?.district ?? null)) ?? rows[0];
    const sinr = `SINR ≥ ${c.sinrUsableDb} dB`;
    const good = `≥ ${c.goodThroughputMbps} Mbit/s`;
    const mbps = (x: number | null) => (x === null ? '—' : `${x} Mbit/s`);
    const share = (label: string, x: number, key: string) => bar(label, x / 100, null, 1, `${x}%`, '', `data-kpi="${key}"`);
    const figures = chosen
      ? `<ul class="kpis coverage-kpis" data-area="${chosen.districtId ?? 'city'}">
          ${share(t(lang, 'kpiAreaCovered'), chosen.areaCoveredPct, 'areaCoveredPct')}
          ${share(t(lang, 'kpiPopulationCovered'), chosen.populationCoveredPct, 'populationCoveredPct')}
          ${share(`${t(lang, 'kpiSinrArea')} ${sinr}`, chosen.sinrUsableAreaPct, 'sinrUsableAreaPct')}
          ${share(`${t(lang, 'kpiSinrPopulation')} ${sinr}`, chosen.populationSinrUsablePct, 'populationSinrUsablePct')}
          ${share(`${t(lang, 'kpiGoodThroughput')} ${good}`, chosen.populationGoodThroughputPct, 'populationGoodThroughputPct')}
          <li class="kpi" data-kpi="throughput">${t(lang, 'kpiMedianThroughput')} <strong>${mbps(chosen.medianThroughputMbps)}</strong> · ${t(lang, 'kpiP5Throughput')} <strong>${mbps(chosen.p5ThroughputMbps)}</strong></li>
        </ul>`
      : '';
    const name = (r: AreaKpi) => (r.districtId === null ? t(lang, 'wholeCity') : (districtName(r.districtId) ?? r.name));
    const table = `<table class="candidates coverage-kpi-table"><thead><tr><th>${t(lang, 'kpiArea')}</th><th>${t(lang, 'kpiSinrPopulation')} ${sinr} (%)</th><th>${t(lang, 'kpiMedianThroughput')} (Mbit/s)</th><th>${t(lang, 'kpiP5Throughput')} (Mbit/s)</th><th>${t(lang, 'kpiGoodThroughput')} ${good} (%)</th></tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr data-district="${r.districtId ?? 'city'}" class="${r === chosen ? 'chosen' : ''}"><td>${escapeHtml(name(r))}</td><td>${r.populationSinrUsablePct}</td><td>${r.medianThroughputMbps ?? '—'}</td><td>${r.p5ThroughputMbps ?? '—'}</td><td>${r.populationGoodThroughputPct}</td></tr>`,
      )
      .join('')}</tbody></table>`;
    return `${title}${figures}
      <div class="kpi-chart"><canvas id="kpi-link-chart"></canvas></div>
      <div class="kpi-chart"><canvas id="kpi-throughput-chart"></canvas></div>
      ${table}<p class="muted">${t(lang, 'kpiCoverageNote')}</p>`;
  };

  const drawCoverageCharts = (c: CoverageKpiReport) => {
    const { lang } = store.get();
    const rows = coverageRows(c, view()?.operator ?? null);
    const labels = rows.map((r) => (r.districtId === null ? t(lang, 'wholeCity') : (districtName(r.districtId) ?? r.name)));
    const link = el.querySelector<HTMLCanvasElement>('#kpi-link-chart');
    const tput = el.querySelector<HTMLCanvasElement>('#kpi-throughput-chart');
    if (link)
      drawSeriesChart(
        link,
        labels,
        [
          {
            label: `${t(lang, 'kpiSinrPopulation')} SINR ≥ ${c.sinrUsableDb} dB`,
            values: rows.map((r) => r.populationSinrUsablePct),
            colour: THEME.sinrBand.good,
          },
          {
            label: `${t(lang, 'kpiGoodThroughput')} ≥ ${c.goodThroughputMbps} Mbit/s`,
            values: rows.map((r) => r.populationGoodThroughputPct),
            colour: THEME.throughput['100_300'],
          },
        ],
        'percent',
      );
    if (tput)
      drawSeriesChart(
        tput,
        labels,
        [
          { label: t(lang, 'kpiMedianThroughput'), values: rows.map((r) => r.medianThroughputMbps), colour: THEME.throughput['50_100'] },
          { label: t(lang, 'kpiP5Throughput'), values: rows.map((r) => r.p5ThroughputMbps), colour: THEME.throughput['10_50'] },
        ],
        'mbps',
      );
  };

  const districtName = (id: number | null) => {
    const d = districts.find((x) => x.id === id);
    return d ? districtLabel(store.get().lang, d) : null;
  };

  const render = () => {
    const { lang } = store.get();
    const v = view();
    el.hidden = !v;
    if (!v) return;
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'sharingKpis')}</h2>
      <form class="demand-form kpi-form" novalidate>
        <label>${t(lang, 'district')}<select name="district"><option value="">${t(lang, 'wholeCity')}</option>${districts.map((d) => `<option value="${d.id}" ${d.id === v.district ? 'selected' : ''}>${escapeHtml(districtLabel(lang, d))}</option>`).join('')}</select></label>
        <label>${t(lang, 'operator')}<select name="operator"><option value="">${t(lang, 'allOperators')}</option>${OPERATORS.map((o) => `<option value="${o}" ${o === v.operator ? 'selected' : ''}>${escapeHtml(term(lang, o))}</option>`).join('')}</select></label>
      </form>
      ${v.report ? reportHtml(v.report) : `<p class="muted">…</p>`}
      <section class="coverage-kpi-section">${coverageHtml(v.coverage)}</section>`;
    if (v.report) drawCharts(v.report);
    if (v.coverage) drawCoverageCharts(v.coverage);
  };

  const drawCharts = (d: Dashboard) => {
    const { lang } = store.get();
    const names = { value: t(lang, 'actual'), target: t(lang, 'target') };
    drawTargetChart(
      el.querySelector<HTMLCanvasElement>('#kpi-sharing-chart')!,
      (d.sharing ?? []).map((r) => ({ label: term(lang, r.rate), value: r.value, target: r.target })),
      names,
      'percent',
    );
    const city = d.fiveGDensity.city;
    drawTargetChart(
      el.querySelector<HTMLCanvasElement>('#kpi-density-chart')!,
      [
        { label: t(lang, 'wholeCity'), value: city.per10k, target: city.target },
        ...d.fiveGDensity.districts.map((x) => ({ label: districtName(x.districtId) ?? x.name ?? '', value: x.per10k, target: x.target })),
      ],
      names,
      'number',
    );
  };

  const load = async () => {
    const v = view();
    if (!v) return;
    const report = await dataOf(api.GET('/api/v1/kpis', { params: { query: kpiQuery(v) } }));
    const now = view();
    if (!now || now.district !== v.district || now.operator !== v.operator) return;
    store.update({ kpi: { ...now, report } });
  };

  /** The coverage KPIs of the coverage control's technology (every operator comes in one answer; the panel picks). */
  let coverageSeq = 0;
  const loadCoverage = async () => {
    if (!view()) return;
    const mine = ++coverageSeq;
    const technology = store.get().coverage.technology;
    // a failed answer shows as "could not be loaded", not as a panel waiting for ever
    const report: CoverageKpiReport | null = await dataOf(api.GET('/api/v1/coverage/kpis', { params: { query: { technology } } })).catch(() => null);
    const now = view();
    if (!now || mine !== coverageSeq) return;
    store.update({ kpi: { ...now, coverage: report } });
  };

  const showChoropleth = async (on: boolean) => {
    const v = view();
    if (!v?.report) return;
    if (!on) return store.update({ kpi: { ...v, choropleth: null } });
    const fc = await dataOf(api.GET('/api/v1/districts', { params: { query: { core: 'true', geometry: 'true' } } }));
    const now = view();
    if (now) store.update({ kpi: { ...now, choropleth: densityChoropleth(fc.features, now.report?.fiveGDensity.districts ?? []) } });
  };

  el.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    const v = view() ?? NEW_KPI;
    if (target.name === 'choropleth') return void showChoropleth(target.checked);
    if (target.name === 'district') store.update({ kpi: { ...v, district: target.value ? Number(target.value) : null, report: null } });
    if (target.name === 'operator') store.update({ kpi: { ...v, operator: target.value || null, report: null } });
    void load();
  });
  el.addEventListener('click', (e) => {
    if ((e.target as HTMLElement).matches('button.close')) store.update({ kpi: null });
  });
  store.subscribe((s, prev) => {
    if (s.kpi !== prev.kpi || s.lang !== prev.lang) {
      render();
      if (!!s.kpi !== !!prev.kpi) map.resize();
      if (s.kpi && !prev.kpi) {
        void load();
        void loadCoverage();
      }
    }
    if (s.kpi && s.coverage.technology !== prev.coverage.technology) {
      store.update({ kpi: { ...s.kpi, coverage: undefined } });
      void loadCoverage();
    }
  });
  void districtNames().then((d) => {
    districts = d;
    render();
  });
  render();
}
