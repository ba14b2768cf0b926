import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import type { SignedInUser } from '../auth/roles';
import { ApiError, ApiErrorCode } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { oneOf } from '@cosite/contracts';
import { payloadTooLarge } from '../common/upload-caps';
import { ImportTerrainPayload, JobName, QueueName } from '../jobs/queues';
import { gridEast, gridNorth } from './dem-tile';
import { asTerrainFileError, checkTerrainUpload, formatOfName, readTerrainUpload, TERRAIN_FORMATS, TerrainFormat } from './dem-files';
import { TerrainRepository, TerrainTileView } from './terrain.repository';
import * as sql from './terrain.sql';

export const terrainImportQuery = z.object({
  fileName: z.string({ error: 'is required: the file name (N29E106.hgt names an SRTM tile; .zip, .tif)' }).min(1, 'must not be empty').max(255, 'is longer than 255 characters'),
  format: oneOf(TERRAIN_FORMATS).optional(),
  // a GeoTIFF whose keys name no EPSG code (or the wrong one)
  crs: z
    .string()
    .regex(/^(EPSG:)?\d{4,5}$/i, 'must be an EPSG code, e.g. EPSG:32648')
    .transform((s) => Number(s.replace(/^EPSG:/i, '')))
    .optional(),
});

export interface TerrainImportView {
  id: string;
  fileName: string;
  format: TerrainFormat;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: number;
  report: TerrainImportReport | { crs?: number } | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface TerrainImportReport {
  crs?: number;
  source: 'imported';
  tiles: { name: string; west: number; south: number; east: number; north: number; cols: number; rows: number; arcSeconds: number; voidsFilled: number }[];
  voidsFilled: number;
  /** Earlier imports of the same tiles, replaced. */
  replaced: number;
}

@Injectable()
export class TerrainService {
  private readonly log = new Logger(TerrainService.name);

  constructor(
    private readonly db: DataSource,
    @InjectQueue(QueueName.Terrain) private readonly queue: Queue<ImportTerrainPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks what needs no reading of samples (name, size, header, CRS, zip directory), stores the file and queues it. */
  async submit(query: unknown, body: unknown, uploader: SignedInUser): Promise<TerrainImportView> {
    const p = parseOrThrow(terrainImportQuery, query);
    const format = p.format ?? formatOfName(p.fileName);
    if (!format) throw ApiError.invalid([{ field: 'fileName', problem: `"${p.fileName}" ends in neither .hgt, .zip, .tif nor .tiff; give format=hgt|zip|geotiff` }]);
    if (!Buffer.isBuffer(body) || body.length === 0) throw ApiError.invalid([{ field: 'body', problem: 'send the DEM file as the request body (Content-Type: application/octet-stream)' }]);
    try {
      await checkTerrainUpload(p.fileName, format, body, this.config.imports, p.crs);
    } catch (e) {
      const tooLarge = payloadTooLarge(e);
      if (tooLarge) throw tooLarge;
      const f = asTerrainFileError(e);
      if (f) throw ApiError.invalid([{ field: f.field, problem: f.problem }]);
      throw e;
    }
    const [row] = await this.db.query(sql.INSERT_IMPORT, [p.fileName, format, body, uploader.id, JSON.stringify(p.crs ? { crs: p.crs } : {})]);
    await this.queue.add(JobName.ImportTerrain, { importId: row.id }, { jobId: `terrain-${row.id}` });
    return this.get(row.id);
  }

  async get(id: string): Promise<TerrainImportView> {
    parseOrThrow(z.uuid({ error: 'must be a terrain import id (UUID)' }), id, 'id');
    const [row] = await this.db.query(sql.GET_IMPORT, [id]);
    if (!row) throw ApiError.notFound(`terrain import ${id}`);
    return row;
  }

  list(): Promise<TerrainTileView[]> {
    return TerrainRepository.list(this.db);
  }

  /**
   * Reads the file (progress saved as it goes), then writes every tile, the new terrain version and the report in
   * one transaction: a file that fails part-way loads nothing, and a completed import is never re-run.
   */
  async run(importId: string): Promise<'done' | 'already-done'> {
    const [claimed] = await this.db.query(sql.CLAIM_IMPORT, [importId]);
    if (!claimed) return 'already-done';
    const crs = claimed.crs ? Number(claimed.crs) : undefined;
    try {
      const [{ upload }] = await this.db.query(sql.LOCK_UPLOAD, [importId]);
      if (!upload) throw new Error('the uploaded file is no longer stored; upload it again');
      const tiles = await readTerrainUpload(claimed.fileName, claimed.format, upload, this.config.imports, crs, (f) => this.db.query(sql.SET_PROGRESS, [importId, 0.9 * f]));
      await this.db.transaction(async (m) => {
        const [{ upload: still }] = await m.query(`SELECT upload IS NOT NULL AS upload FROM terrain_import WHERE id = $1 FOR UPDATE`, [importId]);
        if (!still) return; // another attempt finished it meanwhile
        const { replaced } = await TerrainRepository.replaceTiles(m, 'imported', tiles, importId);
        const report: TerrainImportReport = {
          ...(crs ? { crs } : {}),
          source: 'imported',
          tiles: tiles.map((t) => ({ name: t.name, west: t.grid.west, south: t.grid.south, east: gridEast(t.grid), north: gridNorth(t.grid), cols: t.grid.cols, rows: t.grid.rows, arcSeconds: Math.round(t.grid.stepDeg * 3600 * 1000) / 1000, voidsFilled: t.voidsFilled })),
          voidsFilled: tiles.reduce((s, t) => s + t.voidsFilled, 0),
          replaced,
        };
        await m.query(sql.COMPLETE_IMPORT, [importId, JSON.stringify(report)]);
        this.log.log({ importId, tiles: tiles.length, voidsFilled: report.voidsFilled, replaced }, 'terrain imported');
      });
    } catch (err) {
      const f = asTerrainFileError(err);
      if (f) {
        await this.fail(importId, `${f.field}: ${f.problem}`);
        return 'done';
      }
      throw err;
    }
    return 'done';
  }

  async fail(importId: string, message: string): Promise<void> {
    await this.db.query(sql.FAIL_IMPORT, [importId, message]);
  }
}
