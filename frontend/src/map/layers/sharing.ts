import type { LayerSpecification } from 'maplibre-gl';
import { FONT } from './common';
import { role, sketchLayers } from './sketch';

export const ROUTE_CHECK_SOURCE = 'route-check';
export const POLES_SOURCE = 'poles';

/** The route check's layers: the stretches shared with existing routes (under), then the drawn route. */
export function routeCheckLayers(): LayerSpecification[] {
  return ([
    {
      id: 'route-check-shared',
      type: 'line',
      source: ROUTE_CHECK_SOURCE,
      filter: role('shared'),
      layout: { 'line-cap': 'round' },
      // green: can carry it with room; orange: can carry it but full; grey: cannot carry it (another kind)
      paint: { 'line-color': ['case', ['get', 'hasRoom'], '#1a9850', ['get', 'canCarry'], '#fdae61', '#9e9e9e'], 'line-width': 9, 'line-opacity': 0.75 },
    },
    ...sketchLayers(ROUTE_CHECK_SOURCE, 'route-check', '#b35806'),
  ] as LayerSpecification[]).map((l) => ({ ...l, metadata: { 'cosite:tool': 'routes' } }));
}

/** Multi-pole integration proposals: each merged pole linked to the smart pole proposed for it. */
export function polesLayers(): LayerSpecification[] {
  return ([
    { id: 'poles-link', type: 'line', source: POLES_SOURCE, filter: role('link'), paint: { 'line-color': '#5e3c99', 'line-width': 1.5, 'line-dasharray': [2, 1] } },
    { id: 'poles-merged', type: 'circle', source: POLES_SOURCE, filter: role('merged'), paint: { 'circle-radius': 4, 'circle-color': '#d9d9d9', 'circle-stroke-color': '#5e3c99', 'circle-stroke-width': 1.5 } },
    {
      id: 'poles-smart',
      type: 'circle',
      source: POLES_SOURCE,
      filter: role('smart_pole'),
      paint: { 'circle-radius': 9, 'circle-color': ['case', ['==', ['get', 'status'], 'accepted'], '#1b7837', '#5e3c99'], 'circle-stroke-color': ['case', ['get', 'smallCell'], '#ffd92f', '#ffffff'], 'circle-stroke-width': 2.5 },
    },
    {
      id: 'poles-smart-count',
      type: 'symbol',
      source: POLES_SOURCE,
      filter: role('smart_pole'),
      layout: { 'text-field': ['to-string', ['get', 'merged']], 'text-font': FONT, 'text-size': 10, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#ffffff' },
    },
  ] as LayerSpecification[]).map((l) => ({ ...l, metadata: { 'cosite:tool': 'poles' } }));
}
