import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { Lang } from '../../i18n';

export const FONT = ['Cosite Sans Regular'];

/** The feature's name in the chosen language, falling back to Chinese. */
export function nameIn(lang: Lang, zhKey = 'name_zh', enKey = 'name_en'): ExpressionSpecification {
  return lang === 'zh' ? ['coalesce', ['get', zhKey], ['get', enKey]] : ['coalesce', ['get', enKey], ['get', zhKey]];
}

/** Layer groups the layer control toggles; each layer carries its group in metadata. */
export const GROUPS = [
  'districts',
  'terrain',
  'rivers',
  'streets',
  'coverage',
  'overlays',
  'protection',
  'routes',
  'structures',
  'sectors',
  'sectorLoad',
  'observed',
  'keySites',
] as const;
export type LayerGroup = (typeof GROUPS)[number];

export const group = (g: LayerGroup) => ({ 'cosite:group': g });

/** The property whose value a group's legend entries stand for: a legend entry hides its class through a filter. */
export const CLASS_PROPERTY: Partial<Record<LayerGroup, string>> = {
  // the coverage metric's own class property stands in for this one (coverage-metric.ts METRIC_CLASS_PROPERTY)
  coverage: 'band',
  sectorLoad: 'loadClass',
  structures: 'kind',
  sectors: 'operator',
  routes: 'kind',
  overlays: 'kind',
  protection: 'facility_kind',
};

/** A hidden legend class, as the state keeps it: its group and its value. */
export const classKey = (g: LayerGroup, value: string) => `${g}:${value}`;

/** A number written in white on the circle under it (a count, a build order): every label drawn, none hidden. */
export function circleLabel(id: string, source: string, filter: unknown, property: string, size = 11): LayerSpecification {
  return {
    id,
    type: 'symbol',
    source,
    filter: filter as FilterSpecification,
    layout: { 'text-field': ['to-string', ['get', property]], 'text-font': FONT, 'text-size': size, 'text-allow-overlap': true, 'text-ignore-placement': true },
    paint: { 'text-color': '#ffffff' },
  };
}
