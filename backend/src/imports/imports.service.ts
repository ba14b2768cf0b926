import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import type { ImportBatchView, ImportSourceFormat, ImportSubmitQuery } from '@cosite/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ApiError } from '../common/errors';
import { FeatureStore } from '../layers/feature-store';
import { JobName, LoadImportBatchPayload, QueueName } from '../jobs/queues';
import type { SignedInUser } from '../auth/roles';
import { LAYERS } from './layers';
import { loadInputs, RawInput } from './loader';
import { ImportsRepository } from './imports.repository';
import { checkShapefileZip, MissingProjectionError } from './formats';
import { readUpload, SourceFormat } from './read-upload';
import { checkJsonDepth, checkXml, ImportFileError, payloadTooLarge, storable, storableJson } from '../common/upload-caps';

export type { ImportBatchView };

/** The uploaded file as the body parsers leave it: bytes (a zip), text, or nothing readable. */
export type Upload = Buffer | string | null;

/** The file's format: the `format` parameter, else its Content-Type. */
function formatOf(given: ImportSourceFormat | undefined, contentType: string | undefined, body: Upload): SourceFormat {
  if (given) return given;
  const ct = contentType ?? '';
  if (/zip|octet-stream/i.test(ct) || Buffer.isBuffer(body)) return 'shapefile';
  if (/kml|xml/i.test(ct)) return 'kml';
  return /csv/i.test(ct) ? 'csv' : 'geojson';
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
  async submit(p: ImportSubmitQuery, contentType: string | undefined, body: Upload, uploader: SignedInUser): Promise<ImportBatchView> {
    const sourceFormat = formatOf(p.format, contentType, body);
    const empty = Buffer.isBuffer(body) ? body.length === 0 : typeof body !== 'string' || body.trim() === '';
    if (empty) throw ApiError.invalid([{ field: 'body', problem: 'send the file as the request body (GeoJSON, CSV, KML or a zipped Shapefile)' }]);
    const caps = this.config.imports;
    try {
      if (sourceFormat === 'shapefile') {
        if (!Buffer.isBuffer(body)) throw new ImportFileError('send the zipped Shapefile as binary (Content-Type: application/zip)');
        await checkShapefileZip(body, p.crs !== undefined, caps);
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
    const id = await ImportsRepository.insert(this.db, {
      layer: p.layer,
      format: sourceFormat === 'csv' ? 'csv' : 'geojson',
      sourceFormat,
      crs: p.crs ?? 'wgs84',
      upload,
      repair: p.repair,
      uploadedBy: uploader.id,
    });
    // A deterministic job id: re-submitting the same batch id never runs it twice.
    await this.queue.add(JobName.LoadImportBatch, { batchId: id }, { jobId: `import-${id}` });
    return this.get(id);
  }

  /**
   * Invalid polygons repaired with ST_MakeValid (polygonal part kept), as the user asked: the inputs get the repaired
   * geometries, and the features repaired are returned by their number in the file with the reason they were invalid.
   * In a savepoint, so a geometry PostGIS cannot even read leaves the batch's transaction usable (the loader then
   * rejects it by line).
   */
  private async repair(m: EntityManager, inputs: RawInput[]): Promise<{ line: number; reason: string }[]> {
    const polygons = inputs.filter(
      (x) => !x.problem && x.geometry && typeof x.geometry === 'object' && /Polygon$/.test(String((x.geometry as { type?: unknown }).type)),
    );
    if (!polygons.length) return [];
    const fixed = await ImportsRepository.repairPolygons(
      m,
      polygons.map((x) => x.geometry),
    );
    for (const f of fixed) polygons[f.k].geometry = f.geometry;
    return fixed.map((f) => ({ line: polygons[f.k].line, reason: f.reason }));
  }

  /** A batch by id (the edge has checked it is a UUID). */
  async get(id: string): Promise<ImportBatchView> {
    const batch = await ImportsRepository.get(this.db, id);
    if (!batch) throw ApiError.notFound(`import ${id}`);
    return batch;
  }

  /**
   * Loads one batch. The rows and the batch's "completed" status are written in the same transaction,
   * so a crash part-way leaves nothing behind and a retry starts clean; a completed batch is never re-run.
   */
  async run(batchId: string): Promise<'done' | 'already-done'> {
    const batch = await ImportsRepository.claim(this.db, batchId);
    if (!batch) return 'already-done';
    // the uploader's organisation decides which rows they may load (another's are rejected by line)
    const store = new FeatureStore(this.db, LAYERS[batch.layer], await ImportsRepository.uploader(this.db, batchId));
    const caps = this.config.imports;
    try {
      await this.db.transaction(async (m) => {
        // the file as uploaded (batches queued before uploads were kept as bytes have it as text)
        const upload = await ImportsRepository.lockUpload(m, batchId);
        if (!upload) throw new ImportFileError('the uploaded file is no longer stored; upload it again');
        const inputs = await readUpload(store, batch.sourceFormat, upload, caps);
        const repaired = batch.repair ? await this.repair(m, inputs) : [];
        const report = await loadInputs(m, store, inputs, batch.crs, caps);
        await ImportsRepository.complete(m, batchId, {
          total: report.total,
          loaded: report.loaded,
          rejected: report.rejected,
          rejects: storableJson(report.rejects.slice(0, 5000)),
          repaired: storableJson(repaired),
        });
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
    await ImportsRepository.fail(this.db, batchId, storable(message));
  }
}
