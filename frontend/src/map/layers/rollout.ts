import type { LayerSpecification } from 'maplibre-gl';
import { FONT } from './common';
import { role, sketchLayers } from './sketch';
import { THEME } from '../theme';
import { OPTION_COLOURS } from '../../plans/rollout';

export const ROLLOUT_SOURCE = 'rollout';

const byOption = ['match', ['get', 'option'], ...Object.entries(OPTION_COLOURS).flat(), '#888888'];

/** A rollout plan: the cells it newly covers (tinted by the option of the site that covers them), its sites numbered in build order. */
export function rolloutLayers(): LayerSpecification[] {
  return (
    [
      ...sketchLayers(ROLLOUT_SOURCE, 'rollout-area', THEME.tool.rollout),
      {
        id: 'rollout-cells',
        type: 'fill',
        source: ROLLOUT_SOURCE,
        filter: role('cell'),
        paint: { 'fill-color': byOption, 'fill-opacity': 0.35, 'fill-outline-color': 'rgba(0,0,0,0)' },
      },
      {
        id: 'rollout-sites',
        type: 'circle',
        source: ROLLOUT_SOURCE,
        filter: role('site'),
        paint: { 'circle-radius': 10, 'circle-color': byOption, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
      },
      {
        id: 'rollout-site-order',
        type: 'symbol',
        source: ROLLOUT_SOURCE,
        filter: role('site'),
        layout: {
          'text-field': ['to-string', ['get', 'order']],
          'text-font': FONT,
          'text-size': 11,
          'text-allow-overlap': true,
          'text-ignore-placement': true,
        },
        paint: { 'text-color': '#ffffff' },
      },
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'rollout' } }));
}
