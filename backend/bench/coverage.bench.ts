import { performance } from 'node:perf_hooks';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import * as turf from '@turf/turf';
import { TECHNOLOGIES } from '../src/common/enums';
import { CoverageService } from '../src/coverage/coverage.service';
import { computeCells } from '../src/coverage/engine/compute';
import type { Sector } from '../src/coverage/engine/sectors';
import { COVERAGE_RESOLUTION } from '../src/coverage/engine/universe';
import { UE_HEIGHT_M } from '../src/coverage/coverage.defaults';
import { kernelFor } from '../src/coverage/engine/kernel';
import { sectorAttenuation, bearingDeg } from '../src/coverage/propagation/antenna';
import { Bench, BenchContext, httpGet, table, withWorkers } from './harness';

/** The naive way: gridDisk around each sector, cellToLatLng and a turf distance per cell, best kept in a string-keyed Map. */
function naive(sectors: Sector[]): { evaluations: number; cells: number } {
  const best = new Map<string, number>();
  let evaluations = 0;
  for (const s of sectors) {
    const origin = latLngToCell(s.lat, s.lon, COVERAGE_RESOLUTION);
    const k = Math.ceil(s.radiusM / 115) + 1; // res-10 cell centres are ~115 m apart
    for (const c of gridDisk(origin, k)) {
      const [lat, lon] = cellToLatLng(c);
      const d = turf.distance([s.lon, s.lat], [lon, lat], { units: 'meters' });
      if (d > s.radiusM) continue;
      evaluations++;
      const d3 = Math.hypot(d, s.heightM - UE_HEIGHT_M);
      const pl = kernelFor(s.model, s.frequencyMHz, s.heightM)(d, d3, Math.log10(d3));
      const dx = (lon - s.lon) * 111320 * Math.cos((s.lat * Math.PI) / 180);
      const dy = (lat - s.lat) * 110574;
      const att = Number.isNaN(s.azimuthDeg) ? 0 : sectorAttenuation(bearingDeg(dx, dy) - s.azimuthDeg, (Math.atan2(s.heightM - UE_HEIGHT_M, d) * 180) / Math.PI, s.downtiltDeg);
      const rsrp = s.eirpPerReDbm - pl - att;
      const key = `${c}:${s.slot}`;
      if (!(best.get(key)! >= rsrp)) best.set(key, rsrp);
    }
  }
  return { evaluations, cells: best.size };
}

/** Copies of the sectors shifted by up to ~600 m: a denser city for the scaling run. */
function densify(sectors: Sector[], factor: number): Sector[] {
  const out: Sector[] = [];
  for (let f = 0; f < factor; f++) {
    for (let i = 0; i < sectors.length; i++) {
      const s = sectors[i];
      if (f === 0) out.push(s);
      else out.push({ ...s, lon: s.lon + Math.sin(i * 12.9898 + f) * 0.006, lat: s.lat + Math.cos(i * 78.233 + f) * 0.005 });
    }
  }
  return out;
}

async function fullRun(ctx: BenchContext, workers: number): Promise<{ seconds: number; chunks: number }> {
  // A run left going (a worker's first-start run, an earlier bench) would make ours wait: cancel it.
  const runs = JSON.parse((await httpGet(`${ctx.baseUrl}/api/v1/coverage/runs`)).body.toString()) as { id: string; status: string }[];
  for (const r of runs.filter((x) => x.status === 'running')) await fetch(`${ctx.baseUrl}/api/v1/coverage/runs/${r.id}/cancel`, { method: 'POST' });
  return withWorkers(workers, async () => {
    const t0 = performance.now();
    const res = await fetch(`${ctx.baseUrl}/api/v1/coverage/runs`, { method: 'POST' });
    if (res.status !== 202) throw new Error(`could not start a run: ${res.status} ${await res.text()}`);
    const run = (await res.json()) as { id: string; chunksTotal: number };
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const r = JSON.parse((await httpGet(`${ctx.baseUrl}/api/v1/coverage/runs/${run.id}`)).body.toString()) as { status: string };
      if (r.status !== 'running') {
        if (r.status !== 'completed') throw new Error(`run ${run.id} ended ${r.status}`);
        return { seconds: (performance.now() - t0) / 1000, chunks: run.chunksTotal };
      }
    }
  });
}

