import { createDiffractionEdges, deygoutLossDb, fresnelKirchhoffV, knifeEdgeLossDb } from './diffraction';
import { wavelengthM } from './geometry';
import { analyseProfile, createProfileScratch } from './profile';

/**
 * J(v), two references computed outside this code (Python 3, scipy.special.fresnel):
 * - the exact knife-edge loss of ITU-R P.526 eq. (27): J(v) = −20·log10(√((1 − C(v) − S(v))² + (C(v) − S(v))²) / 2);
 * - the Recommendation's approximation eq. (31) J(v) = 6.9 + 20·log10(√((v−0.1)² + 1) + v − 0.1), given for v > −0.78.
 *
 *     v       exact (Fresnel integrals)   approximation (31)
 *    −1.0          −1.001                  not applicable (v ≤ −0.78) → 0 by convention; (31) itself would give −1.355
 *     0.0           6.021                   6.033
 *     1.0          13.864                  13.926
 *     2.4          20.618                  20.539
 *     5.0          26.936                  26.814
 */
describe('ITU-R P.526 knife-edge loss J(v)', () => {
  it.each([
    [-1, 0, -1.001],
    [0, 6.033, 6.021],
    [1, 13.926, 13.864],
    [2.4, 20.539, 20.618],
    [5, 26.814, 26.936],
  ])('J(%d) = %d dB (formula); exact Fresnel value %d dB', (v, formula, exact) => {
    expect(Math.abs(knifeEdgeLossDb(v) - formula)).toBeLessThan(0.001);
    // Within 0.3 dB of the exact diffraction integral wherever the approximation applies.
    if (v > -0.78) expect(Math.abs(knifeEdgeLossDb(v) - exact)).toBeLessThan(0.3);
  });
  it('is 0 at and below v = −0.78 and continuous just above it', () => {
    expect(knifeEdgeLossDb(-0.78)).toBe(0);
    expect(knifeEdgeLossDb(-5)).toBe(0);
    expect(Math.abs(knifeEdgeLossDb(-0.7799))).toBeLessThan(0.01);
  });
});

/**
 * Single knife edge, by hand: 900 MHz (λ = 0.333103 m), 1 km path over flat sea-level ground sampled every 10 m,
 * both antennas 30 m, a 40 m spike at 500 m. Earth bulge there 500·500/(2·4/3·6 371 000) = 0.0147 m, so the edge
 * stands h = 40.0147 − 30 = 10.0147 m over the line; v = 10.0147·√(2·1000/(0.333103·500·500)) = 1.5520;
 * J = 6.9 + 20·log10(√(1.4520² + 1) + 1.4520) = 17.04 dB.
 */
describe('Fresnel–Kirchhoff v and a single knife edge', () => {
  const lambda = wavelengthM(900);
  it('gives v = 1.5497 for a 10 m edge in the middle of a 1 km, 900 MHz path', () => {
    expect(fresnelKirchhoffV(10, 500, 500, lambda)).toBeCloseTo(1.5497, 4);
    expect(fresnelKirchhoffV(-10, 500, 500, lambda)).toBeCloseTo(-1.5497, 4);
  });

  it('finds the edge over a profile and matches the hand calculation (17.04 dB) within 0.5 dB', () => {
    const ground = new Float32Array(101);
    ground[50] = 40;
    const scratch = createProfileScratch(101);
    const p = analyseProfile({ ground, spacingM: 10, txHeightM: 30, rxHeightM: 30, frequencyMHz: 900 }, scratch);
    expect(p.los).toBe(false);
    const edges = createDiffractionEdges();
    const loss = deygoutLossDb(scratch.bulged, 101, 10, 30, 30, lambda, edges);
    expect(Math.abs(loss - 17.04)).toBeLessThan(0.5);
    expect(edges.count).toBe(1);
    expect(edges.index[0]).toBe(50);
    expect(edges.v[0]).toBeCloseTo(1.552, 3);
  });

  it('gives 0 dB over a clear path', () => {
    const scratch = createProfileScratch(101);
    analyseProfile({ ground: new Float32Array(101), spacingM: 10, txHeightM: 30, rxHeightM: 30, frequencyMHz: 900 }, scratch);
    const edges = createDiffractionEdges();
    expect(deygoutLossDb(scratch.bulged, 101, 10, 30, 30, lambda, edges)).toBe(0);
    expect(edges.count).toBe(0);
  });
});

