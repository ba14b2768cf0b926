import { exportMenu } from './export-menu';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { type AnalysisSummary, type CoverageGap, TECHNOLOGIES, type Technology } from '@cosite/contracts';
import type { Store } from '../state';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { clickedLonLat, operatorSelect, panelAction, showFieldErrors } from './tool-panel';
import type { FormProblem } from './form-errors';
import { signedInUser } from '../auth';
import { type Analysis, answeredAnalysis, type Plan } from '../planner/analysis';
import { candidatesHtml, coBuildHtml, decisionHtml, newBuildHtml, sitingHtml, warningsHtml } from '../planner/analysis-view';
import { fitRing, openAnalysis } from '../planner/open-analysis';
import { myAnalysesHtml } from '../planner/my-analyses';
import { api, failureProblems } from '../api/client';

/** The band a demand defaults to for each technology (MHz), and the technology the form starts with. */
const BAND_OF: Record<Technology, number> = { '5G': 3500, '4G': 1800, 'NB-IoT': 900 };
const FIRST_TECHNOLOGY: Technology = '5G';
// no radius given: the analysis takes the environment's default at the point (250 m dense urban … 2 km rural)
export const NEW_PLAN: Plan = { pin: null, radiusM: null, analysis: null };

/**
 * The planner's side panel: drop a pin (or pick a coverage gap), set the ring and the demand, analyse, read the
 * ranked candidates with their reasons, the suggested new build or co-build, and open the printable report.
 */
