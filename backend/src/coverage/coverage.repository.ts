import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { ClientBase, PoolClient } from 'pg';
import { cellToParent, latLngToCell, polygonToCells } from 'h3-js';
import { copyRows } from '../database/copy';
import { clutterClassCodes, clutterVersion } from '../clutter/clutter.repository';
import type { TenancyRadio } from './engine/sectors';
import type { PathLossModel } from '../radio/propagation/path-loss';
import type { LoadTechnology, Technology } from '@cosite/contracts';
import { CellUniverse, CHUNK_RESOLUTION, COVERAGE_RESOLUTION, h3ToBigint, POPULATION_RESOLUTION } from '../radio/universe';
import * as sql from './coverage.sql';
import { LINK_QUALITY_DEFAULTS } from './coverage.defaults';

export interface RunRow {
  id: string;
  kind: 'full' | 'incremental';
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  /** Path-loss model forced for every sector, or null (chosen per sector by environment and mount). */
  model: PathLossModel | null;
  /** Share of the interferers' resources in use, which scales the interference in SINR. */
  loadFactor: number;
  chunksTotal: number;
  chunksDone: number;
  sectors: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** One bin of the area KPIs: a district (null: the city) × operator × whole Mbit/s of the covered cells, or a district's totals (operator '*', mbps −1). */
export interface AreaKpiBin {
  district_id: number | null;
  name: string | null;
  operator: string;
  mbps: number;
  cells: string;
  sinr_ok: string;
  pop: number | null;
  pop_sinr_ok: number | null;
}

/** coverage_cell's columns in the order coverageCellRows yields them. */
export const CELL_COLUMNS = [
  'h3',
  'chunk',
  'operator_id',
  'technology',
  'best_tenancy_id',
  'best_sector',
  'best_rsrp_dbm',
  'second_tenancy_id',
  'second_sector',
  'second_rsrp_dbm',
  'sinr_db',
  'throughput_mbps',
];

/** What the sector-load statements take: technology, threshold, operators with their Mbit/s per resident, tenancies (or all). */
export interface LoadParams {
  technology: LoadTechnology;
  thresholdDbm: number;
  operators: string[];
  perResidentMbps: number[];
  tenancyIds: string[] | null;
}

/** One sector as the sector-load statement reads it, with the summary over all sectors. */
export interface SectorLoadRow {
  summary: { sectors: number; overloaded: number; median: number | null; residentsOnOverloaded: number };
  tenancyId: number;
  sectorIndex: number;
  structureId: number;
  structureName: string | null;
  districtId: number | null;
  operator: string;
  bandMhz: number;
  azimuthDeg: number | null;
  sectorCount: number;
  lon: number;
  lat: number;
  cells: number;
  residents: number;
  demand: number;
  util: number;
  unserved: number;
}

/** A populated cell served by an overloaded sector. */
export interface OverloadedCellRow {
  h3: string;
  operator: string;
  pop: number;
  tenancyId: number;
  sectorIndex: number;
  util: number;
  structureId: number;
}

/** The city's sectors are aggregated in memory: 98k groups of 5G need ≈ 25 MB, over the default 4 MB work_mem. */
const LOAD_WORK_MEM = `SET LOCAL work_mem = '64MB'`;

/** Every SQL statement of the coverage domain. */
@Injectable()
export class CoverageRepository {
  constructor(private readonly db: DataSource) {}

  /** The analysed area: the central districts, as the grid's source. */
  async coreDistricts(): Promise<{ id: number; coordinates: number[][][][] }[]> {
    const rows: { id: number; g: { coordinates: number[][][][] } }[] = await this.db.query(sql.CORE_DISTRICTS);
    return rows.map((r) => ({ id: r.id, coordinates: r.g.coordinates }));
  }

  async gridVersion(): Promise<string | null> {
    const r = await this.db.query(sql.GRID_VERSION);
    return r[0]?.version ?? null;
  }

