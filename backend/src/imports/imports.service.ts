import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import {
  importFields,
  type ImportBatchView,
  type ImportDryRun,
  type ImportInspection,
  type ImportLayer,
  type ImportMapping,
  type ImportSourceFormat,
  type ImportSubmitQuery,
} from '@cosite/contracts';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ApiError } from '../common/errors';
import { FeatureStore } from '../layers/feature-store';
import { JobName, LoadImportBatchPayload, QueueName } from '../jobs/queues';
import type { SignedInUser } from '../auth/roles';
import { LAYERS } from './layers';
import { checkInputs, loadInputs, RawInput } from './loader';
import { crsWarnings, geometryProblemIn, isProjected } from './crs';
import { presetNamed } from './presets';
import { ImportsRepository } from './imports.repository';
import { checkShapefileZip, MissingProjectionError } from './formats';
import { inspectUpload, readUpload, SourceFormat } from './read-upload';
import { checkJsonDepth, checkXml, ImportFileError, payloadTooLarge, storable, storableJson } from '../common/upload-caps';

export type { ImportBatchView };

/** The uploaded file as the body parsers leave it: bytes (a zip), text, or nothing readable. */
export type Upload = Buffer | string | null;

/** The file's format: the `format` parameter, else its Content-Type. */
function formatOf(given: ImportSourceFormat | undefined, contentType: string | undefined, body: Upload): SourceFormat {
  if (given) return given;
  const ct = contentType ?? '';
  if (/spreadsheetml|ms-excel/i.test(ct)) return 'xlsx';
  if (Buffer.isBuffer(body) && body.subarray(0, 4).equals(ZIP_MAGIC) && body.includes('xl/workbook.xml')) return 'xlsx';
  if (/zip|octet-stream/i.test(ct) || Buffer.isBuffer(body)) return 'shapefile';
  if (/kml|xml/i.test(ct)) return 'kml';
  return /csv/i.test(ct) ? 'csv' : 'geojson';
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The mapping an import goes through, and the system its profile names. */
interface ChosenMapping {
  mapping: ImportMapping | null;
  crs: string | null;
}

/** How many rows a dry run shows as mapped (the issue's preview). */
const PREVIEW_ROWS = 50;

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
  /**
   * Stores the file as received and queues it; the worker unpacks, parses and loads it. Here only the checks that
   * need no unpacking: a zip's central directory (entries, declared sizes) and its few-byte .prj, JSON nesting,
   * XML entity declarations, the mapping (its profile, its fields). Anything over a cap is refused before it is
   * stored. A dry run, or a file in a projected system (whose first rows are checked against the zone), is read here.
   */
  async submit(p: ImportSubmitQuery, contentType: string | undefined, body: Upload, uploader: SignedInUser): Promise<ImportBatchView | ImportDryRun> {
    const sourceFormat = formatOf(p.format, contentType, body);
    const empty = Buffer.isBuffer(body) ? body.length === 0 : typeof body !== 'string' || body.trim() === '';
    if (empty) throw ApiError.invalid([{ field: 'body', problem: 'send the file as the request body (GeoJSON, CSV, KML, xlsx or a zipped Shapefile)' }]);
    const chosen = await this.chosenMapping(p, uploader);
    const crs = p.crs ?? chosen.crs ?? 'wgs84';
    const caps = this.config.imports;
    const upload = Buffer.isBuffer(body) ? body : Buffer.from(body as string, 'utf8');
    await this.fileChecks(sourceFormat, body, p.crs !== undefined || chosen.crs !== null);
    const warnings = crsWarnings(crs);
    if (p.dryRun || isProjected(crs)) {
      const store = new FeatureStore(this.db, LAYERS[p.layer], uploader);
      const read = await this.fileRead(() =>
        readUpload(store, sourceFormat, upload, caps, { mapping: chosen.mapping, sheet: p.sheet, organisationId: uploader.organisationId }),
      );
      this.assertPlausible(read.inputs, crs);
      if (p.dryRun) return this.dryRun(store, p.layer, read.inputs, read.filtered, crs, warnings);
    }
    const id = await ImportsRepository.insert(this.db, {
      layer: p.layer,
      format: sourceFormat === 'csv' || sourceFormat === 'xlsx' ? 'csv' : 'geojson',
      sourceFormat,
      crs,
      upload,
      repair: p.repair,
      uploadedBy: uploader.id,
      mapping: chosen.mapping,
      sheet: p.sheet ?? null,
      warnings,
    });
    // A deterministic job id: re-submitting the same batch id never runs it twice.
    await this.queue.add(JobName.LoadImportBatch, { batchId: id }, { jobId: `import-${id}` });
    return this.get(id);
  }

  /** What a file holds: its sheets (xlsx), columns with sample values and rows, for building a mapping. */
  async inspect(format: ImportSourceFormat | undefined, sheet: string | undefined, contentType: string | undefined, body: Upload): Promise<ImportInspection> {
    const sourceFormat = formatOf(format, contentType, body);
    const empty = Buffer.isBuffer(body) ? body.length === 0 : typeof body !== 'string' || body.trim() === '';
    if (empty) throw ApiError.invalid([{ field: 'body', problem: 'send the file as the request body' }]);
    await this.fileChecks(sourceFormat, body, true);
    const upload = Buffer.isBuffer(body) ? body : Buffer.from(body as string, 'utf8');
    return this.fileRead(() => inspectUpload(sourceFormat, upload, this.config.imports, sheet));
  }

  /** The cheap whole-file checks, before anything is stored or read: a 4xx naming the problem. */
  private async fileChecks(sourceFormat: SourceFormat, body: Upload, crsDeclared: boolean): Promise<void> {
    const caps = this.config.imports;
    await this.fileRead(async () => {
      if (sourceFormat === 'shapefile' || sourceFormat === 'xlsx') {
        if (!Buffer.isBuffer(body))
          throw new ImportFileError(
            `send the ${sourceFormat === 'xlsx' ? 'workbook' : 'zipped Shapefile'} as binary (Content-Type: application/${sourceFormat === 'xlsx' ? 'vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'zip'})`,
          );
        if (sourceFormat === 'shapefile') await checkShapefileZip(body, crsDeclared, caps);
      } else {
        const text = Buffer.isBuffer(body) ? body.toString('utf8') : (body as string);
        if (sourceFormat === 'kml') checkXml(text, caps);
        if (sourceFormat === 'geojson') checkJsonDepth(text, caps);
      }
    });
  }

  /** Runs a read of the file, turning its problems into the API's 4xx. */
  private async fileRead<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      if (e instanceof MissingProjectionError) throw ApiError.invalid([{ field: 'crs', problem: e.message }]);
      const tooLarge = payloadTooLarge(e);
      if (tooLarge) throw tooLarge;
      if (e instanceof ImportFileError) {
        const m = /^sheet: (.*)$/.exec(e.message);
        throw ApiError.invalid([m ? { field: 'sheet', problem: m[1] } : { field: 'body', problem: e.message }]);
      }
      throw e;
    }
  }

  /**
   * Coordinates that cannot be in the chosen system: when none of the first rows with a geometry fits it (a
   * latitude in an easting column, a zone number missing), the file is refused as a whole, naming `crs`.
   */
  private assertPlausible(inputs: RawInput[], crs: string): void {
    if (!isProjected(crs)) return;
    const checked = inputs.filter((x) => x.geometry && typeof x.geometry === 'object').slice(0, PREVIEW_ROWS);
    const problems = checked.map((x) => geometryProblemIn(x.geometry, crs));
    if (checked.length && problems.every((x) => x !== null)) {
      throw ApiError.invalid([{ field: 'crs', problem: `the coordinates cannot be in ${crs}: line ${checked[0].line}: ${problems[0]}` }]);
    }
  }

  /** Maps and checks every row as the load would, database checks included, and writes nothing. */
  private async dryRun(store: FeatureStore, layer: ImportLayer, inputs: RawInput[], filtered: number, crs: string, warnings: string[]): Promise<ImportDryRun> {
    const caps = this.config.imports;
    const parsed = await this.fileRead(async () => checkInputs(store, inputs, crs, caps));
    const dbRejects = await store.checkOnly(parsed.rows);
    const rejects = [...parsed.rejects, ...dbRejects.map((x) => ({ line: parsed.lineOf.get(x.index)!, field: x.field, problem: x.problem }))].sort(
      (a, b) => a.line - b.line,
    );
    const byLine = new Map<number, { field: string; problem: string }[]>();
    for (const r of rejects) byLine.set(r.line, [...(byLine.get(r.line) ?? []), { field: r.field, problem: r.problem }]);
    const converted = new Map(parsed.rows.map((r) => [parsed.lineOf.get(r.i)!, r]));
    const preview = inputs.slice(0, PREVIEW_ROWS).map((x) => {
      const row = converted.get(x.line);
      return {
        line: x.line,
        properties: (row?.properties ?? (x.properties as Record<string, unknown>) ?? {}) as Record<string, unknown>,
        geometry: row?.geometry ?? x.geometry ?? null,
        problems: byLine.get(x.line) ?? [],
      };
    });
    const rejected = byLine.size;
    return {
      dryRun: true,
      layer,
      crs,
      warnings,
      rowsTotal: inputs.length + filtered,
      rowsValid: inputs.length - rejected,
      rowsRejected: rejected,
      rowsFiltered: filtered,
      preview,
      rejects: rejects.slice(0, 5000).map((r) => ({ line: r.line, field: storable(r.field), problem: storable(r.problem) })),
    };
  }

  /** The mapping asked for: inline, a preset by name, or one of the uploader's organisation's profiles; checked against the layer. */
  private async chosenMapping(p: ImportSubmitQuery, user: SignedInUser): Promise<ChosenMapping> {
    if (p.mapping && p.profile) throw ApiError.invalid([{ field: 'mapping', problem: 'give a mapping or a profile, not both' }]);
    let chosen: ChosenMapping & { layer?: ImportLayer; name?: string } = { mapping: p.mapping ?? null, crs: null };
    if (p.profile) {
      const name = p.profile.replace(/^preset:/, '');
      const preset = presetNamed(name);
      if (preset) chosen = { mapping: preset.mapping, crs: preset.crs ?? null, layer: preset.layer, name };
      else {
        const id = z.uuid().safeParse(p.profile);
        const saved = id.success ? await ImportsRepository.getProfile(this.db, id.data, user.organisationId) : null;
        if (!saved) throw ApiError.invalid([{ field: 'profile', problem: `no preset or profile of your organisation named ${JSON.stringify(p.profile)}` }]);
        chosen = { mapping: saved.mapping, crs: saved.crs, layer: saved.layer, name: saved.name };
      }
      if (chosen.layer !== p.layer) throw ApiError.invalid([{ field: 'profile', problem: `${chosen.name} maps ${chosen.layer}, not ${p.layer}` }]);
    }
    if (chosen.mapping) this.checkMappingFields(p.layer, chosen.mapping, 'mapping');
    return chosen;
  }

  /** Every mapped field must be one of the layer's. */
  checkMappingFields(layer: ImportLayer, mapping: ImportMapping, at: string): void {
    const fields = importFields(layer).map((f) => f.name);
    const unknown = Object.keys(mapping.fields).filter((f) => !fields.includes(f));
    if (unknown.length)
      throw ApiError.invalid(unknown.map((f) => ({ field: `${at}.fields.${f}`, problem: `is not a field of ${layer} (its fields: ${fields.join(', ')})` })));
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
        const uploader = store.importer;
        const { inputs, filtered } = await readUpload(store, batch.sourceFormat, upload, caps, {
          mapping: batch.mapping,
          sheet: batch.sheet,
          organisationId: uploader?.organisationId ?? null,
        });
        const repaired = batch.repair ? await this.repair(m, inputs) : [];
        const warnings: string[] = [];
        const report = await loadInputs(m, store, inputs, batch.crs, caps, async (rows) => {
          // a streets import replaces the streets of its area (those pole proposals still use are kept)
          if (batch.layer !== 'streets' || !rows.length) return;
          const r = await ImportsRepository.replaceStreetsIn(
            m,
            rows.map((x) => x.geometry),
          );
          warnings.push(`${r.removed} streets of the area replaced${r.kept ? `; ${r.kept} kept because pole proposals refer to them` : ''}`);
        });
        await ImportsRepository.complete(m, batchId, {
          total: report.total,
          loaded: report.loaded,
          rejected: report.rejected,
          rejects: storableJson(report.rejects.slice(0, 5000)),
          repaired: storableJson(repaired),
          filtered,
          warnings,
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
