import type { LayerSpecification } from 'maplibre-gl';
import type { Lang } from '../../i18n';
import { THEME } from '../theme';
import { FONT, group, nameIn } from './common';

export function keySiteLayers(lang: Lang): LayerSpecification[] {
  return [
    {
      id: 'key-site-circle',
      type: 'circle',
      source: 'key-sites',
      'source-layer': 'key-sites',
      metadata: group('keySites'),
      paint: { 'circle-color': THEME.keySite, 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    },
    {
      id: 'key-site-label',
      type: 'symbol',
      source: 'key-sites',
      'source-layer': 'key-sites',
      metadata: group('keySites'),
      layout: { 'text-field': nameIn(lang), 'text-font': FONT, 'text-size': 12, 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-optional': true },
      paint: { 'text-color': THEME.keySite, 'text-halo-color': THEME.halo, 'text-halo-width': 1.5 },
    },
  ];
}
