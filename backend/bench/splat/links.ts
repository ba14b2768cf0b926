import { Rng } from '../../../gis-data/src/sample/rng';
import { EARTH_RADIUS_M } from '../../src/radio/propagation/terrain/geometry';

/** One point-to-point link of the benchmark: both ends, antenna heights above ground and the carrier. */
export interface BenchLink {
  id: number;
  tx: { lon: number; lat: number; heightM: number };
  rx: { lon: number; lat: number; heightM: number };
  frequencyMHz: number;
  /** Great-circle length asked for, metres. */
  lengthM: number;
}

export interface LinkSpec {
  count: number;
  seed: number;
  /** Both ends stay inside this box (keep a margin from the terrain's edges). */
  box: { west: number; south: number; east: number; north: number };
  lengthM?: [number, number];
  txHeightM?: [number, number];
  rxHeightM?: [number, number];
  frequencyMHz?: [number, number];
}

const DEG = Math.PI / 180;

/** The point `distanceM` from (lon, lat) on the initial bearing `bearingDeg`, on the mean-radius sphere. */
export function destination(lon: number, lat: number, bearingDeg: number, distanceM: number): { lon: number; lat: number } {
  const d = distanceM / EARTH_RADIUS_M;
  const p1 = lat * DEG;
  const b = bearingDeg * DEG;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 = lon * DEG + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lon: l2 / DEG, lat: p2 / DEG };
}

/**
 * Seeded random links: transmitter anywhere in the box, receiver at a uniform length and bearing from it (drawn
 * again when it falls outside), heights and frequency uniform in their ranges (frequency uniform in log, so each
 * octave gets a similar share).
 */
export function randomLinks(spec: LinkSpec): BenchLink[] {
  const rng = new Rng(spec.seed);
  const [lmin, lmax] = spec.lengthM ?? [1000, 30000];
  const [tmin, tmax] = spec.txHeightM ?? [10, 60];
  const [rmin, rmax] = spec.rxHeightM ?? [1.5, 10];
  const [fmin, fmax] = spec.frequencyMHz ?? [900, 3500];
  const { west, south, east, north } = spec.box;
  const inside = (p: { lon: number; lat: number }) => p.lon > west && p.lon < east && p.lat > south && p.lat < north;
  const out: BenchLink[] = [];
  while (out.length < spec.count) {
    const tx = { lon: rng.range(west, east), lat: rng.range(south, north) };
    const lengthM = rng.range(lmin, lmax);
    const rx = destination(tx.lon, tx.lat, rng.range(0, 360), lengthM);
    if (!inside(rx)) continue;
    const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
    out.push({
      id: out.length,
      // SPLAT reads 4–7 decimals; rounding both sides to 6 keeps them on the same points (≈ 0.1 m)
      tx: { lon: round(tx.lon, 6), lat: round(tx.lat, 6), heightM: round(rng.range(tmin, tmax), 1) },
      rx: { lon: round(rx.lon, 6), lat: round(rx.lat, 6), heightM: round(rng.range(rmin, rmax), 1) },
      frequencyMHz: round(Math.exp(rng.range(Math.log(fmin), Math.log(fmax))), 1),
      lengthM,
    });
  }
  return out;
}
