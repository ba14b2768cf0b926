import { BEAMWIDTH_DEG, MAX_ATTENUATION_DB, SIDE_LOBE_V_DB } from '../../radio/propagation/antenna';
import { breakpointEffective, breakpointRma, pathLoss, type PathLossModel, RMA_BUILDING_HEIGHT_M } from '../../radio/propagation/path-loss';
import { UE_HEIGHT_M } from '../coverage.defaults';
import type { Sector } from './sectors';
import { clutterScreens, clutterTerms, type ClutterTerms } from '../../radio/propagation/clutter';
import { knifeEdgeLossDb } from '../../radio/propagation/terrain/diffraction';
import { DEFAULT_K_FACTOR, EARTH_RADIUS_M, SPEED_OF_LIGHT } from '../../radio/propagation/terrain/geometry';
import { LN10_10 } from './link-quality';
import { createHorizon, type EngineTerrain, radialRange, radialsFor, sweepHorizon } from './terrain';

/**
 * The inner loop of the coverage engine. Per sector, everything that does not depend on the cell is computed
 * once (breakpoint, constant terms of the model, local metres per degree); per cell it costs one square root,
 * one log10 and two atan2. Cells are indexes into typed arrays, never strings.
 * Without terrain, links are NLOS (TR 38.901 NLOS = max(LOS, NLOS′)): the conservative planning assumption where
 * nothing shows the path is clear. With terrain (engine/terrain.ts), a link whose first Fresnel zone is 60 % clear of
 * the terrain and of the clutter around the UE (propagation/clutter.ts) takes the LOS formula; any other takes the
 * NLOS formula and the knife-edge loss of its terrain edge; forest adds its foliage loss to both.
 */
export type PathLossKernel = (d2: number, d3: number, log10d3: number) => number;

export interface PathLossKernels {
  los: PathLossKernel;
  nlos: PathLossKernel;
}

