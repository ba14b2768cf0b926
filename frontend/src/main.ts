import maplibregl from 'maplibre-gl';
import { type MessageKey, pickLanguage, t } from './i18n';
import { type AppState, openTool, Store, type Tool, TOOLS } from './state';
import { createMapView } from './map/map-view';
import { MapDrawing } from './map/draw';
import { LayerControl } from './ui/layer-control';
import { SearchControl } from './ui/search-control';
import { attachPopups } from './ui/popup';
import { attachDetailPanel } from './ui/detail-panel';
import { installTestHook } from './test-hook';
import { CoverageControl } from './ui/coverage-control';
import { attachCoverageSource } from './map/coverage-source';
import { attachPlannerPanel, NEW_PLAN } from './ui/planner-panel';
import { attachWorksPanel } from './ui/works-panel';
import { NEW_WORKS } from './works/works';
import { attachZoningPanel } from './ui/zoning-panel';
import { NEW_ZONING_EDIT } from './zoning/zoning-edit';
import { attachRouteCheckPanel } from './ui/route-check-panel';
import { attachPolesPanel } from './ui/poles-panel';
import { attachKpiPanel } from './ui/kpi-panel';
import { NEW_ROUTE_CHECK } from './sharing/route-check';
import { NEW_POLES } from './sharing/poles';
import { NEW_KPI } from './sharing/kpi';
import { signedInUser, signOut } from './auth';
import { attachApplicationsPanel } from './ui/applications-panel';
import { NEW_APPLICATIONS } from './applications/model';
import { api, dataOf } from './api/client';
import { escapeHtml } from './ui/format';
import { attachProfilePanel } from './ui/profile-panel';
import { NEW_PROFILE } from './profile/link-profile';
import { attachUrlState } from './url-state';
import { attachKeyboard } from './keyboard';
import { openAnalysis } from './planner/open-analysis';

const stored = localStorage.getItem('cosite.lang');
const store = new Store({
  lang: stored === 'zh' || stored === 'en' ? stored : pickLanguage(navigator.languages),
  hidden: new Set(['coverage']),
  selection: null,
  coverage: { technology: '5G', operator: 'any' },
  plan: null,
  works: null,
  zoning: null,
  routes: null,
  poles: null,
  kpi: null,
  applications: null,
  profile: null,
});

const header = document.getElementById('header')!;
// the bell: unread notifications, checked now and every minute
let unread = 0;
const checkNotifications = async () => {
  const n = await dataOf(api.GET('/api/v1/notifications')).catch(() => null);
  if (n && n.unread !== unread) {
    unread = n.unread;
    renderHeader();
  }
};
const renderHeader = () => {
  const { lang } = store.get();
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t(lang, 'appTitle');
  const tool = openTool(store.get());
  const toolButton = (id: Tool, label: MessageKey) => `<button id="${id}-toggle" type="button" aria-pressed="${tool === id}">${t(lang, label)}</button>`;
  header.innerHTML = `<h1>${t(lang, 'appTitle')}</h1><nav>${toolButton('plan', 'planner')} ${toolButton('works', 'worksCheck')} ${toolButton('zoning', 'zoningEditor')} ${toolButton('routes', 'routeCheck')} ${toolButton('poles', 'poleIntegration')} ${toolButton('kpi', 'sharingKpis')} ${toolButton('applications', 'applications')} ${toolButton('profile', 'linkProfile')}<span class="bell" title="${t(lang, 'notifications')}" data-unread="${unread}">${unread ? `● ${t(lang, 'notifications')} ${unread}` : ''}</span> <button id="lang-toggle" type="button">${t(lang, 'language')}</button> <span class="user" title="${escapeHtml(signedInUser()?.organisationId ?? '')}">${escapeHtml(signedInUser()?.displayName ?? '')}</span> <button id="sign-out" type="button">${t(lang, 'signOut')}</button></nav>`;
  // one tool at a time: opening one closes the others
  const fresh: Record<Tool, AppState[Tool]> = {
    plan: NEW_PLAN,
    works: NEW_WORKS,
    zoning: NEW_ZONING_EDIT,
    routes: NEW_ROUTE_CHECK,
    poles: NEW_POLES,
    kpi: NEW_KPI,
    applications: NEW_APPLICATIONS,
    profile: NEW_PROFILE,
  };
  const closed = Object.fromEntries(TOOLS.map((x) => [x, null])) as Record<Tool, null>;
  for (const id of TOOLS) {
    header.querySelector(`#${id}-toggle`)!.addEventListener('click', () => store.update({ ...closed, [id]: tool === id ? null : fresh[id] }));
  }
  header.querySelector('#sign-out')!.addEventListener('click', () => void signOut());
  header.querySelector('#lang-toggle')!.addEventListener('click', () => {
    const next = store.get().lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('cosite.lang', next);
    store.update({ lang: next });
  });
};
renderHeader();
void checkNotifications();
setInterval(() => void checkNotifications(), 60_000);
store.subscribe((s, prev) => (s.lang !== prev.lang || openTool(s) !== openTool(prev)) && renderHeader());

const map = createMapView(document.getElementById('map')!, store, window.location.origin);
const drawing = new MapDrawing(map);
const search = new SearchControl(store);
map.addControl(search, 'top-left');
map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-left');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
map.addControl(new LayerControl(store), 'top-right');
map.addControl(new CoverageControl(store), 'top-right');
attachCoverageSource(map, store);
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
installTestHook(map, store, search);
attachUrlState(store, map, openAnalysis);
attachKeyboard(store, map);
