/**
 * Land-use (clutter) classes of the coverage grid, one per H3 cell, and the loss each adds at the UE's end of a link.
 * The table is data with its sources; the engine turns it into per-sector constants (clutterTerms) so a cell costs
 * one lookup (plus one power for the built-up classes on line-of-sight links).
 *
 * Why the loss applies to line-of-sight links only in built-up classes: TR 38.901's NLOS formulas were fitted to
 * measurements taken among buildings, so they already hold the loss of the clutter around the UE; adding P.2108 to
 * them would count the buildings twice. A terrain-clear link takes the LOS formula, which has no clutter in it, so
 * the class's loss is added there. Vegetation is in neither formula, so forest adds its loss to both.
 */
export const CLUTTER_CLASSES = ['water', 'open', 'forest', 'suburban', 'urban', 'dense_urban'] as const;
export type ClutterClass = (typeof CLUTTER_CLASSES)[number];
/** Class code in the engine's typed arrays: the index in CLUTTER_CLASSES; this one where no class is known. */
export const CLUTTER_UNKNOWN = 255;

export type ClutterLossRule =
  | { kind: 'none'; source: string }
  /** ITU-R P.2108-1 §3.2 statistical clutter loss for terrestrial paths, at `percent` of locations. */
  | { kind: 'p2108'; percent: number; source: string }
  /** Weissberger's modified exponential decay for `depthM` metres of foliage: 1.33·f^0.284·d^0.588 (f in GHz, 14 < d ≤ 400 m). */
  | { kind: 'foliage'; depthM: number; source: string };

export const CLUTTER_LOSS: Record<ClutterClass, ClutterLossRule> = {
  water: { kind: 'none', source: 'open water: no obstruction around the UE' },
  open: { kind: 'none', source: 'open land: no obstruction around the UE' },
  forest: { kind: 'foliage', depthM: 20, source: 'Weissberger (1982), as cited in ITU-R P.833 background: 20 m of foliage between the UE and the clearing edge' },
  // P.2108 §3.2 has one curve for built-up areas; the class sets the percentile: low buildings obstruct less often
  suburban: { kind: 'p2108', percent: 25, source: 'ITU-R P.2108-1 §3.2, loss not exceeded at 25 % of locations (median − 4.0 dB)' },
  urban: { kind: 'p2108', percent: 50, source: 'ITU-R P.2108-1 §3.2, median (50 % of locations)' },
  dense_urban: { kind: 'p2108', percent: 75, source: 'ITU-R P.2108-1 §3.2, loss not exceeded at 75 % of locations (median + 4.0 dB)' },
};

/** P.2108 §3.2 holds from 2 to 67 GHz and beyond 0.25 km; outside, the nearest edge is used (documented in the README). */
export const P2108_MIN_GHZ = 2;
export const P2108_MAX_GHZ = 67;
export const P2108_MIN_KM = 0.25;

/** Inverse complementary standard normal Q⁻¹(p) (P.1057 approximation, |error| < 4.5e-4), p in (0, 1). */
export function inverseQ(p: number): number {
  if (p > 0.5) return -inverseQ(1 - p);
  const t = Math.sqrt(-2 * Math.log(p));
  return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
}

/** P.2108 §3.2 eq. (6)–(8): L_ctt = −5·log10(10^(−0.2·Ll) + 10^(−0.2·Ls)) − 6·Q⁻¹(p/100), dB. */
export function p2108TerrestrialDb(frequencyMHz: number, distanceM: number, percent: number): number {
  const f = Math.min(Math.max(frequencyMHz / 1000, P2108_MIN_GHZ), P2108_MAX_GHZ);
  const dkm = Math.max(distanceM / 1000, P2108_MIN_KM);
  const ll = 23.5 + 9.6 * Math.log10(f);
  const ls = 32.98 + 23.9 * Math.log10(dkm) + 3.0 * Math.log10(f);
  return -5 * Math.log10(10 ** (-0.2 * ll) + 10 ** (-0.2 * ls)) - 6 * inverseQ(percent / 100);
}

export function foliageDb(frequencyMHz: number, depthM: number): number {
  return 1.33 * (frequencyMHz / 1000) ** 0.284 * depthM ** 0.588;
}

/** Clutter loss at the UE end of one link, dB (the reference form of what the engine computes). */
export function clutterLossDb(cls: ClutterClass, frequencyMHz: number, distanceM: number, los: boolean): number {
  const rule = CLUTTER_LOSS[cls];
  switch (rule.kind) {
    case 'none':
      return 0;
    case 'foliage':
      return foliageDb(frequencyMHz, rule.depthM);
    case 'p2108':
      return los ? p2108TerrestrialDb(frequencyMHz, distanceM, rule.percent) : 0;
  }
}

/**
 * Per-sector constants of the clutter loss, indexed by class code: a fixed part for LOS and NLOS links, and for the
 * P.2108 classes the two terms that depend on distance: loss = −5·log10(a + b·d_km^(−4.78)) + c on LOS links
 * (10^(−0.2·Ls) = 10^(−0.2·(32.98 + 3·log f)) · d_km^(−0.2·23.9)).
 */
export interface ClutterTerms {
  fixedLos: Float64Array;
  fixedNlos: Float64Array;
  /** 0 for classes without the P.2108 term. */
  p2108A: Float64Array;
  p2108B: Float64Array;
  p2108C: Float64Array;
}

export function clutterTerms(frequencyMHz: number): ClutterTerms {
  const n = CLUTTER_CLASSES.length;
  const t: ClutterTerms = { fixedLos: new Float64Array(n), fixedNlos: new Float64Array(n), p2108A: new Float64Array(n), p2108B: new Float64Array(n), p2108C: new Float64Array(n) };
  const f = Math.min(Math.max(frequencyMHz / 1000, P2108_MIN_GHZ), P2108_MAX_GHZ);
  CLUTTER_CLASSES.forEach((cls, k) => {
    const rule = CLUTTER_LOSS[cls];
    if (rule.kind === 'foliage') t.fixedLos[k] = t.fixedNlos[k] = foliageDb(frequencyMHz, rule.depthM);
    if (rule.kind === 'p2108') {
      t.p2108A[k] = 10 ** (-0.2 * (23.5 + 9.6 * Math.log10(f)));
      t.p2108B[k] = 10 ** (-0.2 * (32.98 + 3.0 * Math.log10(f)));
      t.p2108C[k] = -6 * inverseQ(rule.percent / 100);
    }
  });
  return t;
}

/** The exponent of d_km in 10^(−0.2·Ls): −0.2 × 23.9. */
export const P2108_DISTANCE_EXPONENT = -0.2 * 23.9;
