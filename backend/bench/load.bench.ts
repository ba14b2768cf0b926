import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createHash, randomBytes } from 'node:crypto';
import { type Bench, type BenchContext, benchAuth, percentile, table, withWorkers } from './harness';
import { demandsNearTowers } from './colocation.bench';
import { deflatedZeros, shpHeader, zipOf } from '../test/support/zip-bomb';

/**
 * The API under load as a city would put it there, each table printed as soon as it is measured:
 * 200 map clients panning over the core districts (with the tile cache and without it, side by side), /health while
 * a zip bomb is posted and rejected, and 20 planners analysing at once. The API runs as its own process (as
 * `npm start` runs it), so the load generator does not share its event loop.
 */

const CORE: [number, number, number, number] = [106.44, 29.47, 106.66, 29.66];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Runs `fn` against a compiled API process started with `env` on a free port, then stops it. */
async function withApiProcess<T>(env: Record<string, string>, fn: (base: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const proc = spawn(process.execPath, [path.resolve(__dirname, '../src/main.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let k = 0; ; k++) {
      const ok = await fetch(`${base}/api/v1/health`).then(
        (r) => r.status < 500,
        () => false,
      );
      if (ok) break;
      if (k > 240) throw new Error('the API process did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
    return await fn(base);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
}

function request(
  agent: http.Agent,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer; token?: string } = {},
): Promise<{ status: number; body: Buffer; cache?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { agent, method: init.method ?? 'GET', headers: { Authorization: `Bearer ${init.token ?? benchAuth.token}`, ...init.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), cache: res.headers['x-tile-cache'] as string | undefined }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function tilesOver(box: [number, number, number, number], z: number): string[] {
  const n = 2 ** z;
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const ty = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const out: string[] = [];
  for (let x = tx(box[0]); x <= tx(box[2]); x++) for (let y = ty(box[3]); y <= ty(box[1]); y++) out.push(`${z}/${x}/${y}`);
  return out;
}

/** `clients` map clients, each asking for the next tile of its own shuffled walk, for `seconds`; four share a session (one browser's connections). */
async function tileLoad(
  base: string,
  clients: number,
  seconds: number,
  sessions: string[],
): Promise<{ tiles: number; perSecond: number; p50: number; p95: number; errors: number; hitShare: number }> {
  const layers = ['structures', 'routes', 'overlays', 'streets'];
  const addresses = [...tilesOver(CORE, 13), ...tilesOver(CORE, 14)];
  const urls = addresses.flatMap((a) => layers.map((l) => `${base}/tiles/${l}/${a}.mvt`));
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const times: number[] = [];
  let errors = 0;
  let hits = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let k = c * 7919; performance.now() < until; k += 104729) {
        const t0 = performance.now();
        try {
          const r = await request(agent, urls[k % urls.length], { token: sessions[Math.floor(c / 4) % sessions.length] });
          if (r.status >= 400) errors++;
          if (r.cache === 'hit') hits++;
        } catch {
          errors++;
        }
        times.push(performance.now() - t0);
      }
    }),
  );
  agent.destroy();
  return {
    tiles: times.length,
    perSecond: times.length / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    errors,
    hitShare: hits / Math.max(1, times.length),
  };
}

/** /health asked every 50 ms while `during` runs: how the API answers everyone else meanwhile. */
async function healthWhile(base: string, during: () => Promise<unknown>): Promise<{ n: number; p50: number; p95: number; max: number; failed: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let failed = 0;
  let running = true;
  const probe = (async () => {
    while (running) {
      const t0 = performance.now();
      const r = await request(agent, `${base}/api/v1/health`).catch(() => ({ status: 0 }));
      times.push(performance.now() - t0);
      if (r.status !== 200 && r.status !== 503) failed++;
      await new Promise((res) => setTimeout(res, 50));
    }
  })();
  try {
    // at least 3 s of answers around it, however fast the refusal: the figure is the API's, not the bomb's
    await Promise.all([during(), new Promise((res) => setTimeout(res, 3000))]);
  } finally {
    running = false;
    await probe;
    agent.destroy();
  }
  return { n: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), failed };
}

/** Sessions of the demo planners made directly in the database, as fifty people signed in at once would hold. */
async function benchSessions(ctx: BenchContext, n: number): Promise<string[]> {
  const tokens = Array.from({ length: n }, () => randomBytes(32).toString('base64url'));
  await ctx.query(
    `INSERT INTO user_session (user_id, token_hash, csrf_token, expires_at)
     SELECT u.id, t.hash, 'bench', now() + interval '1 hour'
       FROM unnest($1::text[]) WITH ORDINALITY t(hash, k)
       JOIN LATERAL (SELECT id FROM app_user WHERE username LIKE 'planner.%' AND NOT disabled ORDER BY id OFFSET (t.k % 4) LIMIT 1) u ON true`,
    [tokens.map((t) => createHash('sha256').update(t).digest('hex'))],
  );
  return tokens;
}

