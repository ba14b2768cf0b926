import { EARTH_RADIUS_M } from './geometry';

/**
 * SRTM `.hgt` tiles as an in-memory grid, with bilinear sampling and great-circle profiles: groundwork for the
 * terrain import of issue 14, not yet wired into an API or the engine.
 *
 * Format (NASA SRTM v3 / USGS): big-endian signed 16-bit heights in metres, rows from north to south, −32768 marks a
 * void; 3601×3601 samples for 1″ tiles, 1201×1201 for 3″, so the file size alone gives the resolution. The file name
 * (N29E106.hgt) gives the south-west corner; samples sit on whole-degree grid lines, so edges repeat the neighbour's.
 */

/** Heights on a regular lon/lat grid of points. Row 0 is the southern edge (flipped from the file's order). */
export interface DemGrid {
  west: number;
  south: number;
  cols: number;
  rows: number;
  stepDeg: number;
  /** heights[row * cols + col] at (west + col·step, south + row·step), metres above sea level. */
  heights: Float32Array;
}

export const HGT_VOID = -32768;

/** The tile sizes SRTM publishes: samples per side by arc-seconds of spacing. */
export const HGT_SIZES = [
  { arcSeconds: 1, side: 3601 },
  { arcSeconds: 3, side: 1201 },
] as const;

/** A terrain file that cannot be used; `field` and `problem` map onto the API's {field, problem} errors. */
export class DemFileError extends Error {
  constructor(
    readonly field: 'fileName' | 'file',
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'DemFileError';
  }
}

/** South-west corner of a tile from its name: N29E106.hgt → {south: 29, west: 106}; S01W072.hgt → {−1, −72}. */
export function parseHgtName(fileName: string): { south: number; west: number } {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const m = /^([NS])(\d{2})([EW])(\d{3})\.hgt$/i.exec(base);
  if (!m) throw new DemFileError('fileName', `"${base}" is not an SRTM tile name like N29E106.hgt`);
  const lat = Number(m[2]);
  const lon = Number(m[4]);
  if (lat > 89 || lon > 179) throw new DemFileError('fileName', `"${base}" names a corner outside the globe (latitude 0–89, longitude 0–179)`);
  return { south: m[1].toUpperCase() === 'S' ? -lat : lat, west: m[3].toUpperCase() === 'W' ? -lon : lon };
}

export interface HgtTile {
  grid: DemGrid;
  arcSeconds: number;
  /** Void samples that were filled from their neighbours. */
  voidsFilled: number;
}

/** Reads a whole `.hgt` file; voids are filled (fillVoids). Throws DemFileError for a bad name, size or an all-void tile. */
export function readHgt(fileName: string, bytes: Uint8Array): HgtTile {
  const { south, west } = parseHgtName(fileName);
  const size = HGT_SIZES.find((s) => s.side * s.side * 2 === bytes.byteLength);
  if (!size) {
    const expected = HGT_SIZES.map((s) => `${s.side * s.side * 2} bytes (${s.arcSeconds}″, ${s.side}×${s.side})`).join(' or ');
    throw new DemFileError('file', `is ${bytes.byteLength} bytes; an SRTM .hgt tile is ${expected}`);
  }
  const n = size.side;
  const heights = new Float32Array(n * n);
  for (let fileRow = 0; fileRow < n; fileRow++) {
    const row = n - 1 - fileRow;
    for (let col = 0, o = fileRow * n * 2; col < n; col++, o += 2) {
      // Big-endian int16 by hand: several times faster than DataView.getInt16 over 13 M samples.
      const h = ((bytes[o] << 24) | (bytes[o + 1] << 16)) >> 16;
      heights[row * n + col] = h === HGT_VOID ? NaN : h;
    }
  }
  const grid: DemGrid = { west, south, cols: n, rows: n, stepDeg: size.arcSeconds / 3600, heights };
  const voidsFilled = fillVoids(grid);
  return { grid, arcSeconds: size.arcSeconds, voidsFilled };
}

/**
 * Fills NaN samples in place with the mean of their valid 8-neighbours, pass after pass, so larger holes close in
 * from their rims. Each pass reads only values known at its start, so the result does not depend on scan order.
 * Returns the number filled; throws DemFileError when the grid holds no valid sample at all.
 */
