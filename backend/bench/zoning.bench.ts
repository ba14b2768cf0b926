import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { type Bench, type BenchContext, growInventory, settle, httpPostJson, percentile, shrinkInventory, table } from './harness';

/** Proposals at 300 spread structures' spots, each a standalone monopole with three 5G sectors (deterministic). */
async function proposals(ctx: BenchContext, n: number) {
  const rows = (await ctx.query(`SELECT id::int, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM structure WHERE source <> 'bench' ORDER BY id`)) as {
    id: number;
    lon: number;
    lat: number;
  }[];
  const step = Math.max(1, Math.floor(rows.length / n));
  return Array.from({ length: n }, (_, k) => {
    const s = rows[(k * step) % rows.length];
    return {
      location: { lon: Math.round((s.lon + 0.0007) * 1e6) / 1e6, lat: Math.round((s.lat + 0.0004) * 1e6) / 1e6 },
      kind: 'monopole',
      heightM: 30,
      buildForm: 'standalone',
      sectors: [0, 120, 240].map((azimuthDeg) => ({ eirpDbm: 72, azimuthDeg, bandMHz: 3500, downtiltDeg: 6 })),
    };
  });
}

/** A 5 km east–west works line through the middle of the densest district, every activity ticked. */
async function worksLine(ctx: BenchContext) {
  const [d] = (await ctx.query(
    `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat, name_en FROM district ORDER BY population / ST_Area(geom::geography) DESC NULLS LAST LIMIT 1`,
  )) as { lon: number; lat: number; name_en: string }[];
  const half = 2500 / (111320 * Math.cos((d.lat * Math.PI) / 180));
  return {
    district: d.name_en,
    body: {
      area: {
        type: 'LineString',
        coordinates: [
          [d.lon - half, d.lat],
          [d.lon, d.lat + 0.0005],
          [d.lon + half, d.lat],
        ],
      },
      widthM: 8,
      activities: ['digging', 'pile_driving', 'utility_line_laying', 'building', 'planting'],
      pipeline: { kind: 'gas' },
    },
  };
}

async function timed(ctx: BenchContext, path: string, bodies: unknown[], expect: number, warmup = 5) {
  const times: number[] = [];
  let last: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any -- the last answer, printed as it came
  for (const [k, b] of bodies.entries()) {
    const t0 = performance.now();
    const r = await httpPostJson(`${ctx.baseUrl}${path}`, b);
    const ms = performance.now() - t0;
    if (r.status !== expect) throw new Error(`${path} answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
    if (k >= warmup) times.push(ms);
    last = r.json;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), last };
}

export const zoningBench: Bench = {
  name: 'zoning',
  async run(ctx) {
    const db = ctx.app.get(DataSource);
    await settle(db);
    const props = await proposals(ctx, 300);
    const works = await worksLine(ctx);
    const measure = async () => {
      const cond = await timed(ctx, '/api/v1/siting/conditions', props, 200);
      const check = await timed(
        ctx,
        '/api/v1/protection/checks',
        Array.from({ length: 25 }, () => works.body),
        201,
        3,
      );
      await ctx.query(`DELETE FROM protection_check WHERE request->>'pipeline' IS NOT NULL AND created_at > now() - interval '1 hour'`);
      const [z] = (await ctx.query(`SELECT count(*)::int AS n FROM protection_zone`)) as { n: number }[];
      return { cond, check, zones: z.n };
    };
    const one = await measure();
    let ten: Awaited<ReturnType<typeof measure>>;
    let grownSec: number;
    try {
      const t0 = performance.now();
      await growInventory(db, 10);
      await ctx.query(`SELECT protection_zones_refresh(NULL)`); // the bulk insert ran without triggers
      await settle(db);
      grownSec = (performance.now() - t0) / 1000;
      ten = await measure();
    } finally {
      await shrinkInventory(db);
      await ctx.query(`SELECT protection_zones_refresh(NULL)`);
      await settle(db);
    }
    return [
      `(10× inventory with its protection zones built in ${grownSec.toFixed(0)} s)`,
      table(
        `POST /api/v1/siting/conditions, ${props.length} proposals with three 5G sectors (target p95 < 20 ms); POST /api/v1/protection/checks, a 5 km works line through ${works.district} (25 runs; target < 200 ms)`,
        ['inventory', 'protection zones', 'conditions p50 ms', 'conditions p95 ms', 'check p50 ms', 'check p95 ms', 'facilities in the 5 km check'],
        [
          ['sample', one.zones.toLocaleString(), one.cond.p50, one.cond.p95, one.check.p50, one.check.p95, one.check.last.conflicts.length],
          ['10× sample', ten.zones.toLocaleString(), ten.cond.p50, ten.cond.p95, ten.check.p50, ten.check.p95, ten.check.last.conflicts.length],
        ],
      ),
    ].join('\n');
  },
};
