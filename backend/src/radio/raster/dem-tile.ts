import type { DemGrid } from '../propagation/terrain/hgt';

/**
 * A DEM tile as Cosite stores it, whatever it came from (an SRTM .hgt, a reprojected GeoTIFF, the modelled sample):
 * a regular lon/lat grid of points, rows from south to north, heights in metres. The heights travel as
 * little-endian Float32 bytes, so the loader hands out a typed array without converting.
 */
export interface DemTile {
  /** File or tile name, unique per source (re-importing it replaces the earlier one). */
  name: string;
  grid: DemGrid;
  voidsFilled: number;
}

/**
 * A terrain file Cosite cannot use, naming the request field to fix (file, fileName, crs) and the problem: the API's
 * {field, problem}. The .hgt kernel's DemFileError carries the same two and is treated alike.
 */
export class TerrainFileError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'TerrainFileError';
  }
}

/** Sources and their priority where tiles overlap: any imported (measured) DEM wins over the modelled sample. */
export const TERRAIN_SOURCES = {
  imported: { priority: 100, label: 'imported DEM' },
  'modelled sample': { priority: 0, label: 'modelled sample terrain (gis-data), not measured' },
} as const;
export type TerrainSource = keyof typeof TERRAIN_SOURCES;

/** The coarsest spacing accepted: coarser than about 1.1 km says nothing about a 5G link. */
export const MAX_STEP_DEG = 0.01;
/** Heights outside this range are not terrain on Earth (a file of something else, or unmarked nodata). */
export const PLAUSIBLE_HEIGHT_M = { min: -500, max: 9000 } as const;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function heightsToBytes(heights: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(new Uint8Array(heights.buffer, heights.byteOffset, heights.byteLength));
  const out = Buffer.allocUnsafe(heights.length * 4);
  for (let i = 0; i < heights.length; i++) out.writeFloatLE(heights[i], i * 4);
  return out;
}

export function bytesToHeights(bytes: Buffer): Float32Array {
  // Copy into an aligned buffer (a pg Buffer may sit at any offset of a shared pool); little-endian hosts read it as is.
  const ab = new ArrayBuffer(bytes.length);
  new Uint8Array(ab).set(bytes);
  if (LITTLE_ENDIAN) return new Float32Array(ab);
  const dv = new DataView(ab);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}

export function gridEast(g: Pick<DemGrid, 'west' | 'cols' | 'stepDeg'>): number {
  return g.west + (g.cols - 1) * g.stepDeg;
}
export function gridNorth(g: Pick<DemGrid, 'south' | 'rows' | 'stepDeg'>): number {
  return g.south + (g.rows - 1) * g.stepDeg;
}

export function heightRange(heights: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < heights.length; i++) {
    const h = heights[i];
    if (h < min) min = h;
    if (h > max) max = h;
  }
  return { min, max };
}