  /** Writes the grid (cell centres) and the key sites' cells; replaces an older grid and its coverage. */
  async writeGrid(universe: CellUniverse, version: string): Promise<void> {
    await this.inTransaction(async (client) => {
      await client.query(sql.LOCK_GRID);
      const current = await client.query(sql.GRID_VERSION);
      if (current.rows[0]?.version === version) return;
      await client.query(sql.DELETE_ALL_CELLS);
      await client.query(sql.DELETE_GRID);
      const rows = function* () {
        for (let i = 0; i < universe.h3.length; i++) {
          const h = universe.h3[i];
          yield [
            h3ToBigint(h),
            h3ToBigint(cellToParent(h, POPULATION_RESOLUTION)),
            h3ToBigint(cellToParent(h, CHUNK_RESOLUTION)),
            universe.district[i],
            `SRID=4326;POINT(${universe.lon[i]} ${universe.lat[i]})`,
          ];
        }
      };
      await copyRows(client, 'coverage_grid', ['h3', 'h3_res9', 'chunk', 'district_id', 'geom'], rows());
      await client.query(sql.SET_RES9_CELLS);
      await client.query(sql.DELETE_KEY_SITE_CELLS);
      const sites = await client.query(sql.KEY_SITES);
      const siteCells: string[][] = [];
      for (const s of sites.rows as { id: string; g: { type: string; coordinates: unknown } }[]) {
        const cells =
          s.g.type === 'Point'
            ? [latLngToCell((s.g.coordinates as number[])[1], (s.g.coordinates as number[])[0], COVERAGE_RESOLUTION)]
            : (s.g.type === 'Polygon' ? [s.g.coordinates as number[][][]] : (s.g.coordinates as number[][][][])).flatMap((p) =>
                polygonToCells(p, COVERAGE_RESOLUTION, true),
              );
        for (const c of new Set(cells)) if (universe.indexOf.has(c)) siteCells.push([s.id, h3ToBigint(c)]);
      }
      await copyRows(client, 'key_site_cell', ['key_site_id', 'h3'], siteCells);
      await client.query(sql.RECORD_GRID, [version, JSON.stringify({ cells: universe.h3.length, keySiteCells: siteCells.length })]);
    });
  }

  /** The clutter classes' version and codes per grid cell (the clutter module writes them; the engine reads). */
  clutterVersion(): Promise<string> {
    return clutterVersion(this.db);
  }

  clutterCodes(h3: readonly string[]): Promise<Uint8Array> {
    return clutterClassCodes(this.db, h3);
  }

  async operators(): Promise<string[]> {
    const rows = await this.db.query(sql.OPERATORS);
    return rows.map((r: { id: string }) => r.id);
  }

  /** Every radiating tenancy with what the engine needs, including residents per km² around its site. */
  async tenancyRadios(structureIds?: number[]): Promise<TenancyRadio[]> {
    const rows = await this.db.query(sql.TENANCY_RADIOS, [structureIds ?? null]);
    return rows;
  }

  async createRun(
    kind: 'full' | 'incremental',
    chunksTotal: number,
    sectors: number,
    requestedBy: string | null,
    model: string | null = null,
    loadFactor: number = LINK_QUALITY_DEFAULTS.loadFactor.value,
  ): Promise<string> {
    const [r] = await this.db.query(sql.CREATE_RUN, [kind, chunksTotal, sectors, requestedBy, model, loadFactor]);
    return r.id;
  }

  async run(id: string): Promise<RunRow | null> {
    const rows = await this.db.query(sql.RUN, [id]);
    return rows[0] ?? null;
  }

  async latestRuns(limit = 10): Promise<RunRow[]> {
    const ids: { id: string }[] = await this.db.query(sql.LATEST_RUN_IDS, [limit]);
    return (await Promise.all(ids.map((r) => this.run(r.id)))).filter((r): r is RunRow => r !== null);
  }

  async setRunStatus(id: string, status: RunRow['status'], error: string | null = null, onlyIfRunning = true): Promise<boolean> {
    const r = await this.db.query(sql.SET_RUN_STATUS, [id, status, error, onlyIfRunning]);
    return r[0].n > 0;
  }

  async isChunkDone(runId: string, chunk: string): Promise<boolean> {
    const r = await this.db.query(sql.CHUNK_DONE, [runId, chunk]);
    return r.length > 0;
  }