/**
 * Deygout with two ridges, by hand: 900 MHz, 3 km over sea-level ground sampled every 100 m, antennas 10 m, a 50 m
 * edge at 1000 m and a 45 m edge at 2000 m (bulge at both 0.1177 m).
 * - main edge: v1 = 40.1177·√(2·3000/(λ·1000·2000)) = 3.8072 (the 45 m edge has 3.3327), J = 24.455 dB;
 * - transmitter side (0–1000 m, line 10 → 50.1177 m): all ground far below, no edge;
 * - receiver side (line from the main edge top 50.1177 m to the 10 m antenna): at 2000 m the line is at 30.0589 m,
 *   h = 45.1177 − 30.0589 = 15.0589 m, v = 1.6502, J = 17.517 dB.  Total 41.972 dB.
 */
describe('Deygout over several edges', () => {
  it('adds the main edge and the secondary edge behind it (41.97 dB)', () => {
    const ground = new Float32Array(31);
    ground[10] = 50;
    ground[20] = 45;
    const scratch = createProfileScratch(31);
    analyseProfile({ ground, spacingM: 100, txHeightM: 10, rxHeightM: 10, frequencyMHz: 900 }, scratch);
    const edges = createDiffractionEdges();
    const loss = deygoutLossDb(scratch.bulged, 31, 100, 10, 10, wavelengthM(900), edges);
    expect(edges.count).toBe(2);
    expect(Array.from(edges.index.subarray(0, 2))).toEqual([10, 20]);
    expect(edges.v[0]).toBeCloseTo(3.8072, 3);
    expect(edges.v[1]).toBeCloseTo(1.6502, 3);
    expect(loss).toBeCloseTo(41.972, 2);
  });

  /**
   * A generated 400 m ridge (triangular, foot at 500 m and 1500 m, crest at 1000 m) between a 30 m mast and a 1.5 m
   * receiver 2 km behind the crest, 3.5 GHz, 30 m DEM spacing. By hand the crest alone gives v ≈ 71, J ≈ 49.9 dB.
   */
  it('puts at least 20 dB behind a 400 m ridge and nothing in front of it', () => {
    const spacing = 30;
    const n = 101; // 0 … 3000 m
    const ground = new Float32Array(n).map((_, i) => Math.max(0, 400 - Math.abs(i * spacing - 1000) * 0.8));
    const scratch = createProfileScratch(n);
    const lambda = wavelengthM(3500);
    const behind = analyseProfile({ ground, spacingM: spacing, txHeightM: 30, rxHeightM: 1.5, frequencyMHz: 3500 }, scratch);
    expect(behind.los).toBe(false);
    const edges = createDiffractionEdges();
    const lossBehind = deygoutLossDb(scratch.bulged, n, spacing, 30, 1.5, lambda, edges);
    expect(lossBehind).toBeGreaterThanOrEqual(20);
    expect(lossBehind).toBeGreaterThanOrEqual(49.9 - 0.5); // at least the crest's own loss
    expect(edges.index[0] * spacing).toBe(990); // 1000 m is not a sample; 990 m and 1020 m bracket the crest

    // A receiver 400 m out, still on the flat in front of the ridge: the first 14 samples of the same terrain.
    const front = analyseProfile({ ground, count: 14, spacingM: spacing, txHeightM: 30, rxHeightM: 1.5, frequencyMHz: 3500 }, scratch);
    expect(front.los).toBe(true);
    expect(deygoutLossDb(scratch.bulged, 14, spacing, 30, 1.5, lambda)).toBe(0);
  });
});
