import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hgtName, syntheticHgt, type SyntheticTerrainOptions } from '../../gis-data/src/sample/synthetic-hgt';
import { readHgt, sampleProfile, type DemGrid } from '../src/radio/propagation/terrain/hgt';
import { analyseProfile, createProfileScratch } from '../src/radio/propagation/terrain/profile';
import { EARTH_RADIUS_M } from '../src/radio/propagation/terrain/geometry';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { emptyBestServers, evaluateSectors, indexCells } from '../src/coverage/engine/kernel';
import { createHorizon, samplerOf, sweepHorizon } from '../src/coverage/engine/terrain';
import type { Sector } from '../src/coverage/engine/sectors';
import { COVERAGE_RESOLUTION } from '../src/radio/universe';
import { CLUTTER_UNKNOWN } from '../src/radio/propagation/clutter';
import { linkProfile } from '../src/terrain/link-profile';
import { itmPointToPoint } from '../src/radio/propagation/itm/itm';
import { type Bench, percentile, table } from './harness';
import { randomLinks, type BenchLink } from './splat/links';
import {
  haveSplat,
  lrp,
  parseAno,
  parseReport,
  pool,
  qth,
  runSplat,
  srtm2sdf,
  SPLAT_EARTH_MULTIPLIER,
  SPLAT_TIMEOUT_MS,
  type SplatReport,
} from './splat/splat';

/**
 * Issue 14's side-by-side benchmark with SPLAT! 1.4.2 (Debian `splat`): the same synthetic SRTM tile read by both,
 * 520 seeded links through SPLAT's Longley-Rice (-olditm) and ITWOM, and through Cosite's ITM and its 3GPP RMa +
 * Deygout diffraction; then one site's area coverage. Not a test: it prints figures, each table as soon as it is
 * measured (the whole bench takes a few minutes on 2 cores).
 */

const LINKS = 520;
const SEED = 14;
/** SPLAT processes at once: the machine has 2 cores. */
const PARALLEL = 2;
const TILE = { south: 29, west: 106 };
/** Moderate relief: ridges ~300 m over a 300 m plateau, so random links give a mix of clear and blocked paths. */
const TERRAIN: SyntheticTerrainOptions = {
  seed: SEED,
  baseM: 300,
  ridgeSpacingM: 11000,
  ridgeReliefM: 280,
  ridgeHalfWidthM: 1500,
  valleyDepthM: 90,
  hillsM: 45,
};
/** Links stay 0.05° (≥ 4.8 km) inside the tile, clear of SPLAT's and our edge handling. */
const BOX = { west: TILE.west + 0.05, south: TILE.south + 0.05, east: TILE.west + 0.95, north: TILE.south + 0.95 };
const AREA_RADIUS_KM = 5;
const AREA_RX_M = 1.5;

const log = (s: string) => console.log(`${s}\n`);
const yieldLoop = () => new Promise((r) => setImmediate(r));
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '-');
const median = (xs: number[]) => percentile(xs, 50);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

interface CositeLink {
  geometricClear: boolean;
  fresnel60Clear: boolean;
  gppLossDb: number;
  itmLossDb: number;
  distanceM: number;
  samples: number;
}

function writeLinkFiles(dir: string, l: BenchLink): void {
  fs.writeFileSync(path.join(dir, `t${l.id}.qth`), qth(`t${l.id}`, l.tx.lon, l.tx.lat, l.tx.heightM));
  fs.writeFileSync(path.join(dir, `t${l.id}.lrp`), lrp(l.frequencyMHz));
  fs.writeFileSync(path.join(dir, `r${l.id}.qth`), qth(`r${l.id}`, l.rx.lon, l.rx.lat, l.rx.heightM));
}