  /**
   * Replaces the coverage of some cells and marks the chunk done, in one transaction: a crash leaves the old rows
   * and no mark, so the retry redoes exactly this chunk.
   */
  async replaceCells(
    cells: { h3: string[]; chunk?: string; chunks: string[] },
    rows: Iterable<(string | number | null)[]>,
    mark?: { runId: string; chunk: string; cells: number; evaluations: number; ms: number },
  ): Promise<number> {
    return this.inTransaction(async (client) => {
      // One writer per chunk at a time (a redelivered chunk job, an incremental update overlapping a run):
      // without it, two delete-then-insert transactions can both insert the same cells.
      for (const c of [...new Set(cells.chunks)].sort()) await client.query(sql.LOCK_CHUNK, [c]);
      if (cells.chunk) await client.query(sql.DELETE_CHUNK_CELLS, [cells.chunk]);
      else await client.query(sql.DELETE_CELLS, [cells.h3]);
      const n = await copyRows(client, 'coverage_cell', CELL_COLUMNS, rows);
      if (mark) {
        await client.query(sql.MARK_CHUNK_DONE, [mark.runId, mark.chunk, mark.cells, n, mark.evaluations, mark.ms]);
      }
      return n;
    });
  }

  /** Completes the run when its last chunk is in. */
  async completeIfDone(runId: string): Promise<boolean> {
    const r = await this.db.query(sql.COMPLETE_IF_DONE, [runId]);
    return r[0].n > 0;
  }

  /** Refreshes the planner's statistics of the coverage (after a full run rewrote it). */
  async analyzeCoverage(): Promise<void> {
    await this.db.query(sql.ANALYZE_COVERAGE);
  }

  /** Cells these tenancies currently serve best: where a removed tenancy used to matter most. */
  async cellsServedBy(tenancyIds: number[]): Promise<string[]> {
    if (!tenancyIds.length) return [];
    const rows = await this.db.query(sql.CELLS_SERVED_BY, [tenancyIds]);
    return rows.map((r: { h3: string }) => r.h3);
  }

  /** A tile layer's data version: 'districts' moves the grid, 'sectors' the sectors. */
  async layerVersion(layer: 'districts' | 'sectors'): Promise<string> {
    const [r] = await this.db.query(sql.LAYER_VERSION, [layer]);
    return r.version;
  }

  async doneChunks(runId: string): Promise<string[]> {
    const rows: { chunk: string }[] = await this.db.query(sql.DONE_CHUNKS, [runId]);
    return rows.map((c) => c.chunk);
  }

  /** The model and load factor of the latest completed full run, undefined when there is none. */
  async lastFullRunSettings(): Promise<{ model: PathLossModel | null; loadFactor: number } | undefined> {
    const [last]: { model: PathLossModel | null; loadFactor: number }[] = await this.db.query(sql.LAST_FULL_RUN_SETTINGS);
    return last;
  }

  /** How many runs are going or have completed. */
  async liveOrCompletedRuns(): Promise<number> {
    const [r] = await this.db.query(sql.LIVE_OR_COMPLETED_RUNS);
    return r.n;
  }

  structurePoints(ids: number[]): Promise<{ id: number; lon: number; lat: number }[]> {
    return this.db.query(sql.STRUCTURE_POINTS, [ids]);
  }

  // ---------- KPIs ----------

  async technologyBands(technology: Technology): Promise<number[]> {
    const rows: { band: number }[] = await this.db.query(sql.TECHNOLOGY_BANDS, [technology]);
    return rows.map((b) => Number(b.band));
  }

  /**
   * Cells and residents per district and city-wide, per operator and 'any', by whole Mbit/s of throughput (−1: not
   * covered), with those at a usable SINR; indoors less each band's O2I loss.
   */
  areaKpis(technology: Technology, thresholdDbm: number, o2i: { bands: number[]; lossDb: number[] } | null, sinrUsableDb: number): Promise<AreaKpiBin[]> {
    return this.db.query(sql.AREA_KPIS, [technology, thresholdDbm, o2i?.bands ?? [], o2i?.lossDb ?? [], !!o2i, sinrUsableDb]);
  }

  keySiteReach(
    operator: string,
    thresholdDbm: number,
  ): Promise<{ id: string; name_zh: string; name_en: string; category: string; cells: number; reached: number; best: number | null }[]> {
    return this.db.query(sql.KEY_SITE_REACH, [thresholdDbm, operator]);
  }

  fiveGStations(): Promise<{ id: number | null; name: string | null; stations: string; population: string }[]> {
    return this.db.query(sql.FIVE_G_STATIONS);
  }

