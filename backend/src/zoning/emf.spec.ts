import { complianceDistanceM, eirpWatts, exposureAt, powerDensityWm2, publicLimitWm2, sectorsOfTenancy, worstAlongBoresights } from './emf';
import { REGULATION_RULES } from './regulation-rules';

const LIMITS = REGULATION_RULES.find((r) => r.code === 'emf.public_exposure')!.params.limitsWm2 as {
  fromMHz: number;
  toMHz: number;
  wm2?: number;
  perMHz?: number;
}[];

describe('EMF (far field, EIRP over 4πd²)', () => {
  it('converts EIRP and gives the free-space power density by hand', () => {
    // 60 dBm = 1,000 W; at 100 m: 1000 / (4π · 10,000) = 0.0079577 W/m²
    expect(eirpWatts(60)).toBeCloseTo(1000, 9);
    expect(powerDensityWm2(1000, 100)).toBeCloseTo(1000 / (4 * Math.PI * 1e4), 12);
  });

  it('takes the GB 8702-2014 public limits by band', () => {
    expect(publicLimitWm2(1800, LIMITS)).toBe(0.4);
    expect(publicLimitWm2(3500, LIMITS)).toBeCloseTo(3500 / 7500, 12); // 0.4667 W/m²
    expect(publicLimitWm2(26000, LIMITS)).toBe(2);
  });

  it('on the main beam equals the hand calculation, and drops off the beam', () => {
    // one sector, pointing east, no tilt, at the receptor's height: the receptor 100 m east is on boresight
    const s = [{ eirpDbm: 60, azimuthDeg: 90, bandMHz: 1800, antennaHeightM: 1.5, downtiltDeg: 0 }];
    const on = exposureAt(s, 100, 0, 1.5, LIMITS);
    expect(on.densityWm2).toBeCloseTo(1000 / (4 * Math.PI * 1e4), 9);
    expect(on.limitRatio).toBeCloseTo(1000 / (4 * Math.PI * 1e4) / 0.4, 9);
    // behind the antenna: 30 dB front-to-back
    const behind = exposureAt(s, -100, 0, 1.5, LIMITS);
    expect(behind.densityWm2).toBeCloseTo(on.densityWm2 / 1000, 9);
    expect(behind.mainBeamLimitRatio).toBeCloseTo(on.limitRatio, 9);
  });

  it('gives the compliance distance at which the main beams meet the project share of the limit', () => {
    // three 5G sectors of 75 dBm at 3.5 GHz, one fifth of the limit: r = sqrt(3 · 31,623 W / (4π · 0.2 · 0.4667 W/m²))
    const sectors = sectorsOfTenancy({ eirpDbm: 75, azimuthDeg: 0, sectorCount: 3, bandMHz: 3500, antennaHeightM: 30, tiltDeg: 6 });
    expect(sectors.map((x) => x.azimuthDeg)).toEqual([0, 120, 240]);
    const r = complianceDistanceM(sectors, LIMITS, 0.2);
    expect(r).toBeCloseTo(Math.sqrt((3 * eirpWatts(75)) / (4 * Math.PI * 0.2 * (3500 / 7500))), 6);
    // at that distance, on one boresight at antenna height, one sector alone is a third of the share
    const one = exposureAt([sectors[0]], 0, r, 30, LIMITS);
    expect(one.mainBeamLimitRatio).toBeCloseTo(0.2 / 3, 6);
  });

  it('finds the worst exposure along the boresights, near or where the tilted beam meets the ground', () => {
    const sectors = sectorsOfTenancy({ eirpDbm: 60, azimuthDeg: 0, sectorCount: 1, bandMHz: 1800, antennaHeightM: 30, tiltDeg: 6 });
    const w = worstAlongBoresights(sectors, 1.5, LIMITS);
    for (let r = 5; r <= 300; r += 5) expect(exposureAt(sectors, 0, r, 1.5, LIMITS).limitRatio).toBeLessThanOrEqual(w.limitRatio + 1e-15);
    expect(exposureAt(sectors, 0, w.distanceM, 1.5, LIMITS).limitRatio).toBeCloseTo(w.limitRatio, 15);
  });
});
