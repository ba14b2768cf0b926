import type { LayerSpecification } from 'maplibre-gl';
import { THEME, matchColour } from '../theme';
import { SECTOR_LOAD_MIN_ZOOM, SECTOR_LOAD_SOURCE } from '../sector-load';
import { FONT, group } from './common';

/**
 * Sector load: a wedge at the site in each sector's azimuth (an omni sector a circle), coloured by busy-hour
 * utilisation and outlined black when overloaded; the utilisation in per cent beyond the tip (overloaded ones from
 * z14, all from z16).
 */
export function sectorLoadLayers(): LayerSpecification[] {
  return [
    {
      id: 'sector-load-omni',
      type: 'circle',
      source: SECTOR_LOAD_SOURCE,
      metadata: group('sectorLoad'),
      minzoom: SECTOR_LOAD_MIN_ZOOM,
      filter: ['!', ['has', 'azimuth']],
      paint: {
        'circle-color': matchColour('loadClass', THEME.sectorLoad) as never,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 5, 15, 9, 18, 14],
        'circle-stroke-color': ['case', ['get', 'overloaded'], THEME.overloadedOutline, '#ffffff'],
        'circle-stroke-width': ['case', ['get', 'overloaded'], 2.5, 1],
      },
    },
    {
      id: 'sector-load-wedge',
      type: 'symbol',
      source: SECTOR_LOAD_SOURCE,
      metadata: group('sectorLoad'),
      minzoom: SECTOR_LOAD_MIN_ZOOM,
      filter: ['has', 'azimuth'],
      layout: {
        'icon-image': ['get', 'image'],
        'icon-rotate': ['get', 'azimuth'],
        'icon-rotation-alignment': 'map',
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // the most loaded drawn on top where sites crowd
        'symbol-sort-key': ['get', 'utilisationPct'],
        'icon-size': ['interpolate', ['linear'], ['zoom'], 13, 0.8, 15, 1.2, 18, 1.8],
      },
    },
    {
      id: 'sector-load-label',
      type: 'symbol',
      source: SECTOR_LOAD_SOURCE,
      metadata: group('sectorLoad'),
      minzoom: 14,
      // where sites crowd, only the overloaded sectors say their figure; every sector from z16
      filter: ['any', ['get', 'overloaded'], ['>=', ['zoom'], 16]],
      layout: {
        'text-field': ['get', 'utilisationLabel'],
        'text-font': FONT,
        'text-size': 11,
        'text-offset': ['get', 'labelOffset'],
        'text-allow-overlap': false,
        'symbol-sort-key': ['-', 0, ['get', 'utilisationPct']],
      },
      paint: { 'text-color': THEME.label, 'text-halo-color': THEME.halo, 'text-halo-width': 1.5 },
    },
  ];
}
