import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { type Bench, type BenchContext, growInventory, httpGet, httpPostJson, percentile, settle, shrinkInventory, table, withWorkers } from './harness';

/** One consolidation run through the API and a worker process, from the request to the summary. */
async function consolidation(ctx: BenchContext, body: unknown) {
  const t0 = performance.now();
  const started = await httpPostJson(`${ctx.baseUrl}/api/v1/poles/consolidation-runs`, body);
  if (started.status !== 202) throw new Error(`consolidation run answered ${started.status}: ${JSON.stringify(started.json)}`);
  for (;;) {
    const r = JSON.parse((await httpGet(`${ctx.baseUrl}/api/v1/poles/consolidation-runs/${started.json.id}`)).body.toString());
    if (r.status === 'failed') throw new Error(`consolidation run failed: ${r.error}`);
    if (r.status === 'done') return { sec: (performance.now() - t0) / 1000, total: r.summary.total, id: r.id as string };
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** The district with the most street poles, by the sample's own counts. */
async function densestDistrict(ctx: BenchContext) {
  const [d] = (await ctx.query(
    `SELECT d.id, d.name_en AS name, count(*)::int AS poles FROM structure s JOIN district d ON d.id = s.district_id
      WHERE s.kind IN ('street_lamp_pole','traffic_sign_pole','camera_pole','utility_pole','smart_pole') AND s.source <> 'bench'
      GROUP BY d.id, d.name_en ORDER BY poles DESC LIMIT 1`,
  )) as { id: number; name: string; poles: number }[];
  return d;
}

/** A 10 km duct proposal along the centre line of the longest street of the district (the sample's ducts lie 6 m beside it). */
async function tenKmRoute(ctx: BenchContext, districtId: number) {
  const [r] = (await ctx.query(
    `SELECT ST_AsGeoJSON(ST_LineSubstring(geom, 0, least(1, 10000 / ST_Length(geom::geography))), 7)::json AS geometry, name_en AS street
       FROM street WHERE district_id = $1 ORDER BY ST_Length(geom::geography) DESC, id LIMIT 1`,
    [districtId],
  )) as { geometry: unknown; street: string }[];
  return { street: r.street, body: { geometry: r.geometry, kind: 'duct', operator: 'china-mobile', capacityNeeded: 1, title: 'bench 10 km duct' } };
}

async function overlapChecks(ctx: BenchContext, body: unknown, n = 25, warmup = 3) {
  const times: number[] = [];
  let last: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any -- the last answer, printed as it came
  for (let k = 0; k < n + warmup; k++) {
    const t0 = performance.now();
    const r = await httpPostJson(`${ctx.baseUrl}/api/v1/routes/overlap-checks`, body);
    if (r.status !== 201) throw new Error(`overlap check answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
    if (k >= warmup) times.push(performance.now() - t0);
    last = r.json;
  }
  await ctx.query(`DELETE FROM route_overlap_check WHERE result->>'title' = 'bench 10 km duct'`);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), last };
}

export const sharingBench: Bench = {
  name: 'sharing',
  async run(ctx) {
    const db = ctx.app.get(DataSource);
    await settle(db);
    const district = await densestDistrict(ctx);
    const route = await tenKmRoute(ctx, district.id);
    const measure = () =>
      withWorkers(1, async () => {
        const densest = await consolidation(ctx, { districtId: district.id });
        const city = await consolidation(ctx, { scope: 'city' });
        const check = await overlapChecks(ctx, route.body);
        await ctx.query(`DELETE FROM pole_consolidation_run WHERE id = ANY($1)`, [[densest.id, city.id]]);
        return { densest, city, check };
      });
    const one = await measure();
    let ten: Awaited<ReturnType<typeof measure>>;
    try {
      await growInventory(db, 10);
      await settle(db);
      ten = await measure();
    } finally {
      await shrinkInventory(db);
      await settle(db);
    }
    const f = (x: number) => x.toFixed(1);
    return [
      table(
        `Multi-pole integration runs (request to summary, one worker process; targets: whole city < 30 s at 1×)`,
        ['inventory', 'area', 'street poles', 'in clusters', 'smart poles', 'poles after', 'seconds'],
        [
          [
            '1×',
            `densest district (${district.name})`,
            one.densest.total.polesBefore,
            one.densest.total.polesInClusters,
            one.densest.total.smartPolesProposed,
            one.densest.total.polesAfter,
            f(one.densest.sec),
          ],
          [
            '1×',
            'whole city',
            one.city.total.polesBefore,
            one.city.total.polesInClusters,
            one.city.total.smartPolesProposed,
            one.city.total.polesAfter,
            f(one.city.sec),
          ],
          [
            '10×',
            `densest district (${district.name})`,
            ten.densest.total.polesBefore,
            ten.densest.total.polesInClusters,
            ten.densest.total.smartPolesProposed,
            ten.densest.total.polesAfter,
            f(ten.densest.sec),
          ],
          [
            '10×',
            'whole city',
            ten.city.total.polesBefore,
            ten.city.total.polesInClusters,
            ten.city.total.smartPolesProposed,
            ten.city.total.polesAfter,
            f(ten.city.sec),
          ],
        ],
      ),
      '',
      table(
        `Route overlap check of a 10 km duct along ${route.street}, ${district.name} (25 checks after 3 warm-up; target < 200 ms)`,
        ['inventory', 'routes along it', 'shared m', 'verdict', 'p50 ms', 'p95 ms', 'max ms'],
        [
          ['1×', one.check.last.routes.length, one.check.last.sharedLengthM, one.check.last.verdict, f(one.check.p50), f(one.check.p95), f(one.check.max)],
          ['10×', ten.check.last.routes.length, ten.check.last.sharedLengthM, ten.check.last.verdict, f(ten.check.p50), f(ten.check.p95), f(ten.check.max)],
        ],
      ),
    ].join('\n');
  },
};
