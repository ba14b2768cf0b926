import { DEFAULT_K_FACTOR, EARTH_RADIUS_M } from './geometry';

/**
 * Viewshed-style radial sweep for one site over a raster: groundwork for issue 14 item 6 (the engine must use terrain
 * for every sector–cell evaluation, and a profile per cell is too slow). Not yet wired into the engine.
 *
 * Rays run from the site to every cell of the raster's border (the R2 scheme of Franklin & Ray, 1994). Along each
 * ray the largest obstruction angle seen so far is carried outward, so each cell costs O(1) and the whole raster
 * about 4 × cells steps for a site inside it. A cell crossed by several rays takes the one passing closest to its
 * centre.
 *
 * Angles are tangents from the antenna tip over a curved earth: a point at distance d and height z is seen at
 * (z − d²/(2kR) − z_site)/d. Comparing these is the same test as the earth-bulge profile of profile.ts: the horizon
 * point obstructs a target exactly when the ground plus d1·d2/(2kR) rises above the straight line.
 *
 * What it gives per cell: the margin between the target's angle and the horizon angle before it (≥ 0: geometric
 * line of sight) and the distance of that horizon edge, from which sweepEdgeV gives the knife-edge v of the
 * dominant (horizon) edge. It sees one edge per cell, so it approximates Deygout's main edge, not the full method.
 */

/** A local metric raster around the site: heights above sea level, row-major, square cells. */
export interface SweepRaster {
  cols: number;
  rows: number;
  cellM: number;
  heights: Float32Array;
}

export interface SweepSite {
  col: number;
  row: number;
  /** Antenna height above the ground of its cell, metres. */
  heightM: number;
}

/** Caller-owned outputs (createSweepOutput), reused between sites of the same raster size. */
export interface SweepOutput {
  /** tan(angle to the target) − tan(highest obstruction angle before it); ≥ 0 means a clear geometric line. */
  margin: Float32Array;
  /** Distance from the site to the horizon edge that sets the margin, metres (0 when nothing lies between). */
  edgeDistM: Float32Array;
  /** Scratch: squared distance from the writing ray to the cell centre, in cells. */
  rayOffset: Float32Array;
}

export function createSweepOutput(cells: number): SweepOutput {
  return { margin: new Float32Array(cells), edgeDistM: new Float32Array(cells), rayOffset: new Float32Array(cells) };
}

/**
 * Sweeps the raster from one site for targets `targetHeightM` above their ground (the UE height). Returns the
 * number of ray steps taken (about 4 × cells), so callers can check the cost stays linear.
 */
export function radialSweep(raster: SweepRaster, site: SweepSite, targetHeightM: number, out: SweepOutput, k = DEFAULT_K_FACTOR): number {
  const { cols, rows, cellM, heights } = raster;
  const n = cols * rows;
  if (out.margin.length < n) throw new RangeError(`sweep output holds ${out.margin.length} cells, raster has ${n}`);
  const sc = site.col;
  const sr = site.row;
  if (!(sc >= 0 && sc < cols && sr >= 0 && sr < rows) || sc !== Math.floor(sc) || sr !== Math.floor(sr)) {
    throw new RangeError(`site cell (${sc}, ${sr}) is not inside the ${cols}×${rows} raster`);
  }
  const { margin, edgeDistM, rayOffset } = out;
  rayOffset.fill(Infinity, 0, n);
  const siteIndex = sr * cols + sc;
  margin[siteIndex] = Infinity;
  edgeDistM[siteIndex] = 0;
  rayOffset[siteIndex] = 0;
  const zs = heights[siteIndex] + site.heightM;
  const inv2kR = 1 / (2 * k * EARTH_RADIUS_M);
  let steps = 0;

  const ray = (pc: number, pr: number) => {
    const dx = pc - sc;
    const dy = pr - sr;
    const len = Math.max(Math.abs(dx), Math.abs(dy));
    if (len === 0) return;
    const ix = dx / len;
    const iy = dy / len;
    let horizon = -Infinity;
    let horizonDist = 0;
    for (let s = 1; s <= len; s++) {
      const x = sc + ix * s;
      const y = sr + iy * s;
      const c = Math.round(x);
      const r = Math.round(y);
      const i = r * cols + c;
      const ox = x - c;
      const oy = y - r;
      const off = ox * ox + oy * oy;
      const ex = c - sc;
      const ey = r - sr;
      const d = Math.sqrt(ex * ex + ey * ey) * cellM;
      const ground = heights[i] - d * d * inv2kR - zs;
      if (off < rayOffset[i]) {
        rayOffset[i] = off;
        margin[i] = (ground + targetHeightM) / d - horizon;
        edgeDistM[i] = horizonDist;
      }
      const t = ground / d;
      if (t > horizon) {
        horizon = t;
        horizonDist = d;
      }
      steps++;
    }
  };
  // Every border cell once: rows 0 and rows−1 in full, then the columns 0 and cols−1 between them.
  for (let c = 0; c < cols; c++) {
    ray(c, 0);
    if (rows > 1) ray(c, rows - 1);
  }
  for (let r = 1; r < rows - 1; r++) {
    ray(0, r);
    if (cols > 1) ray(cols - 1, r);
  }
  return steps;
}

/**
 * Knife-edge v of a cell's horizon edge (ITU-R P.526 eq. 26), from the sweep: the edge stands
 * h = −margin · d_edge over the line to the target (positive when it obstructs), at d_edge from the site and
 * d − d_edge from the target. −Infinity when no edge lies between. With v ≤ −0.6·√2 ≈ −0.849 the edge leaves
 * 60 % of the first Fresnel zone clear (h = −0.6·r1 and v = h·√2/r1).
 */
export function sweepEdgeV(margin: number, edgeDistM: number, distanceM: number, wavelength: number): number {
  if (!(edgeDistM > 0) || !(distanceM > edgeDistM)) return -Infinity;
  const h = -margin * edgeDistM;
  return h * Math.sqrt((2 * distanceM) / (wavelength * edgeDistM * (distanceM - edgeDistM)));
}
