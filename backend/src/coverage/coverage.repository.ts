import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { PoolClient } from 'pg';
import { cellToParent, latLngToCell, polygonToCells } from 'h3-js';
import { copyRows } from '../common/copy';
import { clutterClassCodes, clutterVersion } from '../clutter/clutter.repository';
import type { TenancyRadio } from './engine/sectors';
import type { PathLossModel } from './propagation/path-loss';
import { CellUniverse, CHUNK_RESOLUTION, COVERAGE_RESOLUTION, h3ToBigint, POPULATION_CELL_AREA_KM2, POPULATION_RESOLUTION } from './engine/universe';

export interface RunRow {
  id: string;
  kind: 'full' | 'incremental';
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  /** Path-loss model forced for every sector, or null (chosen per sector by environment and mount). */
  model: PathLossModel | null;
  chunksTotal: number;
  chunksDone: number;
  sectors: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

const CELL_COLUMNS = ['h3', 'chunk', 'operator_id', 'technology', 'best_tenancy_id', 'best_sector', 'best_rsrp_dbm', 'second_tenancy_id', 'second_sector', 'second_rsrp_dbm'];

/** Every SQL statement of the coverage domain. */
@Injectable()
export class CoverageRepository {
  constructor(private readonly db: DataSource) {}

  /** The analysed area: the central districts, as the grid's source. */
  async coreDistricts(): Promise<{ id: number; coordinates: number[][][][] }[]> {
    const rows: { id: number; g: { coordinates: number[][][][] } }[] = await this.db.query(
      `SELECT id, ST_AsGeoJSON(geom)::json AS g FROM district WHERE is_core ORDER BY id`,
    );
    return rows.map((r) => ({ id: r.id, coordinates: r.g.coordinates }));
  }

  async gridVersion(): Promise<string | null> {
    const r = await this.db.query(`SELECT version FROM dataset_load WHERE name = 'coverage-grid' AND EXISTS (SELECT 1 FROM coverage_grid)`);
    return r[0]?.version ?? null;
  }

