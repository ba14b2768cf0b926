import type { LayerSpecification } from 'maplibre-gl';
import { THEME, matchColour } from '../theme';
import { group } from './common';

/** Predicted coverage hexes (GeoJSON by bbox, filled by RSRP band), below the overlays. */
export function coverageLayers(): LayerSpecification[] {
  return [
    {
      id: 'coverage-fill', type: 'fill', source: 'coverage', metadata: group('coverage'),
      paint: { 'fill-color': matchColour('band', THEME.rsrpBand) as never, 'fill-opacity': 0.45, 'fill-outline-color': 'rgba(255,255,255,0.3)' },
    },
  ];
}

/** Planning overlays: translucent fills by kind, a firmer outline. */
export function zoningLayers(): LayerSpecification[] {
  return [
    {
      id: 'overlay-fill', type: 'fill', source: 'overlays', 'source-layer': 'overlays', metadata: group('overlays'),
      paint: { 'fill-color': matchColour('kind', THEME.overlayKind) as never, 'fill-opacity': ['match', ['get', 'kind'], 'flood_zone_100y', 0.25, 0.35] },
    },
    {
      id: 'overlay-line', type: 'line', source: 'overlays', 'source-layer': 'overlays', metadata: group('overlays'),
      paint: { 'line-color': matchColour('kind', THEME.overlayKind) as never, 'line-width': 1.2 },
    },
  ];
}
