import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { ImportFileError, readCsvRecords, readFeatures } from '../imports/loader';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiError } from '../common/errors';
import { toFieldProblems, parseOrThrow } from '../common/zod';
import { JobName, QueueName } from '../jobs/queues';
import { ColocationService, demandSchema } from './colocation.service';

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
    @InjectQueue(QueueName.Colocation) private readonly queue: Queue,
  ) {}

  async submit(contentType: string | undefined, body: unknown) {
    if (typeof body !== 'string' || !body.trim()) throw ApiError.invalid([{ field: 'body', problem: 'send the demands as CSV or GeoJSON in the request body' }]);
    const rows = readDemands(contentType, body);
    if (rows.length > 20_000) throw ApiError.invalid([{ field: 'body', problem: `${rows.length} demands; at most 20,000 in one batch` }]);
    const valid: LineDemand[] = [];
    const rejects: { line: number; field: string; problem: string }[] = [];
    for (const r of rows) {
      const p = demandSchema.safeParse(r.input);
      if (p.success) valid.push({ line: r.line, demand: p.data });
      else for (const f of toFieldProblems(p.error)) rejects.push({ line: r.line, ...f });
    }
    const [b] = await this.db.query(`INSERT INTO colocation_batch (total, demands, rejects) VALUES ($1, $2, $3) RETURNING id`, [rows.length, JSON.stringify(valid), JSON.stringify(rejects)]);
    await this.queue.add(JobName.AnalyseDemandBatch, { batchId: b.id }, { jobId: `demands-${b.id}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
    return this.get(b.id);
  }

  async get(id: string) {
    parseOrThrow(z.uuid({ error: 'must be a batch id (UUID)' }), id, 'id');
    const rows = await this.db.query(
      `SELECT b.id, b.status, b.total, jsonb_array_length(b.demands) AS valid, b.rejects, b.error, b.created_at AS "createdAt", b.finished_at AS "finishedAt",
              (SELECT count(*)::int FROM colocation_analysis a WHERE a.batch_id = b.id) AS analysed,
              (SELECT jsonb_object_agg(decision, n) FROM (SELECT decision, count(*)::int AS n FROM colocation_analysis a WHERE a.batch_id = b.id GROUP BY decision) x) AS decisions
         FROM colocation_batch b WHERE b.id = $1`,
      [id],
    );
    if (!rows.length) throw ApiError.notFound(`batch ${id}`);
    const r = rows[0];
    return { ...r, decisions: r.decisions ?? {}, percent: r.valid ? Math.round((1000 * r.analysed) / r.valid) / 10 : 100 };
  }

  /** Analyses every demand not yet analysed (a redelivered job picks up where the last one stopped). */
  async run(batchId: string): Promise<void> {
    const [b] = await this.db.query(`WITH u AS (UPDATE colocation_batch SET status = 'running' WHERE id = $1 AND status <> 'completed' RETURNING demands) SELECT * FROM u`, [batchId]);
    if (!b) return;
    const done = new Set((await this.db.query(`SELECT line FROM colocation_analysis WHERE batch_id = $1`, [batchId])).map((r: { line: number }) => r.line));
    for (const d of b.demands as LineDemand[]) {
      if (done.has(d.line)) continue;
      try {
        await this.colocation.analyse(d.demand, { id: batchId, line: d.line });
      } catch (err) {
        if (err instanceof ApiError) {
          await this.db.query(`UPDATE colocation_batch SET rejects = rejects || $2::jsonb WHERE id = $1`, [batchId, JSON.stringify(err.errors.map((e) => ({ line: d.line, ...e })))]);
        } else throw err;
      }
    }
    await this.db.query(`UPDATE colocation_batch SET status = 'completed', finished_at = now() WHERE id = $1`, [batchId]);
  }

  async fail(batchId: string, message: string): Promise<void> {
    await this.db.query(`UPDATE colocation_batch SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status <> 'completed'`, [batchId, message]);
  }

  /** Results as GeoJSON (a point per demand) or CSV (a row per demand). */
  async results(id: string, format: 'csv' | 'geojson') {
    await this.get(id);
    const rows: { line: number; decision: string; lon: number; lat: number; result: { best: { structureId: number; option: string; score: number; distanceM: number } | null; newBuild: { location: { lon: number; lat: number } | null } | null; demand: { operator: string; technology: string; searchRadiusM: number } } }[] = await this.db.query(
      `SELECT line, decision, ST_X(geom) AS lon, ST_Y(geom) AS lat, result FROM colocation_analysis WHERE batch_id = $1 ORDER BY line`,
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
    }));
    if (format === 'geojson') {
      return { type: 'FeatureCollection', features: flat.map(({ lon, lat, ...p }) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: p })) };
    }
    const header = Object.keys(flat[0] ?? { line: 0 });
    return [header.join(','), ...flat.map((r) => header.map((h) => String((r as Record<string, unknown>)[h] ?? '')).join(','))].join('\n') + '\n';
  }
}

/** Demands from CSV (one per row) or a GeoJSON FeatureCollection of points, with the loader's readers. */
function readDemands(contentType: string | undefined, text: string): { line: number; input: unknown }[] {
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
    return readFeatures(text).map(({ line, feature }) => {
      const g = feature?.geometry as { type?: string; coordinates?: number[] } | undefined;
      const c = g?.type === 'Point' ? (g.coordinates ?? []) : [];
      return { line, input: { ...((feature?.properties as object) ?? {}), location: { lon: c[0], lat: c[1] } } };
    });
  } catch (e) {
    if (e instanceof ImportFileError) throw ApiError.invalid([{ field: 'body', problem: e.message }]);
    throw e;
  }
}
