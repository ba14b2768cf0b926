import type { LayerSpecification } from 'maplibre-gl';
import type { Lang } from '../../i18n';
import { THEME } from '../theme';
import { FONT, group, nameIn } from './common';

/** Our own basemap: land, districts, rivers, streets. */
export function basemapLayers(lang: Lang): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': THEME.background } },
    {
      id: 'district-fill',
      type: 'fill',
      source: 'districts',
      'source-layer': 'districts',
      metadata: group('districts'),
      paint: { 'fill-color': ['case', ['get', 'is_core'], THEME.coreDistrict, THEME.background], 'fill-opacity': 1 },
    },
    // relief under the water and streets, over the land colour
    {
      id: 'hillshade',
      type: 'raster',
      source: 'hillshade',
      metadata: group('terrain'),
      minzoom: 8,
      paint: { 'raster-opacity': 0.85, 'raster-fade-duration': 0 },
    },
    { id: 'river-fill', type: 'fill', source: 'rivers', 'source-layer': 'rivers', metadata: group('rivers'), paint: { 'fill-color': THEME.water } },
    {
      id: 'street-casing',
      type: 'line',
      source: 'streets',
      'source-layer': 'streets',
      metadata: group('streets'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': THEME.street.casing,
        'line-width': [
          'interpolate',
          ['exponential', 1.6],
          ['zoom'],
          10,
          ['match', ['get', 'class'], 'primary', 1.6, 0.8],
          16,
          ['match', ['get', 'class'], 'primary', 16, 'secondary', 11, 7],
        ],
      },
    },
    {
      id: 'street',
      type: 'line',
      source: 'streets',
      'source-layer': 'streets',
      metadata: group('streets'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': THEME.street.primary,
        'line-width': [
          'interpolate',
          ['exponential', 1.6],
          ['zoom'],
          10,
          ['match', ['get', 'class'], 'primary', 0.8, 0.4],
          16,
          ['match', ['get', 'class'], 'primary', 13, 'secondary', 9, 5.5],
        ],
      },
    },
    {
      id: 'district-line',
      type: 'line',
      source: 'districts',
      'source-layer': 'districts',
      metadata: group('districts'),
      paint: { 'line-color': THEME.districtLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.8, 14, 2], 'line-dasharray': [3, 2] },
    },
    {
      id: 'street-label',
      type: 'symbol',
      source: 'streets',
      'source-layer': 'streets',
      metadata: group('streets'),
      minzoom: 14,
      layout: { 'symbol-placement': 'line', 'text-field': nameIn(lang), 'text-font': FONT, 'text-size': 11 },
      paint: { 'text-color': '#666', 'text-halo-color': THEME.halo, 'text-halo-width': 1.2 },
    },
    {
      id: 'river-label',
      type: 'symbol',
      source: 'rivers',
      'source-layer': 'rivers',
      metadata: group('rivers'),
      layout: { 'symbol-placement': 'point', 'text-field': nameIn(lang), 'text-font': FONT, 'text-size': 13, 'text-letter-spacing': 0.2 },
      paint: { 'text-color': THEME.waterLabel, 'text-halo-color': THEME.halo, 'text-halo-width': 1 },
    },
    {
      id: 'district-label',
      type: 'symbol',
      source: 'districts',
      'source-layer': 'district-labels',
      metadata: group('districts'),
      maxzoom: 13,
      layout: { 'text-field': nameIn(lang), 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 8, 12, 12, 16] },
      paint: { 'text-color': THEME.label, 'text-halo-color': THEME.halo, 'text-halo-width': 1.5 },
    },
  ];
}
