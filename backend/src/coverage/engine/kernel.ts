import { BEAMWIDTH_DEG, MAX_ATTENUATION_DB, SIDE_LOBE_V_DB } from '../propagation/antenna';
import { breakpointEffective, breakpointRma, pathLoss, PathLossModel, RMA_BUILDING_HEIGHT_M } from '../propagation/path-loss';
import { UE_HEIGHT_M } from '../coverage.defaults';
import type { Sector } from './sectors';

/**
 * The inner loop of the coverage engine. Per sector, everything that does not depend on the cell is computed
 * once (breakpoint, constant terms of the model, local metres per degree); per cell it costs one square root,
 * one log10 and two atan2. Cells are indexes into typed arrays, never strings.
 * Links are NLOS (TR 38.901 NLOS = max(LOS, NLOS′)): the conservative planning assumption.
 */
export type PathLossKernel = (d2: number, d3: number, log10d3: number) => number;

export function kernelFor(model: PathLossModel, fMHz: number, hBS: number, hUT = UE_HEIGHT_M): PathLossKernel {
  const fc = fMHz / 1000;
  const lf = 20 * Math.log10(fc);
  const dh = hBS - hUT;
  switch (model) {
    case '3gpp-uma': {
      const dbp = breakpointEffective({ frequencyMHz: fMHz, distanceM: 0, bsHeightM: hBS, ueHeightM: hUT });
      const a = 28 + lf;
      const b = a - 9 * Math.log10(dbp * dbp + dh * dh);
      const n = 13.54 + lf - 0.6 * (hUT - 1.5);
      return (d2, _d3, l) => {
        const los = d2 <= dbp ? a + 22 * l : b + 40 * l;
        const nlos = n + 39.08 * l;
        return nlos > los ? nlos : los;
      };
    }
    case '3gpp-umi': {
      const dbp = breakpointEffective({ frequencyMHz: fMHz, distanceM: 0, bsHeightM: hBS, ueHeightM: hUT });
      const a = 32.4 + lf;
      const b = a - 9.5 * Math.log10(dbp * dbp + dh * dh);
      const n = 22.4 + 21.3 * Math.log10(fc) - 0.3 * (hUT - 1.5);
      return (d2, _d3, l) => {
        const los = d2 <= dbp ? a + 21 * l : b + 40 * l;
        const nlos = n + 35.3 * l;
        return nlos > los ? nlos : los;
      };
    }
    case '3gpp-rma': {
      const h = RMA_BUILDING_HEIGHT_M;
      const dbp = breakpointRma({ frequencyMHz: fMHz, distanceM: 0, bsHeightM: hBS, ueHeightM: hUT });
      const k1 = Math.min(0.03 * h ** 1.72, 10);
      const k0 = 20 * Math.log10((40 * Math.PI * fc) / 3) - Math.min(0.044 * h ** 1.72, 14.77);
      const k2 = 0.002 * Math.log10(h);
      const atBp = k0 + 20 * Math.log10(dbp) + k1 * Math.log10(dbp) + k2 * dbp;
      const w = 20;
      const nl0 = 161.04 - 7.1 * Math.log10(w) + 7.5 * Math.log10(h) - (24.37 - 3.7 * (h / hBS) ** 2) * Math.log10(hBS) + lf - (3.2 * Math.log10(11.75 * hUT) ** 2 - 4.97);
      const nl1 = 43.42 - 3.1 * Math.log10(hBS);
      const ldbp = Math.log10(dbp);
      return (d2, d3, l) => {
        const los = d2 <= dbp ? k0 + (20 + k1) * l + k2 * d3 : atBp + 40 * (l - ldbp);
        const nlos = nl0 + nl1 * (l - 3);
        return nlos > los ? nlos : los;
      };
    }
    default:
      // COST-231 and free space: rarely the engine's choice, so the general function is good enough.
      return (d2) => pathLoss(model, { frequencyMHz: fMHz, distanceM: Math.max(d2, 1), bsHeightM: hBS, ueHeightM: hUT }).pathLossDb;
  }
}

/** Ground distance at which a sector's boresight budget runs out (bisection on the monotonic path loss). */
export function usefulRadiusM(model: PathLossModel, fMHz: number, hBS: number, budgetDb: number, maxM = 5000): number {
  const k = kernelFor(model, fMHz, hBS);
  const pl = (d: number) => {
    const d3 = Math.hypot(d, hBS - UE_HEIGHT_M);
    return k(d, d3, Math.log10(d3));
  };
  if (pl(10) > budgetDb) return 10;
  if (pl(maxM) <= budgetDb) return maxM;
  let lo = 10;
  let hi = maxM;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (pl(mid) <= budgetDb) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Cells to evaluate: positions in degrees and a bucket index for "cells near a point". */
export interface CellSet {
  lon: Float64Array;
  lat: Float64Array;
  /** Bucket grid over the set: cells sorted by bucket, with offsets. */
  bucketDeg: number;
  minLon: number;
  minLat: number;
  cols: number;
  rows: number;
  bucketStart: Int32Array;
  order: Int32Array;
}

export function indexCells(lon: Float64Array, lat: Float64Array, bucketDeg = 0.0025): CellSet {
  const n = lon.length;
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < n; i++) {
    if (lon[i] < minLon) minLon = lon[i];
    if (lon[i] > maxLon) maxLon = lon[i];
    if (lat[i] < minLat) minLat = lat[i];
    if (lat[i] > maxLat) maxLat = lat[i];
  }
  if (!n) minLon = minLat = maxLon = maxLat = 0;
  const cols = Math.max(1, Math.ceil((maxLon - minLon) / bucketDeg) + 1);
  const rows = Math.max(1, Math.ceil((maxLat - minLat) / bucketDeg) + 1);
  const bucketOf = new Int32Array(n);
  const counts = new Int32Array(cols * rows + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((lat[i] - minLat) / bucketDeg) * cols + Math.floor((lon[i] - minLon) / bucketDeg);
    bucketOf[i] = b;
    counts[b + 1]++;
  }
  for (let b = 0; b < cols * rows; b++) counts[b + 1] += counts[b];
  const fill = counts.slice(0, cols * rows);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[bucketOf[i]]++] = i;
  return { lon, lat, bucketDeg, minLon, minLat, cols, rows, bucketStart: counts, order };
}

