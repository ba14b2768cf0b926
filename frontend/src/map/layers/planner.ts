import type { LayerSpecification } from 'maplibre-gl';
import { FONT } from './common';

export const PLANNER_SOURCE = 'planner';

const role = (r: string) => ['==', ['get', 'role'], r] as ['==', ['get', string], string];

/**
 * The planner's layers on top of everything: ring, candidates (feasible green, infeasible grey ringed red and dimmed), sites.
 * A tool's layers, not data: outside the layer control's groups, shown whenever the planner has something to draw.
 */
export function plannerLayers(): LayerSpecification[] {
  return (
    [
      { id: 'plan-ring-fill', type: 'fill', source: PLANNER_SOURCE, filter: role('ring'), paint: { 'fill-color': '#2b6cb0', 'fill-opacity': 0.07 } },
      {
        id: 'plan-ring-line',
        type: 'line',
        source: PLANNER_SOURCE,
        filter: role('ring'),
        paint: { 'line-color': '#2b6cb0', 'line-width': 2, 'line-dasharray': [3, 2] },
      },
      {
        id: 'plan-candidate',
        type: 'circle',
        source: PLANNER_SOURCE,
        filter: role('candidate'),
        paint: {
          'circle-radius': ['case', ['get', 'best'], 10, ['get', 'feasible'], 7, 5],
          'circle-color': ['case', ['get', 'feasible'], '#1a9850', '#bdbdbd'],
          'circle-stroke-color': ['case', ['get', 'best'], '#0b3d20', ['get', 'feasible'], '#ffffff', '#d73027'],
          'circle-stroke-width': ['case', ['get', 'best'], 3, 1.5],
          // infeasible ones dimmed: in the centre they are hundreds of lamp posts around the few that can serve
          'circle-opacity': ['case', ['get', 'feasible'], 1, 0.4],
          'circle-stroke-opacity': ['case', ['get', 'feasible'], 1, 0.5],
        },
      },
      {
        id: 'plan-candidate-rank',
        type: 'symbol',
        source: PLANNER_SOURCE,
        filter: ['all', role('candidate'), ['>', ['get', 'rank'], 0]],
        layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-font': FONT, 'text-size': 10, 'text-allow-overlap': true, 'text-ignore-placement': true },
        paint: { 'text-color': '#ffffff' },
      },
      {
        id: 'plan-pin',
        type: 'circle',
        source: PLANNER_SOURCE,
        filter: role('pin'),
        paint: { 'circle-radius': 6, 'circle-color': '#2b6cb0', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
      },
      {
        id: 'plan-new-build',
        type: 'circle',
        source: PLANNER_SOURCE,
        filter: ['any', role('new_build'), role('co_build')],
        paint: {
          'circle-radius': 10,
          'circle-color': ['case', ['==', ['get', 'role'], 'co_build'], '#7b3294', '#f46d43'],
          'circle-stroke-color': '#3a1c00',
          'circle-stroke-width': 2,
        },
      },
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'planner' } }));
}
