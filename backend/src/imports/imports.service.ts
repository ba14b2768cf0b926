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
import type { SignedInUser } from '../auth/roles';
import { ImportFileError, importFile } from './loader';
import { uploaderOf } from './uploader';
import { kmlToFeatureCollection, MissingProjectionError, shapefileZipToFeatureCollection } from './formats';

export const importParams = z.object({
  layer: oneOf(IMPORT_LAYERS),
  format: oneOf(['geojson', 'csv', 'kml', 'shapefile'] as const).optional(),
  crs: oneOf(CRS_CODES).default('wgs84'),
  // invalid or self-intersecting polygons repaired with ST_MakeValid, only when asked; otherwise rejected
  repair: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/** The file's format: the `format` parameter, else its Content-Type. */
function formatOf(given: string | undefined, contentType: string | undefined, body: unknown): 'geojson' | 'csv' | 'kml' | 'shapefile' {
  if (given) return given as 'geojson';
  const ct = contentType ?? '';
  if (/zip|octet-stream/i.test(ct) || Buffer.isBuffer(body)) return 'shapefile';
  if (/kml|xml/i.test(ct)) return 'kml';
  return /csv/i.test(ct) ? 'csv' : 'geojson';
}

export interface ImportBatchView {
  id: string;
  layer: string;
  format: string;
  crs: string;
  /** Features repaired with ST_MakeValid on request, by their number in the file. */
  repaired: { line: number; reason: string }[];
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
  async submit(query: unknown, contentType: string | undefined, body: unknown, uploader: SignedInUser): Promise<ImportBatchView> {
    const p = parseOrThrow(importParams, query);
    const sourceFormat = formatOf(p.format, contentType, body);
    const empty = Buffer.isBuffer(body) ? body.length === 0 : typeof body !== 'string' || body.trim() === '';
    if (empty) throw ApiError.invalid([{ field: 'body', problem: 'send the file as the request body (GeoJSON, CSV, KML or a zipped Shapefile)' }]);
    // KML and Shapefiles become GeoJSON here, so the worker loads every format alike
    let payload = Buffer.isBuffer(body) ? body.toString('utf8') : (body as string);
    try {
      if (sourceFormat === 'kml') payload = JSON.stringify(kmlToFeatureCollection(payload));
      if (sourceFormat === 'shapefile') {
        if (!Buffer.isBuffer(body)) throw new ImportFileError('send the zipped Shapefile as binary (Content-Type: application/zip)');
        const crsDeclared = typeof query === 'object' && query !== null && 'crs' in query;
        payload = JSON.stringify(await shapefileZipToFeatureCollection(body, crsDeclared));
      }
    } catch (e) {
      if (e instanceof MissingProjectionError) throw ApiError.invalid([{ field: 'crs', problem: e.message }]);
      if (e instanceof ImportFileError) throw ApiError.invalid([{ field: 'body', problem: e.message }]);
      throw e;
    }
    const format = sourceFormat === 'csv' ? 'csv' : 'geojson';
    const repaired = p.repair && format === 'geojson' ? await this.repair(payload) : null;
    const [row] = await this.db.query(
      `INSERT INTO import_batch (layer, format, source_format, crs, payload, repaired, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [p.layer, format, sourceFormat, p.crs, repaired?.text ?? payload, JSON.stringify(repaired?.lines ?? []), uploader.id],
    );
    // A deterministic job id: re-submitting the same batch id never runs it twice.
    await this.queue.add(JobName.LoadImportBatch, { batchId: row.id }, { jobId: `import-${row.id}` });
    return this.get(row.id);
  }

  /**
   * Invalid polygons repaired with ST_MakeValid (polygonal part kept), as the user asked; returns the file with the
   * repaired geometries and the features repaired, by their number in the file and the reason they were invalid.
   */
  private async repair(text: string): Promise<{ text: string; lines: { line: number; reason: string }[] }> {
    let doc: { type?: string; features?: { geometry?: unknown }[] };
    try {
      doc = JSON.parse(text);
    } catch {
      return { text, lines: [] }; // the loader reports the file as it is
    }
    if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features)) return { text, lines: [] };
    const fixed: { k: number; reason: string; geometry: unknown }[] = await this.db.query(
      `SELECT (e.k - 1)::int AS k, ST_IsValidReason(g) AS reason, ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(g), 3), 9)::json AS geometry
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY e(f, k),
              LATERAL (SELECT ST_GeomFromGeoJSON(e.f->'geometry') AS g) x
        WHERE jsonb_typeof(e.f->'geometry') = 'object' AND GeometryType(g) IN ('POLYGON', 'MULTIPOLYGON') AND NOT ST_IsValid(g)`,
      [JSON.stringify(doc.features.map((f) => ({ geometry: f?.geometry ?? null })))],
    ).catch(() => []); // a geometry PostGIS cannot even read is left for the loader to reject by line
    for (const f of fixed) doc.features[f.k].geometry = f.geometry;
    return { text: JSON.stringify(doc), lines: fixed.map((f) => ({ line: f.k + 1, reason: f.reason })) };
  }

  async get(id: string): Promise<ImportBatchView> {
    parseOrThrow(z.uuid({ error: 'must be an import id (UUID)' }), id, 'id');
    const rows = await this.db.query(
      `SELECT id, layer, coalesce(source_format, format) AS format, crs, status, repaired, rows_total AS "rowsTotal", rows_loaded AS "rowsLoaded", rows_rejected AS "rowsRejected",
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
    // the uploader's organisation decides which rows they may load (another's are rejected by line)
    const store = new FeatureStore(this.db, LAYERS[batch.layer], await uploaderOf(this.db, batchId));
    try {
      await this.db.transaction(async (m) => {
        const [{ payload }] = await m.query(`SELECT payload FROM import_batch WHERE id = $1 FOR UPDATE`, [batchId]);
        const report = await importFile(m, store, batch.format, payload, batch.crs, this.config.imports.maxRows);
        await m.query(
          `UPDATE import_batch SET status = 'completed', rows_total = $2, rows_loaded = $3, rows_rejected = $4,
                  rejects = $5::jsonb, payload = NULL, error = NULL, finished_at = now() WHERE id = $1`,
          [batchId, report.total, report.loaded, report.rejected, JSON.stringify(report.rejects.slice(0, 5000))],
        );
        await store.recordImport(m, batchId, report);
        this.log.log({ batchId, ...report, rejects: undefined, ids: undefined }, 'import loaded');
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