export function kernelsFor(model: PathLossModel, fMHz: number, hBS: number, hUT = UE_HEIGHT_M): PathLossKernels {
  const fc = fMHz / 1000;
  const lf = 20 * Math.log10(fc);
  const dh = hBS - hUT;
  switch (model) {
    case '3gpp-uma': {
      const dbp = breakpointEffective({ frequencyMHz: fMHz, distanceM: 0, bsHeightM: hBS, ueHeightM: hUT });
      const a = 28 + lf;
      const b = a - 9 * Math.log10(dbp * dbp + dh * dh);
      const n = 13.54 + lf - 0.6 * (hUT - 1.5);
      return {
        los: (d2, _d3, l) => (d2 <= dbp ? a + 22 * l : b + 40 * l),
        nlos: (d2, _d3, l) => {
          const los = d2 <= dbp ? a + 22 * l : b + 40 * l;
          const nlos = n + 39.08 * l;
          return nlos > los ? nlos : los;
        },
      };
    }
    case '3gpp-umi': {
      const dbp = breakpointEffective({ frequencyMHz: fMHz, distanceM: 0, bsHeightM: hBS, ueHeightM: hUT });
      const a = 32.4 + lf;
      const b = a - 9.5 * Math.log10(dbp * dbp + dh * dh);
      const n = 22.4 + 21.3 * Math.log10(fc) - 0.3 * (hUT - 1.5);
      return {
        los: (d2, _d3, l) => (d2 <= dbp ? a + 21 * l : b + 40 * l),
        nlos: (d2, _d3, l) => {
          const los = d2 <= dbp ? a + 21 * l : b + 40 * l;
          const nlos = n + 35.3 * l;
          return nlos > los ? nlos : los;
        },
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
      const nl0 =
        161.04 -
        7.1 * Math.log10(w) +
        7.5 * Math.log10(h) -
        (24.37 - 3.7 * (h / hBS) ** 2) * Math.log10(hBS) +
        lf -
        (3.2 * Math.log10(11.75 * hUT) ** 2 - 4.97);
      const nl1 = 43.42 - 3.1 * Math.log10(hBS);
      const ldbp = Math.log10(dbp);
      return {
        los: (d2, d3, l) => (d2 <= dbp ? k0 + (20 + k1) * l + k2 * d3 : atBp + 40 * (l - ldbp)),
        nlos: (d2, d3, l) => {
          const los = d2 <= dbp ? k0 + (20 + k1) * l + k2 * d3 : atBp + 40 * (l - ldbp);
          const nlos = nl0 + nl1 * (l - 3);
          return nlos > los ? nlos : los;
        },
      };
    }
    default: {
      // COST-231 and free space: rarely the engine's choice, so the general function is good enough (no LOS form).
      const k: PathLossKernel = (d2) => pathLoss(model, { frequencyMHz: fMHz, distanceM: Math.max(d2, 1), bsHeightM: hBS, ueHeightM: hUT }).pathLossDb;
      return { los: k, nlos: k };
    }
  }
}

/** The NLOS kernel: the engine's path loss where no terrain is known. */
export function kernelFor(model: PathLossModel, fMHz: number, hBS: number, hUT = UE_HEIGHT_M): PathLossKernel {
  return kernelsFor(model, fMHz, hBS, hUT).nlos;
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
export function bucketWindow(
  cells: CellSet,
  lon: number,
  lat: number,
  radiusM: number,
): { b0: number; b1: number; c0: number; c1: number; kx: number; ky: number } | null {
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
  /**
   * Received power (mW per RE) summed over every sector reaching a cell, per operator × technology × band
   * ([cell * bands + sector.band]); the interference of a cell is this sum less its best server. Absent when the
   * run keeps no SINR.
   */
  received: Float64Array | null;
  bands: number;
  evaluations: number;
}

export function emptyBestServers(cells: number, slots: number, bands = 0): BestServers {
  const best = new Float32Array(cells * slots).fill(-Infinity);
  const second = new Float32Array(cells * slots).fill(-Infinity);
  return {
    slots,
    best,
    second,
    bestSector: new Int32Array(cells * slots).fill(-1),
    secondSector: new Int32Array(cells * slots).fill(-1),
    received: bands > 0 ? new Float64Array(cells * bands) : null,
    bands,
    evaluations: 0,
  };
}

const DEG = Math.PI / 180;
const RAD = 180 / Math.PI;

/** The knife-edge v at or below which 60 % of the first Fresnel zone is clear: v = h·√2/r1 with h = −0.6·r1. */
export const LOS_MAX_V = -0.6 * Math.SQRT2;
/**
 * Relief must rise this much above the smooth (curved) earth between the site's ground and the cell's to count as an
 * obstruction: flat ground is no obstacle to the LOS formula, whose breakpoint is the ground reflection.
 */
export const RELIEF_TOLERANCE_M = 0.5;

/**
 * Evaluates sectors over a cell set and keeps, per cell and per operator × technology slot, the best server and
 * the runner-up (by RSRP; a second sector of the same tenancy counts as a runner-up too, as a handover target).
 * With `terrain`, every sector–cell link is judged over the ground (see the kernel's note above and terrain.ts);
 * a cell or site with no terrain under it keeps the flat NLOS value.
 */
export function evaluateSectors(cells: CellSet, sectors: readonly Sector[], out: BestServers, sectorIdOffset = 0, terrain?: EngineTerrain): void {
  const { lon, lat, cols, bucketStart, order } = cells;
  const { slots, best, bestSector, second, secondSector, received, bands } = out;
  const hv = 12 / (BEAMWIDTH_DEG * BEAMWIDTH_DEG);
  const horizon = terrain ? createHorizon() : null;
  const inv2kR = 1 / (2 * (terrain?.k ?? DEFAULT_K_FACTOR) * EARTH_RADIUS_M);
  let swept = '';
  let evals = 0;
  // the sectors of one antenna, evaluated together: distance, path loss and terrain once per cell, the pattern per sector
  const gAz = new Float64Array(MAX_GROUP);
  const gTilt = new Float64Array(MAX_GROUP);
  const gP0 = new Float64Array(MAX_GROUP);
  const gSlot = new Int32Array(MAX_GROUP);
  const gBand = new Int32Array(MAX_GROUP);
  const gOmni = new Uint8Array(MAX_GROUP);
  for (let s = 0; s < sectors.length;) {
    const sec = sectors[s];
    let n = 1;
    while (n < MAX_GROUP && s + n < sectors.length && sameAntenna(sectors[s + n], sec)) n++;
    const firstId = s + sectorIdOffset;
    let directional = false;
    for (let q = 0; q < n; q++) {
      const x = sectors[s + q];
      gAz[q] = x.azimuthDeg;
      gTilt[q] = x.downtiltDeg;
      gP0[q] = x.eirpPerReDbm;
      gSlot[q] = x.slot;
      gBand[q] = x.band;
      gOmni[q] = Number.isNaN(x.azimuthDeg) ? 1 : 0;
      if (!gOmni[q]) directional = true;
    }
    s += n;
    const w = bucketWindow(cells, sec.lon, sec.lat, sec.radiusM);
    if (!w) continue;
    const { b0, b1, c0, c1, kx, ky } = w;
    const r2 = sec.radiusM * sec.radiusM;
    const { los: plLos, nlos: pl } = kernelsFor(sec.model, sec.frequencyMHz, sec.heightM);
    const dh = sec.heightM - UE_HEIGHT_M;
    const dh2 = dh * dh;
    // Terrain: the site's horizon, swept once for the antennas at one place and height (they come one after another)
    let overTerrain = false;
    let ground: Float32Array | null = null;
    let clutter: Uint8Array | null = null;
    let tan: Float32Array | null = null;
    let edgeM: Float32Array | null = null;
    let steps = 0,
      radials = 0,
      invStep = 0,
      perRadian = 0,
      tip = 0,
      siteGround = 0,
      lambda = 0;
    let ct: ClutterTerms | null = null;
    if (terrain && horizon) {
      const key = `${sec.lon},${sec.lat},${sec.heightM},${sec.radiusM}`;
      if (key !== swept && !visitCellsWithin(cells, sec.lon, sec.lat, sec.radiusM, () => true)) continue; // nothing to evaluate: no sweep
      if (key !== swept) {
        const x0 = Math.max(cells.minLon, sec.lon - sec.radiusM / kx);
        const x1 = Math.min(cells.minLon + cells.cols * cells.bucketDeg, sec.lon + sec.radiusM / kx);
        const y0 = Math.max(cells.minLat, sec.lat - sec.radiusM / ky);
        const y1 = Math.min(cells.minLat + cells.rows * cells.bucketDeg, sec.lat + sec.radiusM / ky);
        const box = { x0: (x0 - sec.lon) * kx, x1: (x1 - sec.lon) * kx, y0: (y0 - sec.lat) * ky, y1: (y1 - sec.lat) * ky };
        const range = radialRange(radialsFor(sec.radiusM, terrain.stepM), box, terrain.stepM);
        sweepHorizon(horizon, terrain.sample, sec.lon, sec.lat, sec.heightM, sec.radiusM, terrain.stepM, range, terrain.k);
        swept = key;
      }
      if (horizon.tipM === horizon.tipM) {
        overTerrain = true;
        ({ tan, edgeM, steps, radials } = horizon);
        ground = terrain.ground;
        clutter = terrain.clutter;
        invStep = 1 / horizon.stepM;
        perRadian = radials / (2 * Math.PI);
        tip = horizon.tipM;
        siteGround = horizon.groundM;
        lambda = SPEED_OF_LIGHT / (sec.frequencyMHz * 1e6);
        ct = clutterTermsOf(sec.frequencyMHz);
      }
    }
    for (let row = c0; row <= c1; row++) {
      for (let b = row * cols + b0, end = row * cols + b1; b <= end; b++) {
        for (let k = bucketStart[b], kEnd = bucketStart[b + 1]; k < kEnd; k++) {
          const i = order[k];
          const dx = (lon[i] - sec.lon) * kx;
          const dy = (lat[i] - sec.lat) * ky;
          const g2 = dx * dx + dy * dy;
          if (g2 > r2) continue;
          evals += n;
          const d2 = Math.sqrt(g2) || 1;
          const d3 = Math.sqrt(g2 + dh2);
          const l = Math.log10(d3);
          let loss: number;
          let dv = dh;
          // bearing to the cell, radians clockwise from north: for the horizon's radial and the antenna pattern
          const bearing = directional || overTerrain ? Math.atan2(dx, dy) : 0;
          const zc = overTerrain ? ground![i] : NaN;
          if (zc === zc) {
            // over terrain: the horizon of this cell's radial just before it, its knife-edge v, the verdict
            dv = siteGround - zc + dh;
            let v = -Infinity;
            const j = Math.floor(d2 * invStep - 0.5);
            if (j >= 1) {
              let a = Math.round(bearing * perRadian);
              if (a < 0) a += radials;
              if (a >= radials) a -= radials;
              const at = a * steps + (j < steps ? j : steps - 1);
              const e = edgeM![at];
              if (e > 0 && e < d2) {
                // only relief above the smooth earth between the two grounds obstructs: the ground plane's own
                // intrusion into F1 is what the LOS formula's breakpoint already models
                const edge = tan![at] * e;
                const smooth = siteGround - tip + ((zc - siteGround) * e) / d2 - e * e * inv2kR;
                if (edge - smooth > RELIEF_TOLERANCE_M) {
                  const target = (zc + UE_HEIGHT_M - d2 * d2 * inv2kR - tip) / d2;
                  v = (tan![at] - target) * e * Math.sqrt((2 * d2) / (lambda * e * (d2 - e)));
                }
              }
            }
            const cls = clutter![i];
            // LOS only when the terrain leaves 60 % of F1 clear and the line passes the clutter around the UE
            if (v <= LOS_MAX_V && !clutterScreens(ct!.heightM[cls], dv + UE_HEIGHT_M, UE_HEIGHT_M, d2, lambda)) loss = plLos(d2, d3, l);
            else loss = pl(d2, d3, l) + knifeEdgeLossDb(v);
            loss += ct!.lossDb[cls];
          } else loss = pl(d2, d3, l);
          const elevation = directional ? Math.atan2(dv, d2) * RAD : 0;
          const bearingDeg = bearing * RAD;
          for (let q = 0; q < n; q++) {
            let att = 0;
            if (!gOmni[q]) {
              let phi = bearingDeg - gAz[q];
              if (phi > 180) phi -= 360;
              else if (phi < -180) phi += 360;
              const ah = hv * phi * phi;
              const th = elevation - gTilt[q];
              const av = hv * th * th;
              att = (ah < MAX_ATTENUATION_DB ? ah : MAX_ATTENUATION_DB) + (av < SIDE_LOBE_V_DB ? av : SIDE_LOBE_V_DB);
              if (att > MAX_ATTENUATION_DB) att = MAX_ATTENUATION_DB;
            }
            const rsrp = gP0[q] - loss - att;
            // every sector's power counts toward its band's interference (the best server's is taken out later)
            if (received) received[i * bands + gBand[q]] += Math.exp(rsrp * LN10_10);
            const jj = i * slots + gSlot[q];
            const id = firstId + q;
            if (rsrp > best[jj]) {
              second[jj] = best[jj];
              secondSector[jj] = bestSector[jj];
              best[jj] = rsrp;
              bestSector[jj] = id;
            } else if (rsrp > second[jj]) {
              second[jj] = rsrp;
              secondSector[jj] = id;
            }
          }
        }
      }
    }
  }
  out.evaluations += evals;
}

/** Sectors evaluated together at most (a tenancy has 1–6). */
const MAX_GROUP = 16;

/** Sectors of one antenna: the same place, height, reach, model and band, so the same path loss to every cell. */
function sameAntenna(a: Sector, b: Sector): boolean {
  return a.lon === b.lon && a.lat === b.lat && a.heightM === b.heightM && a.radiusM === b.radiusM && a.model === b.model && a.frequencyMHz === b.frequencyMHz;
}

/**
 * Calls `visit` with each cell of the set within `radiusM` of a point (scanning the buckets of its window) until it
 * returns true; says whether one did.
 */
export function visitCellsWithin(cells: CellSet, lon: number, lat: number, radiusM: number, visit: (i: number) => boolean | void): boolean {
  const w = bucketWindow(cells, lon, lat, radiusM);
  if (!w) return false;
  const r2 = radiusM * radiusM;
  for (let row = w.c0; row <= w.c1; row++) {
    for (let b = row * cells.cols + w.b0, end = row * cells.cols + w.b1; b <= end; b++) {
      for (let k = cells.bucketStart[b], kEnd = cells.bucketStart[b + 1]; k < kEnd; k++) {
        const i = cells.order[k];
        const dx = (cells.lon[i] - lon) * w.kx;
        const dy = (cells.lat[i] - lat) * w.ky;
        if (dx * dx + dy * dy <= r2 && visit(i)) return true;
      }
    }
  }
  return false;
}

// Clutter constants per band: a city has a handful of bands, so they are made once each.
const clutterByBand = new Map<number, ClutterTerms>();
function clutterTermsOf(frequencyMHz: number): ClutterTerms {
  let t = clutterByBand.get(frequencyMHz);
  if (!t) clutterByBand.set(frequencyMHz, (t = clutterTerms(frequencyMHz)));
  return t;
}
