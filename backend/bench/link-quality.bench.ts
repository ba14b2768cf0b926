import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { PoolClient } from 'pg';
import { CoverageService, coverageCellRows, technologyOfSlot } from '../src/coverage/coverage.service';
import { computeCells, type LinkQualitySettings } from '../src/coverage/engine/compute';
import { LINK_QUALITY_DEFAULTS } from '../src/coverage/coverage.defaults';
import { CELL_COLUMNS } from '../src/coverage/coverage.repository';
import { copyRows } from '../src/database/copy';
import { h3ToBigint } from '../src/radio/universe';
import { type Bench, table } from './harness';
import { TECHNOLOGIES } from '@cosite/contracts';
import { CoverageRepository } from '../src/coverage/coverage.repository';
import { toSectors } from '../src/coverage/engine/sectors';
import { usefulRadiusM } from '../src/coverage/engine/kernel';
import { STORE_BELOW_THRESHOLD_DB } from '../src/coverage/coverage.defaults';

/** Lets the in-process API answer between chunks of CPU-bound work (an idle keep-alive socket dies otherwise). */
const breathe = () => new Promise((r) => setImmediate(r));

interface Pass {
  computeMs: number;
  writeMs: number;
  rows: number;
  evaluations: number;
}

/**
 * Issue 17's target: SINR and throughput may add at most 30 % to the whole-city run. Every chunk of the sample city
 * is computed and written as a run does it (the engine over terrain and clutter, then the chunk's rows replaced in
 * coverage_cell by COPY), once with link quality and once without, the two interleaved chunk by chunk (the order
 * alternating) so that both see the same machine; each write is rolled back, so the stored coverage is untouched.
 */
export const linkQualityBench: Bench = {
  name: 'link-quality',
  async run(ctx) {
    const service = ctx.app.get(CoverageService);
    const db = ctx.app.get(DataSource);
    const grid = await service.grid();
    const { u } = grid;
    const { operators, sectors } = await service.sectors();
    const slots = technologyOfSlot(operators).length;
    const terrain = await service.terrain(u, grid.version);
    const lq: LinkQualitySettings = { loadFactor: LINK_QUALITY_DEFAULTS.loadFactor.value, technologyOfSlot: technologyOfSlot(operators) };
    const passes = { without: zero(), with: zero() };
    const qr = db.createQueryRunner();
    await qr.connect();
    const client = (qr as unknown as { databaseConnection: PoolClient }).databaseConnection;
    const chunks = [...u.chunks.entries()];
    const oneChunk = async (chunk: string, cellIdx: Int32Array, quality: LinkQualitySettings | null, into: Pass) => {
      const t0 = performance.now();
      const r = computeCells(u, cellIdx, sectors, slots, terrain, quality);
      const t1 = performance.now();
      await client.query('BEGIN');
      try {
        await client.query('DELETE FROM coverage_cell WHERE chunk = $1::bigint', [h3ToBigint(chunk)]);
        into.rows += await copyRows(client, 'coverage_cell', CELL_COLUMNS, coverageCellRows(u, r, operators, h3ToBigint(chunk)));
      } finally {
        await client.query('ROLLBACK');
      }
      into.computeMs += t1 - t0;
      into.writeMs += performance.now() - t1;
      into.evaluations += r.evaluations;
      await breathe();
    };
    try {
      // warm-up: both paths of the engine on a few chunks
      for (const [c, idx] of chunks.slice(0, 4)) {
        await oneChunk(c, idx, null, zero());
        await oneChunk(c, idx, lq, zero());
      }
      for (const [k, [c, idx]] of chunks.entries()) {
        if (k % 2) {
          await oneChunk(c, idx, null, passes.without);
          await oneChunk(c, idx, lq, passes.with);
        } else {
          await oneChunk(c, idx, lq, passes.with);
          await oneChunk(c, idx, null, passes.without);
        }
        if ((k + 1) % 50 === 0) console.log(`  link-quality bench: ${k + 1} of ${chunks.length} chunks`);
      }
    } finally {
      await qr.release();
    }
    const total = (p: Pass) => (p.computeMs + p.writeMs) / 1000;
    const ratio = total(passes.with) / total(passes.without);
    const row = (name: string, p: Pass) => [name, chunks.length, p.evaluations, p.rows, p.computeMs / 1000, p.writeMs / 1000, total(p)];
    console.log(
      table(
        `Whole sample city (${sectors.length} sectors, ${u.h3.length} cells), every chunk computed over terrain and written (rolled back), one core`,
        ['run', 'chunks', 'evaluations', 'rows', 'engine s', 'rows + COPY s', 'total s'],
        [
          row('RSRP only (best and second server)', passes.without),
          row('RSRP + SINR + throughput', passes.with),
          [
            'with ÷ without',
            '',
            '',
            '',
            ratio3(passes.with.computeMs / passes.without.computeMs),
            ratio3(passes.with.writeMs / passes.without.writeMs),
            ratio3(ratio),
          ],
        ],
      ) + `\n\nTarget: SINR and throughput add ≤ 30 % to the whole-city run: +${((ratio - 1) * 100).toFixed(1)} % — **${ratio <= 1.3 ? 'met' : 'not met'}**.\n`,
    );

    // What the interferers left out cost: the same cells with every sector reaching 20 dB below the threshold
    // instead of 10 (every 10th chunk), the SINR of the same best servers compared.
    const far = toSectors(
      await ctx.app.get(CoverageRepository).tenancyRadios(),
      operators,
      TECHNOLOGIES,
      (m, f, h, budget) => usefulRadiusM(m, f, h, budget),
      STORE_BELOW_THRESHOLD_DB + 10,
    );
    const diffs: number[] = [];
    let farMs = 0;
    let nearMs = 0;
    for (const [k, [, idx]] of chunks.entries()) {
      if (k % 10) continue;
      const t0 = performance.now();
      const near = computeCells(u, idx, sectors, slots, terrain, lq);
      const t1 = performance.now();
      const wide = computeCells(u, idx, far, slots, terrain, lq);
      farMs += performance.now() - t1;
      nearMs += t1 - t0;
      for (let j = 0; j < near.best.length; j++) {
        const a = near.sinr![j];
        const b = wide.sinr![j];
        if (a === a && b === b && near.best[j] >= -115) diffs.push(a - b);
      }
      await breathe();
    }
    diffs.sort((x, y) => x - y);
    const q = (p: number) => diffs[Math.min(diffs.length - 1, Math.floor(p * diffs.length))];
    return (
      table(
        'Interferers beyond the coverage reach: SINR overestimate of the stored reach (10 dB below threshold) against a 20 dB reach, every 10th chunk',
        ['cell × operator × technology links', 'median dB', 'p90 dB', 'p99 dB', 'engine s (10 dB reach)', 'engine s (20 dB reach)'],
        [[diffs.length, q(0.5), q(0.9), q(0.99), nearMs / 1000, farMs / 1000]],
      ) + '\n\nA positive figure is how much SINR the stored reach overstates by leaving the weakest interferers out.'
    );
  },
};

const zero = (): Pass => ({ computeMs: 0, writeMs: 0, rows: 0, evaluations: 0 });
const ratio3 = (x: number) => `${x.toFixed(3)}×`;
