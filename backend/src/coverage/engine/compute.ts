import { emptyBestServers, evaluateSectors, indexCells, type BestServers } from './kernel';
import type { CellUniverse } from '../../radio/universe';
import type { Sector } from './sectors';
import type { EngineTerrain, HeightSampler } from './terrain';

/** The terrain of the whole grid: ground and clutter class per universe cell, and the DEM the sweeps sample. */
export interface UniverseTerrain {
  sample: HeightSampler;
  stepM: number;
  ground: Float32Array;
  clutter: Uint8Array;
}

/** Sectors whose reach touches a box of cells (a chunk, or the cells near a change). */
export function sectorsReaching(sectors: readonly Sector[], lon: Float64Array, lat: Float64Array): Sector[] {
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  for (let i = 0; i < lon.length; i++) {
    if (lon[i] < minLon) minLon = lon[i];
    if (lon[i] > maxLon) maxLon = lon[i];
    if (lat[i] < minLat) minLat = lat[i];
    if (lat[i] > maxLat) maxLat = lat[i];
  }
  return sectors.filter((s) => {
    const kx = 111320 * Math.cos((s.lat * Math.PI) / 180);
    const rx = s.radiusM / kx;
    const ry = s.radiusM / 110574;
    return s.lon >= minLon - rx && s.lon <= maxLon + rx && s.lat >= minLat - ry && s.lat <= maxLat + ry;
  });
}

export interface CellsResult extends BestServers {
  /** Universe indexes of the evaluated cells, in the order of the result arrays. */
  cells: Int32Array;
  sectors: Sector[];
}

/** Best and second server per cell and slot, for the given cells of the universe. */
export function computeCells(
  universe: CellUniverse,
  cellIdx: Int32Array,
  allSectors: readonly Sector[],
  slots: number,
  terrain?: UniverseTerrain | null,
): CellsResult {
  const lon = new Float64Array(cellIdx.length);
  const lat = new Float64Array(cellIdx.length);
  for (let k = 0; k < cellIdx.length; k++) {
    lon[k] = universe.lon[cellIdx[k]];
    lat[k] = universe.lat[cellIdx[k]];
  }
  const sectors = sectorsReaching(allSectors, lon, lat);
  const out = emptyBestServers(cellIdx.length, slots);
  const t: EngineTerrain | undefined = terrain
    ? {
        sample: terrain.sample,
        stepM: terrain.stepM,
        ground: Float32Array.from(cellIdx, (i) => terrain.ground[i]),
        clutter: Uint8Array.from(cellIdx, (i) => terrain.clutter[i]),
      }
    : undefined;
  evaluateSectors(indexCells(lon, lat), sectors, out, 0, t);
  return { ...out, cells: cellIdx, sectors };
}