/** Every link through SPLAT in `dir` (its own copy of the site files, so the two models' reports do not collide). */
async function splatLinks(
  dir: string,
  sdfDir: string,
  links: BenchLink[],
  oldItm: boolean,
): Promise<{ reports: (SplatReport | null)[]; ms: number[]; wallMs: number; timedOut: number }> {
  fs.mkdirSync(dir, { recursive: true });
  for (const l of links) writeLinkFiles(dir, l);
  const t0 = performance.now();
  const runs = await pool(links, PARALLEL, (l) =>
    runSplat(['-t', `t${l.id}.qth`, '-r', `r${l.id}.qth`, '-d', sdfDir, '-metric', '-m', SPLAT_EARTH_MULTIPLIER, ...(oldItm ? ['-olditm'] : [])], dir),
  );
  const wallMs = performance.now() - t0;
  const reports = links.map((l, i) => (runs[i].finished ? parseReport(fs.readFileSync(path.join(dir, `t${l.id}-to-r${l.id}.txt`), 'latin1')) : null));
  return { reports, ms: runs.filter((r) => r.finished).map((r) => r.ms), wallMs, timedOut: runs.filter((r) => !r.finished).length };
}

/** The same links through Cosite, timed per engine (profile sampling included in each). */
async function cositeLinks(grid: DemGrid, links: BenchLink[]): Promise<{ out: CositeLink[]; gppMs: number[]; itmMs: number[]; itmRefused: number }> {
  const out: CositeLink[] = [];
  const gppMs: number[] = [];
  const itmMs: number[] = [];
  let itmRefused = 0;
  const scratch = createProfileScratch(2048);
  for (const l of links) {
    const t0 = performance.now();
    const lp = linkProfile(grid, l.tx, l.rx, l.frequencyMHz, '3gpp-rma');
    gppMs.push(performance.now() - t0);
    let itmLossDb = NaN;
    const t1 = performance.now();
    try {
      const p = sampleProfile(grid, l.tx, l.rx);
      itmLossDb = itmPointToPoint(p.heights, p.heights.length, p.spacingM, l.tx.heightM, l.rx.heightM, l.frequencyMHz).lossDb;
      itmMs.push(performance.now() - t1);
    } catch (err) {
      // ItmPathError: a profile ITM itself has no value for (counted, left out of the comparison)
      if (!(err instanceof RangeError)) throw err;
      itmRefused++;
    }
    // geometric LOS from the same profile analysis (clearance of the bare line, not of 60 % F1)
    const p = sampleProfile(grid, l.tx, l.rx);
    const r = analyseProfile(
      { ground: p.heights, spacingM: p.spacingM, txHeightM: l.tx.heightM, rxHeightM: l.rx.heightM, frequencyMHz: l.frequencyMHz },
      scratch,
    );
    out.push({
      geometricClear: r.minClearanceM >= 0,
      fresnel60Clear: lp.los,
      gppLossDb: lp.totalLossDb,
      itmLossDb,
      distanceM: p.distanceM,
      samples: p.heights.length,
    });
    if (out.length % 50 === 0) await yieldLoop();
  }
  return { out, gppMs, itmMs, itmRefused };
}

function confusion(title: string, splat: boolean[], cosite: boolean[]): string {
  let cc = 0,
    cb = 0,
    bc = 0,
    bb = 0;
  for (let i = 0; i < splat.length; i++) {
    if (splat[i] && cosite[i]) cc++;
    else if (splat[i]) cb++;
    else if (cosite[i]) bc++;
    else bb++;
  }
  const n = splat.length;
  return table(
    title,
    ['', 'Cosite clear', 'Cosite not clear', 'total'],
    [
      ['SPLAT! clear', cc, cb, cc + cb],
      ['SPLAT! not clear', bc, bb, bc + bb],
      ['agreement', '', '', `${cc + bb} of ${n} (${pct(cc + bb, n)})`],
    ],
  );
}

function deltaRow(name: string, a: number[], b: number[], keep: boolean[]): (string | number)[] {
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) if (keep[i] && Number.isFinite(a[i]) && Number.isFinite(b[i])) d.push(a[i] - b[i]);
  const abs = d.map(Math.abs);
  return [name, d.length, median(abs), percentile(abs, 90), mean(d), percentile(abs, 99)];
}

