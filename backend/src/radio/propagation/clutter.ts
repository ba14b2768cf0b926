import { CLUTTER_CLASSES, type ClutterClass } from '@cosite/contracts';

/**
 * Land-use (clutter) classes of the coverage grid, one per H3 cell, and what each does to a link ending in it: a
 * documented class table (issue 14 allows "ITU-R P.2108 or a documented class table"), kept here as data with its
 * sources.
 *
 * The rule: the UE stands 1.5 m above its ground, inside the clutter of its cell. Clutter is an obstacle of the class's
 * representative height (ITU-R P.2108-1 §3.1, Table 2) at the nominal distance w_s = 27 m from the UE (the same
 * section). A link is LOS only when the terrain leaves 60 % of the first Fresnel zone clear AND the line between the
 * antennas passes that clutter with 60 % of F1 to spare; otherwise it takes TR 38.901's NLOS formula, which was fitted
 * to exactly this situation (a UE among buildings), so nothing more is added for buildings. Vegetation is in neither
 * 38.901 formula, so forest also adds a foliage loss to every link.
 */
export { CLUTTER_CLASSES, type ClutterClass };
/** Class code in the engine's typed arrays: the index in CLUTTER_CLASSES; this one where no class is known. */
export const CLUTTER_UNKNOWN = 255;

export interface ClutterRule {
  /** Representative clutter height around the UE, metres (0: nothing stands around it). */
  heightM: number;
  /** Metres of foliage the signal crosses into the UE (Weissberger), 0 for none. */
  foliageM: number;
  source: string;
}

export const CLUTTER_TABLE: Record<ClutterClass, ClutterRule> = {
  water: { heightM: 0, foliageM: 0, source: 'open water: nothing stands around the UE' },
  open: { heightM: 0, foliageM: 0, source: 'open land and fields: nothing stands around the UE' },
  forest: { heightM: 15, foliageM: 20, source: 'ITU-R P.2108-1 Table 2 (trees/forest, R = 15 m); Weissberger foliage loss over 20 m of trees' },
  suburban: { heightM: 10, foliageM: 0, source: 'ITU-R P.2108-1 Table 2 (suburban, R = 10 m)' },
  urban: { heightM: 15, foliageM: 0, source: 'ITU-R P.2108-1 Table 2 (urban, R = 15 m)' },
  dense_urban: { heightM: 20, foliageM: 0, source: 'ITU-R P.2108-1 Table 2 (dense urban, R = 20 m)' },
};

/** Nominal distance from the UE to the clutter that screens it, ITU-R P.2108-1 §3.1 (w_s = 27 m). */
export const CLUTTER_DISTANCE_M = 27;

/**
 * Weissberger's modified exponential decay model: L = 1.33·f^0.284·d^0.588 dB (f in GHz, 14 < d ≤ 400 m of foliage),
 * for 230 MHz to 95 GHz.
 */
export function foliageDb(frequencyMHz: number, depthM: number): number {
  return depthM > 0 ? 1.33 * (frequencyMHz / 1000) ** 0.284 * depthM ** 0.588 : 0;
}

/**
 * Whether the clutter around the UE screens the link: the line between the antennas, CLUTTER_DISTANCE_M from the UE,
 * passes less than 60 % of F1 above the clutter top. `tipAboveUeGroundM` is the site's antenna tip above the UE's
 * ground, `ueHeightM` the UE above its ground, `distanceM` the link's ground length.
 */
export function clutterScreens(clutterHeightM: number, tipAboveUeGroundM: number, ueHeightM: number, distanceM: number, wavelength: number): boolean {
  if (!(clutterHeightM > ueHeightM)) return false;
  const ws = CLUTTER_DISTANCE_M;
  if (!(distanceM > ws)) return false;
  const above = ueHeightM + ((tipAboveUeGroundM - ueHeightM) * ws) / distanceM - clutterHeightM;
  return above < 0.6 * Math.sqrt((wavelength * ws * (distanceM - ws)) / distanceM);
}

/** Per class code: clutter height and foliage loss at a frequency (the engine's per-band constants). */
export interface ClutterTerms {
  heightM: Float64Array;
  lossDb: Float64Array;
}

export function clutterTerms(frequencyMHz: number): ClutterTerms {
  const heightM = new Float64Array(256);
  const lossDb = new Float64Array(256);
  CLUTTER_CLASSES.forEach((cls, k) => {
    heightM[k] = CLUTTER_TABLE[cls].heightM;
    lossDb[k] = foliageDb(frequencyMHz, CLUTTER_TABLE[cls].foliageM);
  });
  return { heightM, lossDb };
}