/** The bucket rows and columns of a cell set that a circle of radius r (metres) around a point can touch. */
export function bucketWindow(cells: CellSet, lon: number, lat: number, radiusM: number): { b0: number; b1: number; c0: number; c1: number; kx: number; ky: number } | null {
  const kx = 111320 * Math.cos(lat * DEG);
  const ky = 110574;
  const b0 = Math.max(0, Math.floor((lon - radiusM / kx - cells.minLon) / cells.bucketDeg));
  const b1 = Math.min(cells.cols - 1, Math.floor((lon + radiusM / kx - cells.minLon) / cells.bucketDeg));
  const c0 = Math.max(0, Math.floor((lat - radiusM / ky - cells.minLat) / cells.bucketDeg));
  const c1 = Math.min(cells.rows - 1, Math.floor((lat + radiusM / ky - cells.minLat) / cells.bucketDeg));
  return b0 > b1 || c0 > c1 ? null : { b0, b1, c0, c1, kx, ky };
}

export interface BestServers {
  slots: number;
  /** [cell * slots + slot] */
  best: Float32Array;
  bestSector: Int32Array;
  second: Float32Array;
  secondSector: Int32Array;
  evaluations: number;
}

export function emptyBestServers(cells: number, slots: number): BestServers {
  const best = new Float32Array(cells * slots).fill(-Infinity);
  const second = new Float32Array(cells * slots).fill(-Infinity);
  return { slots, best, second, bestSector: new Int32Array(cells * slots).fill(-1), secondSector: new Int32Array(cells * slots).fill(-1), evaluations: 0 };
}

const DEG = Math.PI / 180;
const RAD = 180 / Math.PI;

/**
 * Evaluates sectors over a cell set and keeps, per cell and per operator × technology slot, the best server and
 * the runner-up (by RSRP; a second sector of the same tenancy counts as a runner-up too, as a handover target).
 */
export function evaluateSectors(cells: CellSet, sectors: readonly Sector[], out: BestServers, sectorIdOffset = 0): void {
  const { lon, lat, cols, bucketStart, order } = cells;
  const { slots, best, bestSector, second, secondSector } = out;
  const hv = 12 / (BEAMWIDTH_DEG * BEAMWIDTH_DEG);
  let evals = 0;
  for (let s = 0; s < sectors.length; s++) {
    const sec = sectors[s];
    const w = bucketWindow(cells, sec.lon, sec.lat, sec.radiusM);
    if (!w) continue;
    const { b0, b1, c0, c1, kx, ky } = w;
    const r2 = sec.radiusM * sec.radiusM;
    const pl = kernelFor(sec.model, sec.frequencyMHz, sec.heightM);
    const dh = sec.heightM - UE_HEIGHT_M;
    const dh2 = dh * dh;
    const omni = Number.isNaN(sec.azimuthDeg);
    const az = sec.azimuthDeg;
    const tilt = sec.downtiltDeg;
    const p0 = sec.eirpPerReDbm;
    const slot = sec.slot;
    const id = s + sectorIdOffset;
    for (let row = c0; row <= c1; row++) {
      for (let b = row * cols + b0, end = row * cols + b1; b <= end; b++) {
        for (let k = bucketStart[b], kEnd = bucketStart[b + 1]; k < kEnd; k++) {
          const i = order[k];
          const dx = (lon[i] - sec.lon) * kx;
          const dy = (lat[i] - sec.lat) * ky;
          const g2 = dx * dx + dy * dy;
          if (g2 > r2) continue;
          evals++;
          const d2 = Math.sqrt(g2) || 1;
          const d3 = Math.sqrt(g2 + dh2);
          let att = 0;
          if (!omni) {
            let phi = Math.atan2(dx, dy) * RAD - az;
            if (phi > 180) phi -= 360;
            else if (phi < -180) phi += 360;
            const ah = hv * phi * phi;
            const th = Math.atan2(dh, d2) * RAD - tilt;
            const av = hv * th * th;
            att = (ah < MAX_ATTENUATION_DB ? ah : MAX_ATTENUATION_DB) + (av < SIDE_LOBE_V_DB ? av : SIDE_LOBE_V_DB);
            if (att > MAX_ATTENUATION_DB) att = MAX_ATTENUATION_DB;
          }
          const rsrp = p0 - pl(d2, d3, Math.log10(d3)) - att;
          const j = i * slots + slot;
          if (rsrp > best[j]) {
            second[j] = best[j];
            secondSector[j] = bestSector[j];
            best[j] = rsrp;
            bestSector[j] = id;
          } else if (rsrp > second[j]) {
            second[j] = rsrp;
            secondSector[j] = id;
          }
        }
      }
    }
  }
  out.evaluations += evals;
}
