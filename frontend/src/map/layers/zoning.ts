import type { LayerSpecification } from 'maplibre-gl';
import { THEME, matchColour } from '../theme';
import { group } from './common';
import { type CoverageMetric, coverageFillColour } from '../coverage-metric';

/** Predicted coverage hexes (GeoJSON by bbox, filled by the chosen metric: RSRP, SINR or throughput), below the overlays. */
export function coverageLayers(metric: CoverageMetric = 'rsrp'): LayerSpecification[] {
  return [
    {
      id: 'coverage-fill',
      type: 'fill',
      source: 'coverage',
      metadata: group('coverage'),
      paint: { 'fill-color': coverageFillColour(metric), 'fill-opacity': 0.45, 'fill-outline-color': 'rgba(255,255,255,0.3)' },
    },
  ];
}

/** Planning overlays: translucent fills by kind, a firmer outline. */
export function zoningLayers(): LayerSpecification[] {
  return [
    {
      id: 'overlay-fill',
      type: 'fill',
      source: 'overlays',
      'source-layer': 'overlays',
      metadata: group('overlays'),
      paint: { 'fill-color': matchColour('kind', THEME.overlayKind) as never, 'fill-opacity': ['match', ['get', 'kind'], 'flood_zone_100y', 0.25, 0.35] },
    },
    {
      id: 'overlay-line',
      type: 'line',
      source: 'overlays',
      'source-layer': 'overlays',
      metadata: group('overlays'),
      paint: { 'line-color': matchColour('kind', THEME.overlayKind) as never, 'line-width': 1.2 },
    },
  ];
}

/** Facility-protection zones (z13+): hatched red where works need notice or are forbidden. */
export function protectionLayers(): LayerSpecification[] {
  return [
    {
      id: 'protection-zone-fill',
      type: 'fill',
      source: 'protection-zones',
      'source-layer': 'protection-zones',
      metadata: group('protection'),
      paint: { 'fill-color': matchColour('facility_kind', THEME.protectedKind) as never, 'fill-opacity': 0.3 },
    },
    {
      id: 'protection-zone-line',
      type: 'line',
      source: 'protection-zones',
      'source-layer': 'protection-zones',
      metadata: group('protection'),
      paint: { 'line-color': matchColour('facility_kind', THEME.protectedKind) as never, 'line-width': 1, 'line-dasharray': [2, 1] },
    },
  ];
}
