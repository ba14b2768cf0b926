import { analyseProfile, createProfileScratch, emptyProfileResult, LOS_FRESNEL_CLEARANCE } from './profile';

/**
 * Hand calculations (R = 6371 km, k = 4/3, c = 299 792 458 m/s, 3.5 GHz so λ = 0.085655 m), a 2 km path sampled
 * every 100 m (21 samples):
 * - middle (1000 m): bulge = 1e6 / (2·4/3·6 371 000) = 0.05886 m, F1 = √(λ·1000·1000/2000) = 6.5443 m, 0.6·F1 = 3.9266 m.
 * - antennas 30 m over flat sea-level ground, a single spike of h m in the middle: clearance = 30 − h − 0.05886:
 *   h = 25 → 4.9411 m = 0.7550·F1 (LOS); h = 27 → 2.9411 m = 0.4494·F1 (NLOS); h = 31 → −1.0589 m (blocked, NLOS).
 * - 30 m mast to a 1.5 m receiver over flat ground: the worst point is 100 m before the receiver (1900 m), at
 *   1.0215·F1 — LOS.
 * - sloped ground 100 m → 200 m, antennas 20 m and 10 m: at 500 m the line is at 142.5 m, the ground with bulge at
 *   125.0441 m, clearance 17.4559 m, F1 = √(λ·500·1500/2000) = 5.6675 m.
 */
const spacingM = 100;
const scratch = createProfileScratch(64);

function spike(h: number): Float32Array {
  const g = new Float32Array(21);
  g[10] = h;
  return g;
}

describe('terrain profile: Fresnel clearance and the 60 % rule', () => {
  it('computes bulge, LOS line and F1 at the middle of a flat 2 km path', () => {
    analyseProfile({ ground: new Float32Array(21), spacingM, txHeightM: 30, rxHeightM: 30, frequencyMHz: 3500 }, scratch);
    expect(scratch.bulged[10]).toBeCloseTo(0.05886, 5);
    expect(scratch.los[10]).toBeCloseTo(30, 9);
    expect(scratch.fresnel[10]).toBeCloseTo(6.5443, 4);
    expect(scratch.clearance[10]).toBeCloseTo(29.9411, 4);
    expect(scratch.fresnel[0]).toBe(0);
    expect(scratch.fresnel[20]).toBe(0);
    expect(scratch.bulged[0]).toBe(0);
  });

  it.each([
    [25, 4.9411, 0.755, true],
    [27, 2.9411, 0.4494, false],
    [31, -1.0589, -0.1618, false],
  ])('a %d m spike in the middle leaves %d m (%d·F1): LOS %s', (h, metres, fraction, los) => {
    const r = analyseProfile({ ground: spike(h), spacingM, txHeightM: 30, rxHeightM: 30, frequencyMHz: 3500 }, scratch);
    expect(r.minIndex).toBe(10);
    expect(r.minDistanceM).toBe(1000);
    expect(r.minClearanceM).toBeCloseTo(metres, 3);
    expect(r.minClearanceFraction).toBeCloseTo(fraction, 3);
    expect(r.los).toBe(los);
    expect(r.distanceM).toBe(2000);
  });

  it('puts the verdict exactly at 60 % of F1', () => {
    const f1 = 6.544271846431809;
    const bulge = 0.0588604614660179;
    // Heights chosen so the clearance is 0.6·F1 ± 1 cm (Float32 ground keeps about 4 µm at 26 m).
    const just = 30 - bulge - LOS_FRESNEL_CLEARANCE * f1 - 0.01;
    const over = 30 - bulge - LOS_FRESNEL_CLEARANCE * f1 + 0.01;
    expect(analyseProfile({ ground: spike(just), spacingM, txHeightM: 30, rxHeightM: 30, frequencyMHz: 3500 }, scratch).los).toBe(true);
    expect(analyseProfile({ ground: spike(over), spacingM, txHeightM: 30, rxHeightM: 30, frequencyMHz: 3500 }, scratch).los).toBe(false);
  });

  it('finds the worst point near the low end of a flat 30 m → 1.5 m link and calls it LOS', () => {
    const r = analyseProfile({ ground: new Float32Array(21), spacingM, txHeightM: 30, rxHeightM: 1.5, frequencyMHz: 3500 }, scratch);
    expect(r.minIndex).toBe(19);
    expect(r.minClearanceFraction).toBeCloseTo(1.0215, 4);
    expect(r.los).toBe(true);
  });

  it('draws the LOS line between the antenna tips over sloped ground', () => {
    const g = new Float32Array(21).map((_, i) => 100 + 5 * i);
    analyseProfile({ ground: g, spacingM, txHeightM: 20, rxHeightM: 10, frequencyMHz: 3500 }, scratch);
    expect(scratch.los[5]).toBeCloseTo(142.5, 9);
    expect(scratch.bulged[5]).toBeCloseTo(125.0441, 4);
    expect(scratch.clearance[5]).toBeCloseTo(17.4559, 4);
    expect(scratch.fresnel[5]).toBeCloseTo(5.6675, 4);
  });

  it('lets a long path turn NLOS through earth curvature alone', () => {
    // 40 km over the sea with 10 m masts: bulge at the middle = 2e4·2e4/(2·4/3·6 371 000) = 23.5 m > 10 m.
    const r = analyseProfile({ ground: new Float32Array(401), spacingM: 100, txHeightM: 10, rxHeightM: 10, frequencyMHz: 3500 }, createProfileScratch(401));
    expect(r.minClearanceM).toBeCloseTo(10 - 23.544, 2);
    expect(r.minIndex).toBe(200);
    expect(r.los).toBe(false);
  });

  it('reads only `count` samples of a larger buffer and reuses the caller’s scratch and result', () => {
    const buf = new Float32Array(64).fill(500); // samples past `count` would block the link if they were read
    buf.fill(0, 0, 21);
    buf[10] = 25;
    const out = emptyProfileResult();
    const r = analyseProfile({ ground: buf, count: 21, spacingM, txHeightM: 30, rxHeightM: 30, frequencyMHz: 3500 }, scratch, out);
    expect(r).toBe(out);
    expect(r.samples).toBe(21);
    expect(r.los).toBe(true);
    expect(r.minClearanceM).toBeCloseTo(4.9411, 3);
  });

  it('refuses a profile longer than the scratch or with fewer than two samples', () => {
    expect(() => analyseProfile({ ground: new Float32Array(100), spacingM, txHeightM: 30, rxHeightM: 1.5, frequencyMHz: 3500 }, scratch)).toThrow(
      /scratch holds 64/,
    );
    expect(() => analyseProfile({ ground: new Float32Array(1), spacingM, txHeightM: 30, rxHeightM: 1.5, frequencyMHz: 3500 }, scratch)).toThrow(
      /2\.\.1 samples/,
    );
  });
});
