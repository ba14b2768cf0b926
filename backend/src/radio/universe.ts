import { cellToLatLng, cellToParent, polygonToCells } from 'h3-js';

/** Resolution of the computation grid (≈ 0.015 km² cells, ≈ 65 m edges) and of the work chunks. */
export const COVERAGE_RESOLUTION = 10;
export const CHUNK_RESOLUTION = 6;
export const POPULATION_RESOLUTION = 9;
/** Mean area of an H3 resolution-9 cell, km²: population cell residents ÷ this = residents per km². */
export const POPULATION_CELL_AREA_KM2 = 0.1053;

/** The cells of the analysed area as parallel arrays: cells are numbers everywhere in the engine. */
export interface CellUniverse {
  h3: string[];
  indexOf: Map<string, number>;
  lon: Float64Array;
  lat: Float64Array;
  district: Int32Array;
  /** Chunk (resolution-6 parent) → indexes of its cells. */
  chunks: Map<string, Int32Array>;
}

export function buildUniverse(districts: { id: number; coordinates: number[][][][] }[]): CellUniverse {
  const h3: string[] = [];
  const district: number[] = [];
  const indexOf = new Map<string, number>();
  for (const d of districts) {
    for (const polygon of d.coordinates) {
      for (const c of polygonToCells(polygon, COVERAGE_RESOLUTION, true)) {
        if (indexOf.has(c)) continue; // a cell whose centre sits on a shared border belongs to the first district
        indexOf.set(c, h3.length);
        h3.push(c);
        district.push(d.id);
      }
    }
  }
  const n = h3.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const byChunk = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const [la, lo] = cellToLatLng(h3[i]);
    lat[i] = la;
    lon[i] = lo;
    const p = cellToParent(h3[i], CHUNK_RESOLUTION);
    let list = byChunk.get(p);
    if (!list) byChunk.set(p, (list = []));
    list.push(i);
  }
  const chunks = new Map([...byChunk].map(([k, v]) => [k, Int32Array.from(v)]));
  return { h3, indexOf, lon, lat, district: Int32Array.from(district), chunks };
}

/** H3 index as the decimal text of its 64-bit integer (how PostgreSQL stores it as bigint). */
export function h3ToBigint(h: string): string {
  return BigInt(`0x${h}`).toString();
}

export function bigintToH3(v: string | bigint): string {
  return BigInt(v).toString(16);
}
