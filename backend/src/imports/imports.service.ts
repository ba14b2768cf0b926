import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { CRS_CODES, IMPORT_LAYERS } from '../common/enums';
import { ApiError } from '../common/errors';
import { FeatureStore } from '../common/feature-store';
import { LAYERS } from '../common/layers';
import { oneOf, parseOrThrow } from '../common/zod';
import { JobName, LoadImportBatchPayload, QueueName } from '../jobs/queues';
import { ImportFileError, importFile } from './loader';

export const importParams = z.object({
  layer: oneOf(IMPORT_LAYERS),
  format: oneOf(['geojson', 'csv'] as const).optional(),
  crs: oneOf(CRS_CODES).default('wgs84'),
});

export interface ImportBatchView {
  id: string;
  layer: string;
  format: string;
  crs: string;
  status: string;
  rowsTotal: number | null;
  rowsLoaded: number | null;
  rowsRejected: number | null;
  rejects: unknown[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

@Injectable()
export class ImportsService {
  private readonly log = new Logger(ImportsService.name);

  constructor(
    private readonly db: DataSource,
    @InjectQueue(QueueName.Imports) private readonly queue: Queue<LoadImportBatchPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Stores the file and queues it; the worker loads it. */
  async submit(query: unknown, contentType: string | undefined, body: unknown): Promise<ImportBatchView> {
    const p = parseOrThrow(importParams, query);
    if (typeof body !== 'string' || body.trim() === '') throw ApiError.invalid([{ field: 'body', problem: 'send the file as the request body (GeoJSON or CSV)' }]);
    const format = p.format ?? (/csv/i.test(contentType ?? '') ? 'csv' : 'geojson');
    const [row] = await this.db.query(
      `INSERT INTO import_batch (layer, format, crs, payload) VALUES ($1, $2, $3, $4) RETURNING id`,
      [p.layer, format, p.crs, body],
    );
    // A deterministic job id: re-submitting the same batch id never runs it twice.
    await this.queue.add(JobName.LoadImportBatch, { batchId: row.id }, { jobId: `import-${row.id}` });
    return this.get(row.id);
  }

  async get(id: string): Promise<ImportBatchView> {
    parseOrThrow(z.uuid({ error: 'must be an import id (UUID)' }), id, 'id');
    const rows = await this.db.query(
      `SELECT id, layer, format, crs, status, rows_total AS "rowsTotal", rows_loaded AS "rowsLoaded", rows_rejected AS "rowsRejected",
              rejects, error, created_at AS "createdAt", finished_at AS "finishedAt"
         FROM import_batch WHERE id = $1`,
      [id],
    );
    if (!rows.length) throw ApiError.notFound(`import ${id}`);
    return rows[0];
  }

  /**
   * Loads one batch. The rows and the batch's "completed" status are written in the same transaction,
   * so a crash part-way leaves nothing behind and a retry starts clean; a completed batch is never re-run.
   */
  async run(batchId: string): Promise<'done' | 'already-done'> {
    const claimed: { layer: keyof typeof LAYERS; format: 'geojson' | 'csv'; crs: 'wgs84' | 'gcj02' | 'bd09' }[] = await this.db.query(
      `WITH c AS (
         UPDATE import_batch SET status = 'running', attempts = attempts + 1, started_at = now()
          WHERE id = $1 AND status IN ('queued','running','failed') RETURNING layer, format, crs)
       SELECT * FROM c`,
      [batchId],
    );
    const batch = claimed[0];
    if (!batch) return 'already-done';
    const store = new FeatureStore(this.db, LAYERS[batch.layer]);
    try {
      await this.db.transaction(async (m) => {
        const [{ payload }] = await m.query(`SELECT payload FROM import_batch WHERE id = $1 FOR UPDATE`, [batchId]);
        const report = await importFile(m, store, batch.format, payload, batch.crs, this.config.imports.maxRows);
        await m.query(
          `UPDATE import_batch SET status = 'completed', rows_total = $2, rows_loaded = $3, rows_rejected = $4,
                  rejects = $5::jsonb, payload = NULL, error = NULL, finished_at = now() WHERE id = $1`,
          [batchId, report.total, report.loaded, report.rejected, JSON.stringify(report.rejects.slice(0, 5000))],
        );
        this.log.log({ batchId, ...report, rejects: undefined }, 'import loaded');
      });
    } catch (err) {
      if (err instanceof ImportFileError) {
        await this.fail(batchId, err.message);
        return 'done';
      }
      throw err;
    }
    return 'done';
  }

  async fail(batchId: string, message: string): Promise<void> {
    await this.db.query(`UPDATE import_batch SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status <> 'completed'`, [batchId, message]);
  }
}
