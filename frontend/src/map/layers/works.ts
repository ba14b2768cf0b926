import type { LayerSpecification } from 'maplibre-gl';

export const WORKS_SOURCE = 'works';

const role = (r: string) => ['==', ['get', 'role'], r] as ['==', ['get', string], string];
const OUTCOME_COLOUR = ['match', ['get', 'outcome'], 'forbidden', '#d7191c', 'notify_owner', '#fdae61', '#ffd92f'] as unknown as string;

/** The works tool's layers on top: the works area, its vertices, and the facilities it conflicts with. */
export function worksLayers(): LayerSpecification[] {
  return ([
    { id: 'works-fill', type: 'fill', source: WORKS_SOURCE, filter: ['all', role('works'), ['==', ['geometry-type'], 'Polygon']], paint: { 'fill-color': '#6a3d9a', 'fill-opacity': 0.15 } },
    { id: 'works-line', type: 'line', source: WORKS_SOURCE, filter: role('works'), paint: { 'line-color': '#6a3d9a', 'line-width': 3 } },
    { id: 'works-vertex', type: 'circle', source: WORKS_SOURCE, filter: role('vertex'), paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': '#6a3d9a', 'circle-stroke-width': 2 } },
    { id: 'works-conflict-line', type: 'line', source: WORKS_SOURCE, filter: ['all', role('conflict'), ['==', ['geometry-type'], 'LineString']], paint: { 'line-color': OUTCOME_COLOUR, 'line-width': 6, 'line-opacity': 0.8 } },
    { id: 'works-conflict-point', type: 'circle', source: WORKS_SOURCE, filter: ['all', role('conflict'), ['==', ['geometry-type'], 'Point']], paint: { 'circle-radius': 9, 'circle-color': OUTCOME_COLOUR, 'circle-stroke-color': '#000', 'circle-stroke-width': 1.5 } },
  ] as LayerSpecification[]).map((l) => ({ ...l, metadata: { 'cosite:tool': 'works' } }));
}
