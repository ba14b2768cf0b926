import type { DemGrid } from '../../../backend/src/radio/propagation/terrain/hgt';
import { readRivers, type RiverInput } from './real-data';

/**
 * The sample terrain: MODELLED, not measured. A 3″ (about 90 m) grid over the nine central districts shaped after
 * Chongqing's real relief: the parallel NNE–SSW ridges of the East Sichuan fold belt, the Yangtze and Jialing cut
 * down to their water level (carved along the sample's own river lines), the Yuzhong peninsula's spine, and seeded
 * fractal hills on the 250–350 m plateau between the ridges. Crest lines and heights below are approximate, read
 * off public topographic maps; they are data, so the shape can be tuned without touching the code.
 */
export const TERRAIN_MODEL_VERSION = 'cq-terrain-1';

export const SAMPLE_TERRAIN_EXTENT = { west: 106.2, south: 29.1, east: 107.05, north: 30.15 } as const;
export const SAMPLE_TERRAIN_ARC_SECONDS = 3;
export const SAMPLE_TERRAIN_SEED = 14;

interface Ridge {
  name: string;
  /** Crest line from its south-south-west end to its north-north-east end, [lon, lat]. */
  crest: [number, number][];
  /** Crest height above sea level at each crest point, metres. */
  crestM: number[];
  /** Half-width of the ridge at about 60 % of its relief, metres. */
  halfWidthM: number;
}

export const SAMPLE_RIDGES: Ridge[] = [
  {
    name: 'Jinyun Shan',
    crest: [
      [106.27, 29.6],
      [106.33, 29.76],
      [106.375, 29.85],
      [106.43, 30.02],
      [106.46, 30.14],
    ],
    crestM: [650, 800, 950, 850, 700],
    halfWidthM: 1600,
  },
  {
    name: 'Zhongliang Shan',
    crest: [
      [106.33, 29.15],
      [106.36, 29.3],
      [106.385, 29.45],
      [106.41, 29.6],
      [106.44, 29.75],
    ],
    crestM: [520, 620, 680, 640, 560],
    halfWidthM: 1300,
  },
  {
    name: 'Tongluo Shan',
    crest: [
      [106.6, 29.25],
      [106.615, 29.4],
      [106.625, 29.52],
      [106.66, 29.68],
      [106.7, 29.85],
      [106.74, 30.02],
      [106.77, 30.15],
    ],
    crestM: [620, 700, 680, 760, 850, 880, 800],
    halfWidthM: 1500,
  },
  {
    name: 'Mingyue Shan',
    crest: [
      [106.82, 29.3],
      [106.86, 29.5],
      [106.9, 29.7],
      [106.94, 29.9],
      [106.98, 30.1],
    ],
    crestM: [650, 780, 880, 900, 820],
    halfWidthM: 1700,
  },
];

/** The Yuzhong peninsula's spine (Eling to Pipa Shan to Jiefangbei) rising to about 380 m between the two rivers. */
export const YUZHONG_SPINE = {
  crest: [
    [106.49, 29.551],
    [106.53, 29.556],
    [106.566, 29.553],
    [106.58, 29.558],
  ] as [number, number][],
  crestM: [330, 380, 350, 320],
  halfWidthM: 700,
};

/** The plateau between the ridges and its fractal hills. */
const PLATEAU_M = 290;
const HILLS_M = 55;
/** River water level from upstream (west) to downstream: the Yangtze at Chongqing is at about 160–185 m. */
const WATER_M = { yangtze: [185, 160], jialing: [190, 170] } as Record<string, [number, number]>;
/** Distance from the bank over which the valley side climbs back to the surrounding ground, metres. */
const VALLEY_SIDE_M = 700;

const M_PER_DEG_LAT = 111_320;

/** Planar metres around a reference latitude (enough for distances of a few km). */
function toXY(lon: number, lat: number, cosLat: number): [number, number] {
  return [lon * M_PER_DEG_LAT * cosLat, lat * M_PER_DEG_LAT];
}

/** Distance from a point to a prepared polyline (metres); the fraction 0..1 along it of the nearest point goes to nearestAlong. */
// nearest() answers here rather than in a new object: it runs for every cell of a million-cell grid.
let nearestAlong = 0;
function nearest(px: number, py: number, p: PreparedLine): number {
  const { line, lengths, total } = p;
  let best = Infinity;
  let bestAlong = 0;
  let run = 0;
  for (let k = 0; k + 1 < line.length; k++) {
    const [ax, ay] = line[k];
    const dx = line[k + 1][0] - ax;
    const dy = line[k + 1][1] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
    const d = Math.hypot(px - ax - t * dx, py - ay - t * dy);
    if (d < best) {
      best = d;
      bestAlong = (run + t * lengths[k]) / total;
    }
    run += lengths[k];
  }
  nearestAlong = bestAlong;
  return best;
}

/** Value along a polyline's points, linearly by fraction (points evenly weighted). */
function alongValue(values: number[], f: number): number {
  const x = f * (values.length - 1);
  const k = Math.min(Math.floor(x), values.length - 2);
  return values[k] + (values[k + 1] - values[k]) * (x - k);
}

const smooth = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t));

