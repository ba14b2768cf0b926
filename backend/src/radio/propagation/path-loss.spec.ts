import { breakpointEffective, breakpointRma, defaultModel, pathLoss, type PathLossModel } from './path-loss';

/**
 * Reference values worked out from the published formulas in a separate calculation (a few lines of Python
 * written from TR 38.901 Table 7.4.1-1, the COST 231 report and ITU-R P.525, independent of this code),
 * rounded to 0.001 dB. Distances are 2D; d3D = √(d2D² + (hBS − hUT)²).
 */
const at = (model: PathLossModel, frequencyMHz: number, distanceM: number, bsHeightM: number, ueHeightM: number, los?: boolean) =>
  pathLoss(model, { frequencyMHz, distanceM, bsHeightM, ueHeightM, los });

describe('3GPP TR 38.901 UMa (3.5 GHz, hBS 25 m, hUT 1.5 m)', () => {
  // d'BP = 4 (25−1)(1.5−1) 3.5e9 / 3e8 = 560 m
  it('puts the breakpoint at 560 m', () => {
    expect(breakpointEffective({ frequencyMHz: 3500, distanceM: 0, bsHeightM: 25, ueHeightM: 1.5 })).toBeCloseTo(560, 6);
  });
  it.each([
    [50, 77.212, 92.511],
    [200, 89.57, 114.462],
    [560, 99.35, 131.835],
    [1000, 109.412, 141.666],
    [3000, 128.492, 160.308],
  ])('at %d m: LOS %d dB, NLOS %d dB', (d, los, nlos) => {
    expect(at('3gpp-uma', 3500, d, 25, 1.5, true).pathLossDb).toBeCloseTo(los, 2);
    expect(at('3gpp-uma', 3500, d, 25, 1.5, false).pathLossDb).toBeCloseTo(nlos, 2);
  });
  it('is continuous across the breakpoint (PL1 and PL2 meet)', () => {
    const before = at('3gpp-uma', 3500, 559.9, 25, 1.5, true).pathLossDb;
    const after = at('3gpp-uma', 3500, 560.1, 25, 1.5, true).pathLossDb;
    expect(Math.abs(after - before)).toBeLessThan(0.05);
  });
  it('NLOS is never below LOS (NLOS = max(LOS, NLOS′))', () => {
    for (const d of [10, 30, 100, 1000, 5000])
      expect(at('3gpp-uma', 3500, d, 25, 1.5, false).pathLossDb).toBeGreaterThanOrEqual(at('3gpp-uma', 3500, d, 25, 1.5, true).pathLossDb);
  });
});

describe('3GPP TR 38.901 UMi-Street Canyon (2.6 GHz, hBS 10 m, hUT 1.5 m)', () => {
  // d'BP = 4 (10−1)(0.5) 2.6e9 / 3e8 = 156 m
  it('puts the breakpoint at 156 m', () => {
    expect(breakpointEffective({ frequencyMHz: 2600, distanceM: 0, bsHeightM: 10, ueHeightM: 1.5 })).toBeCloseTo(156, 6);
  });
  it.each([
    [20, 68.778, 78.438],
    [100, 82.732, 101.894],
    [200, 91.075, 112.479],
    [400, 103.104, 123.095],
    [1000, 119.018, 137.139],
  ])('at %d m: LOS %d dB, NLOS %d dB', (d, los, nlos) => {
    expect(at('3gpp-umi', 2600, d, 10, 1.5, true).pathLossDb).toBeCloseTo(los, 2);
    expect(at('3gpp-umi', 2600, d, 10, 1.5, false).pathLossDb).toBeCloseTo(nlos, 2);
  });
});

