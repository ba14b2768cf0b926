import gcoord from 'gcoord';
import type { CrsCode } from '@cosite/contracts';

const SYSTEM = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/**
 * Converts a GeoJSON geometry (in place, and returned) from the declared system to WGS84. Cosite stores
 * WGS84 only; maps published in China are GCJ-02 (AutoNavi, Tencent, DataV) or BD-09 (Baidu).
 * Outside China gcoord leaves GCJ-02 coordinates unchanged, as the datum is only defined there.
 */
export function toWgs84<T extends { type: string; coordinates: unknown }>(geometry: T, from: CrsCode): T {
  if (from === 'wgs84') return geometry;
  return gcoord.transform(geometry as never, SYSTEM[from], gcoord.WGS84) as unknown as T;
}

export function positionToWgs84(lonLat: [number, number], from: CrsCode): [number, number] {
  if (from === 'wgs84') return lonLat;
  const [lon, lat] = gcoord.transform(lonLat, SYSTEM[from], gcoord.WGS84) as [number, number];
  return [lon, lat];
}

export function positionFromWgs84(lonLat: [number, number], to: CrsCode): [number, number] {
  if (to === 'wgs84') return lonLat;
  const [lon, lat] = gcoord.transform(lonLat, gcoord.WGS84, SYSTEM[to]) as [number, number];
  return [lon, lat];
}
