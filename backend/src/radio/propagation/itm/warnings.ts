/** ITM's warning flags, bit for bit as NTIA ITM 1.4 returns them (include/Warnings.h). */
export const ITM_WARNING = {
  /** tx antenna height outside 1–1000 m */
  TX_TERMINAL_HEIGHT: 0x0001,
  /** rx antenna height outside 1–1000 m */
  RX_TERMINAL_HEIGHT: 0x0002,
  /** frequency outside 40–10000 MHz */
  FREQUENCY: 0x0004,
  /** path longer than 1000 km */
  PATH_DISTANCE_TOO_BIG_1: 0x0008,
  /** path longer than 2000 km */
  PATH_DISTANCE_TOO_BIG_2: 0x0010,
  /** path shorter than |he1 − he2| / 0.2 */
  PATH_DISTANCE_TOO_SMALL_1: 0x0020,
  /** path shorter than 1 km */
  PATH_DISTANCE_TOO_SMALL_2: 0x0040,
  /** tx horizon angle above 0.2 rad: small-angle approximations break down */
  TX_HORIZON_ANGLE: 0x0080,
  RX_HORIZON_ANGLE: 0x0100,
  /** tx horizon nearer than a tenth of the smooth-earth horizon */
  TX_HORIZON_DISTANCE_1: 0x0200,
  RX_HORIZON_DISTANCE_1: 0x0400,
  /** tx horizon farther than three times the smooth-earth horizon */
  TX_HORIZON_DISTANCE_2: 0x0800,
  RX_HORIZON_DISTANCE_2: 0x1000,
  /** a time, location or situation percentage far in its distribution's tail (|z| > 3.1) */
  EXTREME_VARIABILITIES: 0x2000,
  /** surface refractivity below 250 N-units */
  SURFACE_REFRACTIVITY: 0x4000,
} as const;

export type ItmMode = 'line-of-sight' | 'diffraction' | 'troposcatter';

/**
 * A profile ITM cannot compute (the inputs are in range, the path is not): a horizon so near and steep that
 * ITM's smooth-earth diffraction has no value (the NTIA code gives NaN there too), or a path so high that the
 * surface refractivity falls below 150 N-units.
 */
export class ItmPathError extends RangeError {
  override name = 'ItmPathError';
}

/** The names of the flags set in `warnings`, for messages. */
export function itmWarningNames(warnings: number): string[] {
  return Object.entries(ITM_WARNING)
    .filter(([, bit]) => (warnings & bit) !== 0)
    .map(([name]) => name);
}