  /** Writes the grid (cell centres) and the key sites' cells; replaces an older grid and its coverage. */
  async writeGrid(universe: CellUniverse, version: string): Promise<void> {
    await this.inTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('coverage-grid'))`);
      const current = await client.query(`SELECT version FROM dataset_load WHERE name = 'coverage-grid' AND EXISTS (SELECT 1 FROM coverage_grid)`);
      if (current.rows[0]?.version === version) return;
      await client.query(`DELETE FROM coverage_cell`);
      await client.query(`DELETE FROM coverage_grid`);
      const rows = function* () {
        for (let i = 0; i < universe.h3.length; i++) {
          const h = universe.h3[i];
          yield [h3ToBigint(h), h3ToBigint(cellToParent(h, POPULATION_RESOLUTION)), h3ToBigint(cellToParent(h, CHUNK_RESOLUTION)), universe.district[i], `SRID=4326;POINT(${universe.lon[i]} ${universe.lat[i]})`];
        }
      };
      await copyRows(client, 'coverage_grid', ['h3', 'h3_res9', 'chunk', 'district_id', 'geom'], rows());
      await client.query(`UPDATE coverage_grid g SET res9_cells = c.n FROM (SELECT h3_res9, count(*) AS n FROM coverage_grid GROUP BY 1) c WHERE c.h3_res9 = g.h3_res9`);
      await client.query(`DELETE FROM key_site_cell`);
      const sites = await client.query(`SELECT id, ST_AsGeoJSON(geom)::json AS g FROM key_site`);
      const siteCells: string[][] = [];
      for (const s of sites.rows as { id: string; g: { type: string; coordinates: unknown } }[]) {
        const cells =
          s.g.type === 'Point'
            ? [latLngToCell((s.g.coordinates as number[])[1], (s.g.coordinates as number[])[0], COVERAGE_RESOLUTION)]
            : (s.g.type === 'Polygon' ? [s.g.coordinates as number[][][]] : (s.g.coordinates as number[][][][])).flatMap((p) => polygonToCells(p, COVERAGE_RESOLUTION, true));
        for (const c of new Set(cells)) if (universe.indexOf.has(c)) siteCells.push([s.id, h3ToBigint(c)]);
      }
      await copyRows(client, 'key_site_cell', ['key_site_id', 'h3'], siteCells);
      await client.query(
        `INSERT INTO dataset_load (name, version, counts) VALUES ('coverage-grid', $1, $2)
         ON CONFLICT (name) DO UPDATE SET version = excluded.version, counts = excluded.counts, loaded_at = now()`,
        [version, JSON.stringify({ cells: universe.h3.length, keySiteCells: siteCells.length })],
      );
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
    const rows = await this.db.query(`SELECT id FROM organisation WHERE kind = 'operator' ORDER BY id`);
    return rows.map((r: { id: string }) => r.id);
  }

  /** Every radiating tenancy with what the engine needs, including residents per km² around its site. */
  async tenancyRadios(structureIds?: number[]): Promise<TenancyRadio[]> {
    const rows = await this.db.query(
      `SELECT t.id::int AS "tenancyId", t.structure_id::int AS "structureId", t.operator_id AS "operatorId", t.technology,
              t.band_mhz AS "bandMhz", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, t.antenna_height_m::float8 AS "antennaHeightM",
              s.ground_elevation_m::float8 AS "groundElevationM", t.azimuth_deg::float8 AS "azimuthDeg", t.sector_count AS "sectorCount",
              t.mech_tilt_deg::float8 AS "mechTiltDeg", t.elec_tilt_deg::float8 AS "elecTiltDeg", t.eirp_dbm::float8 AS "eirpDbm",
              s.kind AS "structureKind", coalesce(p.population / ${POPULATION_CELL_AREA_KM2}, 0)::float8 AS "populationDensity"
         FROM tenancy t JOIN structure s ON s.id = t.structure_id
         LEFT JOIN LATERAL (SELECT pc.population FROM population_cell pc WHERE ST_Intersects(pc.geom, s.geom) LIMIT 1) p ON true
        WHERE t.status = 'active' AND s.status = 'built' AND ($1::bigint[] IS NULL OR s.id = ANY($1::bigint[]))
        ORDER BY t.id`,
      [structureIds ?? null],
    );
    return rows;
  }

  async createRun(kind: 'full' | 'incremental', chunksTotal: number, sectors: number, requestedBy: string | null, model: string | null = null): Promise<string> {
    const [r] = await this.db.query(`INSERT INTO coverage_run (kind, chunks_total, sectors, requested_by, model) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [kind, chunksTotal, sectors, requestedBy, model]);
    return r.id;
  }

  async run(id: string): Promise<RunRow | null> {
    const rows = await this.db.query(
      `SELECT r.id, r.kind, r.status, r.model, r.chunks_total AS "chunksTotal",
              (SELECT count(*)::int FROM coverage_run_chunk c WHERE c.run_id = r.id) AS "chunksDone",
              r.sectors, r.error, r.started_at AS "startedAt", r.finished_at AS "finishedAt"
         FROM coverage_run r WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async latestRuns(limit = 10): Promise<RunRow[]> {
    const ids: { id: string }[] = await this.db.query(`SELECT id FROM coverage_run ORDER BY started_at DESC LIMIT $1`, [limit]);
    return (await Promise.all(ids.map((r) => this.run(r.id)))).filter((r): r is RunRow => r !== null);
  }

  async setRunStatus(id: string, status: RunRow['status'], error: string | null = null, onlyIfRunning = true): Promise<boolean> {
    const r = await this.db.query(
      `WITH u AS (UPDATE coverage_run SET status = $2, error = $3, finished_at = now() WHERE id = $1 ${onlyIfRunning ? "AND status = 'running'" : ''} RETURNING id) SELECT count(*)::int AS n FROM u`,
      [id, status, error],
    );
    return r[0].n > 0;
  }

  async isChunkDone(runId: string, chunk: string): Promise<boolean> {
    const r = await this.db.query(`SELECT 1 FROM coverage_run_chunk WHERE run_id = $1 AND chunk = $2`, [runId, chunk]);
    return r.length > 0;
  }

  /**
   * Replaces the coverage of some cells and marks the chunk done, in one transaction: a crash leaves the old rows
   * and no mark, so the retry redoes exactly this chunk.
   */
  async replaceCells(cells: { h3: string[]; chunk?: string; chunks: string[] }, rows: Iterable<(string | number | null)[]>, mark?: { runId: string; chunk: string; cells: number; evaluations: number; ms: number }): Promise<number> {
    return this.inTransaction(async (client) => {
      // One writer per chunk at a time (a redelivered chunk job, an incremental update overlapping a run):
      // without it, two delete-then-insert transactions can both insert the same cells.
      for (const c of [...new Set(cells.chunks)].sort()) await client.query(`SELECT pg_advisory_xact_lock(7311, hashtext($1))`, [c]);
      if (cells.chunk) await client.query(`DELETE FROM coverage_cell WHERE chunk = $1`, [cells.chunk]);
      else await client.query(`DELETE FROM coverage_cell WHERE h3 = ANY($1::bigint[])`, [cells.h3]);
      const n = await copyRows(client, 'coverage_cell', CELL_COLUMNS, rows);
      if (mark) {
        await client.query(
          `INSERT INTO coverage_run_chunk (run_id, chunk, cells, rows, evaluations, ms) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [mark.runId, mark.chunk, mark.cells, n, mark.evaluations, mark.ms],
        );
      }
      return n;
    });
  }

  /** Completes the run when its last chunk is in. */
  async completeIfDone(runId: string): Promise<boolean> {
    const r = await this.db.query(
      `WITH u AS (UPDATE coverage_run r SET status = 'completed', finished_at = now()
                   WHERE r.id = $1 AND r.status = 'running'
                     AND (SELECT count(*) FROM coverage_run_chunk c WHERE c.run_id = r.id) >= r.chunks_total RETURNING id)
       SELECT count(*)::int AS n FROM u`,
      [runId],
    );
    return r[0].n > 0;
  }

  /** Cells these tenancies currently serve best: where a removed tenancy used to matter most. */
  async cellsServedBy(tenancyIds: number[]): Promise<string[]> {
    if (!tenancyIds.length) return [];
    const rows = await this.db.query(`SELECT DISTINCT h3::text FROM coverage_cell WHERE best_tenancy_id = ANY($1::bigint[])`, [tenancyIds]);
    return rows.map((r: { h3: string }) => r.h3);
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

  query<T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params);
  }
}

