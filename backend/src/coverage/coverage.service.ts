import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { cellToParent } from 'h3-js';
import { TECHNOLOGIES, Technology } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { ComputeCoverageChunkPayload, JobName, QueueName, RecomputeCoverageNearPayload } from '../jobs/queues';
import { COVERAGE_THRESHOLDS_DBM, LINK_QUALITY_DEFAULTS, STORE_BELOW_THRESHOLD_DB } from './coverage.defaults';
import { CoverageRepository, RunRow } from './coverage.repository';
import { DataSource } from 'typeorm';
import { computeCells, CellsResult, UniverseTerrain } from './engine/compute';
import { samplerOf } from './engine/terrain';
import { TerrainGrid } from '../terrain/terrain-grid';
import { CLUTTER_UNKNOWN } from '../radio/propagation/clutter';
import { CellSet, indexCells, usefulRadiusM, visitCellsWithin } from './engine/kernel';
import { Sector, toSectors } from './engine/sectors';
import { buildUniverse, CellUniverse, CHUNK_RESOLUTION, COVERAGE_RESOLUTION, h3ToBigint } from '../radio/universe';
import type { PathLossModel } from '../radio/propagation/path-loss';

/** Structures changed at once beyond which an incremental recompute gives way to a full run. */
const INCREMENTAL_MAX_STRUCTURES = 500;

@Injectable()
export class CoverageService {
  private readonly log = new Logger(CoverageService.name);
  private universe?: { version: string; districtsVersion: string; u: CellUniverse; index: CellSet };
  private sectorCache?: { version: string; model: PathLossModel | null; operators: string[]; sectors: Sector[]; byStructure: Map<number, Sector[]> };
  private terrainCache?: { key: string; terrain: Promise<UniverseTerrain | null> };
  /** Its own mosaic (not the terrain module's): the terrain module starts recomputes, so it cannot be imported here. */
  private readonly terrainGrid: TerrainGrid;

  constructor(
    private readonly repo: CoverageRepository,
    @InjectQueue(QueueName.Coverage) private readonly queue: Queue,
    db: DataSource,
  ) {
    this.terrainGrid = new TerrainGrid(db);
  }

  /**
   * Ground height and clutter class of every grid cell, and the DEM the engine's sweeps read; null where no terrain
   * has been loaded (the engine then keeps its flat NLOS values). Rebuilt when the grid, terrain or clutter change.
   */
  async terrain(u: CellUniverse, universeVersion: string): Promise<UniverseTerrain | null> {
    const [terrainVersion, clutterVersion] = await Promise.all([this.terrainGrid.version(), this.repo.clutterVersion()]);
    const key = `${universeVersion}/${terrainVersion}/${clutterVersion}`;
    // the load itself is kept, so callers arriving while it runs (a chunk and an incremental update) share it
    if (this.terrainCache?.key !== key) {
      const terrain = this.loadTerrain(u, terrainVersion, clutterVersion).catch((err) => {
        if (this.terrainCache?.key === key) this.terrainCache = undefined;
        throw err;
      });
      this.terrainCache = { key, terrain };
    }
    return this.terrainCache.terrain;
  }

  private async loadTerrain(u: CellUniverse, terrainVersion: number, clutterVersion: string): Promise<UniverseTerrain | null> {
    let west = Infinity,
      south = Infinity,
      east = -Infinity,
      north = -Infinity;
    for (let i = 0; i < u.lon.length; i++) {
      west = Math.min(west, u.lon[i]);
      east = Math.max(east, u.lon[i]);
      south = Math.min(south, u.lat[i]);
      north = Math.max(north, u.lat[i]);
    }
    // sites reach up to 10 km past the grid's edge
    const pad = 0.1;
    const box = { west: west - pad, south: south - pad, east: east + pad, north: north + pad };
    const mosaic = await this.terrainGrid.mosaic(box);
    // the tile under the grid itself read inline, the rest (sites' reach past its edge) through the mosaic
    const source = mosaic.sourceFor({ west, south, east, north }) ?? mosaic.sourceFor(box);
    if (!source) return null;
    const sample = samplerOf(source, { stepDeg: source.stepDeg, heightAt: (lon, lat) => mosaic.heightAt(lon, lat) });
    const ground = Float32Array.from(u.lon, (lon, i) => sample(lon, u.lat[i]));
    const midLat = ((south + north) / 2) * (Math.PI / 180);
    const stepM = source.stepDeg * Math.min(111320 * Math.cos(midLat), 110574);
    const clutter = await this.repo.clutterCodes(u.h3.map(h3ToBigint));
    this.log.log(
      {
        terrainVersion,
        clutterVersion,
        stepM: Math.round(stepM),
        cellsWithGround: ground.filter((g) => g === g).length,
        cellsWithClutter: clutter.filter((c) => c !== CLUTTER_UNKNOWN).length,
      },
      'coverage terrain loaded',
    );
    return { sample, stepM, ground, clutter };
  }

