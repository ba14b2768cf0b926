import maplibregl, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { PLANNER_SOURCE } from './layers/planner';
import { planFeatures } from '../planner/plan-features';
import { WORKS_SOURCE, ZONING_SOURCE } from './layers/works';
import { zoningEditFeatures } from '../zoning/zoning-edit';
import { worksFeatures } from '../works/works';
import { KPI_SOURCE, POLES_SOURCE, ROUTE_CHECK_SOURCE } from './layers/sharing';
import { routeCheckFeatures } from '../sharing/route-check';
import { polesFeatures } from '../sharing/poles';
import { rolloutFeatures } from '../plans/rollout';
import { ROLLOUT_SOURCE } from './layers/rollout';
import { PROFILE_SOURCE } from './layers/profile';
import { profileFeatures } from '../profile/link-profile';
import { UPLOADS_SOURCE } from './layers/uploads';
import { uploadsFeatures } from '../uploads/uploads';
import { type Store } from '../state';
import { buildStyle } from './style';
import { keepFedSources } from './sources';
import { provideSectorImages } from './sector-icons';
import { provideSectorLoadImages } from './sector-load';
import { HOME } from './home';
import { keepDrawingLayers } from './draw';

/** Chinese labels are drawn with the browser's own fonts; only Latin glyphs come from our server. */
const LOCAL_CJK_FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** The one module that updates the map from the state (language, hidden groups) via a diffed setStyle. */
export function createMapView(container: HTMLElement, store: Store, origin: string): MapLibreMap {
  const s = store.get();
  const map = new maplibregl.Map({
    container,
    style: buildStyle({
      origin,
      lang: s.lang,
      hidden: s.hidden,
      coverageMetric: s.coverage.metric,
      hiddenClasses: s.hiddenClasses,
      plan: s.plan,
      works: s.works,
      zoning: s.zoning,
      routes: s.routes,
      poles: s.poles,
      kpi: s.kpi,
      profile: s.profile,
      uploads: s.uploads,
      rollout: s.rollout,
    }),
    localIdeographFontFamily: LOCAL_CJK_FONTS,
    // Where a newcomer lands (Jiefangbei); a #zoom/lat/lon in the URL takes precedence.
    center: HOME.center,
    zoom: HOME.zoom,
    hash: true,
    minZoom: 7,
    maxZoom: 19,
    attributionControl: false,
  });
  provideSectorImages(map);
  provideSectorLoadImages(map);
  store.subscribe((next, prev) => {
    const restyle = next.lang !== prev.lang || next.hidden !== prev.hidden || next.hiddenClasses !== prev.hiddenClasses;
    if (restyle || next.coverage.metric !== prev.coverage.metric) {
      map.setStyle(
        buildStyle({
          origin,
          lang: next.lang,
          hidden: next.hidden,
          coverageMetric: next.coverage.metric,
          hiddenClasses: next.hiddenClasses,
          plan: next.plan,
          works: next.works,
          zoning: next.zoning,
          routes: next.routes,
          poles: next.poles,
          kpi: next.kpi,
          profile: next.profile,
          uploads: next.uploads,
          rollout: next.rollout,
        }),
        {
          diff: true,
          transformStyle: (previous, next) => keepFedSources(previous, keepDrawingLayers(previous, next)),
        },
      );
      return;
    }
    // only a tool's own source changes: no style diff, so the coverage hexes stay
    if (next.plan !== prev.plan) (map.getSource(PLANNER_SOURCE) as GeoJSONSource | undefined)?.setData(planFeatures(next.plan));
    if (next.works !== prev.works) (map.getSource(WORKS_SOURCE) as GeoJSONSource | undefined)?.setData(worksFeatures(next.works));
    if (next.zoning !== prev.zoning) (map.getSource(ZONING_SOURCE) as GeoJSONSource | undefined)?.setData(zoningEditFeatures(next.zoning));
    if (next.routes !== prev.routes) (map.getSource(ROUTE_CHECK_SOURCE) as GeoJSONSource | undefined)?.setData(routeCheckFeatures(next.routes));
    if (next.poles !== prev.poles) (map.getSource(POLES_SOURCE) as GeoJSONSource | undefined)?.setData(polesFeatures(next.poles));
    if (next.profile !== prev.profile) (map.getSource(PROFILE_SOURCE) as GeoJSONSource | undefined)?.setData(profileFeatures(next.profile));
    if (next.uploads?.results !== prev.uploads?.results) (map.getSource(UPLOADS_SOURCE) as GeoJSONSource | undefined)?.setData(uploadsFeatures(next.uploads));
    if (next.rollout !== prev.rollout) (map.getSource(ROLLOUT_SOURCE) as GeoJSONSource | undefined)?.setData(rolloutFeatures(next.rollout));
    if (next.kpi?.choropleth !== prev.kpi?.choropleth)
      (map.getSource(KPI_SOURCE) as GeoJSONSource | undefined)?.setData(next.kpi?.choropleth ?? { type: 'FeatureCollection', features: [] });
  });
  return map;
}
