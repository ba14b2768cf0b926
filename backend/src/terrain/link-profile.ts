import { wavelengthM } from '../radio/propagation/terrain/geometry';
import { sampleProfile, type DemGrid, type HeightSource } from '../radio/propagation/terrain/hgt';
import { analyseProfile, createProfileScratch } from '../radio/propagation/terrain/profile';
import { createDiffractionEdges, deygoutLossDb } from '../radio/propagation/terrain/diffraction';
import { pathLoss } from '../radio/propagation/path-loss';
import { itmPointToPoint } from '../radio/propagation/itm';
import { CLUTTER_TABLE, clutterScreens, foliageDb, type ClutterClass } from '../radio/propagation/clutter';
import {
  ITM_FREQUENCY_MHZ,
  ITM_MIN_ANTENNA_M,
  MAX_LINK_M,
  PROFILE_MODELS,
  type LinkEnd,
  type LinkProfile,
  type ProfileModel,
  type Verdict,
} from '@cosite/contracts';

/**
 * One link over terrain, for the link-profile API: the kernels of radio/propagation/terrain put together
 * (great-circle sampling at DEM spacing, earth bulge k = 4/3, F1 clearance and the 60 % LOS rule, Deygout with up
 * to three edges per ITU-R P.526) and the 3GPP TR 38.901 LOS or NLOS formula chosen by that verdict — or, for
 * model=itm, Longley-Rice ITM over the same profile, whose loss already includes the terrain's diffraction.
 */

export { ITM_FREQUENCY_MHZ, ITM_MIN_ANTENNA_M, MAX_LINK_M, PROFILE_MODELS, type LinkEnd, type LinkProfile, type ProfileModel, type Verdict };
/** ITM reports like the formula models: los is ITM's mode, valid means no ITM warning. */
export type ProfilePathLoss = LinkProfile['pathLoss'];

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Throws RangeError when the path leaves the grid (the caller says which end) or the ends coincide. */
export function linkProfile(
  grid: DemGrid | HeightSource,
  from: LinkEnd,
  to: LinkEnd,
  frequencyMHz: number,
  model: ProfileModel,
  clutter: ClutterClass | null = null,
): LinkProfile {
  const p = sampleProfile(grid, from, to);
  if (p.outside) throw new RangeError(`${p.outside} of ${p.heights.length} samples have no terrain`);
  const n = p.heights.length;
  const scratch = createProfileScratch(n);
  const r = analyseProfile({ ground: p.heights, spacingM: p.spacingM, txHeightM: from.heightM, rxHeightM: to.heightM, frequencyMHz }, scratch);
  const edges = createDiffractionEdges();
  const g0 = p.heights[0];
  const g1 = p.heights[n - 1];
  const lambda = wavelengthM(frequencyMHz);
  const diffraction = deygoutLossDb(scratch.bulged, n, p.spacingM, g0 + from.heightM, g1 + to.heightM, lambda, edges);
  // the engine's rule: LOS takes a clear terrain profile and a line that passes the clutter around the receiver
  const screened = clutter !== null && clutterScreens(CLUTTER_TABLE[clutter].heightM, g0 + from.heightM - g1, to.heightM, p.distanceM, lambda);
  const pl =
    model === 'itm'
      ? itmPathLoss(p.heights, p.spacingM, from.heightM, to.heightM, frequencyMHz)
      : pathLoss(model, { frequencyMHz, distanceM: p.distanceM, bsHeightM: from.heightM, ueHeightM: to.heightM, los: r.los && !screened });
  const clutterLoss = clutter ? foliageDb(frequencyMHz, CLUTTER_TABLE[clutter].foliageM) : 0;
  const samples = new Array(n);
  for (let i = 0; i < n; i++) {
    samples[i] = {
      distanceM: round(i * p.spacingM, 1),
      groundM: round(p.heights[i]),
      bulgedM: round(scratch.bulged[i]),
      losM: round(scratch.los[i]),
      fresnelM: round(scratch.fresnel[i]),
      clearanceM: round(scratch.clearance[i]),
    };
  }
  return {
    distanceM: round(p.distanceM, 1),
    spacingM: round(p.spacingM, 2),
    frequencyMHz,
    model,
    from: { ...from, groundM: round(g0) },
    to: { ...to, groundM: round(g1) },
    samples,
    minClearance:
      r.minIndex < 0 ? null : { distanceM: round(r.minDistanceM, 1), clearanceM: round(r.minClearanceM), fractionOfF1: round(r.minClearanceFraction, 3) },
    edges: Array.from({ length: edges.count }, (_, k) => ({
      distanceM: round(edges.index[k] * p.spacingM, 1),
      heightM: round(p.heights[edges.index[k]]),
      v: round(edges.v[k], 3),
      lossDb: round(edges.lossDb[k]),
    })),
    los: r.los,
    verdict: r.los ? 'clear' : r.minClearanceM >= 0 ? 'fresnel-obstructed' : 'obstructed',
    diffractionLossDb: round(diffraction),
    pathLoss: { ...pl, pathLossDb: round(pl.pathLossDb) },
    clutter,
    clutterScreens: screened,
    clutterLossDb: round(clutterLoss),
    totalLossDb: round((model === 'itm' ? pl.pathLossDb : pl.pathLossDb + diffraction) + clutterLoss),
  };
}

/** ITM's loss over the ground profile (ITM takes the earth's curvature and the terrain's diffraction itself). */
function itmPathLoss(ground: ArrayLike<number>, spacingM: number, txHeightM: number, rxHeightM: number, frequencyMHz: number): ProfilePathLoss {
  const r = itmPointToPoint(ground, ground.length, spacingM, txHeightM, rxHeightM, frequencyMHz);
  return { pathLossDb: r.lossDb, model: 'itm', los: r.mode === 'line-of-sight', valid: r.warnings === 0, outOfRange: [] };
}
