import type { LayerSpecification } from 'maplibre-gl';
import { circleLabel } from './common';
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
      circleLabel('rollout-site-order', ROLLOUT_SOURCE, role('site'), 'order'),
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'rollout' } }));
}