/** Seeded value noise, four octaves, in −1..1: the hills. Wavelength of the first octave about 6 km. */
function fractal(x: number, y: number, seed: number): number {
  let sum = 0;
  let amp = 1;
  let norm = 0;
  let f = 1 / 6000;
  for (let o = 0; o < 4; o++) {
    sum += amp * valueNoise(x * f, y * f, seed + o);
    norm += amp;
    amp *= 0.5;
    f *= 2.1;
  }
  return sum / norm;
}

/** Rng.hash of a lattice node in −1..1, spelt out for three arguments (no rest array on this hot path). */
function lattice(seed: number, i: number, j: number): number {
  let h = 2166136261;
  h ^= seed & 0xffffffff;
  h = Math.imul(h, 16777619);
  h ^= h >>> 13;
  h ^= i & 0xffffffff;
  h = Math.imul(h, 16777619);
  h ^= h >>> 13;
  h ^= j & 0xffffffff;
  h = Math.imul(h, 16777619);
  h ^= h >>> 13;
  return (((h >>> 0) % 1_000_000) / 1_000_000) * 2 - 1;
}

function valueNoise(x: number, y: number, seed: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const tx = smooth(x - xi);
  const ty = smooth(y - yi);
  const v00 = lattice(seed, xi, yi);
  const v10 = lattice(seed, xi + 1, yi);
  const v01 = lattice(seed, xi, yi + 1);
  const v11 = lattice(seed, xi + 1, yi + 1);
  const a = v00 + (v10 - v00) * tx;
  const b = v01 + (v11 - v01) * tx;
  return a + (b - a) * ty;
}

interface PreparedLine {
  line: [number, number][];
  lengths: number[];
  total: number;
  values: number[];
  halfWidthM: number;
  /** Bounding box in metres, widened by the influence distance, to skip far cells fast. */
  box: [number, number, number, number];
}

function prepare(line: [number, number][], values: number[], halfWidthM: number, reachM: number, cosLat: number): PreparedLine {
  const xy = line.map(([lon, lat]) => toXY(lon, lat, cosLat));
  const xs = xy.map((p) => p[0]);
  const ys = xy.map((p) => p[1]);
  const lengths = xy.slice(1).map((q, k) => Math.hypot(q[0] - xy[k][0], q[1] - xy[k][1]));
  return {
    line: xy,
    lengths,
    total: lengths.reduce((a, b) => a + b, 0),
    values,
    halfWidthM,
    box: [Math.min(...xs) - reachM, Math.min(...ys) - reachM, Math.max(...xs) + reachM, Math.max(...ys) + reachM],
  };
}

const inBox = (b: [number, number, number, number], x: number, y: number) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** Height of the modelled terrain at a point, metres above sea level. */
export function makeSampleTerrainModel(rivers: RiverInput[] = readRivers(), seed = SAMPLE_TERRAIN_SEED): (lon: number, lat: number) => number {
  const cosLat = Math.cos((((SAMPLE_TERRAIN_EXTENT.south + SAMPLE_TERRAIN_EXTENT.north) / 2) * Math.PI) / 180);
  const ridges = SAMPLE_RIDGES.map((r) => prepare(r.crest, r.crestM, r.halfWidthM, 4 * r.halfWidthM, cosLat));
  ridges.push(prepare(YUZHONG_SPINE.crest, YUZHONG_SPINE.crestM, YUZHONG_SPINE.halfWidthM, 4 * YUZHONG_SPINE.halfWidthM, cosLat));
  const valleys = rivers.filter((r) => WATER_M[r.code]).map((r) => prepare(r.line, WATER_M[r.code], r.widthM / 2, r.widthM / 2 + VALLEY_SIDE_M, cosLat));
  return (lon, lat) => {
    const [x, y] = toXY(lon, lat, cosLat);
    const hills = fractal(x, y, seed);
    let h = PLATEAU_M + HILLS_M * hills;
    // ridges: a Gaussian across the crest line, rising from the plateau to the crest height
    for (const r of ridges) {
      if (!inBox(r.box, x, y)) continue;
      const d = nearest(x, y, r);
      const crest = alongValue(r.values, nearestAlong);
      const rise = (crest - PLATEAU_M) * Math.exp(-((d / r.halfWidthM) ** 2) / 2) * (1 + 0.08 * hills);
      if (rise > 0) h = Math.max(h, PLATEAU_M + rise + 0.3 * (h - PLATEAU_M));
    }
    // valleys: water level on the river, climbing back over the valley side
    for (const v of valleys) {
      if (!inBox(v.box, x, y)) continue;
      const d = nearest(x, y, v);
      const water = alongValue(v.values, nearestAlong);
      const t = smooth((d - v.halfWidthM) / VALLEY_SIDE_M);
      h = Math.min(h, water + (h - water) * t);
    }
    return h;
  };
}

/** The whole grid (rows from south to north), as an imported DEM would be stored. */
export function generateSampleTerrain(
  rivers?: RiverInput[],
  extent: { west: number; south: number; east: number; north: number } = SAMPLE_TERRAIN_EXTENT,
): DemGrid {
  const model = makeSampleTerrainModel(rivers);
  const stepDeg = SAMPLE_TERRAIN_ARC_SECONDS / 3600;
  const { west, south, east, north } = extent;
  const cols = Math.round((east - west) / stepDeg) + 1;
  const rows = Math.round((north - south) / stepDeg) + 1;
  const heights = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) heights[r * cols + c] = model(west + c * stepDeg, south + r * stepDeg);
  return { west, south, cols, rows, stepDeg, heights };
}
