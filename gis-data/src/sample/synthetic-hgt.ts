/**
 * Synthetic SRTM-3 tiles for benchmarks and tests: NNE–SSW ridges, incised valleys between them and seeded fractal
 * hills (summed octaves of value noise), written as a real `.hgt` file (1201×1201 big-endian int16, rows north to
 * south) so other programs (SPLAT!'s srtm2sdf) and our own reader see exactly the same heights.
 *
 * Deterministic: the same seed and corner give the same bytes on every machine (integer lattice hash, no
 * Math.random). The relief is stronger than the sample city's (ridges up to ~600 m over the plateau) so that a set of
 * random links holds a fair mix of clear, grazing and obstructed paths.
 */

export const HGT3_SIDE = 1201;

// Math's functions taken once: inside a vm context (jest) every global look-up in these 1.4 M-sample loops is ~100× slower.
const { imul, floor, round, exp, abs, max, min, sin, cos, PI } = Math;

export interface SyntheticTerrainOptions {
  seed: number;
  /** Plateau height above sea level, metres. */
  baseM?: number;
  /** Ridge spacing across strike, metres. */
  ridgeSpacingM?: number;
  /** Mean ridge crest height over the plateau, metres. */
  ridgeReliefM?: number;
  /** Half-width of a ridge (Gaussian σ across strike), metres. */
  ridgeHalfWidthM?: number;
  /** Depth of the valley cut midway between two ridges, metres. */
  valleyDepthM?: number;
  /** Amplitude of the fractal hills (first octave), metres. */
  hillsM?: number;
  /** Strike of the ridges, degrees clockwise from north (NNE = 22.5). */
  strikeDeg?: number;
}

const M_PER_DEG = 111_320;

/** 32-bit integer hash of a lattice node and seed, to [0, 1). */
function lattice(ix: number, iy: number, seed: number): number {
  let h = imul(ix, 0x27d4eb2d) ^ imul(iy, 0x165667b1) ^ imul(seed, 0x9e3779b9);
  h = imul(h ^ (h >>> 15), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Smoothly interpolated value noise in [-1, 1] at (x, y) in lattice units. */
function valueNoise(x: number, y: number, seed: number): number {
  const ix = floor(x);
  const iy = floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = lattice(ix, iy, seed);
  const b = lattice(ix + 1, iy, seed);
  const c = lattice(ix, iy + 1, seed);
  const d = lattice(ix + 1, iy + 1, seed);
  const top = a + (b - a) * sx;
  const bottom = c + (d - c) * sx;
  return 2 * (top + (bottom - top) * sy) - 1;
}

/** Summed octaves (fBm): each octave halves the wavelength and multiplies the amplitude by `gain`. */
export function fractalNoise(x: number, y: number, seed: number, octaves = 6, gain = 0.5): number {
  let sum = 0;
  let amp = 1;
  let f = 1;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(x * f, y * f, seed + o * 101);
    amp *= gain;
    f *= 2;
  }
  return sum;
}

/**
 * Height model for any point (metres above sea level), from local metres east/north of an origin. Pure: callers
 * sample it on whatever grid they need.
 */
export function syntheticHeightModel(opts: SyntheticTerrainOptions): (eastM: number, northM: number) => number {
  const base = opts.baseM ?? 300;
  const spacing = opts.ridgeSpacingM ?? 9000;
  const relief = opts.ridgeReliefM ?? 450;
  const sigma = opts.ridgeHalfWidthM ?? 1400;
  const valley = opts.valleyDepthM ?? 140;
  const hills = opts.hillsM ?? 90;
  const strike = ((opts.strikeDeg ?? 22.5) * PI) / 180;
  // across-strike axis: perpendicular to the ridge line (strike measured clockwise from north)
  const ax = cos(strike);
  const ay = -sin(strike);
  const seed = opts.seed | 0;
  return (e, n) => {
    const across = e * ax + n * ay;
    const along = e * sin(strike) + n * cos(strike);
    // crest lines wander a little across strike, and their height rises and falls along it
    const wander = 900 * fractalNoise(along / 20000, 0.5, seed + 7, 3);
    const u = (across + wander) / spacing;
    const k = round(u);
    const off = (u - k) * spacing; // metres from the nearest crest line
    const crest = relief * (0.65 + 0.45 * fractalNoise(along / 15000, k * 3.1, seed + 11, 3));
    const ridge = max(0, crest) * exp(-(off * off) / (2 * sigma * sigma));
    // valley floor midway between crests: a narrow cut (half-width ~ spacing/8) whose depth varies along strike
    const toMid = abs(abs(u - k) - 0.5) * spacing;
    const vw = spacing / 8;
    const cut = toMid < vw ? valley * (0.7 + 0.3 * fractalNoise(along / 8000, k * 5.7, seed + 13, 2)) * (1 - (toMid / vw) ** 2) : 0;
    const rough = hills * fractalNoise(e / 6000, n / 6000, seed, 6);
    return base + ridge - cut + rough;
  };
}

/** SRTM file name of the tile whose south-west corner is at (south, west): (29, 106) → N29E106.hgt. */
export function hgtName(south: number, west: number): string {
  const ns = south < 0 ? 'S' : 'N';
  const ew = west < 0 ? 'W' : 'E';
  return `${ns}${String(abs(south)).padStart(2, '0')}${ew}${String(abs(west)).padStart(3, '0')}.hgt`;
}

/**
 * A 3″ `.hgt` tile with its south-west corner at whole degrees (south, west): 1201×1201 big-endian int16, first row
 * the northern edge. Metres east/north are measured from (0°, 0°) at one fixed scale per 10° latitude band, so
 * neighbouring tiles made with the same options and seed join without a seam.
 */
export function syntheticHgt(south: number, west: number, opts: SyntheticTerrainOptions): Uint8Array {
  if (!Number.isInteger(south) || !Number.isInteger(west)) throw new RangeError('tile corners are whole degrees');
  const model = syntheticHeightModel(opts);
  const n = HGT3_SIDE;
  const step = 1 / (n - 1);
  const out = new Uint8Array(n * n * 2);
  // one fixed scale for every tile of the seed, so edges shared with neighbours carry identical heights
  const cosRef = cos(((floor(south / 10) * 10 + 5) * PI) / 180);
  for (let fileRow = 0; fileRow < n; fileRow++) {
    const lat = south + 1 - fileRow * step;
    const northM = lat * M_PER_DEG;
    for (let col = 0; col < n; col++) {
      const lon = west + col * step;
      const h = round(model(lon * M_PER_DEG * cosRef, northM));
      const v = max(-32767, min(32767, h)) & 0xffff;
      const o = (fileRow * n + col) * 2;
      out[o] = v >>> 8;
      out[o + 1] = v & 0xff;
    }
  }
  return out;
}