describe('3GPP TR 38.901 RMa (700 MHz, hBS 35 m, hUT 1.5 m, h 5 m, W 20 m)', () => {
  // d_BP = 2π · 35 · 1.5 · 0.7e9 / 3e8 = 769.69 m
  it('puts the breakpoint at 769.69 m', () => {
    expect(breakpointRma({ frequencyMHz: 700, distanceM: 0, bsHeightM: 35, ueHeightM: 1.5 })).toBeCloseTo(769.69, 2);
  });
  it.each([
    [100, 70.219, 78.694],
    [500, 84.633, 104.843],
    [1500, 100.42, 123.243],
    [4000, 117.455, 139.696],
  ])('at %d m: LOS %d dB, NLOS %d dB', (d, los, nlos) => {
    expect(at('3gpp-rma', 700, d, 35, 1.5, true).pathLossDb).toBeCloseTo(los, 2);
    expect(at('3gpp-rma', 700, d, 35, 1.5, false).pathLossDb).toBeCloseTo(nlos, 2);
  });
  it('extends LOS past the breakpoint to 10 km (8 km: 129.496 dB), NLOS only to 5 km', () => {
    expect(at('3gpp-rma', 700, 8000, 35, 1.5, true)).toMatchObject({ valid: true });
    expect(at('3gpp-rma', 700, 8000, 35, 1.5, true).pathLossDb).toBeCloseTo(129.496, 2);
    expect(at('3gpp-rma', 700, 8000, 35, 1.5, false)).toMatchObject({ valid: false, outOfRange: [{ parameter: 'distanceM', max: 5000 }] });
  });
});

describe('COST-231 Hata (1800 MHz, hb 40 m, hm 1.5 m)', () => {
  it.each([
    [1000, 137.514, 134.47],
    [2000, 147.872, 144.828],
    [5000, 161.563, 158.519],
    [10000, 171.921, 168.877],
    [20000, 182.278, 179.234],
  ])('at %d m: metropolitan centre %d dB (C = 3), suburban %d dB (C = 0)', (d, urban, suburban) => {
    expect(at('cost231-urban', 1800, d, 40, 1.5).pathLossDb).toBeCloseTo(urban, 2);
    expect(at('cost231-suburban', 1800, d, 40, 1.5).pathLossDb).toBeCloseTo(suburban, 2);
  });
  it('flags a 3.5 GHz band and a 200 m link as outside its range, never silently', () => {
    const r = at('cost231-urban', 3500, 200, 40, 1.5);
    expect(r.valid).toBe(false);
    expect(r.outOfRange.map((v) => v.parameter).sort()).toEqual(['distanceM', 'frequencyMHz']);
  });
});

describe('free space (2.6 GHz, hBS 30 m, hUT 1.5 m)', () => {
  it.each([
    [10, 70.351],
    [100, 81.089],
    [1000, 100.753],
    [5000, 114.729],
    [20000, 126.77],
  ])('at %d m: %d dB', (d, db) => {
    expect(at('free-space', 2600, d, 30, 1.5).pathLossDb).toBeCloseTo(db, 2);
  });
  it('is the floor of COST-231 Hata when it is extrapolated to short links', () => {
    for (const m of ['cost231-urban', 'cost231-suburban'] as const) {
      for (const d of [5, 50, 500])
        expect(at(m, 2000, d, 30, 1.5, true).pathLossDb).toBeGreaterThanOrEqual(at('free-space', 2000, d, 30, 1.5).pathLossDb - 1e-9);
    }
  });
});

describe('validity and defaults', () => {
  it('flags a UMa link shorter than 10 m and a UE above 22.5 m', () => {
    expect(at('3gpp-uma', 3500, 5, 25, 1.5).outOfRange).toEqual([{ parameter: 'distanceM', value: 5, min: 10, max: 5000 }]);
    expect(at('3gpp-uma', 3500, 100, 25, 30).valid).toBe(false);
  });
  it('refuses a non-positive distance outright', () => {
    expect(() => at('3gpp-uma', 3500, 0, 25, 1.5)).toThrow(RangeError);
  });
  it('picks UMi for small cells, UMa for macro sites in towns, RMa in the countryside', () => {
    expect(defaultModel('dense_urban', 'small_cell')).toBe('3gpp-umi');
    expect(defaultModel('urban', 'macro')).toBe('3gpp-uma');
    expect(defaultModel('rural', 'macro')).toBe('3gpp-rma');
  });
});