  // ---------- the grid and the sectors (cached per process) ----------

  /**
   * The grid of the analysed area, built once per process and rebuilt only when the districts change
   * (their tile-layer version moves); written to the database when it is not there yet.
   */
  async grid(): Promise<{ u: CellUniverse; index: CellSet; version: string }> {
    const districtsVersion = await this.repo.layerVersion('districts');
    if (this.universe?.districtsVersion !== districtsVersion) {
      const districts = await this.repo.coreDistricts();
      const version = createHash('sha256').update(`r${COVERAGE_RESOLUTION}/c${CHUNK_RESOLUTION}/`).update(JSON.stringify(districts)).digest('hex').slice(0, 16);
      if (this.universe?.version !== version) {
        const u = buildUniverse(districts);
        this.universe = { version, districtsVersion, u, index: indexCells(u.lon, u.lat) };
      } else this.universe.districtsVersion = districtsVersion;
    }
    if ((await this.repo.gridVersion()) !== this.universe.version) await this.repo.writeGrid(this.universe.u, this.universe.version);
    return this.universe;
  }

  /** Every sector of the city, cached until a tenancy or structure changes (or another model is forced). */
  async sectors(model: PathLossModel | null = null): Promise<{ operators: string[]; sectors: Sector[]; byStructure: Map<number, Sector[]> }> {
    const version = await this.repo.layerVersion('sectors');
    if (this.sectorCache?.version === version && this.sectorCache.model === model) return this.sectorCache;
    const operators = await this.repo.operators();
    const radios = await this.repo.tenancyRadios();
    const sectors = toSectors(
      radios,
      operators,
      TECHNOLOGIES,
      (m, f, h, budget) => usefulRadiusM(m, f, h, budget),
      STORE_BELOW_THRESHOLD_DB,
      model ?? undefined,
    );
    const tenancyToStructure = new Map(radios.map((r) => [r.tenancyId, r.structureId]));
    const byStructure = new Map<number, Sector[]>();
    for (const s of sectors) {
      const sid = tenancyToStructure.get(s.tenancyId)!;
      const list = byStructure.get(sid) ?? [];
      list.push(s);
      byStructure.set(sid, list);
    }
    this.sectorCache = { version, model, operators, sectors, byStructure };
    return this.sectorCache;
  }

  // ---------- runs ----------

  /** A whole-city recompute: one job per chunk, shared by however many workers run. */
  async startFullRun(
    requestedBy: string | null = null,
    model: PathLossModel | null = null,
    loadFactor: number = LINK_QUALITY_DEFAULTS.loadFactor.value,
  ): Promise<RunRow> {
    const running = (await this.repo.latestRuns(5)).find((r) => r.status === 'running' && r.kind === 'full');
    if (running) throw ApiError.of('run_in_progress', 'run', `a full recompute is already running (${running.id}); cancel it first`);
    const { u } = await this.grid();
    const { sectors } = await this.sectors(model);
    const chunks = [...u.chunks.keys()];
    const runId = await this.repo.createRun('full', chunks.length, sectors.length, requestedBy, model, loadFactor).catch((err) => {
      // another start won the race since the check above (the database allows one full run going)
      if ((err as { code?: string }).code === '23505') throw ApiError.of('run_in_progress', 'run', 'a full recompute has just been started; cancel it first');
      throw err;
    });
    await this.queue.addBulk(
      chunks.map((chunk) => ({
        name: JobName.ComputeCoverageChunk,
        data: { runId, chunk } satisfies ComputeCoverageChunkPayload,
        opts: { jobId: `coverage-${runId}-${chunk}`, attempts: 3, backoff: { type: 'exponential', delay: 500 } },
      })),
    );
    this.log.log({ runId, chunks: chunks.length, sectors: sectors.length }, 'coverage run started');
    return (await this.repo.run(runId))!;
  }

