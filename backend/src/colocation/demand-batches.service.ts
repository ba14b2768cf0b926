import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  demandInput,
  type DemandBatch,
  type DemandBatchReject,
  type DemandBatchResultRow,
  type DemandBatchResultsGeoJson,
  type DemandBatchResultsQuery,
} from '@cosite/contracts';
import { readCsvRecords, readFeatures } from '../imports/loader';
import { firstTextProblem, ImportFileError, storableJson, UploadCaps } from '../common/upload-caps';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { demandRefusal, Filer } from './filing';
import { toCsv } from '../common/csv';
import { ApiError } from '../common/errors';
import { toFieldProblems } from '../common/zod';
import { JobName, QueueName } from '../jobs/queues';
import { ColocationService } from './colocation.service';
import { CoBuildService } from './co-build.service';
import { BATCH_CHUNK_LINES } from './colocation.defaults';
import type { Viewer } from './colocation.repository';
import { DemandBatchRepository, type LineDemand } from './demand-batch.repository';

/** Thousands of demands at once: parsed and checked on upload, analysed by the worker, results as CSV or GeoJSON. */
@Injectable()
export class DemandBatchesService {
  private readonly log = new Logger(DemandBatchesService.name);

  constructor(
    private readonly db: DataSource,
    private readonly colocation: ColocationService,
    private readonly coBuild: CoBuildService,
    @InjectQueue(QueueName.Colocation) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `body` is the upload's text, checked non-empty at the edge (demandBatchText); each line is parsed here, by demandInput. */
  async submit(contentType: string | undefined, body: string, by?: Filer): Promise<DemandBatch> {
    // the upload caps before anything is parsed: a CSV's lines are counted (generously: blank lines are skipped and a
    // quoted cell may span lines; the exact count follows the parse), a GeoJSON's nesting is scanned (readFeatures)
    if (/csv/i.test(contentType ?? '') && countLines(body) > 2 * MAX_DEMANDS + 2) {
      throw ApiError.invalid([
        {
          field: 'body',
          problem: `more than ${(2 * MAX_DEMANDS + 2).toLocaleString('en')} lines; at most ${MAX_DEMANDS.toLocaleString('en')} demands in one batch`,
        },
      ]);
    }
    const rows = readDemands(contentType, body, this.config.imports);
    if (rows.length > MAX_DEMANDS) throw tooMany(rows.length.toLocaleString('en'));
    const valid: LineDemand[] = [];
    const rejects: DemandBatchReject[] = [];
    for (const r of rows) {
      const unstorable = firstTextProblem(r.input, 'demand');
      if (unstorable) {
        rejects.push({ line: r.line, field: unstorable.field.replace(/^demand\.?/, '') || 'demand', problem: unstorable.problem });
        continue;
      }
      // each line enters here: parsed once, by the one demand schema (the worker analyses it as stored)
      const p = demandInput.safeParse(r.input);
      const refusal = p.success ? demandRefusal(by, p.data.operator) : null;
      if (refusal) rejects.push({ line: r.line, field: 'operator', problem: refusal });
      else if (p.success) valid.push({ line: r.line, demand: p.data });
      else for (const f of toFieldProblems(p.error)) rejects.push({ line: r.line, ...f });
    }
    const id = await DemandBatchRepository.insert(this.db, {
      total: rows.length,
      demands: valid,
      rejects: storableJson(rejects),
      status: valid.length ? 'queued' : 'completed',
      organisationId: by?.organisationId ?? null,
    });
    // One job per chunk of lines, so every worker can take a share of a large batch.
    const chunks = Math.ceil(valid.length / BATCH_CHUNK_LINES);
    await this.queue.addBulk(
      Array.from({ length: chunks }, (_, chunk) => ({
        name: JobName.AnalyseDemandBatch,
        data: { batchId: id, chunk },
        opts: { jobId: `demands-${id}-${chunk}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
      })),
    );
    return this.get(id);
  }

  /** A batch; a planner sees only their own organisation's. */
  async get(id: string, viewer?: Viewer): Promise<DemandBatch> {
    const r = await DemandBatchRepository.find(this.db, id, viewer);
    if (!r) throw ApiError.notFound(`batch ${id}`);
    const { rejectedByWorker, ...rest } = r;
    return {
      ...rest,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      decisions: r.decisions ?? {},
      percent: r.valid ? Math.round((1000 * (r.analysed + rejectedByWorker)) / r.valid) / 10 : 100,
    };
  }

  /**
   * Analyses the demands of one chunk (all of them without a chunk) not yet analysed: a redelivered job picks up
   * where the last one stopped. The chunk that finds every line done groups the batch's new builds into co-builds,
   * once, in line order, and completes the batch.
   */
  async run(batchId: string, chunk?: number): Promise<void> {
    const b = await DemandBatchRepository.start(this.db, batchId);
    if (b) {
      const [from, to] = chunk === undefined ? [0, Number.MAX_SAFE_INTEGER] : [chunk * BATCH_CHUNK_LINES, (chunk + 1) * BATCH_CHUNK_LINES];
      const todo = await DemandBatchRepository.pending(this.db, batchId, from, to);
      for (const d of todo) {
        try {
          // the batch's analyses are filed by the organisation that uploaded it; the demand was parsed at upload
          const by = b.organisationId ? { organisationId: b.organisationId, organisationKind: b.organisationKind ?? '' } : undefined;
          await this.colocation.analyse(d.demand, { id: batchId, line: d.line }, undefined, by);
        } catch (err) {
          if (err instanceof ApiError) {
            await DemandBatchRepository.addRejects(
              this.db,
              batchId,
              err.errors.map((e) => ({ line: d.line, ...e })),
            );
          } else throw err;
        }
      }
    }
    // Every valid line analysed or rejected: this chunk (or a redelivered one) groups and completes the batch.
    if (!(await DemandBatchRepository.claimGrouping(this.db, batchId))) return;
    for (const id of await DemandBatchRepository.ungroupedNewBuilds(this.db, batchId)) await this.db.transaction((em) => this.coBuild.attach(em, id));
    await DemandBatchRepository.complete(this.db, batchId);
  }

  async fail(batchId: string, message: string): Promise<void> {
    await DemandBatchRepository.fail(this.db, batchId, message);
  }

  /** Results as GeoJSON (a point per demand) or CSV (a row per demand). */
  async results(id: string, format: DemandBatchResultsQuery['format'], viewer?: Viewer): Promise<string | DemandBatchResultsGeoJson> {
    await this.get(id, viewer);
    const rows = await DemandBatchRepository.results(this.db, id);
    const flat: DemandBatchResultRow[] = rows.map((r) => ({
      line: r.line,
      lon: r.lon,
      lat: r.lat,
      operator: r.result.demand.operator,
      technology: r.result.demand.technology,
      searchRadiusM: r.result.demand.searchRadiusM,
      decision: r.decision as DemandBatchResultRow['decision'],
      structureId: r.result.best?.structureId ?? null,
      option: r.result.best?.option ?? null,
      score: r.result.best?.score ?? null,
      distanceM: r.result.best?.distanceM ?? null,
      newBuildLon: r.result.newBuild?.location?.lon ?? null,
      newBuildLat: r.result.newBuild?.location?.lat ?? null,
      // co-build: the group and the one shared site offered instead of this demand's own new build
      coBuildGroupId: r.groupId,
      coBuildOperators: r.groupOperators?.join(' ') ?? null,
      coBuildLon: r.groupLon,
      coBuildLat: r.groupLat,
    }));
    if (format === 'geojson') {
      return {
        type: 'FeatureCollection',
        features: flat.map(({ lon, lat, ...p }) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: p })),
      };
    }
    return toCsv<Record<string, unknown>>(Object.keys(flat[0] ?? { line: 0 }), flat);
  }
}

/** The most demands one batch may hold. */
const MAX_DEMANDS = 20_000;

function tooMany(n: string): ApiError {
  return ApiError.invalid([{ field: 'body', problem: `${n} demands; at most ${MAX_DEMANDS.toLocaleString('en')} in one batch` }]);
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && n <= 2 * MAX_DEMANDS + 2; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Demands from CSV (one per row) or a GeoJSON FeatureCollection of points, with the loader's readers. */
function readDemands(contentType: string | undefined, text: string, caps: Pick<UploadCaps, 'maxDepth'>): { line: number; input: unknown }[] {
  try {
    if (/csv/i.test(contentType ?? '')) {
      const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : v);
      return readCsvRecords(text).map(({ record: r, line }) => ({
        line,
        input: {
          location: { lon: num(r.lon), lat: num(r.lat) },
          searchRadiusM: num(r.search_radius_m ?? r.searchRadiusM),
          operator: r.operator,
          technology: r.technology,
          bandMHz: num(r.band_mhz ?? r.bandMHz),
          antennaHeightM: num(r.antenna_height_m ?? r.antennaHeightM),
          slots: num(r.slots),
          loadKg: num(r.load_kg ?? r.loadKg),
          indoor: r.indoor === undefined || r.indoor === '' ? undefined : /^(true|1|yes)$/i.test(r.indoor),
        },
      }));
    }
    return readFeatures(text, caps).map(({ line, feature }) => {
      const g = feature?.geometry as { type?: string; coordinates?: number[] } | undefined;
      const c = g?.type === 'Point' ? (g.coordinates ?? []) : [];
      return { line, input: { ...((feature?.properties as object) ?? {}), location: { lon: c[0], lat: c[1] } } };
    });
  } catch (e) {
    if (e instanceof ImportFileError) throw ApiError.invalid([{ field: 'body', problem: e.message }]);
    throw e;
  }
}
