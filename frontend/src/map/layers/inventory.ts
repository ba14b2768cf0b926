import type { LayerSpecification } from 'maplibre-gl';
import { THEME, matchColour } from '../theme';
import { FONT, group } from './common';

/** Below this zoom the map shows the skeleton only: towers, trunk ducts; the rest from here on. */
export const DETAIL_ZOOM = 14;
/** The structures that stand for a site at city scale (the field's macro towers). */
const TOWERS = ['lattice_tower', 'monopole', 'camouflaged_tower'];
/** The routes that carry the network at city scale; poles and aerial or buried cables only from DETAIL_ZOOM. */
const TRUNK_ROUTES = ['duct'];

/** The shared inventory: routes, structures by kind, and sector wedges by operator. */
export function inventoryLayers(): LayerSpecification[] {
  return [
    {
      id: 'route-line',
      type: 'line',
      source: 'routes',
      'source-layer': 'routes',
      metadata: group('routes'),
      filter: ['any', ['>=', ['zoom'], DETAIL_ZOOM], ['in', ['get', 'kind'], ['literal', TRUNK_ROUTES]]],
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': matchColour('kind', THEME.routeKind) as never,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 14, 1.5, 16, 3],
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 14, 1],
        'line-dasharray': ['match', ['get', 'kind'], 'aerial_cable', ['literal', [2, 1]], 'pole_line', ['literal', [4, 1]], ['literal', [1, 0]]],
      },
    },
    {
      id: 'sector-wedge',
      type: 'symbol',
      source: 'sectors',
      'source-layer': 'sectors',
      metadata: group('sectors'),
      minzoom: 15,
      filter: ['has', 'azimuth'],
      layout: {
        'icon-image': ['concat', 'sector-', ['get', 'operator'], '-', ['to-string', ['get', 'sector_count']]],
        'icon-rotate': ['get', 'azimuth'],
        'icon-rotation-alignment': 'map',
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 15, 0.5, 18, 1],
      },
      paint: { 'icon-opacity': 0.8 },
    },
    {
      id: 'structure-circle',
      type: 'circle',
      source: 'structures',
      'source-layer': 'structures',
      metadata: group('structures'),
      filter: ['any', ['>=', ['zoom'], DETAIL_ZOOM], ['in', ['get', 'kind'], ['literal', TOWERS]]],
      paint: {
        'circle-color': matchColour('kind', THEME.structureKind) as never,
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          8,
          1.5,
          12,
          2.5,
          13.9,
          3,
          14,
          ['match', ['get', 'kind'], ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop', 'power_grid_tower'], 3.5, 2.5],
          16,
          ['match', ['get', 'kind'], ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop', 'power_grid_tower'], 8, 5],
        ],
        'circle-stroke-color': ['case', ['==', ['get', 'free_slots'], 0], '#000000', '#ffffff'],
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 0, 12, 0.5, 14, 1],
      },
    },
    {
      id: 'observed-cell',
      type: 'circle',
      source: 'observed-cells',
      'source-layer': 'observed-cells',
      metadata: group('observed'),
      paint: { 'circle-color': THEME.observed, 'circle-radius': 4, 'circle-stroke-color': '#000', 'circle-stroke-width': 1 },
    },
    {
      id: 'structure-label',
      type: 'symbol',
      source: 'structures',
      'source-layer': 'structures',
      metadata: group('structures'),
      minzoom: 16,
      filter: ['>', ['get', 'tenant_count'], 0],
      layout: { 'text-field': ['to-string', ['get', 'tenant_count']], 'text-font': FONT, 'text-size': 10, 'text-offset': [0.9, -0.9] },
      paint: { 'text-color': THEME.label, 'text-halo-color': THEME.halo, 'text-halo-width': 1 },
    },
  ];
}