  async run(id: string): Promise<RunRow> {
    const r = await this.repo.run(id);
    if (!r) throw ApiError.notFound(`coverage run ${id}`);
    return r;
  }

  runs(): Promise<RunRow[]> {
    return this.repo.latestRuns(10);
  }

  /** Cancels a running run: its waiting chunk jobs are dropped, running ones return without writing. */
  async cancel(id: string): Promise<RunRow> {
    const r = await this.run(id);
    if (r.status !== 'running') throw ApiError.of('run_not_running', 'status', `run ${id} is ${r.status}, not running`);
    await this.repo.setRunStatus(id, 'cancelled');
    const waiting = await this.queue.getJobs(['waiting', 'delayed', 'prioritized']);
    await Promise.all(waiting.filter((j) => j.data?.runId === id).map((j) => j.remove().catch(() => undefined)));
    return this.run(id);
  }

  /** Re-queues the chunks of a failed or cancelled run that never completed; completed chunks are kept. */
  async retry(id: string): Promise<RunRow> {
    const r = await this.run(id);
    if (r.status === 'running' || r.status === 'completed') throw ApiError.of('run_not_retryable', 'status', `run ${id} is ${r.status}`);
    const { u } = await this.grid();
    const done = new Set(await this.repo.doneChunks(id));
    const missing = [...u.chunks.keys()].filter((c) => !done.has(h3ToBigint(c)));
    await this.repo.setRunStatus(id, 'running', null, false).catch((err) => {
      if ((err as { code?: string }).code === '23505') throw ApiError.of('run_in_progress', 'run', 'another full recompute is going; cancel it first');
      throw err;
    });
    await this.queue.addBulk(
      missing.map((chunk) => ({
        name: JobName.ComputeCoverageChunk,
        data: { runId: id, chunk },
        opts: { jobId: `coverage-${id}-${chunk}-retry-${Date.now()}` },
      })),
    );
    return this.run(id);
  }

  // ---------- work done by the worker ----------

  /** Computes one chunk and replaces its rows; skipped when the run is over or the chunk already done. */
  async computeChunk(p: ComputeCoverageChunkPayload): Promise<'done' | 'skipped'> {
    const run = await this.repo.run(p.runId);
    if (!run || run.status !== 'running') return 'skipped';
    const chunkKey = h3ToBigint(p.chunk);
    if (await this.repo.isChunkDone(p.runId, chunkKey)) return 'skipped';
    const t0 = Date.now();
    const grid = await this.grid();
    const { u } = grid;
    const cellIdx = u.chunks.get(p.chunk);
    if (!cellIdx) throw new Error(`chunk ${p.chunk} is not in the grid`);
    const { operators, sectors } = await this.sectors(run.model);
    const result = computeCells(u, cellIdx, sectors, operators.length * TECHNOLOGIES.length, await this.terrain(u, grid.version), {
      loadFactor: run.loadFactor,
      technologyOfSlot: technologyOfSlot(operators),
    });
    await this.repo.replaceCells({ h3: [], chunk: chunkKey, chunks: [chunkKey] }, coverageCellRows(u, result, operators, chunkKey), {
      runId: p.runId,
      chunk: chunkKey,
      cells: cellIdx.length,
      evaluations: result.evaluations,
      ms: Date.now() - t0,
    });
    if (await this.repo.completeIfDone(p.runId)) {
      this.log.log({ runId: p.runId }, 'coverage run completed');
      // the run is done whatever becomes of the statistics; stale ones only slow the KPI, load and gap queries
      await this.repo.analyzeCoverage().catch((err) => this.log.warn({ runId: p.runId, err: (err as Error).message }, 'coverage statistics not refreshed'));
    }
    return 'done';
  }

