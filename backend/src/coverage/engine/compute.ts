import { emptyBestServers, evaluateSectors, indexCells, type BestServers } from './kernel';
import type { CellUniverse } from '../../radio/universe';
import type { Sector } from './sectors';
import type { EngineTerrain, HeightSampler } from './terrain';
import type { Technology } from '@cosite/contracts';
import { carrierOf, dbmToMw, mwToDbm, noisePerReDbm, spectralEfficiency } from './link-quality';

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
  /** SINR (dB) of the best server per cell and slot, as `best`; null when the run keeps no link quality. */
  sinr: Float32Array | null;
  /** Downlink throughput (Mbit/s) of one user alone on the best server's carrier, per cell and slot. */
  throughput: Float32Array | null;
}

/** What SINR needs beyond the sectors: the interferers' load and each result slot's technology. */
export interface LinkQualitySettings {
  /** Share of the interferers' resources transmitting (0–1). */
  loadFactor: number;
  technologyOfSlot: readonly Technology[];
}

/** Best and second server per cell and slot, for the given cells of the universe. */
export function computeCells(
  universe: CellUniverse,
  cellIdx: Int32Array,
  allSectors: readonly Sector[],
  slots: number,
  terrain?: UniverseTerrain | null,
  linkQuality?: LinkQualitySettings | null,
): CellsResult {
  const lon = new Float64Array(cellIdx.length);
  const lat = new Float64Array(cellIdx.length);
  for (let k = 0; k < cellIdx.length; k++) {
    lon[k] = universe.lon[cellIdx[k]];
    lat[k] = universe.lat[cellIdx[k]];
  }
  const sectors = sectorsReaching(allSectors, lon, lat);
  // band indexes are the city's; the ones of the sectors reaching these cells are all the sums need room for
  let bands = 0;
  if (linkQuality) for (const s of sectors) if (s.band >= bands) bands = s.band + 1;
  const out = emptyBestServers(cellIdx.length, slots, bands);
  const t: EngineTerrain | undefined = terrain
    ? {
        sample: terrain.sample,
        stepM: terrain.stepM,
        ground: Float32Array.from(cellIdx, (i) => terrain.ground[i]),
        clutter: Uint8Array.from(cellIdx, (i) => terrain.clutter[i]),
      }
    : undefined;
  evaluateSectors(indexCells(lon, lat), sectors, out, 0, t);
  const quality = linkQuality ? linkQualityOf(out, sectors, linkQuality) : null;
  return { ...out, cells: cellIdx, sectors, sinr: quality?.sinr ?? null, throughput: quality?.throughput ?? null };
}

/**
 * SINR and throughput per cell and slot from the evaluated powers: the best server against the load-scaled sum of
 * every other sector of its operator, technology and band that reaches the cell, plus the UE's noise.
 */
export function linkQualityOf(out: BestServers, sectors: readonly Sector[], q: LinkQualitySettings): { sinr: Float32Array; throughput: Float32Array } {
  const { slots, best, bestSector, received, bands } = out;
  const sinr = new Float32Array(best.length).fill(NaN);
  const throughput = new Float32Array(best.length).fill(NaN);
  if (!received) return { sinr, throughput };
  const noise = q.technologyOfSlot.map((t) => dbmToMw(noisePerReDbm(t)));
  const mhz = q.technologyOfSlot.map((t) => carrierOf(t).occupiedHz / 1e6);
  for (let j = 0; j < best.length; j++) {
    const b = bestSector[j];
    if (b < 0) continue;
    const slot = j % slots;
    const s = dbmToMw(best[j]);
    const total = received[Math.floor(j / slots) * bands + sectors[b].band];
    // the sum holds the best server's own power (in float64; best is float32): what is left is interference
    const others = total - s > s * 1e-6 ? total - s : 0;
    const x = mwToDbm(s / (q.loadFactor * others + noise[slot]));
    sinr[j] = x;
    throughput[j] = spectralEfficiency(x, q.technologyOfSlot[slot]) * mhz[slot];
  }
  return { sinr, throughput };
}
