import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { TECHNOLOGIES, type Technology } from '@cosite/contracts';
import type { Store } from '../state';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { clickedLonLat, OPERATORS, showFieldErrors } from './tool-panel';
import { signedInUser } from '../auth';
import type { Analysis, Plan } from '../planner/analysis';
import { candidatesHtml, coBuildHtml, decisionHtml, newBuildHtml } from '../planner/analysis-view';

/** The band a demand defaults to for each technology (MHz), and the technology the form starts with. */
const BAND_OF: Record<Technology, number> = { '5G': 3500, '4G': 1800, 'NB-IoT': 900 };
const FIRST_TECHNOLOGY: Technology = '5G';
export const NEW_PLAN: Plan = { pin: null, radiusM: 500, analysis: null };

interface Gap {
  rank: number;
  population: number;
  areaKm2: number;
  centroid: { lon: number; lat: number };
  h3: string[];
}

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
        <label>${t(lang, 'operator')}<select name="operator">${OPERATORS.map((o) => `<option value="${o}">${escapeHtml(term(lang, o))}</option>`).join('')}</select></label>
        <label>${t(lang, 'technology')}<select name="technology">${TECHNOLOGIES.map((x) => `<option ${x === FIRST_TECHNOLOGY ? 'selected' : ''}>${x}</option>`).join('')}</select></label>
        <label>${t(lang, 'searchRadius')}<input name="searchRadiusM" type="number" min="1" max="10000" step="10" value="${p.radiusM}"></label>
        <label>${t(lang, 'bandMHz')}<input name="bandMHz" type="number" value="${BAND_OF[FIRST_TECHNOLOGY]}"></label>
        <label>${t(lang, 'antennaHeightM')}<input name="antennaHeightM" type="number" value="30"></label>
        <label>${t(lang, 'slotsNeeded')}<input name="slots" type="number" min="1" max="6" value="1"></label>
        <label>${t(lang, 'loadKg')}<input name="loadKg" type="number" min="0" value="120"></label>
        <label class="check"><input name="indoor" type="checkbox"> ${t(lang, 'indoor')}</label>
        <button type="submit" class="primary">${t(lang, 'analyse')}</button>
        <ul class="errors"></ul>
      </form>
      <details class="gaps"><summary>${t(lang, 'gaps')}</summary><button type="button" data-action="gaps">${t(lang, 'listGaps')}</button><ol></ol></details>
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
    if (document.activeElement !== radius) radius.value = String(p.radiusM);
    const a = p.analysis;
    el.querySelector('.result')!.innerHTML = a
      ? `${decisionHtml(lang, a)}${newBuildHtml(lang, a)}${coBuildHtml(lang, a)}<h3>${t(lang, 'candidates')} (${a.candidates.length})</h3>${candidatesHtml(lang, a)}
         <p><button type="button" data-action="report">${t(lang, 'report')}</button>${signedInUser()?.role === 'planner' ? ` <button type="button" data-action="apply">${t(lang, 'fileApplication')}</button>` : ''}</p>`
      : '';
  };

  const showErrors = (errors: { field: string; problem: string }[]) => showFieldErrors(el, { errors });

  const post = async (path: string, body: unknown): Promise<Analysis | null> => {
    const button = el.querySelector<HTMLButtonElement>('button.primary')!;
    button.disabled = true;
    button.textContent = t(store.get().lang, 'analysing');
    try {
      const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const json = await r.json();
      if (!r.ok) {
        showErrors(json.errors ?? [{ field: 'request', problem: json.message ?? String(r.status) }]);
        return null;
      }
      showErrors([]);
      return json as Analysis;
    } finally {
      button.disabled = false;
      button.textContent = t(store.get().lang, 'analyse');
    }
  };

  const analyse = async () => {
    const p = plan();
    if (!p?.pin) return showErrors([{ field: 'location', problem: t(store.get().lang, 'dropPin') }]);
    const num = (n: string) => Number(field<HTMLInputElement>(n).value);
    const a = await post('/api/v1/colocation/analyses', {
      location: p.pin,
      searchRadiusM: num('searchRadiusM'),
      operator: field('operator').value,
      technology: field('technology').value,
      bandMHz: num('bandMHz'),
      antennaHeightM: num('antennaHeightM'),
      slots: num('slots'),
      loadKg: num('loadKg'),
      indoor: field<HTMLInputElement>('indoor').checked,
    });
    if (a) setPlan({ radiusM: a.demand.searchRadiusM, analysis: a });
  };

  const listGaps = async () => {
    const { lang } = store.get();
    const q = new URLSearchParams({ technology: field('technology').value, operator: field('operator').value, limit: '10' });
    const r = await fetch(`/api/v1/coverage/gaps?${q}`);
    const body = (await r.json()) as { gaps: Gap[] };
    const list = el.querySelector('details.gaps ol')!;
    list.innerHTML = body.gaps?.length
      ? body.gaps
          .map(
            (g, k) =>
              `<li>${g.population.toLocaleString()} ${t(lang, 'residents')}, ${g.areaKm2} km² <button type="button" data-gap="${k}">${t(lang, 'analyseGap')}</button></li>`,
          )
          .join('')
      : `<li class="muted">${t(lang, 'noGaps')}</li>`;
    gaps = body.gaps ?? [];
  };
  let gaps: Gap[] = [];

  const analyseGap = async (g: Gap) => {
    const a = await post('/api/v1/colocation/analyses/from-gap', {
      operator: field('operator').value,
      technology: field('technology').value,
      h3: g.h3[0],
      bandMHz: Number(field<HTMLInputElement>('bandMHz').value),
      antennaHeightM: Number(field<HTMLInputElement>('antennaHeightM').value),
    });
    if (!a) return;
    setPlan({ pin: { lon: a.demand.lon, lat: a.demand.lat }, radiusM: a.demand.searchRadiusM, analysis: a });
    map.flyTo({ center: [a.demand.lon, a.demand.lat], zoom: Math.max(map.getZoom(), 14) });
  };

  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void analyse();
  });
  el.addEventListener('input', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.name === 'searchRadiusM' && Number(target.value) > 0) setPlan({ radiusM: Number(target.value), analysis: null });
  });
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLSelectElement;
    if (target.name === 'technology') field<HTMLInputElement>('bandMHz').value = String(BAND_OF[target.value as Technology]);
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ plan: null });
    else if (target.dataset.action === 'gaps') void listGaps();
    else if (target.dataset.gap) void analyseGap(gaps[Number(target.dataset.gap)]);
    else if (target.dataset.action === 'apply') {
      const a = plan()?.analysis;
      if (!a) return;
      // the application keeps this analysis as its evidence; the applications panel opens on it
      void fetch('/api/v1/applications', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ analysisId: a.id }) }).then(
        async (r) => {
          const body = await r.json();
          if (!r.ok) return showErrors(body.errors ?? [{ field: 'request', problem: body.message }]);
          store.update({ plan: null, applications: { selected: body.id, list: null } });
        },
      );
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
