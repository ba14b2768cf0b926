import type { FeatureCollection, Geometry } from 'geojson';
import { type LonLat, sketchFeatures } from '../map/draw';

/** The planning bureau's overlay editor: the overlay selected (or a new one being drawn) and its history. */
export interface ZoningEdit {
  selected: { id: number; properties: Record<string, unknown>; geometry: Geometry } | null;
  /** Points of a new outline (a new overlay, or a redrawn one), in drawing order. */
  vertices: LonLat[];
  /** A new outline is being drawn (see `map/draw.ts`); once finished, its vertices stay until saved or cleared. */
  drawing: boolean;
  versions: { version: number; change: string; changedAt: string }[];
}

export const NEW_ZONING_EDIT: ZoningEdit = { selected: null, vertices: [], drawing: false, versions: [] };

/** The editor's map features (pure): the new outline once finished (terra-draw shows it while drawn) and the selected overlay's outline. */
export function zoningEditFeatures(z: ZoningEdit | null): FeatureCollection {
  if (!z) return { type: 'FeatureCollection', features: [] };
  const features = z.drawing ? [] : sketchFeatures('polygon', z.vertices);
  if (z.selected) features.push({ type: 'Feature', geometry: z.selected.geometry, properties: { role: 'selected' } });
  return { type: 'FeatureCollection', features };
}
