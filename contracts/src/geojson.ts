/**
 * GeoJSON geometry checks that need no database: structure, WGS84 ranges, plainly swapped axes,
 * ring closure. Topology (self-intersection, ring orientation problems) is checked by PostGIS
 * (ST_IsValidReason) before anything is written, see FeatureStore.
 */
export type GeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon';
export type Position = number[];
export interface Geometry {
  type: GeometryType;
  coordinates: unknown;
}

export interface GeometryProblem {
  /** Path below the geometry, e.g. "coordinates[0][3]". Empty for the geometry as a whole. */
  at: string;
  problem: string;
}

const DEPTH: Record<GeometryType, number> = { Point: 0, LineString: 1, Polygon: 2, MultiPolygon: 3 };

export function checkGeometry(value: unknown, allowed: readonly GeometryType[]): GeometryProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ at: '', problem: 'must be a GeoJSON geometry object' }];
  }
  const g = value as { type?: unknown; coordinates?: unknown };
  if (typeof g.type !== 'string' || !(g.type in DEPTH) || !allowed.includes(g.type as GeometryType)) {
    return [{ at: 'type', problem: `must be ${allowed.join(' or ')}, got ${JSON.stringify(g.type ?? null)}` }];
  }
  const type = g.type as GeometryType;
  const problems: GeometryProblem[] = [];
  walk(g.coordinates, DEPTH[type], 'coordinates', problems);
  if (problems.length) return problems.slice(0, 20);

  switch (type) {
    case 'LineString':
      if ((g.coordinates as Position[]).length < 2) problems.push({ at: 'coordinates', problem: 'a LineString needs at least 2 positions' });
      else if (distinctCount(g.coordinates as Position[]) < 2) problems.push({ at: 'coordinates', problem: 'a LineString needs 2 distinct positions' });
      break;
    case 'Polygon':
      checkRings(g.coordinates as Position[][], 'coordinates', problems);
      break;
    case 'MultiPolygon':
      if ((g.coordinates as unknown[]).length === 0) problems.push({ at: 'coordinates', problem: 'a MultiPolygon needs at least one polygon' });
      (g.coordinates as Position[][][]).forEach((poly, i) => checkRings(poly, `coordinates[${i}]`, problems));
      break;
    case 'Point':
      break;
  }
  return problems.slice(0, 20);
}

function walk(c: unknown, depth: number, at: string, out: GeometryProblem[]): void {
  if (out.length >= 20) return;
  if (!Array.isArray(c)) {
    out.push({ at, problem: depth === 0 ? 'a position must be an array [longitude, latitude]' : 'must be an array' });
    return;
  }
  if (depth > 0) {
    c.forEach((child, i) => walk(child, depth - 1, `${at}[${i}]`, out));
    return;
  }
  const p = positionProblem(c);
  if (p) out.push({ at, problem: p });
}

/** A position's problem in words, or null. Recognises the common mistake of [latitude, longitude]. */
export function positionProblem(p: unknown[]): string | null {
  if (p.length < 2 || p.length > 3) return 'a position has 2 or 3 numbers: [longitude, latitude(, elevation)]';
  if (!p.every((n) => typeof n === 'number' && Number.isFinite(n))) return 'position values must be finite numbers';
  const [lon, lat] = p as number[];
  const lonOk = lon >= -180 && lon <= 180;
  const latOk = lat >= -90 && lat <= 90;
  if (lonOk && latOk) return null;
  if (!latOk && Math.abs(lon) <= 90 && Math.abs(lat) <= 180) {
    return `latitude ${lat} is outside -90..90; the axes look swapped: GeoJSON order is [longitude, latitude], e.g. [${lat}, ${lon}]`;
  }
  if (!lonOk) return `longitude ${lon} is outside -180..180`;
  return `latitude ${lat} is outside -90..90`;
}

function checkRings(rings: Position[][], at: string, out: GeometryProblem[]): void {
  if (rings.length === 0) out.push({ at, problem: 'a polygon needs an outer ring' });
  rings.forEach((ring, i) => {
    const where = `${at}[${i}]`;
    if (ring.length < 4) out.push({ at: where, problem: 'a linear ring needs at least 4 positions' });
    else {
      const a = ring[0];
      const b = ring[ring.length - 1];
      if (a[0] !== b[0] || a[1] !== b[1]) out.push({ at: where, problem: 'a linear ring must be closed (first and last positions equal)' });
      else if (distinctCount(ring) < 3) out.push({ at: where, problem: 'a linear ring needs 3 distinct positions' });
    }
  });
}

function distinctCount(ps: Position[]): number {
  return new Set(ps.map((p) => `${p[0]},${p[1]}`)).size;
}
