import type { LayerSpecification } from 'maplibre-gl';

export const role = (r: string) => ['==', ['get', 'role'], r] as ['==', ['get', string], string];

/** A tool's finished shape (works area, proposed route, new overlay; see `map/draw.ts`): its fill, outline and vertices, in the tool's colour. */
export function sketchLayers(source: string, prefix: string, colour: string): LayerSpecification[] {
  return [
    {
      id: `${prefix}-fill`,
      type: 'fill',
      source,
      filter: ['all', role('sketch'), ['==', ['geometry-type'], 'Polygon']],
      paint: { 'fill-color': colour, 'fill-opacity': 0.15 },
    },
    { id: `${prefix}-line`, type: 'line', source, filter: role('sketch'), paint: { 'line-color': colour, 'line-width': 3 } },
    {
      id: `${prefix}-vertex`,
      type: 'circle',
      source,
      filter: role('vertex'),
      paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': colour, 'circle-stroke-width': 2 },
    },
  ];
}
