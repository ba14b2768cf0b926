import * as http from 'node:http';
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
