import { readHgt } from '../../../backend/src/radio/propagation/terrain/hgt';
import { HGT3_SIDE, hgtName, syntheticHeightModel, syntheticHgt } from './synthetic-hgt';

describe('synthetic SRTM tiles', () => {
  const opts = { seed: 14 };
  const bytes = syntheticHgt(29, 106, opts);

  it('is a 3″ .hgt our reader accepts, named after its south-west corner, with no voids', () => {
    expect(bytes.byteLength).toBe(HGT3_SIDE * HGT3_SIDE * 2);
    expect(hgtName(29, 106)).toBe('N29E106.hgt');
    expect(hgtName(-1, -72)).toBe('S01W072.hgt');
    const tile = readHgt(hgtName(29, 106), bytes);
    expect(tile.arcSeconds).toBe(3);
    expect(tile.voidsFilled).toBe(0);
    let min = Infinity;
    let max = -Infinity;
    for (const h of tile.grid.heights) {
      min = Math.min(min, h);
      max = Math.max(max, h);
    }
    // a plateau cut by valleys and crossed by ridges: real relief, all above sea level
    expect(min).toBeGreaterThan(0);
    expect(max - min).toBeGreaterThan(300);
  });

  it('gives the same bytes for the same seed and different ones for another seed', () => {
    expect(Buffer.from(syntheticHgt(29, 106, opts)).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(syntheticHgt(29, 106, { seed: 15 })).equals(Buffer.from(bytes))).toBe(false);
  });

  it('joins its neighbour without a seam: the shared edge column holds the same heights', () => {
    const east = syntheticHgt(29, 107, opts);
    const n = HGT3_SIDE;
    let differ = 0;
    for (let row = 0; row < n; row++) {
      const a = (row * n + (n - 1)) * 2;
      const b = row * n * 2;
      if (bytes[a] !== east[b] || bytes[a + 1] !== east[b + 1]) differ++;
    }
    expect(differ).toBe(0);
  });

  it('runs its ridges along the strike (NNE–SSW): heights change less along it than across it', () => {
    const model = syntheticHeightModel({ seed: 3, hillsM: 0 });
    const s = (22.5 * Math.PI) / 180;
    let along = 0;
    let across = 0;
    for (let k = 0; k < 400; k++) {
      const e = 1e7 + k * 731;
      const n = 3.2e6 + k * 517;
      const h = model(e, n);
      along += Math.abs(model(e + 2000 * Math.sin(s), n + 2000 * Math.cos(s)) - h);
      across += Math.abs(model(e + 2000 * Math.cos(s), n - 2000 * Math.sin(s)) - h);
    }
    expect(along * 3).toBeLessThan(across);
  });
});