  /**
   * Recomputes only the cells a change can reach: cells within the reach of the changed structures' sectors,
   * plus the cells the changed tenancies served before (a removed antenna's old footprint).
   */
  async recomputeNear(p: RecomputeCoverageNearPayload): Promise<{ cells: number; rows: number; ms: number } | 'full-run'> {
    if (p.structureIds.length > INCREMENTAL_MAX_STRUCTURES) {
      await this.startFullRun('incremental overflow').catch(() => undefined);
      return 'full-run';
    }
    const t0 = Date.now();
    const grid = await this.grid();
    const { u, index } = grid;
    // Same models and load as the latest completed full run, so an update never mixes two choices.
    const last = await this.repo.lastFullRunSettings();
    const { operators, sectors, byStructure } = await this.sectors(last?.model ?? null);
    const picked = new Set<number>();
    const structures = await this.repo.structurePoints(p.structureIds);
    for (const s of structures) {
      const reach = Math.max(1500, ...(byStructure.get(s.id) ?? []).map((x) => x.radiusM));
      cellsWithin(index, s.lon, s.lat, reach, picked);
    }
    for (const h of await this.repo.cellsServedBy(p.tenancyIds)) {
      const i = u.indexOf.get(BigInt(h).toString(16));
      if (i !== undefined) picked.add(i);
    }
    const cellIdx = Int32Array.from(picked);
    if (!cellIdx.length) return { cells: 0, rows: 0, ms: Date.now() - t0 };
    const result = computeCells(u, cellIdx, sectors, operators.length * TECHNOLOGIES.length, await this.terrain(u, grid.version), {
      loadFactor: last?.loadFactor ?? LINK_QUALITY_DEFAULTS.loadFactor.value,
      technologyOfSlot: technologyOfSlot(operators),
    });
    const h3 = Array.from(cellIdx, (i) => h3ToBigint(u.h3[i]));
    const chunks = [...new Set(Array.from(cellIdx, (i) => h3ToBigint(cellToParent(u.h3[i], CHUNK_RESOLUTION))))];
    const rows = await this.repo.replaceCells({ h3, chunks }, coverageCellRows(u, result, operators));
    return { cells: cellIdx.length, rows, ms: Date.now() - t0 };
  }
}

/** coverage_cell rows (CELL_COLUMNS' order) for the cells of a result whose best server clears the storage floor. */
export function* coverageCellRows(u: CellUniverse, r: CellsResult, operators: string[], chunk?: string): Generator<(string | number | null)[]> {
  const techs = TECHNOLOGIES;
  const slots = operators.length * techs.length;
  const floors = techs.map((t: Technology) => COVERAGE_THRESHOLDS_DBM[t].dbm - STORE_BELOW_THRESHOLD_DB);
  for (let k = 0; k < r.cells.length; k++) {
    const h = u.h3[r.cells[k]];
    let h3: string | null = null;
    let ck = chunk ?? null;
    for (let s = 0; s < slots; s++) {
      const j = k * slots + s;
      const best = r.best[j];
      const t = s % techs.length;
      if (!(best >= floors[t])) continue;
      h3 ??= h3ToBigint(h);
      ck ??= h3ToBigint(cellToParent(h, CHUNK_RESOLUTION));
      const b = r.sectors[r.bestSector[j]];
      const sj = r.secondSector[j];
      const second = sj >= 0 ? r.sectors[sj] : null;
      yield [
        h3,
        ck,
        operators[Math.floor(s / techs.length)],
        techs[t],
        b.tenancyId,
        b.sectorIndex,
        best.toFixed(2),
        second?.tenancyId ?? null,
        second?.sectorIndex ?? null,
        second ? r.second[j].toFixed(2) : null,
        r.sinr && r.sinr[j] === r.sinr[j] ? r.sinr[j].toFixed(2) : null,
        r.throughput && r.throughput[j] === r.throughput[j] ? r.throughput[j].toFixed(2) : null,
      ];
    }
  }
}

/** The technology of each result slot (operator × technology, technologies innermost). */
export function technologyOfSlot(operators: readonly string[]): Technology[] {
  return operators.flatMap(() => [...TECHNOLOGIES]);
}

/** Adds to `out` the universe indexes of cells within `radiusM` of a point. */
export function cellsWithin(index: CellSet, lon: number, lat: number, radiusM: number, out: Set<number>): void {
  visitCellsWithin(index, lon, lat, radiusM, (i) => {
    out.add(i);
  });
}
