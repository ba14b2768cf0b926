import { sampleProfile, type DemGrid } from '../radio/propagation/terrain/hgt';
import { type MosaicTile, TerrainMosaic } from './terrain-grid';

const tile = (id: number, west: number, south: number, size: number, step: number, height: number, priority: number): MosaicTile => {
  const n = Math.round(size / step) + 1;
  const grid: DemGrid = { west, south, cols: n, rows: n, stepDeg: step, heights: new Float32Array(n * n).fill(height) };
  return {
    id,
    name: `t${id}`,
    source: priority ? 'imported' : 'modelled sample',
    priority,
    west,
    south,
    cols: n,
    rows: n,
    stepDeg: step,
    east: west + size,
    north: south + size,
    grid,
  };
};

describe('TerrainMosaic', () => {
  // a modelled 0.1° square, an imported 0.02° square inside it (listed first: higher priority), a neighbour east
  const imported = tile(2, 10.04, 0.04, 0.02, 1 / 3600, 900, 100);
  const modelled = tile(1, 10, 0, 0.1, 3 / 3600, 300, 0);
  const east = tile(3, 10.1, 0, 0.1, 3 / 3600, 500, 0);
  const m = new TerrainMosaic(7, [imported, modelled, east]);

  it('answers each point from the first tile containing it: the imported DEM over the modelled one', () => {
    expect(m.heightAt(10.05, 0.05)).toBe(900);
    expect(m.heightAt(10.02, 0.02)).toBe(300);
    expect(m.heightAt(10.15, 0.05)).toBe(500);
    expect(m.heightAt(12, 0.05)).toBeNaN();
    expect(m.tileAt(10.05, 0.05)?.id).toBe(2);
  });

  it('hands out the winning tile’s own grid when it covers the box alone, else the mosaic at the finest spacing', () => {
    expect(m.sourceFor({ west: 10.01, south: 0.01, east: 10.03, north: 0.03 })).toBe(modelled.grid);
    expect(m.sourceFor({ west: 10.045, south: 0.045, east: 10.055, north: 0.055 })).toBe(imported.grid);
    const across = m.sourceFor({ west: 10.03, south: 0.05, east: 10.12, north: 0.051 })!;
    expect(across.stepDeg).toBeCloseTo(1 / 3600, 12);
    expect('heights' in across).toBe(false);
    // a profile across the three tiles reads each stretch from its winner
    const p = sampleProfile(across, { lon: 10.03, lat: 0.05 }, { lon: 10.12, lat: 0.05 });
    expect(p.outside).toBe(0);
    expect(new Set(p.heights)).toEqual(new Set([300, 900, 500]));
    expect(p.spacingM).toBeLessThan(31);
    expect(m.sourceFor({ west: 20, south: 0, east: 20.1, north: 0.1 })).toBeNull();
  });
});
