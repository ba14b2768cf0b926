import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Bench, httpGet, percentile, table } from './harness';
import { performance } from 'node:perf_hooks';

/** Tiles covering a lon/lat box at zoom z (slippy-map numbering). */
function tilesIn(box: [number, number, number, number], z: number): { z: number; x: number; y: number }[] {
  const n = 2 ** z;
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  };
  const out = [];
  for (let x = tx(box[0]); x <= tx(box[2]); x++) for (let y = ty(box[3]); y <= ty(box[1]); y++) out.push({ z, x, y });
  return out;
}

/** Every k-th tile so each zoom has about `want` tiles spread over the box. */
function spread<T>(xs: T[], want: number): T[] {
  if (xs.length <= want) return xs;
  const step = xs.length / want;
  return Array.from({ length: want }, (_, k) => xs[Math.floor(k * step)]);
}

/** The same statements through psql, timed by psql itself (\timing): the floor Cosite's HTTP path is compared to. */
function psqlTimings(databaseUrl: string, statements: string[]): number[] {
  const file = path.join(os.tmpdir(), `cosite-bench-${process.pid}.sql`);
  fs.writeFileSync(file, ['\\timing on', '\\o /dev/null', ...statements].join('\n'));
  const r = spawnSync('psql', [databaseUrl, '-X', '-q', '-f', file], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
}

export const tilesBench: Bench = {
  name: 'tiles',
  async run(ctx) {
    // The core districts: Yuzhong, Jiangbei, Nan'an, Shapingba east, Jiulongpo east, Dadukou north.
    const core: [number, number, number, number] = [106.44, 29.47, 106.66, 29.66];
    const jiefangbei: [number, number, number, number] = [106.55, 29.54, 106.6, 29.58];
    const zooms: [number, [number, number, number, number]][] = [
      [10, core],
      [12, core],
      [14, core],
      [16, jiefangbei],
    ];
    const repeats = 3;
    const rows: (string | number)[][] = [];
    const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cosite';
    for (const [z, box] of zooms) {
      const tiles = spread(tilesIn(box, z), 40);
      const http: number[] = [];
      const sizes: number[] = [];
      // warm-up: the first touches of a table pay for page reads
      for (const t of tiles.slice(0, 5)) await httpGet(`${ctx.baseUrl}/tiles/structures/${t.z}/${t.x}/${t.y}.mvt`);
      for (let k = 0; k < repeats; k++) {
        for (const t of tiles) {
          const t0 = performance.now();
          const { body } = await httpGet(`${ctx.baseUrl}/tiles/structures/${t.z}/${t.x}/${t.y}.mvt`);
          http.push(performance.now() - t0);
          if (k === 0) sizes.push(body.length);
        }
      }
      const statements = Array.from({ length: repeats }, () => tiles.map((t) => `SELECT tile_structures(${t.z}, ${t.x}, ${t.y});`)).flat();
      const floor = psqlTimings(databaseUrl, statements);
      const p50 = percentile(http, 50);
      const p95 = percentile(http, 95);
      const f50 = percentile(floor, 50);
      const f95 = percentile(floor, 95);
      rows.push([z, tiles.length, Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length), Math.max(...sizes), p50, p95, f50, f95, p50 / f50, p95 / f95]);
    }
    return table(
      `GET /tiles/structures/{z}/{x}/{y}.mvt over the core districts (${repeats} passes; psql = the same SQL in psql with \\timing)`,
      ['z', 'tiles', 'avg bytes', 'max bytes', 'API p50 ms', 'API p95 ms', 'psql p50 ms', 'psql p95 ms', 'overhead p50', 'overhead p95'],
      rows,
    );
  },
};
