import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Store } from '../state';
import { api, dataOf, failureProblems } from '../api/client';
import { type Lang, type MessageKey, t, term } from '../i18n';
import { escapeHtml } from './format';
import { clickedLonLat, showFieldErrors } from './tool-panel';
import { thrownProblems } from './form-errors';
import type { FieldProblem } from '@cosite/contracts';
import {
  type LinkProfile,
  type LinkVerdict,
  placeEnd,
  PROFILE_MODELS,
  type ProfileEnd,
  profileQuery,
  type ProfileTool,
  structureAntennaHeightM,
} from '../profile/link-profile';
import { PROFILE_COLOURS, profileChartSvg } from '../profile/profile-chart';

const VERDICT_TEXT: Record<LinkVerdict, MessageKey> = { clear: 'verdictClear', 'fresnel-obstructed': 'verdictFresnel', obstructed: 'verdictObstructed' };
/** The API's field names as the panel labels them. */
const FIELD_LABEL: Record<string, MessageKey> = { from: 'linkFrom', to: 'linkTo', frequencyMHz: 'frequencyMHz', model: 'propagationModel' };
/** How near (px) a click must be to a structure's circle to snap to it. */
const SNAP_PX = 6;

const km = (m: number) => `${(m / 1000).toFixed(m < 10_000 ? 2 : 1)} km`;
const db = (x: number) => `${x.toFixed(1)} dB`;

/**
 * The link-profile tool: click a start (snapping to a structure and its antenna height) and an end; the link is
 * drawn on the map, and the panel shows the terrain profile with the Fresnel zone, the verdict and the losses.
 */