/** One site's area: SPLAT -c and -L (-R km) against the coverage engine over the H3 cells within the same radius. */
async function areaTable(
  dir: string,
  sdfDir: string,
  grid: DemGrid,
  site: { lon: number; lat: number; heightM: number },
  frequencyMHz: number,
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'site.qth'), qth('site', site.lon, site.lat, site.heightM));
  fs.writeFileSync(path.join(dir, 'site.lrp'), lrp(frequencyMHz));
  const common = ['-t', 'site.qth', '-d', sdfDir, '-metric', '-m', SPLAT_EARTH_MULTIPLIER, '-R', String(AREA_RADIUS_KM)];
  const cRun = await runSplat([...common, '-c', String(AREA_RX_M), '-o', 'los'], dir, 120_000);
  const lRun = await runSplat([...common, '-olditm', '-L', String(AREA_RX_M), '-ano', 'loss.dat', '-o', 'loss'], dir, 120_000);
  if (!cRun.finished || !lRun.finished) return 'SPLAT! area mode did not finish within 120 s: no area table';
  const cMs = cRun.ms;
  const lMs = lRun.ms;
  const ano = parseAno(fs.readFileSync(path.join(dir, 'loss.dat'), 'latin1'));

  // Cosite: the engine itself (evaluateSectors over terrain) for the site's three sectors on the H3 cells within reach
  const radiusM = AREA_RADIUS_KM * 1000;
  const sample = samplerOf(grid);
  const kx = 111320 * Math.cos((site.lat * Math.PI) / 180);
  const stepM = grid.stepDeg * Math.min(kx, 110574);
  const disk = gridDisk(latLngToCell(site.lat, site.lon, COVERAGE_RESOLUTION), Math.ceil(radiusM / 100)).map((h) => cellToLatLng(h));
  const inReach = disk.filter(([la, lo]) => Math.hypot((lo - site.lon) * kx, (la - site.lat) * 110574) <= radiusM);
  const lon = Float64Array.from(inReach, (p) => p[1]);
  const lat = Float64Array.from(inReach, (p) => p[0]);
  const cellSet = indexCells(lon, lat);
  const terrain = { sample, stepM, ground: Float32Array.from(lon, (x, i) => sample(x, lat[i])), clutter: new Uint8Array(lon.length).fill(CLUTTER_UNKNOWN) };
  const sectors: Sector[] = [0, 120, 240].map((az, k) => ({
    tenancyId: 1,
    sectorIndex: k,
    slot: 0,
    band: 0,
    lon: site.lon,
    lat: site.lat,
    heightM: site.heightM,
    azimuthDeg: az,
    downtiltDeg: 2,
    eirpPerReDbm: 30,
    model: '3gpp-rma',
    frequencyMHz,
    radiusM,
  }));
  const runOnce = () => {
    const out = emptyBestServers(lon.length, 1);
    evaluateSectors(cellSet, sectors, out, 0, terrain);
    return out.evaluations;
  };
  runOnce(); // warm-up (JIT)
  const runs: number[] = [];
  let evaluations = 0;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    evaluations = runOnce();
    runs.push(performance.now() - t0);
    await yieldLoop();
  }
  const cositeMs = median(runs);
  const cells = lon.length;

  // geometric LOS agreement over SPLAT's -L points (its '*' marks a blocked line), read from the engine's horizon
  const h = createHorizon();
  sweepHorizon(h, sample, site.lon, site.lat, site.heightM, radiusM, stepM);
  const inv2kR = 1 / (2 * (4 / 3) * EARTH_RADIUS_M);
  let agree = 0;
  let n = 0;
  for (const p of ano) {
    const dx = (p.lon - site.lon) * kx;
    const dy = (p.lat - site.lat) * 110574;
    const d = Math.hypot(dx, dy);
    if (d < 1 || d > radiusM) continue;
    let a = Math.round((Math.atan2(dx, dy) * h.radials) / (2 * Math.PI));
    if (a < 0) a += h.radials;
    if (a >= h.radials) a -= h.radials;
    const j = Math.min(Math.floor(d / h.stepM - 0.5), h.steps - 1);
    const target = (sample(p.lon, p.lat) + AREA_RX_M - d * d * inv2kR - h.tipM) / d;
    const clear = j < 1 || target >= h.tan[a * h.steps + j];
    n++;
    if (clear === !p.obstructed) agree++;
  }
  return table(
    `Area: one site (${site.heightM} m, ${frequencyMHz} MHz, UE ${AREA_RX_M} m), ${AREA_RADIUS_KM} km radius: SPLAT!'s area modes against the coverage engine's own terrain evaluation (3 sectors, horizon sweep + every sector–cell link)`,
    ['what', 'points', 'ms', 'µs per point', 'vs Cosite'],
    [
      ['SPLAT! -c (LOS map, one process, map written)', '', cMs, '', `${(cMs / cositeMs).toFixed(0)}×`],
      ['SPLAT! -olditm -L (ITM loss map + -ano, one process)', ano.length, lMs, (lMs * 1000) / ano.length, `${(lMs / cositeMs).toFixed(0)}×`],
      [`Cosite engine: sweep + ${evaluations} sector–cell evaluations (median of 5)`, cells, cositeMs, (cositeMs * 1000) / cells, '1×'],
      ['geometric LOS agreement on SPLAT -L points', n, '', '', `${agree} of ${n} (${pct(agree, n)})`],
    ],
  );
}

