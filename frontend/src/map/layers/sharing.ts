import type { LayerSpecification } from 'maplibre-gl';
import { circleLabel, FONT } from './common';
import { role, sketchLayers } from './sketch';
import { THEME } from '../theme';

export const ROUTE_CHECK_SOURCE = 'route-check';
export const POLES_SOURCE = 'poles';

/** The route check's layers: the stretches shared with existing routes (under), then the drawn route. */
export function routeCheckLayers(): LayerSpecification[] {
  return (
    [
      {
        id: 'route-check-shared',
        type: 'line',
        source: ROUTE_CHECK_SOURCE,
        filter: role('shared'),
        layout: { 'line-cap': 'round' },
        // green: can carry it with room; orange: can carry it but full; grey: cannot carry it (another kind)
        paint: { 'line-color': ['case', ['get', 'hasRoom'], '#1a9850', ['get', 'canCarry'], '#fdae61', '#9e9e9e'], 'line-width': 9, 'line-opacity': 0.75 },
      },
      ...sketchLayers(ROUTE_CHECK_SOURCE, 'route-check', THEME.tool.routes),
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'routes' } }));
}

/** Multi-pole integration proposals: each merged pole linked to the smart pole proposed for it. */
export function polesLayers(): LayerSpecification[] {
  return (
    [
      {
        id: 'poles-link',
        type: 'line',
        source: POLES_SOURCE,
        filter: role('link'),
        paint: { 'line-color': '#5e3c99', 'line-width': 1.5, 'line-dasharray': [2, 1] },
      },
      {
        id: 'poles-merged',
        type: 'circle',
        source: POLES_SOURCE,
        filter: role('merged'),
        paint: { 'circle-radius': 4, 'circle-color': '#d9d9d9', 'circle-stroke-color': '#5e3c99', 'circle-stroke-width': 1.5 },
      },
      {
        id: 'poles-smart',
        type: 'circle',
        source: POLES_SOURCE,
        filter: role('smart_pole'),
        paint: {
          'circle-radius': 9,
          'circle-color': ['case', ['==', ['get', 'status'], 'accepted'], '#1b7837', '#5e3c99'],
          'circle-stroke-color': ['case', ['get', 'smallCell'], '#ffd92f', '#ffffff'],
          'circle-stroke-width': 2.5,
        },
      },
      circleLabel('poles-smart-count', POLES_SOURCE, role('smart_pole'), 'merged', 10),
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'poles' } }));
}

export const KPI_SOURCE = 'kpi-districts';

/** The dashboard's choropleth: core districts by 5G base stations per 10,000 residents (targets 35 core, 47.8 city). */
export function kpiLayers(): LayerSpecification[] {
  return (
    [
      {
        id: 'kpi-density-fill',
        type: 'fill',
        source: KPI_SOURCE,
        paint: { 'fill-color': ['step', ['get', 'per10k'], '#d73027', 12, '#fc8d59', 35, '#fee08b', 47.8, '#91cf60', 80, '#1a9850'], 'fill-opacity': 0.55 },
      },
      { id: 'kpi-density-line', type: 'line', source: KPI_SOURCE, paint: { 'line-color': '#333', 'line-width': 1 } },
      {
        id: 'kpi-density-label',
        type: 'symbol',
        source: KPI_SOURCE,
        layout: { 'text-field': ['to-string', ['get', 'per10k']], 'text-font': FONT, 'text-size': 13 },
        paint: { 'text-color': '#000', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
      },
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'kpi' } }));
}
