import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { type Bench, type BenchContext, growInventory, settle, httpGet, httpPostJson, percentile, shrinkInventory, table, withWorkers } from './harness';

const OPERATORS = ['china-mobile', 'china-telecom', 'china-unicom', 'china-broadnet'];

interface BenchDemand {
  location: { lon: number; lat: number };
  operator: string;
  technology: '5G' | '4G';
  bandMHz: number;
  antennaHeightM: number;
  slots: number;
  loadKg: number;
}

/**
 * Demands where planners ask for them: near existing towers (every k-th macro structure, moved 0–250 m in a
 * direction fixed by its id), rotating operators, one in five a small cell. Deterministic.
 */
export async function demandsNearTowers(ctx: BenchContext, n: number): Promise<BenchDemand[]> {
  const rows = (await ctx.query(
    `SELECT id::int, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM structure
      WHERE kind IN ('lattice_tower', 'monopole', 'rooftop', 'camouflaged_tower') AND source <> 'bench' ORDER BY id`,
  )) as { id: number; lon: number; lat: number }[];
  const step = Math.max(1, Math.floor(rows.length / n));
  return Array.from({ length: n }, (_, k) => {
    const s = rows[(k * step) % rows.length];
    const angle = ((s.id * 137.508) % 360) * (Math.PI / 180);
    const dist = (s.id * 7919) % 250;
    const small = k % 5 === 4;
    return {
      location: {
        lon: Math.round((s.lon + (dist * Math.sin(angle)) / (111320 * Math.cos((s.lat * Math.PI) / 180))) * 1e6) / 1e6,
        lat: Math.round((s.lat + (dist * Math.cos(angle)) / 110574) * 1e6) / 1e6,
      },
      operator: OPERATORS[k % OPERATORS.length],
      technology: k % 7 === 6 ? '4G' : '5G',
      bandMHz: k % 7 === 6 ? 1800 : 3500,
      antennaHeightM: small ? 10 : 30,
      slots: 1,
      loadKg: small ? 25 : 120,
    };
  });
}

/** One analysis at a time over HTTP, as the planner's panel asks; the analyses are removed afterwards. */
async function singleLatency(ctx: BenchContext, demands: BenchDemand[]): Promise<{ p50: number; p95: number; max: number; decisions: Record<string, number> }> {
  const times: number[] = [];
  const ids: string[] = [];
  const decisions: Record<string, number> = {};
  for (const [k, d] of demands.entries()) {
    const t0 = performance.now();
    const r = await httpPostJson(`${ctx.baseUrl}/api/v1/colocation/analyses`, d);
    const ms = performance.now() - t0;
    if (r.status !== 201) throw new Error(`analysis answered ${r.status}: ${JSON.stringify(r.json)}`);
    ids.push(r.json.id);
    if (k >= 5) times.push(ms); // the first few warm the caches
    decisions[r.json.decision] = (decisions[r.json.decision] ?? 0) + 1;
  }
  await ctx.query(`DELETE FROM colocation_analysis WHERE id = ANY($1::uuid[])`, [ids]);
  await ctx.query(`DELETE FROM colocation_cobuild_group g WHERE NOT EXISTS (SELECT 1 FROM colocation_analysis a WHERE a.cobuild_group_id = g.id)`);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), decisions };
}

/** A batch uploaded as CSV and analysed by `workers` worker processes, timed from upload to completed. */
async function batch(ctx: BenchContext, demands: BenchDemand[], workers: number): Promise<{ seconds: number; perSecond: number; groups: number }> {
  const csv = [
    'lon,lat,operator,technology,band_mhz,antenna_height_m,slots,load_kg',
    ...demands.map((d) => [d.location.lon, d.location.lat, d.operator, d.technology, d.bandMHz, d.antennaHeightM, d.slots, d.loadKg].join(',')),
  ].join('\n');
  return withWorkers(workers, async () => {
    const t0 = performance.now();
    const res = await fetch(`${ctx.baseUrl}/api/v1/colocation/batches`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
    if (res.status !== 202) throw new Error(`batch refused: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 2000)); // a planner's page polls no faster
        const b = JSON.parse((await httpGet(`${ctx.baseUrl}/api/v1/colocation/batches/${id}`)).body.toString()) as { status: string; analysed: number };
        if (b.status === 'failed') throw new Error(`batch ${id} failed`);
        if (b.status === 'completed') {
          const seconds = (performance.now() - t0) / 1000;
          const [g] = (await ctx.query(`SELECT count(DISTINCT cobuild_group_id)::int AS n FROM colocation_analysis WHERE batch_id = $1`, [id])) as {
            n: number;
          }[];
          return { seconds, perSecond: b.analysed / seconds, groups: g.n };
        }
      }
    } finally {
      await ctx.query(`DELETE FROM colocation_batch WHERE id = $1`, [id]); // its analyses go with it
      await ctx.query(`DELETE FROM colocation_cobuild_group g WHERE NOT EXISTS (SELECT 1 FROM colocation_analysis a WHERE a.cobuild_group_id = g.id)`);
    }
  });
}

export const colocationBench: Bench = {
  name: 'colocation',
  async run(ctx) {
    const db = ctx.app.get(DataSource);
    await settle(db);
    const [s] = (await ctx.query(`SELECT count(*)::int AS n FROM structure WHERE source <> 'bench'`)) as { n: number }[];
    const demands = await demandsNearTowers(ctx, 300);
    const one = await singleLatency(ctx, demands);
    const tGrow = performance.now();
    let ten: Awaited<ReturnType<typeof singleLatency>>;
    let grown: number;
    try {
      grown = await growInventory(db, 10);
      await settle(db);
      const growSec = (performance.now() - tGrow) / 1000;
      ten = await singleLatency(ctx, demands);
      console.log(`(10× inventory: ${grown.toLocaleString()} structures, built in ${growSec.toFixed(0)} s)`);
    } finally {
      await shrinkInventory(db);
      await settle(db);
    }
    const many = await demandsNearTowers(ctx, 10_000);
    const b1 = await batch(ctx, many, 1);
    const b2 = await batch(ctx, many, 2);
    const fmtDecisions = (d: Record<string, number>) =>
      Object.entries(d)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    return [
      table(
        `POST /api/v1/colocation/analyses, ${demands.length} demands near towers (one at a time over HTTP; target p95 < 100 ms at 10×)`,
        ['inventory', 'structures', 'p50 ms', 'p95 ms', 'max ms', 'decisions'],
        [
          ['sample', s.n.toLocaleString(), one.p50, one.p95, one.max, fmtDecisions(one.decisions)],
          ['10× sample', grown.toLocaleString(), ten.p50, ten.p95, ten.max, fmtDecisions(ten.decisions)],
        ],
      ),
      '',
      table(
        `Demand batch of ${many.length.toLocaleString()} (CSV upload → BullMQ chunks of 250 → co-build grouping; target < 120 s on 2 cores)`,
        ['workers', 'seconds', 'demands/s', 'co-build groups'],
        [
          [1, b1.seconds, b1.perSecond, b1.groups],
          [2, b2.seconds, b2.perSecond, b2.groups],
        ],
      ),
    ].join('\n');
  },
};
