import maplibregl from 'maplibre-gl';
import { type Lang, type MessageKey, pickLanguage, t, term } from './i18n';
import { openTool, Store, type Tool, TOOLS } from './state';
import { createMapView } from './map/map-view';
import { MapDrawing } from './map/draw';
import { LayerControl } from './ui/layer-control';
import { SearchControl } from './ui/search-control';
import { attachPopups } from './ui/popup';
import { attachDetailPanel } from './ui/detail-panel';
import { installTestHook } from './test-hook';
import { CoverageControl } from './ui/coverage-control';
import { attachCoverageSource } from './map/coverage-source';
import { attachSectorLoadSource } from './map/sector-load';
import { attachPlannerPanel } from './ui/planner-panel';
import { attachWorksPanel } from './ui/works-panel';
import { attachZoningPanel } from './ui/zoning-panel';
import { attachRouteCheckPanel } from './ui/route-check-panel';
import { attachPolesPanel } from './ui/poles-panel';
import { attachKpiPanel } from './ui/kpi-panel';
import { signedInUser, signOut } from './auth';
import { attachApplicationsPanel } from './ui/applications-panel';
import { Bell } from './ui/notifications';
import { escapeHtml } from './ui/format';
import { attachProfilePanel } from './ui/profile-panel';
import { attachUploadsPanel } from './ui/uploads-panel';
import { attachRolloutPanel } from './ui/rollout-panel';
import { mayUpload } from './uploads/uploads';
import { attachUrlState, FRESH } from './url-state';
import { attachKeyboard } from './keyboard';
import { openAnalysis } from './planner/open-analysis';

const stored = localStorage.getItem('cosite.lang');
const store = new Store({
  lang: stored === 'zh' || stored === 'en' ? stored : pickLanguage(navigator.languages),
  hidden: new Set(['coverage', 'sectorLoad']),
  selection: null,
  coverage: { technology: '5G', operator: 'any', metric: 'rsrp' },
  plan: null,
  works: null,
  zoning: null,
  routes: null,
  poles: null,
  kpi: null,
  applications: null,
  profile: null,
  uploads: null,
  rollout: null,
});

const header = document.getElementById('header')!;
// the bell: unread notifications, and their list
const bell = new Bell(store);
const renderHeader = () => {
  const { lang } = store.get();
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t(lang, 'appTitle');
  const tool = openTool(store.get());
  const toolButton = (id: Tool, label: MessageKey) => `<button id="${id}-toggle" type="button" aria-pressed="${tool === id}">${t(lang, label)}</button>`;
  header.innerHTML = `<h1>${t(lang, 'appTitle')}</h1><nav>${toolButton('plan', 'planner')} ${toolButton('rollout', 'rolloutPlan')} ${toolButton('works', 'worksCheck')} ${toolButton('zoning', 'zoningEditor')} ${toolButton('routes', 'routeCheck')} ${toolButton('poles', 'poleIntegration')} ${toolButton('kpi', 'sharingKpis')} ${toolButton('applications', 'applications')} ${toolButton('profile', 'linkProfile')}${mayUpload(signedInUser()?.role) ? ` ${toolButton('uploads', 'uploads')}` : ''}<span class="bell"></span> <button id="lang-toggle" type="button">${t(lang, 'language')}</button> <span class="user" title="${escapeHtml(term(lang, signedInUser()?.organisationId ?? ''))}">${escapeHtml(signedInUser()?.displayName ?? '')}</span> <button id="sign-out" type="button">${t(lang, 'signOut')}</button></nav>`;
  // one tool at a time: opening one closes the others
  const closed = Object.fromEntries(TOOLS.map((x) => [x, null])) as Record<Tool, null>;
  for (const id of TOOLS) {
    header.querySelector(`#${id}-toggle`)?.addEventListener('click', () => store.update({ ...closed, [id]: tool === id ? null : FRESH[id] }));
  }
  bell.mount(header.querySelector('.bell')!);
  header.querySelector('#sign-out')!.addEventListener('click', () => void signOut());
  header.querySelector('#lang-toggle')!.addEventListener('click', () => {
    const next = store.get().lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('cosite.lang', next);
    store.update({ lang: next });
  });
  fitHeader(lang);
};
/** The header on one line: the tool buttons that do not fit fold, last first, into a "More" menu. */
const fitHeader = (lang: Lang) => {
  header.querySelector('h1')!.title = t(lang, 'appTitle');
  const fits = () => header.scrollWidth <= header.clientWidth;
  if (fits()) return;
  const tools = [...header.querySelectorAll<HTMLButtonElement>('nav button[id$="-toggle"]:not(#lang-toggle)')];
  const more = Object.assign(document.createElement('details'), {
    className: 'more',
    innerHTML: `<summary>${t(lang, 'headerMore')}</summary><div class="menu"></div>`,
  });
  tools.at(-1)?.after(more);
  for (const b of tools.reverse()) {
    if (fits()) break;
    more.querySelector('.menu')!.prepend(b);
  }
};
window.addEventListener('resize', () => renderHeader());
renderHeader();
store.subscribe((s, prev) => (s.lang !== prev.lang || openTool(s) !== openTool(prev)) && renderHeader());

const map = createMapView(document.getElementById('map')!, store, window.location.origin);
const drawing = new MapDrawing(map);
const search = new SearchControl(store);
map.addControl(search, 'top-left');
map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-left');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
// the coverage choice and its legend first, so an open layer list never pushes them off the screen
map.addControl(new CoverageControl(store), 'top-right');
map.addControl(new LayerControl(store), 'top-right');
attachCoverageSource(map, store);
attachSectorLoadSource(map, store);
map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: 'Cosite · DataV GeoAtlas · OpenFlights (ODbL)' }), 'bottom-right');
attachPopups(map, store);
attachDetailPanel(document.getElementById('detail')!, store);
attachPlannerPanel(document.getElementById('planner')!, map, store);
attachWorksPanel(document.getElementById('works')!, map, store, drawing);
attachZoningPanel(document.getElementById('zoning')!, map, store, drawing);
attachRouteCheckPanel(document.getElementById('routes')!, map, store, drawing);
attachPolesPanel(document.getElementById('poles')!, map, store);
attachKpiPanel(document.getElementById('kpi')!, map, store);
attachApplicationsPanel(document.getElementById('applications')!, map, store);
attachProfilePanel(document.getElementById('profile')!, map, store);
attachUploadsPanel(document.getElementById('uploads')!, map, store);
attachRolloutPanel(document.getElementById('rollout')!, map, store, drawing);
installTestHook(map, store, search);
attachUrlState(store, map, openAnalysis);
attachKeyboard(store, map);