export function attachProfilePanel(el: HTMLElement, map: MapLibreMap, store: Store): void {
  const tool = () => store.get().profile;
  const setTool = (change: Partial<ProfileTool>) => {
    if (tool()) store.update({ profile: { ...tool()!, ...change } });
  };

  const endHtml = (lang: Lang, key: MessageKey, end: ProfileEnd | null, groundM: number | undefined, prompt: MessageKey) => {
    if (!end) return `<p class="link-end muted">${t(lang, prompt)}</p>`;
    const where = end.structure ? `<strong>${escapeHtml(end.structure.name)}</strong> ` : '';
    const ground = groundM === undefined ? '' : ` · ${t(lang, 'groundElevation')} ${groundM.toFixed(0)} m`;
    return `<p class="link-end" data-end="${key === 'linkFrom' ? 'from' : 'to'}"${end.structure ? ` data-structure-id="${end.structure.id}"` : ''}>${t(lang, key)}: ${where}<span class="muted">${end.lon.toFixed(5)}, ${end.lat.toFixed(5)}${ground}</span></p>`;
  };

  const resultHtml = (lang: Lang, r: LinkProfile) => {
    const mc = r.minClearance;
    const out = r.pathLoss.valid
      ? ''
      : ` <span class="badge condition" title="${escapeHtml(r.pathLoss.outOfRange.map((o) => `${o.parameter} ${o.value} ∉ ${o.min}–${o.max}`).join('; '))}">${t(lang, 'outOfModelRange')}</span>`;
    const figures: [MessageKey, string, string][] = [
      ['distance', 'distance', km(r.distanceM)],
      [
        'minClearance',
        'min-clearance',
        mc ? `${mc.clearanceM.toFixed(1)} m (${Math.round(mc.fractionOfF1 * 100)} % ${t(lang, 'ofF1')}) @ ${km(mc.distanceM)}` : '—',
      ],
      ['diffractionLoss', 'diffraction', db(r.diffractionLossDb)],
    ];
    // a terrain-clear link can still be NLOS: the buildings or trees around B screen it (the engine's rule too)
    const screens = r.clutterScreens ? ` <span class="badge condition">${t(lang, 'clutterScreens')}</span>` : '';
    if (typeof r.clutterLossDb === 'number')
      figures.push(['clutterLoss', 'clutter', `${db(r.clutterLossDb)}${r.clutter ? ` (${escapeHtml(term(lang, r.clutter))})` : ''}${screens}`]);
    else if (r.clutter) figures.push(['clutterClass', 'clutter', escapeHtml(term(lang, r.clutter))]);
    figures.push(
      ['pathLossDb', 'path-loss', `${db(r.pathLoss.pathLossDb)} (${r.pathLoss.los ? 'LOS' : 'NLOS'})${out}`],
      ['totalLoss', 'total-loss', `<strong>${db(r.totalLossDb)}</strong>`],
      ['propagationModel', 'model', escapeHtml(term(lang, r.model))],
    );
    const C = PROFILE_COLOURS;
    const legend: [string, MessageKey][] = [
      [`background:${C.terrain};border:1px solid ${C.terrainEdge}`, 'legendTerrain'],
      [`border-top:2px dotted ${C.ground};height:0`, 'legendGround'],
      [`border-top:2px solid ${C.los};height:0`, 'legendLos'],
      [`background:${C.fresnel};opacity:.45`, 'legendFresnel'],
      [`border-top:2px dashed ${C.fresnel};height:0`, 'legendFresnel60'],
      [`background:${C.edge};clip-path:polygon(0 0,100% 0,50% 100%)`, 'legendEdge'],
      [`border-left:2px solid ${C.minClearance};width:8px;height:11px`, 'legendMinClearance'],
    ];
    return `<p class="decision"><span class="badge link-verdict link-${r.verdict}" data-verdict="${r.verdict}">${t(lang, VERDICT_TEXT[r.verdict])}</span></p>
      <div class="profile-chart-box">${profileChartSvg(r, { distanceKm: t(lang, 'chartDistanceKm'), elevationM: t(lang, 'chartElevationM'), minClearance: t(lang, 'minClearance') })}</div>
      <ul class="profile-legend">${legend.map(([style, key]) => `<li><i style="${style}"></i>${t(lang, key)}</li>`).join('')}</ul>
      <table class="profile-figures">${figures.map(([key, cls, v]) => `<tr class="${cls}"><th>${t(lang, key)}</th><td>${v}</td></tr>`).join('')}</table>`;
  };

  /** The query's problems in the user's words, at the form's inputs (the heights travel in `from`/`to`: labelled). */
  const showErrors = (lang: Lang, errors: FieldProblem[] | null) =>
    errors?.length && showFieldErrors(el, errors, lang, Object.fromEntries(Object.entries(FIELD_LABEL).map(([f, k]) => [f, t(lang, k)])));

  const render = () => {
    const { lang } = store.get();
    const p = tool();
    el.hidden = !p;
    if (!p) return;
    const models = PROFILE_MODELS.map((m) => `<option value="${m}" ${m === p.model ? 'selected' : ''}>${escapeHtml(term(lang, m))}</option>`).join('');
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'linkProfile')}</h2>
      <p class="muted">${t(lang, 'linkProfileHint')}</p>
      <form class="demand-form profile-form" novalidate>
        <label>${t(lang, 'txHeightM')}<input name="txHeightM" type="number" min="0" max="500" step="0.5" value="${p.txHeightM}"></label>
        <label>${t(lang, 'rxHeightM')}<input name="rxHeightM" type="number" min="0" max="500" step="0.5" value="${p.rxHeightM}"></label>
        <label>${t(lang, 'frequencyMHz')}<input name="frequencyMHz" type="number" min="500" max="100000" step="100" value="${p.frequencyMHz}"></label>
        <label>${t(lang, 'propagationModel')}<select name="model">${models}</select></label>
      </form>
      ${endHtml(lang, 'linkFrom', p.from, p.result?.from.groundM, 'clickStart')}
      ${p.from ? endHtml(lang, 'linkTo', p.to, p.result?.to.groundM, 'clickEnd') : ''}
      <p class="buttons"><button type="button" data-action="swap" ${p.from && p.to ? '' : 'disabled'}>${t(lang, 'swapEnds')}</button></p>
      <ul class="errors"></ul>
      ${p.loading ? `<p class="loading muted">${t(lang, 'computingProfile')}</p>` : ''}
      <div class="result">${p.result && !p.errors ? resultHtml(lang, p.result) : ''}</div>`;
    showErrors(lang, p.errors);
  };

  // the latest query wins: an answer to an older one (inputs changed meanwhile) is dropped
  let queryToken = 0;
  const query = async () => {
    const p = tool();
    const query = p && profileQuery(p);
    if (!query) return;
    const mine = ++queryToken;
    setTool({ loading: true, errors: null });
    let result: LinkProfile | null = null;
    let errors: FieldProblem[] | null = null;
    try {
      const { data, error, response } = await api.GET('/api/v1/coverage/profile', { params: { query } });
      if (data) result = data;
      else errors = failureProblems(error, response);
    } catch (e) {
      errors = thrownProblems(e);
    }
    if (mine === queryToken) setTool({ loading: false, result, errors });
  };

  /** A structure under the click (within a few pixels), with its exact position and antenna height. */
  const structureAt = async (e: MapMouseEvent): Promise<{ end: ProfileEnd; heightM: number | null } | null> => {
    if (!map.getLayer('structure-circle')) return null;
    const { x, y } = e.point;
    const [f] = map.queryRenderedFeatures(
      [
        [x - SNAP_PX, y - SNAP_PX],
        [x + SNAP_PX, y + SNAP_PX],
      ],
      { layers: ['structure-circle'] },
    );
    if (f?.id === undefined) return null;
    const id = Number(f.id);
    const [s, ts] = await Promise.all([
      dataOf(api.GET('/api/v1/structures/{id}', { params: { path: { id: String(id) } } })),
      dataOf(api.GET('/api/v1/tenancies', { params: { query: { structure: String(id), limit: 100 } } })),
    ]);
    const [lon, lat] = s.geometry.coordinates as [number, number];
    const heightM = structureAntennaHeightM(
      s.properties.heightM,
      ts.features.map((x) => x.properties.antennaHeightM),
    );
    return { end: { lon, lat, structure: { id, name: s.properties.name } }, heightM };
  };

  const onClick = async (e: MapMouseEvent) => {
    if (!tool()) return;
    const snapped = await structureAt(e).catch(() => null);
    const p = tool();
    if (!p) return;
    const { tool: next, placed } = placeEnd(p, snapped?.end ?? { lon: clickedLonLat(e)[0], lat: clickedLonLat(e)[1] });
    const h = snapped?.heightM;
    if (h != null) next[placed === 'from' ? 'txHeightM' : 'rxHeightM'] = Math.min(500, Math.round(h * 10) / 10);
    queryToken++; // a new link: whatever was being computed is stale
    store.update({ profile: next });
    if (placed === 'to') await query();
  };
  // clicks are handled in order: a snap that is still fetching its structure is placed before the next click
  let clicks = Promise.resolve();
  map.on('click', (e: MapMouseEvent) => {
    if (tool()) clicks = clicks.then(() => onClick(e));
  });

  el.addEventListener('submit', (e) => e.preventDefault());
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.name === 'model') setTool({ model: target.value as ProfileTool['model'] });
    else if (['txHeightM', 'rxHeightM', 'frequencyMHz'].includes(target.name)) {
      // an emptied box keeps the last number; the API checks the ranges and says what is wrong
      if (target.value.trim() === '' || !Number.isFinite(Number(target.value))) return render();
      setTool({ [target.name]: Number(target.value) });
    } else return;
    void query();
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ profile: null });
    else if (target.dataset.action === 'swap') {
      const p = tool();
      if (!p?.from || !p.to) return;
      setTool({ from: p.to, to: p.from, txHeightM: p.rxHeightM, rxHeightM: p.txHeightM });
      void query();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && tool()) store.update({ profile: null });
  });
  store.subscribe((s, prev) => {
    if (s.profile !== prev.profile || s.lang !== prev.lang) render();
    if (!!s.profile !== !!prev.profile) {
      map.getCanvas().style.cursor = s.profile ? 'crosshair' : '';
      if (!s.profile) queryToken++;
      map.resize();
    }
  });
  render();
}
