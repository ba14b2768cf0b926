import { DEFAULT_DOWNTILT_DEG, type Technology } from '@cosite/contracts';
import { computeCells, type UniverseTerrain } from '../coverage/engine/compute';
import { usefulRadiusM } from '../coverage/engine/kernel';
import { toSectors, type TenancyRadio } from '../coverage/engine/sectors';
import type { CellUniverse } from '../radio/universe';
import type { PathLossModel } from '../radio/propagation/path-loss';
import type { PlanCandidate } from './plan-candidates';

/** Candidates predicted together: one result slot each, so a batch is one pass of the engine. */
const BATCH = 64;

/** What the engine needs to predict a plan's candidates over the cells that still lack coverage. */
export interface CandidateCoverageInput {
  universe: CellUniverse;
  terrain: UniverseTerrain | null;
  /** Universe indexes of the cells the plan weighs (not yet covered, or a key site's). */
  cells: Int32Array;
  technology: Technology;
  bandMHz: number;
  thresholdDbm: number;
  /** The model the last full run forced, so candidates and the stored coverage are predicted alike. */
  model: PathLossModel | null;
  /** Residents per km² at each candidate (sets its environment, as for a standing tenancy). */
  densityAt: (c: PlanCandidate) => number;
}

/**
 * For each candidate, the cells (indexes into input.cells) where its three sectors alone reach the threshold: the
 * coverage engine with terrain and clutter where loaded, as for the stored coverage. Candidates go in spatial
 * batches, each batch over the cells its sectors can reach.
 */
export async function candidateCoverage(
  input: CandidateCoverageInput,
  candidates: PlanCandidate[],
  onBatch?: (done: number) => Promise<void> | void,
): Promise<Int32Array[]> {
  const { universe: u, cells } = input;
  const out: Int32Array[] = candidates.map(() => new Int32Array(0));
  const positionOf = new Map<number, number>();
  cells.forEach((ci, k) => positionOf.set(ci, k));
  // spatial batches: sorted along rows ≈ 1 km high, so a batch's sectors reach a compact set of cells
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => Math.floor(candidates[a].lat * 100) - Math.floor(candidates[b].lat * 100) || candidates[a].lon - candidates[b].lon || a - b);
  const ids = Array.from({ length: BATCH }, (_, k) => `candidate-${k}`);
  for (let b = 0; b < order.length; b += BATCH) {
    const batch = order.slice(b, b + BATCH);
    const radios: TenancyRadio[] = batch.map((i, k) => {
      const c = candidates[i];
      return {
        tenancyId: i,
        structureId: c.structureId ?? -1,
        operatorId: ids[k],
        technology: input.technology,
        bandMhz: input.bandMHz,
        lon: c.lon,
        lat: c.lat,
        antennaHeightM: c.antennaHeightM,
        groundElevationM: c.groundElevationM,
        azimuthDeg: 0,
        sectorCount: 3,
        mechTiltDeg: 0,
        elecTiltDeg: DEFAULT_DOWNTILT_DEG,
        eirpDbm: c.eirpDbm,
        structureKind: c.smallCell ? 'smart_pole' : 'monopole',
        populationDensity: input.densityAt(c),
      };
    });
    // the threshold itself is the floor: only covering matters here
    const sectors = toSectors(radios, ids, [input.technology], (m, f, h, budget) => usefulRadiusM(m, f, h, budget), 0, input.model ?? undefined);
    const near = cellsNear(u, cells, sectors);
    if (near.length) {
      const r = computeCells(u, near, sectors, batch.length, input.terrain, null);
      const hits: number[][] = batch.map(() => []);
      for (let k = 0; k < near.length; k++) {
        for (let s = 0; s < batch.length; s++) if (r.best[k * batch.length + s] >= input.thresholdDbm) hits[s].push(positionOf.get(near[k])!);
      }
      batch.forEach((i, s) => (out[i] = Int32Array.from(hits[s]).sort()));
    }
    await onBatch?.(Math.min(b + BATCH, order.length));
    // between batches the event loop runs (the job's lock is renewed, progress is written)
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

/** The cells within reach of any of the sectors (their boxes), as universe indexes. */
function cellsNear(u: CellUniverse, cells: Int32Array, sectors: { lon: number; lat: number; radiusM: number }[]): Int32Array {
  if (!sectors.length) return new Int32Array(0);
  let west = Infinity,
    east = -Infinity,
    south = Infinity,
    north = -Infinity;
  for (const s of sectors) {
    const rx = s.radiusM / (111320 * Math.cos((s.lat * Math.PI) / 180));
    const ry = s.radiusM / 110574;
    west = Math.min(west, s.lon - rx);
    east = Math.max(east, s.lon + rx);
    south = Math.min(south, s.lat - ry);
    north = Math.max(north, s.lat + ry);
  }
  const out: number[] = [];
  for (const i of cells) if (u.lon[i] >= west && u.lon[i] <= east && u.lat[i] >= south && u.lat[i] <= north) out.push(i);
  return Int32Array.from(out);
}
