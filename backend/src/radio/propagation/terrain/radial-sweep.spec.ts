import { createDiffractionEdges, deygoutLossDb, knifeEdgeLossDb } from './diffraction';
import { wavelengthM } from './geometry';
import { analyseProfile, createProfileScratch } from './profile';
import { createSweepOutput, radialSweep, type SweepRaster, sweepEdgeV } from './radial-sweep';

const CELL_M = 30;

function raster(cols: number, rows: number, heightAt: (col: number, row: number) => number): SweepRaster {
  const heights = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) heights[r * cols + c] = heightAt(c, r);
  return { cols, rows, cellM: CELL_M, heights };
}

describe('radial sweep over flat ground', () => {
  it.each([
    ['in the middle', 100, 100],
    ['in a corner', 0, 0],
    ['on an edge', 200, 57],
  ])('sees every cell of a 201 × 201 raster (6 km square) from a 30 m mast %s', (_where, col, row) => {
    const grid = raster(201, 201, () => 250);
    const out = createSweepOutput(201 * 201);
    const steps = radialSweep(grid, { col, row, heightM: 30 }, 1.5, out);
    let blocked = 0;
    let unvisited = 0;
    for (let i = 0; i < 201 * 201; i++) {
      if (!(out.margin[i] >= 0)) blocked++;
      if (out.rayOffset[i] === Infinity) unvisited++;
    }
    expect(unvisited).toBe(0);
    expect(blocked).toBe(0);
    // Linear cost: about 4 steps per cell for a central site, never more than 4 × cells + border.
    expect(steps).toBeLessThanOrEqual(4 * 201 * 201 + 4 * 201);
  });
});

describe('radial sweep over a ridge', () => {
  // 241 × 81 cells of 30 m; site at (40, 40); a N–S ridge across the whole raster, crest 400 m above the plain
  // at column 100 (1.8 km east of the site), flanks falling 0.8 m per metre, so its foot is at columns 84 and 116.
  const cols = 241;
  const rows = 81;
  const ridge = raster(cols, rows, (c) => Math.max(0, 400 - Math.abs(c - 100) * CELL_M * 0.8));
  const out = createSweepOutput(cols * rows);
  radialSweep(ridge, { col: 40, row: 40, heightM: 30 }, 1.5, out);

  it('leaves every cell in front of the ridge clear and shadows every cell behind it', () => {
    let frontBlocked = 0;
    let behindClear = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const m = out.margin[r * cols + c];
        if (c < 84 && !(m >= 0)) frontBlocked++;
        if (c > 116 && m >= 0) behindClear++;
      }
    }
    expect(frontBlocked).toBe(0);
    expect(behindClear).toBe(0);
  });

  it('sees the slope that faces the site, up to the crest, and not the far slope', () => {
    for (let c = 84; c <= 100; c++) expect(out.margin[40 * cols + c]).toBeGreaterThanOrEqual(0);
    for (let c = 102; c <= 116; c++) expect(out.margin[40 * cols + c]).toBeLessThan(0);
  });

  it('gives a cell 2 km behind the crest a horizon edge at the crest and more than 20 dB of knife-edge loss', () => {
    const i = 40 * cols + 167; // 127 cells = 3810 m east, 2010 m behind the crest
    expect(out.edgeDistM[i]).toBe(1800);
    const v = sweepEdgeV(out.margin[i], out.edgeDistM[i], 3810, wavelengthM(3500));
    expect(knifeEdgeLossDb(v)).toBeGreaterThan(20);
  });
});

/**
 * Cross-check with the profile and Deygout code on a knife edge (a 400 m wall one cell wide at 1.8 km): along the
 * site's row the sweep's horizon edge must stand exactly as far over the line as profile.ts finds (−clearance at
 * the wall, bulge included), and its v must be Deygout's main-edge v.
 */
describe('radial sweep against the profile', () => {
  it('agrees with profile.ts and diffraction.ts on a single wall', () => {
    const cols = 201;
    const rows = 41;
    const wall = raster(cols, rows, (c) => (c === 80 ? 400 : 120));
    const out = createSweepOutput(cols * rows);
    radialSweep(wall, { col: 20, row: 20, heightM: 30 }, 1.5, out);
    const target = 20 * cols + 180; // 160 cells = 4800 m east
    const ground = wall.heights.slice(20 * cols + 20, 20 * cols + 181);
    const scratch = createProfileScratch(ground.length);
    const p = analyseProfile({ ground, spacingM: CELL_M, txHeightM: 30, rxHeightM: 1.5, frequencyMHz: 3500 }, scratch);
    expect(p.los).toBe(false);
    const sweepH = -out.margin[target] * out.edgeDistM[target];
    expect(out.edgeDistM[target]).toBe(1800);
    expect(sweepH).toBeCloseTo(-scratch.clearance[60], 2);
    const lambda = wavelengthM(3500);
    const edges = createDiffractionEdges();
    deygoutLossDb(scratch.bulged, ground.length, CELL_M, 150, 121.5, lambda, edges);
    expect(edges.index[0]).toBe(60);
    expect(sweepEdgeV(out.margin[target], out.edgeDistM[target], 4800, lambda)).toBeCloseTo(edges.v[0], 3);
  });

  it('reads v ≤ −0.6·√2 as 60 % of F1 clear', () => {
    // An edge h = −0.6·r1 under the line: r1 at 1 km + 1 km, 3.5 GHz, is 6.5443 m, so margin = 0.6·6.5443/1000.
    const lambda = wavelengthM(3500);
    const v = sweepEdgeV((0.6 * 6.544271846431809) / 1000, 1000, 2000, lambda);
    expect(v).toBeCloseTo(-0.6 * Math.SQRT2, 6);
    expect(sweepEdgeV(0.01, 0, 2000, lambda)).toBe(-Infinity);
  });

  it('refuses a site outside the raster or an output too small', () => {
    const grid = raster(10, 10, () => 0);
    expect(() => radialSweep(grid, { col: 10, row: 0, heightM: 30 }, 1.5, createSweepOutput(100))).toThrow(/not inside/);
    expect(() => radialSweep(grid, { col: 0, row: 0, heightM: 30 }, 1.5, createSweepOutput(50))).toThrow(/holds 50 cells/);
  });
});
