import type { Feature, FeatureCollection } from 'geojson';
import type { OverlapCheckResult, ROUTE_KINDS } from '@cosite/contracts';
import { type LonLat, sketchFeatures, sketchGeometry } from '../map/draw';

/** A route overlap check as the API returns it (the contract's result; the map and panel show part of it). */
export type RouteCheck = OverlapCheckResult;

/** The proposed route being drawn and checked. */
export interface RouteCheckTool {
  /** The vertices placed so far (while drawing, see `map/draw.ts`), then those of the finished route. */
  vertices: LonLat[];
  finished: boolean;
  kind: (typeof ROUTE_KINDS)[number];
  operator: string;
  capacityNeeded: number;
  corridorM: number;
  check: RouteCheck | null;
}

export const NEW_ROUTE_CHECK: RouteCheckTool = {
  vertices: [],
  finished: false,
  kind: 'duct',
  operator: 'china-mobile',
  capacityNeeded: 1,
  corridorM: 10,
  check: null,
};

export const routeCheckGeometry = (t: RouteCheckTool) => sketchGeometry('line', t.vertices);

/** The route tool's map features (pure): the finished route (terra-draw shows it while drawn), and the stretches it shares with each existing route. */
export function routeCheckFeatures(t: RouteCheckTool | null): FeatureCollection {
  if (!t) return { type: 'FeatureCollection', features: [] };
  const features: Feature[] = t.finished ? sketchFeatures('line', t.vertices) : [];
  for (const r of t.check?.routes ?? []) {
    features.push({
      type: 'Feature',
      geometry: r.shared as unknown as Feature['geometry'],
      properties: { role: 'shared', routeId: r.id, canCarry: r.canCarry, hasRoom: r.canCarry && (r.capacityFree ?? 0) >= t.check!.proposal.capacityNeeded },
    });
  }
  return { type: 'FeatureCollection', features };
}
