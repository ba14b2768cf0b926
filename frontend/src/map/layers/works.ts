import type { LayerSpecification } from 'maplibre-gl';
import { role, sketchLayers } from './sketch';
import { THEME } from '../theme';

export const WORKS_SOURCE = 'works';

const OUTCOME_COLOUR = ['match', ['get', 'outcome'], 'forbidden', '#d7191c', 'notify_owner', '#fdae61', '#ffd92f'] as unknown as string;

/** The works tool's layers on top: the works area, its vertices, and the facilities it conflicts with. */
export function worksLayers(): LayerSpecification[] {
  return (
    [
      ...sketchLayers(WORKS_SOURCE, 'works', THEME.tool.works),
      {
        id: 'works-conflict-line',
        type: 'line',
        source: WORKS_SOURCE,
        filter: ['all', role('conflict'), ['==', ['geometry-type'], 'LineString']],
        paint: { 'line-color': OUTCOME_COLOUR, 'line-width': 6, 'line-opacity': 0.8 },
      },
      {
        id: 'works-conflict-point',
        type: 'circle',
        source: WORKS_SOURCE,
        filter: ['all', role('conflict'), ['==', ['geometry-type'], 'Point']],
        paint: { 'circle-radius': 9, 'circle-color': OUTCOME_COLOUR, 'circle-stroke-color': '#000', 'circle-stroke-width': 1.5 },
      },
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'works' } }));
}

export const ZONING_SOURCE = 'zoning-sketch';

/** The overlay editor's layers: the overlay being drawn, and the one selected for editing. */
export function zoningEditLayers(): LayerSpecification[] {
  return (
    [
      ...sketchLayers(ZONING_SOURCE, 'zoning-sketch', THEME.tool.zoning),
      {
        id: 'zoning-selected',
        type: 'line',
        source: ZONING_SOURCE,
        filter: role('selected'),
        paint: { 'line-color': THEME.tool.zoning, 'line-width': 4, 'line-dasharray': [2, 1] },
      },
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'zoning' } }));
}
