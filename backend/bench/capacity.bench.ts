import { performance } from 'node:perf_hooks';
import { type Bench, type BenchContext, httpGet, table } from './harness';

/** Target of issue 17: sector load for the whole city in under 5 s. */
const TARGET_S = 5;
const RUNS = 3;

/**
 * Sector load and capacity gaps over the city's stored coverage, through the API: the median of a few runs of each
 * request (after one warm-up), against the target, each row printed as soon as it is measured.
 */
export const capacityBench: Bench = {
  name: 'capacity',
  async run(ctx: BenchContext): Promise<string> {
    const cases: [string, string][] = [
      ['sector load, 5G, any operator, whole city', '/api/v1/coverage/sectors/load?technology=5G&operator=any&limit=500'],
      ['sector load, 5G, China Mobile, whole city', '/api/v1/coverage/sectors/load?technology=5G&operator=china-mobile&limit=500'],
      ['sector load, 4G, any operator, whole city', '/api/v1/coverage/sectors/load?technology=4G&operator=any&limit=500'],
      ['sector load, 5G, any operator, Yuzhong', '/api/v1/coverage/sectors/load?technology=5G&operator=any&district=500103'],
      ['capacity gaps, 5G, any operator, whole city', '/api/v1/coverage/capacity-gaps?technology=5G&operator=any&limit=50'],
      ['capacity gaps, 5G, China Telecom, whole city', '/api/v1/coverage/capacity-gaps?technology=5G&operator=china-telecom&limit=50'],
    ];
    const header = ['request', 'median s', 'min s', 'max s', 'sectors / gaps', `target < ${TARGET_S} s`];
    const rows: (string | number)[][] = [];
    for (const [label, path] of cases) {
      const first = await httpGet(ctx.baseUrl + path);
      if (first.status !== 200) throw new Error(`${path}: ${first.status} ${first.body.toString().slice(0, 200)}`);
      const body = JSON.parse(first.body.toString());
      const size = body.summary ? `${body.summary.sectors} sectors, ${body.summary.overloaded} overloaded` : `${body.totalAreas} gaps`;
      const times: number[] = [];
      for (let k = 0; k < RUNS; k++) {
        const t = performance.now();
        await httpGet(ctx.baseUrl + path);
        times.push((performance.now() - t) / 1000);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      const row = [label, median, times[0], times[times.length - 1], size, median < TARGET_S ? 'met' : 'missed'];
      rows.push(row);
      console.log(`${label}: median ${median.toFixed(2)} s (${size})`);
    }
    return table(`Sector load and capacity gaps (median of ${RUNS} runs after a warm-up)`, header, rows);
  },
};