  uncoveredPopulatedCells(technology: Technology, operator: string, thresholdDbm: number): Promise<{ h3: string; pop: number }[]> {
    return this.db.query(sql.UNCOVERED_POPULATED_CELLS, [technology, thresholdDbm, operator]);
  }

  /** Prediction against observation: observed radios of the technology, networks (null: any), radius in degrees. */
  async comparisonSummary(
    technology: Technology,
    operator: string,
    thresholdDbm: number,
    radios: string[],
    nets: number[] | null,
    radiusDeg: number,
  ): Promise<{ covered: number; unobserved: number; observations: number }> {
    const [summary] = await this.db.query(sql.COMPARISON_SUMMARY, [technology, thresholdDbm, operator, radios, nets, radiusDeg]);
    return summary;
  }

  observedBelowPrediction(
    technology: Technology,
    operator: string,
    thresholdDbm: number,
    radios: string[],
    nets: number[] | null,
  ): Promise<{ id: string; radio: string; net: number; cell: string; lon: number; lat: number; predicted: number | null }[]> {
    return this.db.query(sql.OBSERVED_BELOW_PREDICTION, [technology, thresholdDbm, operator, radios, nets]);
  }

  cellsInBox(
    bbox: [number, number, number, number],
    technology: Technology,
    operator: string,
  ): Promise<{ h3: string; rsrp: number; tenancy: string; sinr: number | null; mbps: number | null }[]> {
    return this.db.query(sql.CELLS_IN_BOX, [...bbox, technology, operator]);
  }

  // ---------- sector load ----------

  /** Tenancies of the technology and operators on structures in a district and/or a lon/lat box. */
  async loadTenancies(technology: LoadTechnology, operators: string[], districtId: number | null, bbox: number[] | null): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(sql.LOAD_TENANCIES, [technology, operators, districtId, bbox]);
    return rows.map((r) => r.id);
  }

  /** Sectors with their load, most utilised first (up to limit), each row with the summary over all. */
  sectorLoad(p: LoadParams, thresholdPct: number, limit: number): Promise<SectorLoadRow[]> {
    return this.db.transaction(async (em) => {
      await em.query(LOAD_WORK_MEM);
      return em.query(sql.sectorLoad(p.tenancyIds !== null), [p.technology, p.thresholdDbm, p.operators, p.perResidentMbps, p.tenancyIds, thresholdPct, limit]);
    });
  }

  /** Populated cells whose serving sector is over the threshold. */
  overloadedCells(p: LoadParams, thresholdPct: number): Promise<OverloadedCellRow[]> {
    return this.db.transaction(async (em) => {
      await em.query(LOAD_WORK_MEM);
      return em.query(sql.overloadedPopulatedCells(p.tenancyIds !== null), [
        p.technology,
        p.thresholdDbm,
        p.operators,
        p.perResidentMbps,
        p.tenancyIds,
        thresholdPct,
      ]);
    });
  }

  private async inTransaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const qr: QueryRunner = this.db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      const client = (qr as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const out = await fn(client);
      await qr.commitTransaction();
      return out;
    } catch (e) {
      await qr.rollbackTransaction();
      throw e;
    } finally {
      await qr.release();
    }
  }
}

/**
 * The change log the tenancy and structure triggers write (coverage_change), read on the coverage listener's own
 * connection (it holds LISTEN, so it is a pg client of its own rather than the pool).
 */
export const CoverageChangeLog = {
  async listen(client: ClientBase): Promise<void> {
    await client.query(sql.LISTEN_CHANGES);
  },

  /**
   * Deletes up to `limit` logged changes (after dropping those a full run already covers) and hands them to
   * `claimed`, in one transaction: if `claimed` throws, the rows stay. Returns how many were claimed.
   */
  async claim(client: ClientBase, limit: number, claimed: (rows: { structure_id: string; tenancy_id: string | null }[]) => Promise<void>): Promise<number> {
    await client.query('BEGIN');
    try {
      await client.query(sql.DROP_CHANGES_BEFORE_RUN);
      const { rows } = await client.query<{ structure_id: string; tenancy_id: string | null }>(sql.CLAIM_CHANGES, [limit]);
      if (rows.length) await claimed(rows);
      await client.query('COMMIT');
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  },
};
