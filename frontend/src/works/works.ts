import type { Feature, FeatureCollection } from 'geojson';
import { type LonLat, sketchFeatures, sketchGeometry } from '../map/draw';

/** A protection check as the API returns it (the parts the works tool shows). */
export interface ActivityOutcome {
  activity: string;
  outcome: 'forbidden' | 'notify_owner' | 'protective_measures';
  article: string | null;
  regulation: string;
}

export interface Conflict {
  facility: {
    type: 'structure' | 'route';
    id: number;
    protectedKind: string;
    kind: string;
    code: string | null;
    name: string | null;
    geometry: { type: string; coordinates: unknown };
  };
  owner: { id: string; nameZh: string; nameEn: string; contact: string | null };
  distanceM: number;
  insideZone: boolean;
  zoneWidthM: number;
  activities: ActivityOutcome[];
}

export interface ProtectionCheck {
  id: string;
  verdict: 'forbidden' | 'notify_owner' | 'protective_measures' | 'clear';
  conflicts: Conflict[];
  spacing: {
    route: { id: number; kind: string; code: string | null };
    relation: string;
    requiredM: number;
    distanceM: number | null;
    ok: boolean | null;
    article: string | null;
  }[];
  owners: { id: string; nameZh: string; nameEn: string; contact: string | null; facilities: number }[];
}

/** The works area being drawn and checked. */
export interface Works {
  shape: 'line' | 'polygon';
  /** The vertices placed so far (while drawing, see `map/draw.ts`), then those of the finished shape. */
  vertices: LonLat[];
  finished: boolean;
  widthM: number;
  activities: string[];
  check: ProtectionCheck | null;
}

export const NEW_WORKS: Works = { shape: 'line', vertices: [], finished: false, widthM: 6, activities: ['digging'], check: null };

/** The works area as GeoJSON for the API, once it has enough vertices. */
export const worksGeometry = (w: Works) => sketchGeometry(w.shape, w.vertices);

const OUTCOME_RANK = { protective_measures: 1, notify_owner: 2, forbidden: 3 } as const;

/** The works tool's map features (pure): the finished area (terra-draw shows it while drawn), its vertices, and the facilities in conflict by worst outcome. */
export function worksFeatures(w: Works | null): FeatureCollection {
  if (!w) return { type: 'FeatureCollection', features: [] };
  const features: Feature[] = w.finished ? sketchFeatures(w.shape, w.vertices) : [];
  for (const c of w.check?.conflicts ?? []) {
    const worst = c.activities.reduce(
      (a, x) => (OUTCOME_RANK[x.outcome] > OUTCOME_RANK[a] ? x.outcome : a),
      'protective_measures' as ActivityOutcome['outcome'],
    );
    features.push({
      type: 'Feature',
      geometry: c.facility.geometry as Feature['geometry'],
      properties: { role: 'conflict', outcome: worst, facilityType: c.facility.type, facilityId: c.facility.id },
    });
  }
  return { type: 'FeatureCollection', features };
}
