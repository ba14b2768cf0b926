import type { Feature, FeatureCollection } from 'geojson';
import type { ProtectionCheckResult, WorksActivity, WorksOutcome } from '@cosite/contracts';
import { type LonLat, sketchFeatures, sketchGeometry } from '../map/draw';

/** A protection check as the API returns it (the contract's result; the works tool shows part of it). */
export type ProtectionCheck = ProtectionCheckResult;

/** The works area being drawn and checked. */
export interface Works {
  shape: 'line' | 'polygon';
  /** The vertices placed so far (while drawing, see `map/draw.ts`), then those of the finished shape. */
  vertices: LonLat[];
  finished: boolean;
  widthM: number;
  activities: WorksActivity[];
  check: ProtectionCheck | null;
}

export const NEW_WORKS: Works = { shape: 'line', vertices: [], finished: false, widthM: 6, activities: ['digging'], check: null };

/** The works area as GeoJSON for the API, once it has enough vertices. */
export const worksGeometry = (w: Works) => sketchGeometry(w.shape, w.vertices);

const OUTCOME_RANK: Record<WorksOutcome, number> = { protective_measures: 1, notify_owner: 2, forbidden: 3 };

/** The works tool's map features (pure): the finished area (terra-draw shows it while drawn), its vertices, and the facilities in conflict by worst outcome. */
export function worksFeatures(w: Works | null): FeatureCollection {
  if (!w) return { type: 'FeatureCollection', features: [] };
  const features: Feature[] = w.finished ? sketchFeatures(w.shape, w.vertices) : [];
  for (const c of w.check?.conflicts ?? []) {
    const worst = c.activities.reduce((a, x) => (OUTCOME_RANK[x.outcome] > OUTCOME_RANK[a] ? x.outcome : a), 'protective_measures' as WorksOutcome);
    features.push({
      type: 'Feature',
      geometry: c.facility.geometry as unknown as Feature['geometry'],
      properties: { role: 'conflict', outcome: worst, facilityType: c.facility.type, facilityId: c.facility.id },
    });
  }
  return { type: 'FeatureCollection', features };
}