export function attachPlannerPanel(el: HTMLElement, map: MapLibreMap, store: Store): void {
  const plan = () => store.get().plan;
  const setPlan = (change: Partial<Plan>) => store.update({ plan: { ...(plan() ?? NEW_PLAN), ...change } });
  const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string) => el.querySelector<T>(`[name="${name}"]`)!;

  const renderForm = () => {
    const { lang } = store.get();
    const p = plan();
    el.hidden = !p;
    if (!p) return;
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'closePlanner'))}">×</button>
      <h2>${t(lang, 'planner')}</h2>
      <p class="muted">${t(lang, 'plannerHint')}</p>
      <form class="demand-form" novalidate>
        <p class="pin"></p>
        <label>${t(lang, 'operator')}${operatorSelect(lang, null)}</label>
        <label>${t(lang, 'technology')}<select name="technology">${TECHNOLOGIES.map((x) => `<option ${x === FIRST_TECHNOLOGY ? 'selected' : ''}>${x}</option>`).join('')}</select></label>
        <label>${t(lang, 'searchRadius')}<input name="searchRadiusM" type="number" min="1" max="10000" step="10" value="${p.radiusM ?? ''}"></label>
        <p class="radius-used"></p>
        <label>${t(lang, 'bandMHz')}<input name="bandMHz" type="number" value="${BAND_OF[FIRST_TECHNOLOGY]}"></label>
        <label>${t(lang, 'antennaHeightM')}<input name="antennaHeightM" type="number" value="30"></label>
        <label>${t(lang, 'slotsNeeded')}<input name="slots" type="number" min="1" max="6" value="1"></label>
        <label>${t(lang, 'loadKg')}<input name="loadKg" type="number" min="0" value="120"></label>
        <label class="check"><input name="indoor" type="checkbox"> ${t(lang, 'indoor')}</label>
        <button type="submit" class="primary">${t(lang, 'analyse')}</button>
        <ul class="errors"></ul>
      </form>
      <details class="gaps"><summary>${t(lang, 'gaps')}</summary><button type="button" data-action="gaps">${t(lang, 'listGaps')}</button><ol></ol></details>
      ${canListAnalyses() ? `<details class="my-analyses"><summary>${t(lang, 'myAnalyses')}</summary><ol></ol><button type="button" data-action="more-analyses" hidden>${t(lang, 'myAnalysesMore')}</button></details>` : ''}
      <div class="result"></div>`;
    renderState();
  };

  const renderState = () => {
    const { lang } = store.get();
    const p = plan();
    if (!p) return;
    el.querySelector('.pin')!.innerHTML = p.pin
      ? `${t(lang, 'demandPoint')}: ${p.pin.lat.toFixed(5)}, ${p.pin.lon.toFixed(5)}`
      : `<em>${t(lang, 'dropPin')}</em>`;
    const radius = field<HTMLInputElement>('searchRadiusM');
    if (document.activeElement !== radius) radius.value = p.radiusM === null ? '' : String(p.radiusM);
    const a = p.analysis;
    // which radius the analysis used, and why: the one given, or the environment's default
    el.querySelector('.radius-used')!.textContent = a
      ? t(lang, p.radiusM === null ? 'radiusUsedDefault' : 'radiusUsedGiven')
          .replace('{environment}', term(lang, a.environment))
          .replace('{radius}', a.demand.searchRadiusM.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'))
      : p.radiusM === null
        ? t(lang, 'radiusDefaultHint')
        : '';
    el.querySelector('.result')!.innerHTML = a
      ? `${decisionHtml(lang, a)}${warningsHtml(lang, a)}${sitingHtml(lang, a)}${newBuildHtml(lang, a)}${coBuildHtml(lang, a)}<h3>${t(lang, 'feasibleCandidates')} (${a.candidates.filter((c) => c.feasible).length})</h3>${candidatesHtml(lang, a)}
         <p><button type="button" data-action="report">${t(lang, 'report')}</button>${signedInUser()?.role === 'planner' ? ` <button type="button" data-action="apply">${t(lang, 'fileApplication')}</button>` : ''}
           ${exportMenu(lang, (f) => `/api/v1/colocation/analyses/${a.id}/candidates?format=${f}`)}</p>`
      : '';
  };

  const showErrors = (errors: FormProblem[]) => showFieldErrors(el, errors, store.get().lang);

  /** Runs an analysis (of a pin or of a gap) with its button busy, and shows the API's problems at their fields if it fails. */
  const analysed = async (
    button: HTMLButtonElement | null,
    call: () => Promise<{ data?: Parameters<typeof answeredAnalysis>[0]; error?: unknown; response: Response }>,
  ): Promise<Analysis | null> => {
    let analysis: Analysis | null = null;
    await panelAction(el, button, async () => {
      const { data, error, response } = await call();
      showErrors(data ? [] : failureProblems(error, response));
      if (data) analysis = answeredAnalysis(data);
    });
    return analysis;
  };

  const analyse = async () => {
    const p = plan();
    if (!p?.pin) return showErrors([{ field: 'location', problem: t(store.get().lang, 'dropPin') }]);
    // an empty box is left out: the API says the field is required (or, for the radius, takes the default)
    const num = (n: string) => {
      const v = field<HTMLInputElement>(n).value.trim();
      return (v === '' ? undefined : Number(v)) as number;
    };
    const body = {
      location: p.pin,
      searchRadiusM: num('searchRadiusM') as number | undefined,
      operator: field('operator').value,
      technology: field('technology').value as Technology,
      bandMHz: num('bandMHz'),
      antennaHeightM: num('antennaHeightM'),
      slots: num('slots'),
      loadKg: num('loadKg'),
      indoor: field<HTMLInputElement>('indoor').checked,
    };
    const a = await analysed(el.querySelector<HTMLButtonElement>('button.primary'), () => api.POST('/api/v1/colocation/analyses', { body }));
    // an empty radius stays empty: the analysis took the environment's default, and the panel says so
    if (a) shown(a, plan()?.radiusM ?? null);
  };

  const listGaps = async () => {
    const { lang } = store.get();
    const query = { technology: field('technology').value as Technology, operator: field('operator').value, limit: 10 };
    const { data, error, response } = await api.GET('/api/v1/coverage/gaps', { params: { query } });
    if (!data) return showErrors(failureProblems(error, response));
    const list = el.querySelector('details.gaps ol')!;
    list.innerHTML = data?.gaps.length
      ? data.gaps
          .map(
            (g, k) =>
              `<li>${g.population.toLocaleString()} ${t(lang, 'residents')}, ${g.areaKm2} km² <button type="button" data-gap="${k}">${t(lang, 'analyseGap')}</button></li>`,
          )
          .join('')
      : `<li class="muted">${t(lang, 'noGaps')}</li>`;
    gaps = data?.gaps ?? [];
  };
  let gaps: CoverageGap[] = [];

  const analyseGap = async (g: CoverageGap, button: HTMLButtonElement) => {
    const body = {
      operator: field('operator').value,
      technology: field('technology').value as Technology,
      h3: g.h3[0],
      bandMHz: Number(field<HTMLInputElement>('bandMHz').value),
      antennaHeightM: Number(field<HTMLInputElement>('antennaHeightM').value),
    };
    const a = await analysed(button, () => api.POST('/api/v1/colocation/analyses/from-gap', { body }));
    if (!a) return;
    // a gap's demand takes the environment's radius
    shown(a, null);
  };

  /** A new analysis on screen: its pin and ring, the map fitted to the ring, and My analyses brought up to date. */
  const shown = (a: Analysis, radiusM: number | null) => {
    setPlan({ pin: { lon: a.demand.lon, lat: a.demand.lat }, radiusM, analysis: a });
    fitRing(map, a);
    if (el.querySelector<HTMLDetailsElement>('details.my-analyses')?.open) void listAnalyses(0);
  };

  // ---- My analyses: the organisation's earlier analyses, reopened to read or to file from ----
  const canListAnalyses = () => ['planner', 'admin'].includes(signedInUser()?.role ?? '');
  let analyses: AnalysisSummary[] = [];
  const listAnalyses = async (offset: number) => {
    const { data, error, response } = await api.GET('/api/v1/colocation/analyses', { params: { query: { limit: 10, offset } } });
    const details = el.querySelector<HTMLDetailsElement>('details.my-analyses');
    if (!details) return;
    if (!data) return showErrors(failureProblems(error, response));
    analyses = offset ? [...analyses, ...data.analyses] : data.analyses;
    details.querySelector('ol')!.innerHTML = myAnalysesHtml(store.get().lang, analyses, plan()?.analysis?.id ?? null);
    details.querySelector<HTMLButtonElement>('[data-action="more-analyses"]')!.hidden = analyses.length >= data.total;
  };
  const reopen = async (id: string) => {
    const r = await openAnalysis(store, map, id);
    if ('problems' in r) return showErrors(r.problems);
    // the form shows the reopened demand, so a second analysis starts from it
    const d = r.analysis.demand;
    const values: Record<string, string> = {
      operator: d.operator,
      technology: d.technology,
      bandMHz: String(d.bandMHz),
      antennaHeightM: String(d.antennaHeightM),
      slots: String(d.slots),
      loadKg: String(d.loadKg),
    };
    for (const [name, v] of Object.entries(values)) {
      const f = el.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
      if (f) f.value = v;
    }
    const indoor = el.querySelector<HTMLInputElement>('[name="indoor"]');
    if (indoor) indoor.checked = d.indoor;
    el.querySelectorAll('details.my-analyses li').forEach((li) => li.classList.toggle('current', (li as HTMLElement).dataset.analysis === id));
  };

  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void analyse();
  });
  el.addEventListener('input', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.name === 'searchRadiusM' && target.value.trim() === '') setPlan({ radiusM: null, analysis: null });
    else if (target.name === 'searchRadiusM' && Number(target.value) > 0) setPlan({ radiusM: Number(target.value), analysis: null });
  });
  el.addEventListener(
    'toggle',
    (e) => {
      if ((e.target as HTMLElement).matches('details.my-analyses') && (e.target as HTMLDetailsElement).open) void listAnalyses(0);
    },
    true,
  );
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLSelectElement;
    if (target.name === 'technology') field<HTMLInputElement>('bandMHz').value = String(BAND_OF[target.value as Technology]);
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ plan: null });
    else if (target.dataset.action === 'gaps') void panelAction(el, target as HTMLButtonElement, listGaps);
    else if (target.dataset.gap) void analyseGap(gaps[Number(target.dataset.gap)], target as HTMLButtonElement);
    else if (target.dataset.reopen) void reopen(target.dataset.reopen);
    else if (target.dataset.action === 'more-analyses') void listAnalyses(analyses.length);
    else if (target.dataset.action === 'apply') {
      const a = plan()?.analysis;
      if (!a) return;
      // the application keeps this analysis as its evidence; the applications panel opens on it
      void panelAction(el, target as HTMLButtonElement, async () => {
        const { data, error, response } = await api.POST('/api/v1/applications', { body: { analysisId: a.id } });
        if (!data) return showErrors(failureProblems(error, response));
        store.update({ plan: null, applications: { selected: data.id, list: null } });
      });
    } else if (target.dataset.action === 'report') {
      const a = plan()?.analysis;
      if (a) window.open(`/report.html?analysis=${a.id}&lang=${store.get().lang}`, '_blank');
    } else {
      const row = target.closest<HTMLElement>('tr.candidate');
      const c = row && plan()?.analysis?.candidates.find((x) => x.structureId === Number(row.dataset.structure));
      if (c) {
        map.flyTo({ center: [c.location.lon, c.location.lat], zoom: Math.max(map.getZoom(), 16) });
        store.update({ selection: { layer: 'structures', id: c.structureId } });
      }
    }
  });

  // While planning, a click on the map places the demand point (a click on a candidate opens its details).
  map.on('click', (e: MapMouseEvent) => {
    if (!plan()) return;
    const [hit] = map.queryRenderedFeatures(e.point, { layers: ['plan-candidate'] });
    if (hit) return store.update({ selection: { layer: 'structures', id: Number(hit.properties.structureId) } });
    const [lon, lat] = clickedLonLat(e);
    setPlan({ pin: { lon, lat }, analysis: null });
  });

  store.subscribe((s, prev) => {
    if (!!s.plan !== !!prev.plan || s.lang !== prev.lang) {
      renderForm();
      map.resize();
    } else if (s.plan !== prev.plan) renderState();
  });
  renderForm();
}
