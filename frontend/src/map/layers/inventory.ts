import type { LayerSpecification } from 'maplibre-gl';
import { THEME, matchColour } from '../theme';
import { FONT, group } from './common';

/** The shared inventory: routes, structures by kind, and sector wedges by operator. */
export function inventoryLayers(): LayerSpecification[] {
  return [
    {
      id: 'route-line',
      type: 'line',
      source: 'routes',
      'source-layer': 'routes',
      metadata: group('routes'),
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': matchColour('kind', THEME.routeKind) as never,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 16, 3],
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
      paint: {
        'circle-color': matchColour('kind', THEME.structureKind) as never,
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          8,
          1.5,
          12,
          ['match', ['get', 'kind'], ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop'], 3, 2],
          16,
          ['match', ['get', 'kind'], ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop'], 8, 5],
        ],
        'circle-stroke-color': ['case', ['==', ['get', 'free_slots'], 0], '#000000', '#ffffff'],
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 0, 13, 1],
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
