import type { LayerSpecification } from 'maplibre-gl';
import type { Lang } from '../../i18n';
import { basemapLayers } from './basemap';
import { coverageLayers, protectionLayers, zoningLayers } from './zoning';
import { inventoryLayers } from './inventory';
import { keySiteLayers } from './key-sites';
import { sectorLoadLayers } from './capacity';
import type { CoverageMetric } from '../coverage-metric';
import type { LayerGroup } from './common';

/** The one bottom-to-top order of every layer. Labels of the basemap sit above the data except key sites. */
export function allLayers(lang: Lang, metric: CoverageMetric = 'rsrp'): LayerSpecification[] {
  const base = basemapLayers(lang);
  const labels = base.filter((l) => l.type === 'symbol');
  const ground = base.filter((l) => l.type !== 'symbol');
  return [
    ...ground,
    ...coverageLayers(metric),
    ...zoningLayers(),
    ...protectionLayers(),
    ...inventoryLayers(),
    ...sectorLoadLayers(),
    ...labels,
    ...keySiteLayers(lang),
  ];
}

export function groupOf(layer: LayerSpecification): LayerGroup | undefined {
  return (layer.metadata as { 'cosite:group'?: LayerGroup } | undefined)?.['cosite:group'];
}

/** Layers that open a popup when clicked, topmost first. */
export const CLICKABLE_LAYERS = [
  'key-site-circle',
  'sector-load-wedge',
  'sector-load-omni',
  'structure-circle',
  'route-line',
  'overlay-fill',
  'coverage-fill',
  'district-fill',
];
