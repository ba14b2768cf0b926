import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { CRS_CODES, IMPORT_LAYERS } from '@cosite/contracts';
import { ApiError, ApiErrorCode } from '../common/errors';
import { FeatureStore } from '../common/feature-store';
import { LAYERS } from '../common/layers';
import { parseOrThrow } from '../common/zod';
import { oneOf } from '@cosite/contracts';
import { JobName, LoadImportBatchPayload, QueueName } from '../jobs/queues';
import type { SignedInUser } from '../auth/roles';
import { loadInputs, RawInput } from './loader';
import { uploaderOf } from './uploader';
import { checkShapefileZip, MissingProjectionError } from './formats';
import { readUpload, SourceFormat } from './read-upload';
import { checkJsonDepth, checkXml, ImportFileError, payloadTooLarge, storable, storableJson } from './upload-caps';

export const importParams = z.object({
  layer: oneOf(IMPORT_LAYERS),
  format: oneOf(['geojson', 'csv', 'kml', 'shapefile'] as const).optional(),
  crs: oneOf(CRS_CODES).default('wgs84'),
  // invalid or self-intersecting polygons repaired with ST_MakeValid, only when asked; otherwise rejected
  repair: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/** The file's format: the `format` parameter, else its Content-Type. */
function formatOf(given: string | undefined, contentType: string | undefined, body: unknown): SourceFormat {
  if (given) return given as SourceFormat;
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

  /**
   * Stores the file as received and queues it; the worker unpacks, parses and loads it. Here only the checks that
   * need no unpacking: a zip's central directory (entries, declared sizes) and its few-byte .prj, JSON nesting,
   * XML entity declarations. Anything over a cap is refused before it is stored.
   */
  async submit(query: unknown, contentType: string | undefined, body: unknown, uploader: SignedInUser): Promise<ImportBatchView> {
    const p = parseOrThrow(importParams, query);
    const sourceFormat = formatOf(p.format, contentType, body);
    const empty = Buffer.isBuffer(body) ? body.length === 0 : typeof body !== 'string' || body.trim() === '';
    if (empty) throw ApiError.invalid([{ field: 'body', problem: 'send the file as the request body (GeoJSON, CSV, KML or a zipped Shapefile)' }]);
    const caps = this.config.imports;
    try {
      if (sourceFormat === 'shapefile') {
        if (!Buffer.isBuffer(body)) throw new ImportFileError('send the zipped Shapefile as binary (Content-Type: application/zip)');
        const crsDeclared = typeof query === 'object' && query !== null && 'crs' in query;
        await checkShapefileZip(body, crsDeclared, caps);
      } else {
        const text = Buffer.isBuffer(body) ? body.toString('utf8') : (body as string);
        if (sourceFormat === 'kml') checkXml(text, caps);
        if (sourceFormat === 'geojson') checkJsonDepth(text, caps);
      }
    } catch (e) {
      if (e instanceof MissingProjectionError) throw ApiError.invalid([{ field: 'crs', problem: e.message }]);
      const tooLarge = payloadTooLarge(e);
      if (tooLarge) throw tooLarge;
      if (e instanceof ImportFileError) throw ApiError.invalid([{ field: 'body', problem: e.message }]);
      throw e;
    }
    const upload = Buffer.isBuffer(body) ? body : Buffer.from(body as string, 'utf8');
    const [row] = await this.db.query(
      `INSERT INTO import_batch (layer, format, source_format, crs, upload, repair, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [p.layer, sourceFormat === 'csv' ? 'csv' : 'geojson', sourceFormat, p.crs, upload, p.repair, uploader.id],
    );
    // A deterministic job id: re-submitting the same batch id never runs it twice.
    await this.queue.add(JobName.LoadImportBatch, { batchId: row.id }, { jobId: `import-${row.id}` });
    return this.get(row.id);
  }

  /**
   * Invalid polygons repaired with ST_MakeValid (polygonal part kept), as the user asked: the inputs get the repaired
   * geometries, and the features repaired are returned by their number in the file with the reason they were invalid.
   * In a savepoint, so a geometry PostGIS cannot even read leaves the batch's transaction usable (the loader then
   * rejects it by line).
   */
  private async repair(m: EntityManager, inputs: RawInput[]): Promise<{ line: number; reason: string }[]> {
    const polygons = inputs.filter((x) => !x.problem && x.geometry && typeof x.geometry === 'object' && /Polygon$/.test(String((x.geometry as { type?: unknown }).type)));
    if (!polygons.length) return [];
    await m.query('SAVEPOINT import_repair');
    try {
      const fixed: { k: number; reason: string; geometry: unknown }[] = await m.query(
        `SELECT (e.k - 1)::int AS k, ST_IsValidReason(g) AS reason, ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(g), 3), 9)::json AS geometry
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY e(f, k),
                LATERAL (SELECT ST_GeomFromGeoJSON(e.f) AS g) x
          WHERE GeometryType(g) IN ('POLYGON', 'MULTIPOLYGON') AND NOT ST_IsValid(g)`,
        [JSON.stringify(polygons.map((x) => x.geometry))],
      );
      await m.query('RELEASE SAVEPOINT import_repair');
      for (const f of fixed) polygons[f.k].geometry = f.geometry;
      return fixed.map((f) => ({ line: polygons[f.k].line, reason: f.reason }));
    } catch {
      await m.query('ROLLBACK TO SAVEPOINT import_repair');
      await m.query('RELEASE SAVEPOINT import_repair');
      return [];
    }
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
    const claimed: { layer: keyof typeof LAYERS; format: 'geojson' | 'csv'; sourceFormat: SourceFormat; crs: 'wgs84' | 'gcj02' | 'bd09'; repair: boolean }[] = await this.db.query(
      `WITH c AS (
         UPDATE import_batch SET status = 'running', attempts = attempts + 1, started_at = now()
          WHERE id = $1 AND status IN ('queued','running','failed') RETURNING layer, format, coalesce(source_format, format) AS "sourceFormat", crs, repair)
       SELECT * FROM c`,
      [batchId],
    );
    const batch = claimed[0];
    if (!batch) return 'already-done';
    // the uploader's organisation decides which rows they may load (another's are rejected by line)
    const store = new FeatureStore(this.db, LAYERS[batch.layer], await uploaderOf(this.db, batchId));
    const caps = this.config.imports;
    try {
      await this.db.transaction(async (m) => {
        // the file as uploaded (batches queued before uploads were kept as bytes have it as text)
        const [{ upload }] = await m.query(`SELECT coalesce(upload, convert_to(payload, 'UTF8')) AS upload FROM import_batch WHERE id = $1 FOR UPDATE`, [batchId]);
        if (!upload) throw new ImportFileError('the uploaded file is no longer stored; upload it again');
        const inputs = await readUpload(store, batch.sourceFormat, upload, caps);
        const repaired = batch.repair ? await this.repair(m, inputs) : [];
        const report = await loadInputs(m, store, inputs, batch.crs, caps);
        await m.query(
          `UPDATE import_batch SET status = 'completed', rows_total = $2, rows_loaded = $3, rows_rejected = $4, rejects = $5::jsonb, repaired = $6::jsonb,
                  payload = NULL, upload = NULL, error = NULL, finished_at = now() WHERE id = $1`,
          [batchId, report.total, report.loaded, report.rejected, storableJson(report.rejects.slice(0, 5000)), storableJson(repaired)],
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

  /** The batch's last word: failed with the reason, and its file no longer kept (up to IMPORT_LIMIT per batch). */
  async fail(batchId: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE import_batch SET status = 'failed', error = $2, upload = NULL, payload = NULL, finished_at = now() WHERE id = $1 AND status <> 'completed'`,
      [batchId, storable(message)],
    );
  }
}
