import { deygoutLossDb } from './diffraction';
import { wavelengthM } from './geometry';
import { analyseProfile, createProfileScratch } from './profile';
import { DemFileError, fillVoids, greatCircleM, HGT_VOID, parseHgtName, readHgt, sampleBilinear, sampleProfile } from './hgt';

/** Writes an SRTM .hgt file in memory: big-endian int16, rows from north to south. */
function hgtBuffer(side: number, heightAt: (fileRow: number, col: number) => number): Uint8Array {
  const bytes = new Uint8Array(side * side * 2);
  const view = new DataView(bytes.buffer);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) view.setInt16((r * side + c) * 2, heightAt(r, c), false);
  return bytes;
}

function problemOf(fn: () => unknown): { field: string; problem: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DemFileError) return { field: e.field, problem: e.problem };
    throw e;
  }
  throw new Error('no DemFileError thrown');
}

describe('SRTM tile names', () => {
  it('give the south-west corner', () => {
    expect(parseHgtName('N29E106.hgt')).toEqual({ south: 29, west: 106 });
    expect(parseHgtName('/data/dem/s01w072.HGT')).toEqual({ south: -1, west: -72 });
  });
  it('are refused when malformed or off the globe, naming the problem', () => {
    expect(problemOf(() => parseHgtName('chongqing.hgt'))).toEqual({ field: 'fileName', problem: expect.stringContaining('not an SRTM tile name') });
    expect(problemOf(() => parseHgtName('N95E106.hgt'))).toEqual({ field: 'fileName', problem: expect.stringContaining('outside the globe') });
    expect(problemOf(() => parseHgtName('N29E181.hgt')).field).toBe('fileName');
  });
});

describe('reading a 3″ tile (1201 × 1201)', () => {
  // h = col − fileRow: signed (down to −1200), rising to the east and to the north, so orientation errors show.
  const tile = readHgt(
    'N29E106.hgt',
    hgtBuffer(1201, (r, c) => c - r),
  );
  const { grid } = tile;

  it('takes resolution and corner from size and name', () => {
    expect(tile.arcSeconds).toBe(3);
    expect(grid).toMatchObject({ west: 106, south: 29, cols: 1201, rows: 1201 });
    expect(grid.stepDeg).toBeCloseTo(1 / 1200, 12);
    expect(tile.voidsFilled).toBe(0);
  });

  it('puts the file’s first row at the north edge and reads big-endian signed heights', () => {
    expect(sampleBilinear(grid, 106, 30)).toBe(0); // north-west corner: file row 0, col 0
    expect(sampleBilinear(grid, 107, 30)).toBe(1200); // north-east
    expect(sampleBilinear(grid, 106, 29)).toBe(-1200); // south-west: file row 1200
    expect(sampleBilinear(grid, 107, 29)).toBe(0);
  });

  it('interpolates bilinearly between samples (exact on a plane)', () => {
    // col = (lon − 106)·1200, fileRow = (30 − lat)·1200
    const at = (lon: number, lat: number) => (lon - 106) * 1200 - (30 - lat) * 1200;
    for (const [lon, lat] of [
      [106.5, 29.5],
      [106.123456, 29.987654],
      [106.00042, 29.00042],
    ]) {
      expect(sampleBilinear(grid, lon, lat)).toBeCloseTo(at(lon, lat), 3);
    }
  });

  it('answers NaN outside the tile', () => {
    expect(sampleBilinear(grid, 105.999, 29.5)).toBeNaN();
    expect(sampleBilinear(grid, 106.5, 30.001)).toBeNaN();
  });
});

describe('reading a 1″ tile (3601 × 3601)', () => {
  it('recognises the resolution from the size', () => {
    const tile = readHgt('S34E151.hgt', new Uint8Array(3601 * 3601 * 2));
    expect(tile.arcSeconds).toBe(1);
    expect(tile.grid).toMatchObject({ west: 151, south: -34, cols: 3601, rows: 3601 });
    expect(tile.grid.stepDeg).toBeCloseTo(1 / 3600, 12);
  });
});

describe('bad tiles', () => {
  it('refuses a file of the wrong size, naming both sizes it could have been', () => {
    const p = problemOf(() => readHgt('N29E106.hgt', new Uint8Array(1000)));
    expect(p.field).toBe('file');
    expect(p.problem).toContain('is 1000 bytes');
    expect(p.problem).toContain('25934402 bytes');
    expect(p.problem).toContain('2884802 bytes');
  });
  it('refuses a tile that is all voids', () => {
    expect(
      problemOf(() =>
        readHgt(
          'N29E106.hgt',
          hgtBuffer(1201, () => HGT_VOID),
        ),
      ),
    ).toEqual({ field: 'file', problem: expect.stringContaining('no valid height') });
  });
});