export const splatBench: Bench = {
  name: 'splat',
  async run() {
    const started = performance.now();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cosite-splat-'));
    try {
      // 1. terrain: one synthetic 3″ tile, read by both sides from the same bytes
      const name = hgtName(TILE.south, TILE.west);
      const bytes = syntheticHgt(TILE.south, TILE.west, TERRAIN);
      fs.writeFileSync(path.join(tmp, name), bytes);
      const grid = readHgt(name, bytes).grid;
      const links = randomLinks({ count: LINKS, seed: SEED, box: BOX });

      // 2. Cosite
      const cos = await cositeLinks(grid, links);

      const splatOk = haveSplat();
      if (!splatOk) {
        log('SPLAT! not installed: apt-get install splat (the comparison tables are skipped; Cosite-only timings follow)');
        const t = table(
          'Time per link (Cosite only)',
          ['engine', 'links', 'median ms', 'p90 ms'],
          [
            ['Cosite 3GPP RMa + Deygout (linkProfile, profile included)', cos.gppMs.length, median(cos.gppMs), percentile(cos.gppMs, 90)],
            ['Cosite ITM (profile included)', cos.itmMs.length, median(cos.itmMs), percentile(cos.itmMs, 90)],
          ],
        );
        log(t);
        return '';
      }
      const sdfDir = path.join(tmp, 'sdf');
      fs.mkdirSync(sdfDir);
      fs.copyFileSync(path.join(tmp, name), path.join(sdfDir, name));
      srtm2sdf(sdfDir, name);

      // 3. SPLAT, Longley-Rice then ITWOM (child processes: the event loop stays free meanwhile)
      const old = await splatLinks(path.join(tmp, 'olditm'), sdfDir, links, true);
      const itwom = await splatLinks(path.join(tmp, 'itwom'), sdfDir, links, false);

      // Links SPLAT finished in both runs; the others are counted, not compared
      const done = links.map((_, i) => old.reports[i] !== null && itwom.reports[i] !== null);
      const idx = links.map((_, i) => i).filter((i) => done[i]);
      const s = idx.map((i) => old.reports[i]!);
      const sw = idx.map((i) => itwom.reports[i]!);
      const c = idx.map((i) => cos.out[i]);
      const n = idx.length;
      log(
        `SPLAT! finished ${n} of ${links.length} links in both runs (killed after ${SPLAT_TIMEOUT_MS / 1000} s: ${old.timedOut} with -olditm, ${itwom.timedOut} with ITWOM; SPLAT 1.4.2 spins on some paths).`,
      );

      // Table 1: verdicts (SPLAT's reports come from its LOS analysis, the same for both models)
      const clearShare = `SPLAT! says ${pct(s.filter((r) => r.fresnel60Clear).length, n)} clear at 60 % F1, ${pct(s.filter((r) => r.geometricClear).length, n)} geometric LOS`;
      log(
        confusion(
          `Verdict: ≥ 60 % of the first Fresnel zone clear, k = 4/3 on both sides (${n} links; ${clearShare})`,
          s.map((r) => r.fresnel60Clear),
          c.map((x) => x.fresnel60Clear),
        ),
      );
      log(
        confusion(
          'Verdict: geometric line of sight (terrain below the straight line)',
          s.map((r) => r.geometricClear),
          c.map((x) => x.geometricClear),
        ),
      );

      // Table 2: path loss against SPLAT -olditm (over links where SPLAT's ITM raised no error), the rest for information
      const noErr = s.map((r) => r.itmError === 0);
      const all = s.map(() => true);
      const oldLoss = s.map((r) => r.lossDb);
      const itwomLoss = sw.map((r) => r.lossDb);
      const itmLoss = c.map((x) => x.itmLossDb);
      const gppLoss = c.map((x) => x.gppLossDb);
      const head = ['Δ = first − SPLAT! -olditm, dB', 'links', 'median |Δ|', 'p90 |Δ|', 'mean Δ', 'p99 |Δ|'];
      const rows: (string | number)[][] = [];
      rows.push(deltaRow('Cosite ITM (SPLAT ITM error 0)', itmLoss, oldLoss, noErr));
      rows.push(deltaRow('Cosite ITM (all links)', itmLoss, oldLoss, all));
      rows.push(deltaRow('SPLAT! ITWOM 3.0 (information)', itwomLoss, oldLoss, all));
      rows.push(deltaRow('Cosite 3GPP RMa + Deygout (information, different model)', gppLoss, oldLoss, all));
      rows.push(['ITWOM − Cosite ITM (information)', ...deltaRow('', itwomLoss, itmLoss, all).slice(1)]);
      const errs = s.filter((r) => r.itmError !== 0).length;
      log(
        table(
          `Path loss against SPLAT! Longley-Rice (-olditm), targets median |Δ| ≤ 1 dB, p90 ≤ 3 dB; SPLAT's ITM flagged ${errs} of ${n} links (error ≠ 0); Cosite's ITM refused ${cos.itmRefused} of ${links.length} (ItmPathError, left out)`,
          head,
          rows,
        ),
      );

      // Profiles: SPLAT's path length against ours (SPLAT reports km to 2 decimals)
      const dLen = s.map((r, k) => Math.abs(r.distanceKm * 1000 - c[k].distanceM));
      log(
        `Profiles: Cosite samples each path at the DEM's north–south spacing (${(c.reduce((a, x) => a + x.distanceM / (x.samples - 1), 0) / n).toFixed(1)} m mean, both ends on the antennas); path length against SPLAT's report: median |Δ| ${median(dLen).toFixed(1)} m, max ${Math.max(...dLen).toFixed(1)} m (SPLAT prints 10 m steps).`,
      );

      // Table 3: time per link
      const share = (wall: number) => wall / links.length;
      log(
        table(
          'Time per link (SPLAT!: one process per link, spawn and .sdf load included, finished runs only; 2 processes at once, wall time includes the killed runs)',
          ['engine', 'links', 'median ms', 'p90 ms', 'wall ms per link (2 at once)'],
          [
            ['SPLAT! -olditm', old.ms.length, median(old.ms), percentile(old.ms, 90), share(old.wallMs)],
            ['SPLAT! ITWOM', itwom.ms.length, median(itwom.ms), percentile(itwom.ms, 90), share(itwom.wallMs)],
            ['Cosite ITM (profile included, one thread)', cos.itmMs.length, median(cos.itmMs), percentile(cos.itmMs, 90), ''],
            ['Cosite 3GPP RMa + Deygout (linkProfile, profile included, one thread)', cos.gppMs.length, median(cos.gppMs), percentile(cos.gppMs, 90), ''],
          ],
        ),
      );

      // Table 4: one site's area coverage
      const site = { lon: TILE.west + 0.5, lat: TILE.south + 0.5, heightM: 30 };
      log(await areaTable(path.join(tmp, 'area'), sdfDir, grid, site, 1800));
      return `SPLAT! bench: ${n} links on ${name} (synthetic, seed ${SEED}) in ${((performance.now() - started) / 1000).toFixed(0)} s`;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
