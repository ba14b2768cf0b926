import { DEFAULT_K_FACTOR, earthBulgeM, fresnelRadiusM, wavelengthM } from './geometry';

/**
 * Hand calculations (worked on paper / a calculator, R = 6371 km, c = 299 792 458 m/s):
 * - bulge at the middle of a 20 km path, k = 4/3: 10 000 · 10 000 / (2 · 4/3 · 6 371 000) = 5.886 m
 * - λ at 3.5 GHz = 0.085655 m; r1 at 1 km + 1 km = √(0.085655 · 1e6 / 2000) = 6.544 m
 */
describe('earth bulge', () => {
  it('is about 5.9 m at the middle of a 20 km path with k = 4/3', () => {
    expect(earthBulgeM(10_000, 10_000)).toBeCloseTo(5.886, 3);
    expect(DEFAULT_K_FACTOR).toBeCloseTo(4 / 3, 12);
  });
  it('is zero at the ends, largest in the middle, and larger on the true earth (k = 1)', () => {
    expect(earthBulgeM(0, 20_000)).toBe(0);
    expect(earthBulgeM(5_000, 15_000)).toBeLessThan(earthBulgeM(10_000, 10_000));
    // k = 1: 1e8 / (2 · 6 371 000) = 7.848 m
    expect(earthBulgeM(10_000, 10_000, 1)).toBeCloseTo(7.848, 3);
  });
});

describe('wavelength and first Fresnel zone', () => {
  it('gives λ = c / f', () => {
    expect(wavelengthM(3500)).toBeCloseTo(0.085655, 6);
    expect(wavelengthM(900)).toBeCloseTo(0.333103, 6);
  });
  it('gives r1 = 6.544 m in the middle of a 2 km link at 3.5 GHz', () => {
    expect(fresnelRadiusM(wavelengthM(3500), 1000, 1000)).toBeCloseTo(6.544, 3);
  });
  it('is symmetric, zero at the ends, and grows as √λ', () => {
    const l = wavelengthM(3500);
    expect(fresnelRadiusM(l, 300, 1700)).toBeCloseTo(fresnelRadiusM(l, 1700, 300), 12);
    expect(fresnelRadiusM(l, 0, 2000)).toBe(0);
    expect(fresnelRadiusM(4 * l, 1000, 1000)).toBeCloseTo(2 * fresnelRadiusM(l, 1000, 1000), 9);
  });
});