describe('void filling', () => {
  it('fills a 3 × 3 hole in level ground with the level and counts it', () => {
    const tile = readHgt(
      'N29E106.hgt',
      hgtBuffer(1201, (r, c) => (r >= 500 && r < 503 && c >= 700 && c < 703 ? HGT_VOID : 250)),
    );
    expect(tile.voidsFilled).toBe(9);
    const { grid } = tile;
    for (let i = 0; i < grid.heights.length; i++) if (grid.heights[i] !== 250) throw new Error(`sample ${i} is ${grid.heights[i]}`);
  });

  it('fills an isolated void on a slope with the mean of its eight neighbours (the slope value)', () => {
    const grid = { west: 0, south: 0, cols: 5, rows: 5, stepDeg: 1, heights: new Float32Array(25).map((_, i) => 3 * (i % 5)) };
    grid.heights[12] = NaN; // row 2, col 2
    expect(fillVoids(grid)).toBe(1);
    expect(grid.heights[12]).toBeCloseTo(6, 9);
  });

  it('closes a corner hole from its rim, pass by pass', () => {
    // 4 × 4 grid, the south-west 2 × 2 void, everything else 100 except one 200: the first pass fills three
    // rim voids from their valid neighbours, the second the inner corner from those.
    const heights = new Float32Array(16).fill(100);
    heights[0] = heights[1] = heights[4] = heights[5] = NaN;
    heights[2] = 200;
    const grid = { west: 0, south: 0, cols: 4, rows: 4, stepDeg: 1, heights };
    expect(fillVoids(grid)).toBe(4);
    // (0,1): neighbours (0,2)=200, (1,2)=100 → 150. (1,0): (2,0),(2,1) → 100. (1,1): (0,2)=200,(1,2),(2,0),(2,1),(2,2) → 120.
    expect(heights[1]).toBeCloseTo(150, 9);
    expect(heights[4]).toBeCloseTo(100, 9);
    expect(heights[5]).toBeCloseTo(120, 9);
    // (0,0) in pass two: (0,1)=150, (1,0)=100, (1,1)=120 → 123.33
    expect(heights[0]).toBeCloseTo(370 / 3, 4); // Float32 storage
  });
});

describe('profiles between two points', () => {
  // h rises one metre per 3″ row to the north: h = 1200 − fileRow = (lat − 29)·1200
  const { grid } = readHgt(
    'N29E106.hgt',
    hgtBuffer(1201, (r) => 1200 - r),
  );

  it('samples a meridian at the DEM spacing with the right heights', () => {
    // 0.1° of latitude = 11 119.49 m = exactly 120 steps of 92.662 m (3″ on the 6371 km sphere)
    const p = sampleProfile(grid, { lon: 106.5, lat: 29.1 }, { lon: 106.5, lat: 29.2 });
    expect(p.distanceM).toBeCloseTo(11119.49, 1);
    expect(p.heights.length).toBe(121);
    expect(p.spacingM).toBeCloseTo(92.662, 3);
    expect(p.outside).toBe(0);
    for (let i = 0; i <= 120; i++) expect(p.heights[i]).toBeCloseTo(120 + i, 2);
  });

  it('measures great-circle distance (0.6° along the 29.5° N parallel: 58 067.4 m)', () => {
    expect(greatCircleM(106.2, 29.5, 106.8, 29.5)).toBeCloseTo(58067.42, 1);
    const p = sampleProfile(grid, { lon: 106.2, lat: 29.5 }, { lon: 106.8, lat: 29.5 });
    expect(p.distanceM).toBeCloseTo(58067.42, 1);
    expect(p.spacingM).toBeLessThanOrEqual(92.663);
    expect(p.spacingM).toBeGreaterThan(90);
    // A great circle between two points of one parallel bows toward the pole: its middle lies at
    // atan(tan 29.5° / cos 0.3°) = 29.500337° N, i.e. 600.404 m on this grid, against 600 m at the ends.
    expect(p.heights.length).toBe(628); // ⌈58 067.42 / 92.662⌉ + 1
    expect(p.heights[313.5 | 0]).toBeGreaterThan(600.39);
    expect(p.heights[0]).toBeCloseTo(600, 2);
  });

  it('marks samples off the tile as NaN and counts them', () => {
    const p = sampleProfile(grid, { lon: 106.9, lat: 29.5 }, { lon: 107.1, lat: 29.5 });
    expect(p.outside).toBeGreaterThan(0);
    expect(p.heights[p.heights.length - 1]).toBeNaN();
    expect(p.heights[0]).toBeCloseTo(600, 2);
  });
});

describe('from a tile to a link verdict', () => {
  it('finds a 400 m N–S ridge in a tile NLOS with over 20 dB of diffraction, and the near side clear', () => {
    // 3″ tile, plain at 200 m, ridge crest 600 m along longitude 106.5° E, flanks 0.5 m per metre (≈ ±800 m).
    const mPerDegLon = 111_194.93 * Math.cos(29.5 * (Math.PI / 180));
    const tile = readHgt(
      'N29E106.hgt',
      hgtBuffer(1201, (_r, c) => Math.round(200 + Math.max(0, 400 - Math.abs((c / 1200 - 0.5) * mPerDegLon) * 0.5))),
    );
    const lambda = wavelengthM(3500);
    const mast = { lon: 106.48, lat: 29.5 }; // ≈ 1.9 km west of the crest
    const behind = sampleProfile(tile.grid, mast, { lon: 106.52, lat: 29.5 }); // ≈ 1.9 km east of it
    const scratch = createProfileScratch(behind.heights.length);
    const p = analyseProfile({ ground: behind.heights, spacingM: behind.spacingM, txHeightM: 30, rxHeightM: 1.5, frequencyMHz: 3500 }, scratch);
    expect(p.los).toBe(false);
    expect(p.minClearanceM).toBeLessThan(-300);
    const tips = [behind.heights[0] + 30, behind.heights[behind.heights.length - 1] + 1.5];
    expect(deygoutLossDb(scratch.bulged, behind.heights.length, behind.spacingM, tips[0], tips[1], lambda)).toBeGreaterThan(20);

    const front = sampleProfile(tile.grid, mast, { lon: 106.485, lat: 29.505 }); // ≈ 750 m away on the plain
    const q = analyseProfile({ ground: front.heights, spacingM: front.spacingM, txHeightM: 30, rxHeightM: 1.5, frequencyMHz: 3500 }, scratch);
    expect(q.los).toBe(true);
    expect(
      deygoutLossDb(scratch.bulged, front.heights.length, front.spacingM, front.heights[0] + 30, front.heights[front.heights.length - 1] + 1.5, lambda),
    ).toBe(0);
  });
});