export const loadBench: Bench = {
  name: 'load',
  async run(ctx) {
    // 1. Tiles: 200 clients for 30 s, the same tiles asked again and again (a city's planners on one map)
    const rows: (string | number)[][] = [];
    const sessions = await benchSessions(ctx, 50);
    const runs: [string, Record<string, string>][] = [
      ['no tile cache (baseline)', { TILE_CACHE_BYTES: '0' }],
      ['tile cache (default budget)', {}],
    ];
    for (const [label, env] of runs) {
      const r = await withApiProcess(env, async (base) => {
        await tileLoad(base, 20, 3, sessions); // warm the pool and the statements
        return tileLoad(base, 200, 30, sessions);
      });
      rows.push([label, r.tiles, r.perSecond, r.p50, r.p95, `${(r.hitShare * 100).toFixed(0)} %`, r.errors]);
    }
    rows.push([
      'ratio cache / baseline',
      Number(rows[1][1]) / Number(rows[0][1]),
      Number(rows[1][2]) / Number(rows[0][2]),
      Number(rows[1][3]) / Number(rows[0][3]),
      Number(rows[1][4]) / Number(rows[0][4]),
      '',
      '',
    ]);
    console.log(
      table(
        '200 concurrent map clients, 30 s, structures/routes/overlays/streets tiles at z13–14 over the core districts (target p95 ≤ 250 ms; ≥ 1,000 tiles/s with cache hits)',
        ['run', 'tiles', 'tiles/s', 'p50 ms', 'p95 ms', 'cache hits', 'errors'],
        rows,
      ),
    );
    console.log('');

    // 2. /health while zip bombs are posted: one whose headers tell the truth, one whose headers lie
    const shp = deflatedZeros(shpHeader(), 1536);
    const bomb = (declaredSize: number) => zipOf([{ name: 'zones.shp', deflated: shp, declaredSize }]);
    const honest = bomb(100 + 1536 * 1024 ** 2);
    const liar = bomb(1000);
    const bombRows: (string | number)[][] = [];
    await withWorkers(1, () =>
      withApiProcess({}, async (base) => {
        const agent = new http.Agent({ keepAlive: false });
        const quiet = await healthWhile(base, () => new Promise((r) => setTimeout(r, 3000)));
        bombRows.push(['nothing posted', '', '', quiet.n, quiet.p50, quiet.p95, quiet.max, quiet.failed]);
        for (const [label, zip] of [
          ['honest headers (1.5 GiB declared)', honest],
          ['lying headers (1 KB declared)', liar],
        ] as const) {
          console.log(`(posting a zip bomb with ${label}…)`);
          let answer = '';
          let outcome = '';
          const h = await healthWhile(base, async () => {
            const r = await request(agent, `${base}/api/v1/imports?layer=overlays&crs=wgs84`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/zip' },
              body: zip,
            });
            answer = String(r.status);
            const body = JSON.parse(r.body.toString() || '{}');
            if (r.status === 202 && body.id) {
              // the worker unpacks it: wait for its verdict
              for (let k = 0; k < 600; k++) {
                const b = JSON.parse((await request(agent, `${base}/api/v1/imports/${body.id}`)).body.toString());
                if (b.status === 'loaded' || b.status === 'failed') {
                  outcome = `${b.status}: ${String(b.error ?? '').slice(0, 70)}`;
                  break;
                }
                await new Promise((res) => setTimeout(res, 100));
              }
            } else outcome = String(body.message ?? '').slice(0, 80);
          });
          bombRows.push([label, `${(zip.length / 1024 ** 2).toFixed(2)} MB → ${answer}`, outcome, h.n, h.p50, h.p95, h.max, h.failed]);
        }
        agent.destroy();
      }),
    );
    console.log(
      table(
        'GET /api/v1/health every 50 ms while a zip bomb (.shp inflating to 1.5 GiB) is posted and rejected (target p95 ≤ 200 ms)',
        ['upload', 'size → answer', 'verdict', 'health calls', 'p50 ms', 'p95 ms', 'max ms', 'failed'],
        bombRows,
      ),
    );
    console.log('');

    // 3. 20 planners analysing at once
    // the first 40 warm the process (JIT, the pool's prepared plans) and are not counted
    const warmUp = 40;
    const demands = await demandsNearTowers(ctx, 200 + warmUp);
    const analysisRows: (string | number)[][] = [];
    await withApiProcess({}, async (base) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
      const ids: string[] = [];
      const times: number[] = [];
      let errors = 0;
      let next = 0;
      let t0 = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < demands.length) {
            const k = next++;
            if (k === warmUp) t0 = performance.now();
            const s = performance.now();
            const r = await request(agent, `${base}/api/v1/colocation/analyses`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: Buffer.from(JSON.stringify(demands[k])),
            });
            if (k >= warmUp) times.push(performance.now() - s);
            if (r.status !== 201) errors++;
            else ids.push(JSON.parse(r.body.toString()).id);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const measured = times.length;
      agent.destroy();
      await ctx.query(`DELETE FROM colocation_analysis WHERE id = ANY($1::uuid[])`, [ids]);
      await ctx.query(`DELETE FROM colocation_cobuild_group g WHERE NOT EXISTS (SELECT 1 FROM colocation_analysis a WHERE a.cobuild_group_id = g.id)`);
      analysisRows.push([20, measured, measured / seconds, percentile(times, 50), percentile(times, 95), Math.max(...times), errors]);
    });
    return table(
      'POST /api/v1/colocation/analyses from 20 planners at once (target p95 ≤ 500 ms)',
      ['concurrent', 'analyses', 'per second', 'p50 ms', 'p95 ms', 'max ms', 'errors'],
      analysisRows,
    );
  },
};
