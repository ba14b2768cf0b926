import * as fs from 'node:fs';
import gcoord from 'gcoord';
import proj4 from 'proj4';
import { crsInfo, type CrsInfo } from '@cosite/contracts';

/**
 * Coordinate systems on the way in. Cosite stores WGS84 only. Maps published in China are GCJ-02 (AutoNavi,
 * Tencent, DataV) or BD-09 (Baidu): gcoord undoes their offsets (outside China it leaves GCJ-02 unchanged, as the
 * datum is only defined there). Planning offices keep CGCS2000, Xian 1980 or Beijing 1954 Gauss-Krüger
 * coordinates: proj4 with the EPSG registry's parameters (epsg-index, no network) projects them back.
 */

const OBFUSCATED = { gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** A system's code as stored on a batch: wgs84, gcj02, bd09 or EPSG:NNNN. */
export type CrsCodeText = string;

type Position = [number, number];

const projections = new Map<string, proj4.Converter>();

/** The proj4 transform of an EPSG code to WGS84 (from the registry, built once). */
function projection(code: string): proj4.Converter {
  let p = projections.get(code);
  if (!p) {
    const n = code.replace(/^EPSG:/i, '');
    const entry = JSON.parse(fs.readFileSync(require.resolve(`epsg-index/s/${n}.json`), 'utf8')) as { proj4: string };
    p = proj4(entry.proj4, 'WGS84');
    projections.set(code, p);
  }
  return p;
}

/** Whether positions in this system are already WGS84 longitude/latitude (CGCS2000 agrees with it to centimetres). */
const isWgs84 = (info: CrsInfo): boolean => info.datum === 'wgs84' || (info.datum === 'cgcs2000' && !info.gk);

export function positionToWgs84(p: Position, from: CrsCodeText): Position {
  const info = crsInfo(from);
  if (!info) throw new Error(`unknown coordinate system ${from}`);
  if (isWgs84(info)) return p;
  if (info.datum === 'gcj02' || info.datum === 'bd09') {
    const [lon, lat] = gcoord.transform(p, OBFUSCATED[info.datum], gcoord.WGS84) as Position;
    return [lon, lat];
  }
  const [lon, lat] = projection(info.code).forward(p);
  return [lon, lat];
}

export function positionFromWgs84(p: Position, to: CrsCodeText): Position {
  const info = crsInfo(to);
  if (!info) throw new Error(`unknown coordinate system ${to}`);
  if (isWgs84(info)) return p;
  if (info.datum === 'gcj02' || info.datum === 'bd09') {
    const [x, y] = gcoord.transform(p, gcoord.WGS84, OBFUSCATED[info.datum]) as Position;
    return [x, y];
  }
  const [x, y] = projection(info.code).inverse(p);
  return [x, y];
}

/** Converts a GeoJSON geometry (in place, and returned) from the declared system to WGS84. */
export function toWgs84<T extends { type: string; coordinates: unknown }>(geometry: T, from: CrsCodeText): T {
  const info = crsInfo(from);
  if (!info || isWgs84(info)) return geometry;
  if (info.datum === 'gcj02' || info.datum === 'bd09') return gcoord.transform(geometry as never, OBFUSCATED[info.datum], gcoord.WGS84) as unknown as T;
  geometry.coordinates = mapPositions(geometry.coordinates, (p) => positionToWgs84([p[0], p[1]], info.code));
  return geometry;
}

export function mapPositions(c: unknown, fn: (p: number[]) => number[]): unknown {
  if (Array.isArray(c) && typeof c[0] === 'number') return fn(c as number[]);
  return Array.isArray(c) ? c.map((x) => mapPositions(x, fn)) : c;
}

/** The first position of a geometry's coordinates, if it has one. */
function firstPosition(c: unknown): number[] | undefined {
  if (Array.isArray(c) && typeof c[0] === 'number') return c as number[];
  return Array.isArray(c) && c.length ? firstPosition(c[0]) : undefined;
}

// China's extent on the Gauss-Krüger grid: northings from the Nansha islands (3°N) to Mohe (54°N), and how far
// from its central meridian a point of a 3° or 6° zone lies (a zone spans ±1.5° or ±3°: at most ~170 or ~340 km)
const NORTHING = { min: 300_000, max: 6_100_000 };
const HALF_WIDTH_M = { 3: 200_000, 6: 380_000 } as const;

const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 3 });

/**
 * Why a position cannot be in the chosen system, or null. Projected systems only: a latitude or longitude in a
 * Gauss-Krüger column, a zone prefix missing or wrong, easting and northing swapped. Geographic systems are
 * checked by the geometry's own range checks.
 */
export function positionProblemIn(p: number[], code: CrsCodeText): string | null {
  const info = crsInfo(code);
  if (!info?.gk || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
  const [x, y] = p;
  const { zone, prefixed, width } = info.gk;
  const offset = prefixed ? zone * 1_000_000 : 0;
  const [eMin, eMax] = [offset + 500_000 - HALF_WIDTH_M[width], offset + 500_000 + HALF_WIDTH_M[width]];
  const what = `${info.code} (${info.name}: eastings ${fmt(eMin)}–${fmt(eMax)}, northings ${fmt(NORTHING.min)}–${fmt(NORTHING.max)} m)`;
  const inE = (v: number) => v >= eMin && v <= eMax;
  const inN = (v: number) => v >= NORTHING.min && v <= NORTHING.max;
  if (inE(x) && inN(y)) return null;
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90)
    return `[${fmt(x)}, ${fmt(y)}] looks like degrees of longitude and latitude, not metres of ${what}: choose crs=wgs84 or EPSG:4490`;
  if (inE(y) && inN(x)) return `[${fmt(x)}, ${fmt(y)}] has easting and northing swapped for ${what}: give the easting (x) first`;
  if (!prefixed && x > 1_000_000 && inE(x % 1_000_000))
    return `easting ${fmt(x)} carries the zone number ${Math.floor(x / 1_000_000)} in front: it is not in ${what}; choose the system with the zone number`;
  if (prefixed && inE(x + offset))
    return `easting ${fmt(x)} has no zone number in front: it is not in ${what}; choose the system by central meridian (CM ${info.gk.centralMeridian}E)`;
  if (prefixed && x > 1_000_000 && Math.floor(x / 1_000_000) !== zone) return `easting ${fmt(x)} is in zone ${Math.floor(x / 1_000_000)}, not in ${what}`;
  return `[${fmt(x)}, ${fmt(y)}] cannot be in ${what}`;
}

/** A geometry's first position's problem in the chosen system (a GeoJSON geometry with coordinates), or null. */
export function geometryProblemIn(geometry: unknown, code: CrsCodeText): string | null {
  const first = firstPosition((geometry as { coordinates?: unknown } | null)?.coordinates);
  return first ? positionProblemIn(first, code) : null;
}

/** Whether a system needs the geometry converted before the usual longitude/latitude checks apply. */
export const isProjected = (code: CrsCodeText): boolean => !!crsInfo(code)?.gk;

/** The warnings a system carries (Xian 1980, Beijing 1954), for the batch and the dry run. */
export const crsWarnings = (code: CrsCodeText): string[] => {
  const info = crsInfo(code);
  return info?.warning ? [`${info.code} (${info.name}): ${info.warning}`] : [];
};