export function fillVoids(grid: DemGrid): number {
  const { cols, rows, heights } = grid;
  let total = 0;
  for (let i = 0; i < heights.length; i++) if (heights[i] !== heights[i]) total++;
  if (total === heights.length && total > 0) throw new DemFileError('file', 'holds no valid height (every sample is a void)');
  let pending = new Int32Array(total);
  for (let i = 0, k = 0; k < total; i++) if (heights[i] !== heights[i]) pending[k++] = i;
  const value = new Float64Array(total);
  const filled = new Int32Array(total);
  const next = new Int32Array(total);
  while (pending.length) {
    let nFilled = 0;
    let nNext = 0;
    for (const i of pending) {
      const r = Math.floor(i / cols);
      const c = i - r * cols;
      let sum = 0;
      let count = 0;
      for (let rr = Math.max(0, r - 1); rr <= Math.min(rows - 1, r + 1); rr++) {
        for (let cc = Math.max(0, c - 1); cc <= Math.min(cols - 1, c + 1); cc++) {
          const h = heights[rr * cols + cc];
          if (h === h) {
            sum += h;
            count++;
          }
        }
      }
      if (count) {
        value[nFilled] = sum / count;
        filled[nFilled++] = i;
      } else next[nNext++] = i;
    }
    for (let k = 0; k < nFilled; k++) heights[filled[k]] = value[k];
    pending = next.slice(0, nNext);
  }
  return total;
}

/** Bilinear height at lon/lat, or NaN outside the grid. */
export function sampleBilinear(grid: DemGrid, lon: number, lat: number): number {
  const { cols, rows, heights } = grid;
  const x = (lon - grid.west) / grid.stepDeg;
  const y = (lat - grid.south) / grid.stepDeg;
  if (!(x >= 0 && y >= 0 && x <= cols - 1 && y <= rows - 1)) return NaN;
  const c = Math.min(Math.floor(x), cols - 2);
  const r = Math.min(Math.floor(y), rows - 2);
  const fx = x - c;
  const fy = y - r;
  const i = r * cols + c;
  const south = heights[i] + (heights[i + 1] - heights[i]) * fx;
  const north = heights[i + cols] + (heights[i + cols + 1] - heights[i + cols]) * fx;
  return south + (north - south) * fy;
}

const DEG = Math.PI / 180;

/** Great-circle distance on the mean-radius sphere (haversine), metres. */
export function greatCircleM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const s1 = Math.sin(((lat2 - lat1) * DEG) / 2);
  const s2 = Math.sin(((lon2 - lon1) * DEG) / 2);
  const a = s1 * s1 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface SampledProfile {
  /** Ground heights from `from` to `to`, both ends included; NaN where the path leaves the grid. */
  heights: Float32Array;
  spacingM: number;
  distanceM: number;
  /** Samples outside the grid. */
  outside: number;
}

/** Heights from several grids at once (the terrain module's mosaic of tiles): its finest spacing and a point sampler. */
export interface HeightSource {
  stepDeg: number;
  heightAt(lon: number, lat: number): number;
}

/**
 * Ground profile along the great circle between two points, sampled at about the DEM's north–south spacing
 * (step in radians × R: 30.9 m for 1″, 92.7 m for 3″), rounded so the samples divide the path evenly.
 */
export function sampleProfile(grid: DemGrid | HeightSource, from: { lon: number; lat: number }, to: { lon: number; lat: number }): SampledProfile {
  const distanceM = greatCircleM(from.lon, from.lat, to.lon, to.lat);
  if (!(distanceM > 0)) throw new RangeError('the two ends of a profile must differ');
  const target = grid.stepDeg * DEG * EARTH_RADIUS_M;
  // The tolerance keeps a path of exactly k DEM steps at k + 1 samples despite rounding.
  const n = Math.max(2, Math.ceil(distanceM / target - 1e-9) + 1);
  const heights = new Float32Array(n);
  // Points on the great circle by spherical interpolation of the two unit vectors.
  const p1 = from.lat * DEG;
  const l1 = from.lon * DEG;
  const p2 = to.lat * DEG;
  const l2 = to.lon * DEG;
  const x1 = Math.cos(p1) * Math.cos(l1);
  const y1 = Math.cos(p1) * Math.sin(l1);
  const z1 = Math.sin(p1);
  const x2 = Math.cos(p2) * Math.cos(l2);
  const y2 = Math.cos(p2) * Math.sin(l2);
  const z2 = Math.sin(p2);
  const delta = distanceM / EARTH_RADIUS_M;
  const sinDelta = Math.sin(delta);
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const f = i / (n - 1);
    const a = Math.sin((1 - f) * delta) / sinDelta;
    const b = Math.sin(f * delta) / sinDelta;
    const x = a * x1 + b * x2;
    const y = a * y1 + b * y2;
    const z = a * z1 + b * z2;
    const lat = Math.atan2(z, Math.hypot(x, y)) / DEG;
    const lon = Math.atan2(y, x) / DEG;
    const h = 'heights' in grid ? sampleBilinear(grid, lon, lat) : grid.heightAt(lon, lat);
    if (h !== h) outside++;
    heights[i] = h;
  }
  return { heights, spacingM: distanceM / (n - 1), distanceM, outside };
}
