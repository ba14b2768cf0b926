/**
 * Radio geometry over a curved earth, pure functions (no Nest, no I/O): groundwork for terrain-aware propagation
 * (issue 14), not yet wired into the coverage engine.
 *
 * Sources: ITU-R P.526 §3 (first Fresnel zone radius) and ITU-R P.452 / P.530 (effective earth radius, k = 4/3 for
 * the median standard atmosphere; earth bulge h = d1·d2 / (2·k·R)).
 */

/** Mean earth radius, metres (IUGG). */
export const EARTH_RADIUS_M = 6_371_000;
/** Median effective earth radius factor of the standard atmosphere (ITU-R P.453 gradient −40 N/km). */
export const DEFAULT_K_FACTOR = 4 / 3;
/** Speed of light in vacuum, m/s (exact). */
export const SPEED_OF_LIGHT = 299_792_458;

export function wavelengthM(frequencyMHz: number): number {
  return SPEED_OF_LIGHT / (frequencyMHz * 1e6);
}

/**
 * Height by which the curved earth rises above the chord between two points, at d1 metres from one end and d2 from
 * the other: h = d1·d2 / (2·k·R). Valid while the path is short against k·R (always so for radio paths).
 */
export function earthBulgeM(d1M: number, d2M: number, k = DEFAULT_K_FACTOR): number {
  return (d1M * d2M) / (2 * k * EARTH_RADIUS_M);
}

/** Radius of the first Fresnel zone at d1/d2 metres from the ends: r1 = √(λ·d1·d2 / (d1 + d2)). */
export function fresnelRadiusM(wavelength: number, d1M: number, d2M: number): number {
  const d = d1M + d2M;
  return d > 0 ? Math.sqrt((wavelength * d1M * d2M) / d) : 0;
}
