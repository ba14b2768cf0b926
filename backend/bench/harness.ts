import * as http from 'node:http';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET with a keep-alive agent: a lighter client than fetch, so the figures are the server's. */
/** The bench's session (an administrator's), sent with every request; run.ts signs in. */
export const benchAuth = { token: '' };
const authHeader = (): Record<string, string> => (benchAuth.token ? { Authorization: `Bearer ${benchAuth.token}` } : {});

export function httpGet(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: authHeader() }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** POST a JSON body with the same keep-alive agent; answers the status and the parsed body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- benches read ad-hoc fields of the answers they time
export function httpPostJson(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...authHeader(), 'Content-Type': 'application/json', 'Content-Length': data.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Runs `fn` while `n` compiled worker processes serve the queues (as `npm start` runs them), then stops them. */
export async function withWorkers<T>(n: number, fn: () => Promise<T>): Promise<T> {
  const script = path.resolve(__dirname, '../src/worker.js');
  const procs = Array.from({ length: n }, () =>
    spawn(process.execPath, [script], { env: { ...process.env, LOG_LEVEL: 'warn', COVERAGE_AUTORUN: 'false' }, stdio: 'ignore' }),
  );
  try {
    await new Promise((r) => setTimeout(r, 3000)); // let the workers connect
    return await fn();
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  }
}

/** Small benchmark helpers: timings in ms, percentiles, and a table printer. Not a test: it only reports. */
export async function timeMany(n: number, fn: (k: number) => Promise<unknown>, warmup = 5): Promise<number[]> {
  for (let k = 0; k < warmup; k++) await fn(k);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = performance.now();
    await fn(k);
    out.push(performance.now() - t);
  }
  return out;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx];
}

export function table(title: string, header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, k) => Math.max(...cells.map((r) => String(r[k]).length)));
  const line = (r: (string | number)[]) => `| ${r.map((c, k) => String(c).padEnd(widths[k])).join(' | ')} |`;
  return [`### ${title}`, '', line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<string>;
}

export interface BenchContext {
  app: import('@nestjs/common').INestApplication;
  baseUrl: string;
  query: (sql: string, params?: unknown[]) => Promise<unknown[]>;
}

const CODE_PREFIX = 'BENCH10-';

/**
 * Ten times the inventory: nine copies of every structure with its tenancies, and of every route, each moved by up to ±300 m in a
 * direction fixed by its id and copy number (so rings hold ten times the candidates). Triggers are off for the
 * bulk insert (no tile-version bumps or coverage notifications for rows that leave again).
 */
export async function growInventory(db: DataSource, factor: number): Promise<number> {
  await shrinkInventory(db);
  await db.transaction(async (em) => {
    await em.query(`SET LOCAL session_replication_role = replica`);
    await em.query(
      `INSERT INTO structure (code, name, kind, owner_id, height_m, slots_total, load_capacity_kg, build_form, status, public_institution, district_id, source, geom)
       SELECT '${CODE_PREFIX}' || k || '-' || s.id, s.name, s.kind, s.owner_id, s.height_m, s.slots_total, s.load_capacity_kg, s.build_form, s.status, s.public_institution, s.district_id, 'bench',
              ST_Translate(s.geom, (((s.id * 7919 + k * 104729) % 601) - 300) / 96000.0, (((s.id * 104729 + k * 7919) % 601) - 300) / 110574.0)
         FROM structure s, generate_series(1, $1 - 1) k WHERE s.source <> 'bench'`,
      [factor],
    );
    await em.query(
      `INSERT INTO route (code, name, kind, owner_id, capacity_unit, capacity_total, capacity_used, status, source, geom)
       SELECT '${CODE_PREFIX}' || k || '-' || r.id, r.name, r.kind, r.owner_id, r.capacity_unit, r.capacity_total, r.capacity_used, r.status, 'bench',
              ST_Translate(r.geom, (((r.id * 7919 + k * 104729) % 601) - 300) / 96000.0, (((r.id * 104729 + k * 7919) % 601) - 300) / 110574.0)
         FROM route r, generate_series(1, $1 - 1) k WHERE r.source <> 'bench'`,
      [factor],
    );
    await em.query(
      `INSERT INTO tenancy (structure_id, operator_id, technology, band_mhz, antenna_height_m, azimuth_deg, sector_count, eirp_dbm, slots_used, load_kg, status, source)
       SELECT n.id, t.operator_id, t.technology, t.band_mhz, t.antenna_height_m, t.azimuth_deg, t.sector_count, t.eirp_dbm, t.slots_used, t.load_kg, t.status, 'bench'
         FROM tenancy t CROSS JOIN generate_series(1, $1 - 1) k
         JOIN structure n ON n.code = '${CODE_PREFIX}' || k || '-' || t.structure_id
        WHERE t.source <> 'bench'`,
      [factor],
    );
  });
  await db.query(`ANALYZE structure`);
  await db.query(`ANALYZE tenancy`);
  await db.query(`ANALYZE route`);
  const [c] = await db.query(`SELECT count(*)::int AS n FROM structure`);
  return c.n;
}

/** Vacuums and analyses the inventory tables, so figures are not taken while autovacuum clears an earlier run's rows. */
export async function settle(db: DataSource): Promise<void> {
  await db.query(`VACUUM (ANALYZE) structure, tenancy, route, protection_zone, colocation_analysis, coverage_cell`);
}

export async function shrinkInventory(db: DataSource): Promise<void> {
  await db.transaction(async (em) => {
    await em.query(`SET LOCAL session_replication_role = replica`);
    await em.query(`DELETE FROM tenancy WHERE source = 'bench'`);
    await em.query(`DELETE FROM structure WHERE source = 'bench'`);
    await em.query(`DELETE FROM route WHERE source = 'bench'`);
  });
}

/**
 * Moves tile-layer versions as the inventory triggers would have (the bulk inflation runs with triggers off), so
 * every process's caches keyed by them (the coverage service's sectors, vector tiles) reload.
 */
export async function bumpLayerVersions(db: DataSource, layers: string[]): Promise<void> {
  await db.query(`UPDATE tile_layer_version SET version = version + 1, changed_at = now() WHERE layer = ANY($1::text[])`, [layers]);
}
