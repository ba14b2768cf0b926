import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { readCsvRecords, readFeatures } from '../imports/loader';
import { firstTextProblem, ImportFileError, storableJson, UploadCaps } from '../imports/upload-caps';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { demandRefusal, Filer } from '../auth/roles';
import { toCsv } from '../common/csv';
import { ApiError } from '../common/errors';
import { toFieldProblems, parseOrThrow } from '../common/zod';
import { JobName, QueueName } from '../jobs/queues';
import { ColocationService, demandSchema } from './colocation.service';
import { CoBuildService } from './co-build.service';
import { BATCH_CHUNK_LINES } from './colocation.defaults';

interface LineDemand {
  line: number;
  demand: z.infer<typeof demandSchema>;
}

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

  async submit(contentType: string | undefined, body: unknown, by?: Filer) {
    if (typeof body !== 'string' || !body.trim()) throw ApiError.invalid([{ field: 'body', problem: 'send the demands as CSV or GeoJSON in the request body' }]);
    // the upload caps before anything is parsed: a CSV's lines are counted (generously: blank lines are skipped and a
    // quoted cell may span lines; the exact count follows the parse), a GeoJSON's nesting is scanned (readFeatures)
    if (/csv/i.test(contentType ?? '') && countLines(body) > 2 * MAX_DEMANDS + 2) {
      throw ApiError.invalid([{ field: 'body', problem: `more than ${(2 * MAX_DEMANDS + 2).toLocaleString('en')} lines; at most ${MAX_DEMANDS.toLocaleString('en')} demands in one batch` }]);
    }
    const rows = readDemands(contentType, body, this.config.imports);
    if (rows.length > MAX_DEMANDS) throw tooMany(rows.length.toLocaleString('en'));
    const valid: LineDemand[] = [];
    const rejects: { line: number; field: string; problem: string }[] = [];
    for (const r of rows) {
      const unstorable = firstTextProblem(r.input, 'demand');
      if (unstorable) {
        rejects.push({ line: r.line, field: unstorable.field.replace(/^demand\.?/, '') || 'demand', problem: unstorable.problem });
        continue;
      }
      const p = demandSchema.safeParse(r.input);
      const refusal = p.success ? demandRefusal(by, p.data.operator) : null;
      if (refusal) rejects.push({ line: r.line, field: 'operator', problem: refusal });
      else if (p.success) valid.push({ line: r.line, demand: p.data });
      else for (const f of toFieldProblems(p.error)) rejects.push({ line: r.line, ...f });
    }
    const [b] = await this.db.query(
      `INSERT INTO colocation_batch (total, demands, rejects, status, finished_at, organisation_id) VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'completed' THEN now() END, $5) RETURNING id`,
      [rows.length, JSON.stringify(valid), storableJson(rejects), valid.length ? 'queued' : 'completed', by?.organisationId ?? null],
    );
    // One job per chunk of lines, so every worker can take a share of a large batch.
    const chunks = Math.ceil(valid.length / BATCH_CHUNK_LINES);
    await this.queue.addBulk(
      Array.from({ length: chunks }, (_, chunk) => ({
        name: JobName.AnalyseDemandBatch,
        data: { batchId: b.id, chunk },
        opts: { jobId: `demands-${b.id}-${chunk}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
      })),
    );
    return this.get(b.id);
  }

  /** A batch; a planner sees only their own organisation's. */
  async get(id: string, viewer?: { role: string; organisationId: string }) {
    parseOrThrow(z.uuid({ error: 'must be a batch id (UUID)' }), id, 'id');
    const rows = await this.db.query(
      `SELECT b.id, b.status, b.total, jsonb_array_length(b.demands) AS valid, b.rejects, b.error, b.created_at AS "createdAt", b.finished_at AS "finishedAt",
              (SELECT count(*)::int FROM colocation_analysis a WHERE a.batch_id = b.id) AS analysed,
              -- lines the worker rejected (an unknown operator, say) are done too
              (SELECT count(DISTINCT r->>'line')::int FROM jsonb_array_elements(b.rejects) r
                WHERE r->>'line' IN (SELECT d->>'line' FROM jsonb_array_elements(b.demands) d)) AS "rejectedByWorker",
              (SELECT jsonb_object_agg(decision, n) FROM (SELECT decision, count(*)::int AS n FROM colocation_analysis a WHERE a.batch_id = b.id GROUP BY decision) x) AS decisions
         FROM colocation_batch b WHERE b.id = $1 AND ($2::text IS DISTINCT FROM 'planner' OR b.organisation_id IS NULL OR b.organisation_id = $3)`,
      [id, viewer?.role ?? null, viewer?.organisationId ?? null],
    );
    if (!rows.length) throw ApiError.notFound(`batch ${id}`);
    const r = rows[0];
    const { rejectedByWorker, ...rest } = r;
    return { ...rest, decisions: r.decisions ?? {}, percent: r.valid ? Math.round((1000 * (r.analysed + rejectedByWorker)) / r.valid) / 10 : 100 };
  }

  /**
   * Analyses the demands of one chunk (all of them without a chunk) not yet analysed: a redelivered job picks up
   * where the last one stopped. The chunk that finds every line done groups the batch's new builds into co-builds,
   * once, in line order, and completes the batch.
   */
  async run(batchId: string, chunk?: number): Promise<void> {
    // (UPDATE … RETURNING through TypeORM answers [rows, count]: a CTE makes it answer rows)
    const [b] = await this.db.query(
      `WITH u AS (UPDATE colocation_batch SET status = 'running' WHERE id = $1 AND status IN ('queued', 'running') RETURNING id, organisation_id)
       SELECT u.id, u.organisation_id AS "organisationId", o.kind AS "organisationKind" FROM u LEFT JOIN organisation o ON o.id = u.organisation_id`,
      [batchId],
    );
    if (b) {
      const [from, to] = chunk === undefined ? [0, Number.MAX_SAFE_INTEGER] : [chunk * BATCH_CHUNK_LINES, (chunk + 1) * BATCH_CHUNK_LINES];
      const todo: LineDemand[] = (
        await this.db.query(
          `SELECT e.d FROM colocation_batch b, jsonb_array_elements(b.demands) WITH ORDINALITY e(d, k)
            WHERE b.id = $1 AND e.k > $2 AND e.k <= $3
              AND NOT EXISTS (SELECT 1 FROM colocation_analysis a WHERE a.batch_id = b.id AND a.line = (e.d->>'line')::int)
            ORDER BY e.k`,
          [batchId, from, to],
        )
      ).map((r: { d: LineDemand }) => r.d);
      for (const d of todo) {
        try {
          // the batch's analyses are filed by the organisation that uploaded it
          await this.colocation.analyse(d.demand, { id: batchId, line: d.line }, undefined, b.organisationId ? { organisationId: b.organisationId, organisationKind: b.organisationKind } : undefined);
        } catch (err) {
          if (err instanceof ApiError) {
            await this.db.query(`UPDATE colocation_batch SET rejects = rejects || $2::jsonb WHERE id = $1`, [batchId, JSON.stringify(err.errors.map((e) => ({ line: d.line, ...e })))]);
          } else throw err;
        }
      }
    }
    // Every valid line analysed or rejected: this chunk (or a redelivered one) groups and completes the batch.
    const [claimed] = await this.db.query(
      `WITH u AS (UPDATE colocation_batch b SET status = 'grouping' WHERE b.id = $1 AND b.status IN ('running', 'grouping')
          AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(b.demands) e
                           WHERE NOT EXISTS (SELECT 1 FROM colocation_analysis a WHERE a.batch_id = b.id AND a.line = (e->>'line')::int)
                             AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(b.rejects) r WHERE (r->>'line')::int = (e->>'line')::int))
       RETURNING b.id) SELECT id FROM u`,
      [batchId],
    );
    if (!claimed) return;
    const newBuilds: { id: string }[] = await this.db.query(`SELECT id FROM colocation_analysis WHERE batch_id = $1 AND decision = 'new_build' AND cobuild_group_id IS NULL ORDER BY line`, [batchId]);
    for (const a of newBuilds) await this.db.transaction((em) => this.coBuild.attach(em, a.id));
    await this.db.query(`UPDATE colocation_batch SET status = 'completed', finished_at = now() WHERE id = $1 AND status = 'grouping'`, [batchId]);
  }

  async fail(batchId: string, message: string): Promise<void> {
    await this.db.query(`UPDATE colocation_batch SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status <> 'completed'`, [batchId, message]);
  }

  /** Results as GeoJSON (a point per demand) or CSV (a row per demand). */
  async results(id: string, format: 'csv' | 'geojson', viewer?: { role: string; organisationId: string }) {
    await this.get(id, viewer);
    const rows: { line: number; decision: string; lon: number; lat: number; result: { best: { structureId: number; option: string; score: number; distanceM: number } | null; newBuild: { location: { lon: number; lat: number } | null } | null; demand: { operator: string; technology: string; searchRadiusM: number } }; groupId: string | null; groupOperators: string[] | null; groupLon: number | null; groupLat: number | null }[] = await this.db.query(
      `SELECT a.line, a.decision, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat, a.result, g.id AS "groupId", g.proposal->'operators' AS "groupOperators",
              ST_X(g.site) AS "groupLon", ST_Y(g.site) AS "groupLat"
         FROM colocation_analysis a LEFT JOIN colocation_cobuild_group g ON g.id = a.cobuild_group_id
        WHERE a.batch_id = $1 ORDER BY a.line`,
      [id],
    );
    const flat = rows.map((r) => ({
      line: r.line,
      lon: r.lon,
      lat: r.lat,
      operator: r.result.demand.operator,
      technology: r.result.demand.technology,
      searchRadiusM: r.result.demand.searchRadiusM,
      decision: r.decision,
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
      return { type: 'FeatureCollection', features: flat.map(({ lon, lat, ...p }) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: p })) };
    }
    return toCsv(Object.keys(flat[0] ?? { line: 0 }), flat as unknown as Record<string, unknown>[]);
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