export const coverageBench: Bench = {
  name: 'coverage',
  async run(ctx) {
    const service = ctx.app.get(CoverageService);
    const { u } = await service.grid();
    const { operators, sectors } = await service.sectors();
    const slots = operators.length * TECHNOLOGIES.length;
    const chunks = [...u.chunks.values()];
    const out: string[] = [];

    // 1. the raw kernel over the whole city, one core, no writes
    const engine = (secs: Sector[]) => {
      const t0 = performance.now();
      let evaluations = 0;
      for (const c of chunks) evaluations += computeCells(u, c, secs, slots).evaluations;
      return { seconds: (performance.now() - t0) / 1000, evaluations };
    };
    engine(sectors.slice(0, 2000)); // warm-up
    const city = engine(sectors);

    // 2. the naive baseline on a sample of sectors, and the engine on the same sample
    const sample = sectors.filter((_, i) => i % 40 === 0);
    const tn = performance.now();
    const nv = naive(sample);
    const naiveSec = (performance.now() - tn) / 1000;
    const same = engine(sample);
    out.push(
      table('Coverage engine: sector-cell evaluations (one core, no database writes)', ['what', 'sectors', 'cells', 'evaluations', 'seconds', 'evaluations/s'], [
        ['engine, whole sample city', sectors.length, u.h3.length, city.evaluations, city.seconds, Math.round(city.evaluations / city.seconds)],
        ['engine, every 40th sector', sample.length, u.h3.length, same.evaluations, same.seconds, Math.round(same.evaluations / same.seconds)],
        ['naive baseline, same sectors', sample.length, nv.cells, nv.evaluations, naiveSec, Math.round(nv.evaluations / naiveSec)],
        ['engine ÷ naive (evaluations/s)', '', '', '', '', `${((same.evaluations / same.seconds) / (nv.evaluations / naiveSec)).toFixed(1)}×`],
      ]),
    );

    // 3. growth with city size (engine only): 1×, 3× (≈ the 2025 city: 150,000 5G sites × 3 sectors), 10×
    const rows: (string | number)[][] = [];
    for (const f of [1, 3, 10]) {
      const secs = densify(sectors, f);
      const r = engine(secs);
      rows.push([`${f}×`, secs.length, r.evaluations, r.seconds, r.seconds / 2]);
    }
    out.push(table('Growth with city size (engine only; the 2-core estimate assumes the chunks split evenly)', ['city', 'sectors', 'evaluations', 'seconds (1 core)', 'seconds (2 cores, est.)'], rows));

    // 4. full recompute through BullMQ, with writes, one worker then two
    const one = await fullRun(ctx, 1);
    const two = await fullRun(ctx, 2);

    // 5. incremental: one sector changed, its cells recomputed and rewritten (the worker's job, timed in-process)
    const [t] = await ctx.query(`SELECT t.id::int AS id, t.structure_id::int AS sid FROM tenancy t JOIN structure s ON s.id = t.structure_id WHERE t.technology = '5G' AND s.kind = 'monopole' AND t.status = 'active' ORDER BY t.id LIMIT 1`) as { id: number; sid: number }[];
    const inc: number[] = [];
    let cells = 0;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const r = await service.recomputeNear({ structureIds: [t.sid], tenancyIds: [t.id] });
      inc.push(performance.now() - t0);
      if (r !== 'full-run') cells = r.cells;
    }
    inc.sort((a, b) => a - b);
    out.push(
      table('Recompute with writes', ['what', 'result'], [
        ['full city, 1 worker', `${one.seconds.toFixed(1)} s (${one.chunks} chunks)`],
        ['full city, 2 workers', `${two.seconds.toFixed(1)} s`],
        ['incremental, one structure (median of 5)', `${inc[2].toFixed(0)} ms for ${cells} cells`],
      ]),
    );
    return out.join('\n\n');
  },
};
