import type { Feature, FeatureCollection } from 'geojson';
import type { ROUTE_KINDS } from '@cosite/contracts';
import { type LonLat, sketchFeatures, sketchGeometry } from '../map/draw';

/** A route overlap check as the API returns it (the parts the map and panel show). */
export interface RouteAlong {
  id: number;
  code: string | null;
  name: string | null;
  kind: string;
  ownerId: string;
  canCarry: boolean;
  capacityUnit: string;
  capacityTotal: number;
  capacityFree: number;
  sharedLengthM: number;
  share: number;
  tenants: { operatorId: string; unitsUsed: number }[];
  shared: { type: 'MultiLineString'; coordinates: number[][][] };
}

export interface RouteCheck {
  id: string;
  verdict: 'must_share' | 'share_with_upgrade' | 'co_build' | 'new_route_allowed';
  rule: { code: string; regulation: string; article: string | null; mustShareMinShare: number };
  proposal: { kind: string; operator: string; capacityNeeded: number; corridorM: number; lengthM: number };
  sharedLengthM: number;
  share: number;
  alongCarriersWithRoomShare: number;
  routes: RouteAlong[];
  shared: { type: 'MultiLineString'; coordinates: number[][][] } | null;
  coBuildPartners: { checkId: string; operator: string; sharedLengthM: number; createdAt: string }[];
  crossings: { routeId: number; kind: string }[];
}

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
      geometry: r.shared,
      properties: { role: 'shared', routeId: r.id, canCarry: r.canCarry, hasRoom: r.canCarry && r.capacityFree >= t.check!.proposal.capacityNeeded },
    });
  }
  return { type: 'FeatureCollection', features };
}
