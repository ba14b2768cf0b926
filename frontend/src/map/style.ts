import type { FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { Lang } from '../i18n';
import { buildSources } from './sources';
import { allLayers, groupOf } from './layers';
import { CLASS_PROPERTY, type LayerGroup } from './layers/common';
import { HOME } from './home';
import type { Plan } from '../planner/analysis';
import { planFeatures } from '../planner/plan-features';
import { PLANNER_SOURCE, plannerLayers } from './layers/planner';
import { WORKS_SOURCE, worksLayers, ZONING_SOURCE, zoningEditLayers } from './layers/works';
import { type ZoningEdit, zoningEditFeatures } from '../zoning/zoning-edit';
import { type Works, worksFeatures } from '../works/works';
import { KPI_SOURCE, kpiLayers, POLES_SOURCE, polesLayers, ROUTE_CHECK_SOURCE, routeCheckLayers } from './layers/sharing';
import type { KpiView } from '../sharing/kpi';
import { type RouteCheckTool, routeCheckFeatures } from '../sharing/route-check';
import { type PolesTool, polesFeatures } from '../sharing/poles';
import { PROFILE_SOURCE, profileLayers } from './layers/profile';
import { type ProfileTool, profileFeatures } from '../profile/link-profile';
import { UPLOADS_SOURCE, uploadsLayers } from './layers/uploads';
import { type UploadsTool, uploadsFeatures } from '../uploads/uploads';
import { type CoverageMetric, METRIC_CLASS_PROPERTY } from './coverage-metric';
import { ROLLOUT_SOURCE, rolloutLayers } from './layers/rollout';
import { type RolloutTool, rolloutFeatures } from '../plans/rollout';

export interface StyleOptions {
  origin: string;
  lang: Lang;
  hidden: ReadonlySet<LayerGroup>;
  /** What the coverage hexes are coloured by (RSRP when absent). */
  coverageMetric?: CoverageMetric;
  /** Legend classes switched off (see classKey), hidden through each layer's filter. */
  hiddenClasses?: ReadonlySet<string>;
  /** The planner's ring, candidates and sites, drawn on top. */
  plan?: Plan | null;
  /** The works tool's area and conflicts, drawn on top. */
  works?: Works | null;
  /** The overlay editor's sketch and selection. */
  zoning?: ZoningEdit | null;
  /** The route check's proposal and shared stretches. */
  routes?: RouteCheckTool | null;
  /** Multi-pole integration proposals. */
  poles?: PolesTool | null;
  /** The dashboard's district choropleth. */
  kpi?: KpiView | null;
  /** The link-profile tool's link and its ends. */
  profile?: ProfileTool | null;
  /** A demand batch's points and co-build groups. */
  uploads?: UploadsTool | null;
  /** A rollout plan's sites and newly covered cells. */
  rollout?: RolloutTool | null;
}

/** The whole map style from the app state: a pure function, validated against the style spec in a test. */
export function buildStyle(o: StyleOptions): StyleSpecification {
  return {
    version: 8,
    name: 'Cosite',
    glyphs: `${o.origin}/glyphs/{fontstack}/{range}.pbf`,
    center: HOME.center,
    zoom: HOME.zoom,
    sources: {
      ...buildSources(o.origin),
      [PLANNER_SOURCE]: { type: 'geojson', data: planFeatures(o.plan ?? null) },
      [WORKS_SOURCE]: { type: 'geojson', data: worksFeatures(o.works ?? null) },
      [ZONING_SOURCE]: { type: 'geojson', data: zoningEditFeatures(o.zoning ?? null) },
      [ROUTE_CHECK_SOURCE]: { type: 'geojson', data: routeCheckFeatures(o.routes ?? null) },
      [POLES_SOURCE]: { type: 'geojson', data: polesFeatures(o.poles ?? null) },
      [PROFILE_SOURCE]: { type: 'geojson', data: profileFeatures(o.profile ?? null) },
      [UPLOADS_SOURCE]: { type: 'geojson', data: uploadsFeatures(o.uploads ?? null) },
      [KPI_SOURCE]: { type: 'geojson', data: o.kpi?.choropleth ?? { type: 'FeatureCollection', features: [] } },
      [ROLLOUT_SOURCE]: { type: 'geojson', data: rolloutFeatures(o.rollout ?? null) },
    },
    layers: [
      ...allLayers(o.lang, o.coverageMetric).map((l) => {
        const g = groupOf(l);
        if (!g || l.type === 'background') return l;
        if (!o.hidden.has(g)) return withoutClasses(l, g, o.hiddenClasses, o.coverageMetric ?? 'rsrp');
        return { ...l, layout: { ...(l.layout ?? {}), visibility: 'none' } } as typeof l;
      }),
      ...plannerLayers(),
      ...worksLayers(),
      ...zoningEditLayers(),
      ...kpiLayers(),
      ...rolloutLayers(),
      ...polesLayers(),
      ...routeCheckLayers(),
      ...profileLayers(),
      ...uploadsLayers(o.lang),
    ],
  };
}

/** The layer with the group's switched-off legend classes filtered out (the layer as it is when none are). */
function withoutClasses(l: LayerSpecification, g: LayerGroup, hiddenClasses: ReadonlySet<string> | undefined, metric: CoverageMetric): LayerSpecification {
  const property = g === 'coverage' ? METRIC_CLASS_PROPERTY[metric] : CLASS_PROPERTY[g];
  if (!property || !hiddenClasses?.size || !('source' in l)) return l;
  const values = [...hiddenClasses].filter((k) => k.startsWith(`${g}:`)).map((k) => k.slice(g.length + 1));
  if (!values.length) return l;
  const off: FilterSpecification = ['!', ['in', ['get', property], ['literal', values]]];
  return { ...l, filter: l.filter ? ['all', l.filter as FilterSpecification, off] : off } as LayerSpecification;
}
