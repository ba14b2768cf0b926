import { DEFAULT_K_FACTOR, EARTH_RADIUS_M, wavelengthM } from './geometry';

/**
 * Line of sight and Fresnel clearance along a terrain profile: groundwork for issue 14, not yet wired into the
 * engine. The engine will run this for very many links, so the loop allocates nothing: the caller owns the
 * scratch arrays (createProfileScratch) and the result object, and reuses them.
 *
 * Geometry: sample 0 is the transmitter's ground, sample count−1 the receiver's, spacing fixed. The ground is raised
 * by the earth bulge d1·d2/(2kR) (geometry.ts), so the straight line between the antennas can stay straight.
 */

/**
 * A link is LOS when at least 60 % of the first Fresnel zone is clear at every interior point: the usual planning
 * criterion (ITU-R P.530 §2.2.2 and P.526: with 0.6·F1 clear the diffraction loss is about 0 dB).
 */
export const LOS_FRESNEL_CLEARANCE = 0.6;

export interface ProfileInput {
  /** Ground heights above sea level at a fixed spacing, metres; sample 0 under the transmitter. */
  ground: ArrayLike<number>;
  /** Samples to use (defaults to ground.length), so one large buffer can serve profiles of any length. */
  count?: number;
  spacingM: number;
  /** Antenna heights above their own ground, metres. */
  txHeightM: number;
  rxHeightM: number;
  frequencyMHz: number;
  /** Effective earth radius factor (default 4/3). */
  k?: number;
}

/** Per-sample outputs, written by analyseProfile; sized once for the longest profile expected. */
export interface ProfileScratch {
  capacity: number;
  /** Ground plus earth bulge, metres. */
  bulged: Float64Array;
  /** Height of the straight line between the antennas, metres. */
  los: Float64Array;
  /** First Fresnel zone radius, metres (0 at the ends). */
  fresnel: Float64Array;
  /** LOS line minus bulged ground, metres (negative: the ground cuts the line). */
  clearance: Float64Array;
  /** clearance / F1 (±Infinity at the ends, where F1 = 0). */
  fraction: Float64Array;
}

export interface ProfileResult {
  samples: number;
  distanceM: number;
  /** The interior sample with the smallest clearance as a fraction of F1 (the one that decides the verdict); −1 when there is none. */
  minIndex: number;
  minDistanceM: number;
  minClearanceM: number;
  minClearanceFraction: number;
  /** True when clearance ≥ 0.6·F1 at every interior sample. */
  los: boolean;
}

export function createProfileScratch(capacity: number): ProfileScratch {
  return {
    capacity,
    bulged: new Float64Array(capacity),
    los: new Float64Array(capacity),
    fresnel: new Float64Array(capacity),
    clearance: new Float64Array(capacity),
    fraction: new Float64Array(capacity),
  };
}

export function emptyProfileResult(): ProfileResult {
  return { samples: 0, distanceM: 0, minIndex: -1, minDistanceM: NaN, minClearanceM: Infinity, minClearanceFraction: Infinity, los: true };
}

/** Fills `scratch` for the profile and writes the summary into `out` (returned). Throws only on unusable input. */
export function analyseProfile(input: ProfileInput, scratch: ProfileScratch, out: ProfileResult = emptyProfileResult()): ProfileResult {
  const { ground, spacingM, txHeightM, rxHeightM, frequencyMHz } = input;
  const n = input.count ?? ground.length;
  if (n < 2 || n > ground.length) throw new RangeError(`profile needs 2..${ground.length} samples, got ${n}`);
  if (n > scratch.capacity) throw new RangeError(`scratch holds ${scratch.capacity} samples, profile has ${n}`);
  if (!(spacingM > 0) || !(frequencyMHz > 0)) throw new RangeError('spacing and frequency must be positive');
  const { bulged, los, fresnel, clearance, fraction } = scratch;
  const lambda = wavelengthM(frequencyMHz);
  const twoKR = 2 * (input.k ?? DEFAULT_K_FACTOR) * EARTH_RADIUS_M;
  const total = (n - 1) * spacingM;
  const h0 = ground[0] + txHeightM;
  const slope = (ground[n - 1] + rxHeightM - h0) / total;
  const lambdaOverD = lambda / total;
  let minIndex = -1;
  let minFraction = Infinity;
  for (let i = 0; i < n; i++) {
    const d1 = i * spacingM;
    const d2 = total - d1;
    const b = ground[i] + (d1 * d2) / twoKR;
    const line = h0 + slope * d1;
    const r1 = Math.sqrt(lambdaOverD * d1 * d2);
    const c = line - b;
    bulged[i] = b;
    los[i] = line;
    fresnel[i] = r1;
    clearance[i] = c;
    const f = r1 > 0 ? c / r1 : c >= 0 ? Infinity : -Infinity;
    fraction[i] = f;
    if (i > 0 && i < n - 1 && f < minFraction) {
      minFraction = f;
      minIndex = i;
    }
  }
  out.samples = n;
  out.distanceM = total;
  out.minIndex = minIndex;
  out.minDistanceM = minIndex < 0 ? NaN : minIndex * spacingM;
  out.minClearanceM = minIndex < 0 ? Infinity : clearance[minIndex];
  out.minClearanceFraction = minFraction;
  out.los = minFraction >= LOS_FRESNEL_CLEARANCE;
  return out;
}
