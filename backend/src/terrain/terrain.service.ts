import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import type { SignedInUser } from '../auth/roles';
import { ApiError } from '../common/errors';
import type { TerrainImport, TerrainImportQuery, TerrainImportReport } from '@cosite/contracts';
import { payloadTooLarge } from '../common/upload-caps';
import { ImportTerrainPayload, JobName, QueueName } from '../jobs/queues';
import { gridEast, gridNorth } from '../radio/raster/dem-tile';
import { asTerrainFileError, checkTerrainUpload, formatOfName, readTerrainUpload } from './dem-files';
import { TerrainRepository, TerrainTileView } from './terrain.repository';

export type TerrainImportView = TerrainImport;
export type { TerrainImportReport };

@Injectable()
export class TerrainService {
  private readonly log = new Logger(TerrainService.name);

  constructor(
    private readonly db: DataSource,
    @InjectQueue(QueueName.Terrain) private readonly queue: Queue<ImportTerrainPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks what needs no reading of samples (name, size, header, CRS, zip directory), stores the file and queues it. */
  async submit(p: TerrainImportQuery, body: Buffer | undefined, uploader: SignedInUser): Promise<TerrainImportView> {
    const format = p.format ?? formatOfName(p.fileName);
    if (!format)
      throw ApiError.invalid([{ field: 'fileName', problem: `"${p.fileName}" ends in neither .hgt, .zip, .tif nor .tiff; give format=hgt|zip|geotiff` }]);
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw ApiError.invalid([{ field: 'body', problem: 'send the DEM file as the request body (Content-Type: application/octet-stream)' }]);
    try {
      await checkTerrainUpload(p.fileName, format, body, this.config.imports, p.crs);
    } catch (e) {
      const tooLarge = payloadTooLarge(e);
      if (tooLarge) throw tooLarge;
      const f = asTerrainFileError(e);
      if (f) throw ApiError.invalid([{ field: f.field, problem: f.problem }]);
      throw e;
    }
    const id = await TerrainRepository.insertImport(this.db, p.fileName, format, body, uploader.id, p.crs ? { crs: p.crs } : {});
    await this.queue.add(JobName.ImportTerrain, { importId: id }, { jobId: `terrain-${id}` });
    return this.get(id);
  }

  async get(id: string): Promise<TerrainImportView> {
    const row = await TerrainRepository.getImport(this.db, id);
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
    const claimed = await TerrainRepository.claimImport(this.db, importId);
    if (!claimed) return 'already-done';
    const crs = claimed.crs ? Number(claimed.crs) : undefined;
    try {
      const upload = await TerrainRepository.lockUpload(this.db, importId);
      if (!upload) throw new Error('the uploaded file is no longer stored; upload it again');
      const tiles = await readTerrainUpload(claimed.fileName, claimed.format, upload, this.config.imports, crs, (f) =>
        TerrainRepository.setProgress(this.db, importId, 0.9 * f),
      );
      await this.db.transaction(async (m) => {
        if (!(await TerrainRepository.stillHeld(m, importId))) return; // another attempt finished it meanwhile
        const { replaced } = await TerrainRepository.replaceTiles(m, 'imported', tiles, importId);
        const report: TerrainImportReport = {
          ...(crs ? { crs } : {}),
          source: 'imported',
          tiles: tiles.map((t) => ({
            name: t.name,
            west: t.grid.west,
            south: t.grid.south,
            east: gridEast(t.grid),
            north: gridNorth(t.grid),
            cols: t.grid.cols,
            rows: t.grid.rows,
            arcSeconds: Math.round(t.grid.stepDeg * 3600 * 1000) / 1000,
            voidsFilled: t.voidsFilled,
          })),
          voidsFilled: tiles.reduce((s, t) => s + t.voidsFilled, 0),
          replaced,
        };
        await TerrainRepository.completeImport(m, importId, report);
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
    await TerrainRepository.failImport(this.db, importId, message);
  }
}
