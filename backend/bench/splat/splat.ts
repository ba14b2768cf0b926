import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ITM_DEFAULTS } from '../../src/radio/propagation/itm/itm';

/**
 * Driving SPLAT! 1.4.2 (Debian's `splat`): site (.qth) and Longley-Rice parameter (.lrp) files, one process per
 * link, and the parsing of its Path Analysis Report. Nothing here knows about Cosite.
 */

/** Cosite's ITM defaults, written into every .lrp so both sides run the same constants. */
export const ITM_CONSTANTS = {
  dielectric: ITM_DEFAULTS.epsilon,
  conductivity: ITM_DEFAULTS.sigma,
  refractivityN: ITM_DEFAULTS.n0,
  climate: ITM_DEFAULTS.climate,
  polarization: ITM_DEFAULTS.polarization,
  situations: ITM_DEFAULTS.situation / 100,
  time: ITM_DEFAULTS.time / 100,
} as const;
/** k = 4/3, the effective earth radius Cosite's profiles use; SPLAT's LOS analysis defaults to the true radius. */
export const SPLAT_EARTH_MULTIPLIER = '1.333333';

export function haveSplat(): boolean {
  const ok = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  return ok('splat') && ok('srtm2sdf');
}

/** A .qth file: name, latitude (north +), longitude in degrees WEST (so east is negative), height with its unit. */
export function qth(name: string, lon: number, lat: number, heightM: number): string {
  return `${name}\n${lat.toFixed(6)}\n${(-lon).toFixed(6)}\n${heightM.toFixed(2)} meters\n`;
}

export function lrp(frequencyMHz: number): string {
  const c = ITM_CONSTANTS;
  return [
    `${c.dielectric.toFixed(3)} ; Earth Dielectric Constant (Relative permittivity)`,
    `${c.conductivity.toFixed(3)} ; Earth Conductivity (Siemens per meter)`,
    `${c.refractivityN.toFixed(3)} ; Atmospheric Bending Constant (N-units)`,
    `${frequencyMHz.toFixed(3)} ; Frequency in MHz (20 MHz to 20 GHz)`,
    `${c.climate} ; Radio Climate (5 = Continental Temperate)`,
    `${c.polarization} ; Polarization (0 = Horizontal, 1 = Vertical)`,
    `${c.situations.toFixed(2)} ; Fraction of situations`,
    `${c.time.toFixed(2)} ; Fraction of time`,
    '',
  ].join('\n');
}

export interface SplatReport {
  lossDb: number;
  freeSpaceDb: number;
  mode: string;
  /** ITM's error code (0 none, 1–4 warnings of parameters out of range). */
  itmError: number;
  /** SPLAT found no terrain cutting the straight line between the antennas. */
  geometricClear: boolean;
  /** SPLAT says 60 % of the first Fresnel zone is clear (its default -fz). */
  fresnel60Clear: boolean;
  distanceKm: number;
}

/** Reads the Path Analysis Report (`tx-to-rx.txt`, written with -metric). Throws when a figure is missing. */
export function parseReport(text: string): SplatReport {
  const num = (re: RegExp, what: string): number => {
    const m = re.exec(text);
    if (!m) throw new Error(`SPLAT report has no ${what}`);
    return Number(m[1]);
  };
  const lossDb = num(/^(?:Longley-Rice|ITWOM Version [\d.]+) path loss: ([-\d.]+) dB/m, 'path loss');
  const freeSpaceDb = num(/^Free space path loss: ([-\d.]+) dB/m, 'free-space loss');
  const itmError = num(/^(?:Longley-Rice model|ITWOM) error number: (\d+)/m, 'ITM error number');
  const distanceKm = num(/^Distance to \S+: ([\d.]+) kilometers/m, 'distance');
  const mode = /^Mode of propagation: (.+)$/m.exec(text)?.[1].trim() ?? '';
  const clearLine = /No obstructions to LOS path due to terrain were detected/.test(text);
  const obstructed = /detected obstructions at:/.test(text);
  if (clearLine === obstructed) throw new Error('SPLAT report has no obstruction verdict');
  const f60Clear = /^60% of the first Fresnel zone is clear\./m.test(text);
  const f60Raise = /to clear 60% of the first Fresnel zone\./.test(text);
  if (f60Clear === f60Raise) throw new Error('SPLAT report has no 60 % Fresnel verdict');
  return { lossDb, freeSpaceDb, mode, itmError, geometricClear: clearLine, fresnel60Clear: f60Clear, distanceKm };
}

/**
 * SPLAT! 1.4.2 never finishes some point-to-point runs (seen on ~1 % of random links over this terrain: the process
 * spins at full CPU before writing its report, with a .lrp present; without one it ends). Each run is therefore
 * killed after `timeoutMs` and reported as timed out rather than holding a core for ever.
 */
export const SPLAT_TIMEOUT_MS = 4000;

/** Runs one SPLAT process in `cwd`; resolves with its wall time (spawn included) and whether it finished in time. */
export function runSplat(args: string[], cwd: string, timeoutMs = SPLAT_TIMEOUT_MS): Promise<{ ms: number; finished: boolean }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile('splat', args, { cwd, maxBuffer: 16 << 20, timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, _stdout, stderr) => {
      const ms = performance.now() - t0;
      if (err && (err as { killed?: boolean }).killed) resolve({ ms, finished: false });
      else if (err) reject(new Error(`splat ${args.join(' ')} failed: ${err.message} ${stderr}`));
      else resolve({ ms, finished: true });
    });
  });
}

/** Maps `items` through `fn` with at most `concurrency` running at once, keeping the order. */
export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

/** Converts an .hgt tile into SPLAT's .sdf in `dir` (srtm2sdf writes next to where it runs); -d /dev/null: no USGS fill. */
export function srtm2sdf(dir: string, hgtFile: string): void {
  const r = spawnSync('srtm2sdf', ['-d', '/dev/null', path.basename(hgtFile)], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`srtm2sdf ${hgtFile} failed: ${r.stderr || r.stdout}`);
  if (!fs.readdirSync(dir).some((f) => f.endsWith('.sdf'))) throw new Error(`srtm2sdf wrote no .sdf in ${dir}`);
}

/** One line of SPLAT's alphanumeric output (-ano) for -L: a point, its path loss and whether terrain blocks its line. */
export interface AnoPoint {
  lon: number;
  lat: number;
  lossDb: number;
  obstructed: boolean;
}

export function parseAno(text: string): AnoPoint[] {
  const out: AnoPoint[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.includes(';')) continue;
    const f = line.split(',');
    if (f.length < 5) continue;
    const west = Number(f[1]);
    // degrees west 0–360: east longitudes come as 360 − lon
    out.push({ lat: Number(f[0]), lon: west > 180 ? 360 - west : -west, lossDb: Number.parseFloat(f[4]), obstructed: f[4].includes('*') });
  }
  return out;
}
