import * as http from 'node:http';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET with a keep-alive agent: a lighter client than fetch, so the figures are the server's. */
export function httpGet(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** POST a JSON body with the same keep-alive agent; answers the status and the parsed body. */
export function httpPostJson(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': data.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Runs `fn` while `n` compiled worker processes serve the queues (as `npm start` runs them), then stops them. */
export async function withWorkers<T>(n: number, fn: () => Promise<T>): Promise<T> {
  const script = path.resolve(__dirname, '../src/worker.js');
  const procs = Array.from({ length: n }, () => spawn(process.execPath, [script], { env: { ...process.env, LOG_LEVEL: 'warn', COVERAGE_AUTORUN: 'false' }, stdio: 'ignore' }));
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
