import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import maplibregl from 'maplibre-gl';
import { pickLanguage, t } from './i18n';
import { Store } from './state';
import { createMapView } from './map/map-view';
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

const stored = localStorage.getItem('cosite.lang');
const store = new Store({
  lang: stored === 'zh' || stored === 'en' ? stored : pickLanguage(navigator.languages),
  hidden: new Set(['coverage']),
  selection: null,
  coverage: { technology: '5G', operator: 'any' },
  plan: null,
  works: null,
  zoning: null,
});

const header = document.getElementById('header')!;
const renderHeader = () => {
  const { lang } = store.get();
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t(lang, 'appTitle');
  header.innerHTML = `<h1>${t(lang, 'appTitle')}</h1><nav><button id="plan-toggle" type="button" aria-pressed="${!!store.get().plan}">${t(lang, 'planner')}</button> <button id="works-toggle" type="button" aria-pressed="${!!store.get().works}">${t(lang, 'worksCheck')}</button> <button id="zoning-toggle" type="button" aria-pressed="${!!store.get().zoning}">${t(lang, 'zoningEditor')}</button> <button id="lang-toggle" type="button">${t(lang, 'language')}</button></nav>`;
  // one tool at a time: each takes the map's clicks
  const closed = { plan: null, works: null, zoning: null };
  header.querySelector('#plan-toggle')!.addEventListener('click', () => store.update({ ...closed, plan: store.get().plan ? null : NEW_PLAN }));
  header.querySelector('#works-toggle')!.addEventListener('click', () => store.update({ ...closed, works: store.get().works ? null : NEW_WORKS }));
  header.querySelector('#zoning-toggle')!.addEventListener('click', () => store.update({ ...closed, zoning: store.get().zoning ? null : NEW_ZONING_EDIT }));
  header.querySelector('#lang-toggle')!.addEventListener('click', () => {
    const next = store.get().lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('cosite.lang', next);
    store.update({ lang: next });
  });
};
renderHeader();
store.subscribe((s, prev) => (s.lang !== prev.lang || !!s.plan !== !!prev.plan || !!s.works !== !!prev.works || !!s.zoning !== !!prev.zoning) && renderHeader());

const map = createMapView(document.getElementById('map')!, store, window.location.origin);
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
attachWorksPanel(document.getElementById('works')!, map, store);
attachZoningPanel(document.getElementById('zoning')!, map, store);
installTestHook(map, store, search);
