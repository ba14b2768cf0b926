/**
 * Diffraction over terrain, ITU-R P.526: groundwork for issue 14, not yet wired into the engine.
 *
 * Single knife edge: P.526 §4.1 eq. (31) approximation J(v) = 6.9 + 20·log10(√((v−0.1)² + 1) + v − 0.1) dB, which
 * the Recommendation gives for v > −0.78; below that the edge is taken as lossless (0 dB, the small lobing gain is
 * ignored, as planning tools do).
 *
 * Multiple edges: Deygout with at most three edges (the main edge by largest v, then the largest-v edge on each side
 * of it, each applied only when its v > −0.78). Deygout rather than Bullington because the terrain this is built
 * for (Chongqing) has several separate parallel ridges: Bullington folds all of them into one equivalent edge and
 * under-predicts the loss of two distinct ridges, while Deygout counts each; its known over-prediction for closely
 * spaced edges is bounded by stopping at three.
 */

/** Below this v a knife edge leaves the path effectively clear (P.526: the approximation holds for v > −0.78). */
export const KNIFE_EDGE_MIN_V = -0.78;
/** Deygout edges evaluated at most: the main one and one on each side. */
export const DEYGOUT_MAX_EDGES = 3;

/** Knife-edge diffraction loss J(v), dB. */
export function knifeEdgeLossDb(v: number): number {
  if (!(v > KNIFE_EDGE_MIN_V)) return 0;
  const x = v - 0.1;
  return 6.9 + 20 * Math.log10(Math.sqrt(x * x + 1) + x);
}

/**
 * Fresnel–Kirchhoff diffraction parameter v = h·√(2·(d1 + d2) / (λ·d1·d2)), P.526 eq. (26): h is the height of the
 * edge above the straight line between the two ends (negative below it), d1 and d2 its distances from the ends.
 */
export function fresnelKirchhoffV(heightAboveLineM: number, d1M: number, d2M: number, wavelength: number): number {
  return heightAboveLineM * Math.sqrt((2 * (d1M + d2M)) / (wavelength * d1M * d2M));
}

/** Edges found by deygoutLossDb, in the order found (main, transmitter side, receiver side). */
export interface DiffractionEdges {
  count: number;
  /** Profile sample index of each edge. */
  index: Int32Array;
  v: Float64Array;
  lossDb: Float64Array;
}

export function createDiffractionEdges(): DiffractionEdges {
  return { count: 0, index: new Int32Array(DEYGOUT_MAX_EDGES), v: new Float64Array(DEYGOUT_MAX_EDGES), lossDb: new Float64Array(DEYGOUT_MAX_EDGES) };
}

// The v of the last edge found: a module variable so that the search returns a plain index and allocates nothing.
let foundV = -Infinity;

/** Interior sample of (i0, i1) with the largest v against the line from height a at i0 to b at i1; −1 if none. */
function largestVEdge(terrain: ArrayLike<number>, i0: number, i1: number, a: number, b: number, spacingM: number, wavelength: number): number {
  foundV = -Infinity;
  let best = -1;
  const span = (i1 - i0) * spacingM;
  const slope = (b - a) / span;
  const k = (2 * span) / wavelength;
  for (let j = i0 + 1; j < i1; j++) {
    const d1 = (j - i0) * spacingM;
    const d2 = span - d1;
    const v = (terrain[j] - (a + slope * d1)) * Math.sqrt(k / (d1 * d2));
    if (v > foundV) {
      foundV = v;
      best = j;
    }
  }
  return best;
}

/**
 * Deygout diffraction loss over a profile, dB. `terrain` holds the obstacle heights above sea level with the earth
 * bulge already added (ProfileScratch.bulged from profile.ts), `count` samples at `spacingM`; txTipM and rxTipM are
 * the antenna tips above sea level. Fills `edges` when given.
 */
export function deygoutLossDb(
  terrain: ArrayLike<number>,
  count: number,
  spacingM: number,
  txTipM: number,
  rxTipM: number,
  wavelength: number,
  edges?: DiffractionEdges,
): number {
  if (edges) edges.count = 0;
  const last = count - 1;
  const main = largestVEdge(terrain, 0, last, txTipM, rxTipM, spacingM, wavelength);
  if (main < 0 || !(foundV > KNIFE_EDGE_MIN_V)) return 0;
  let loss = record(edges, main, foundV);
  // The secondary edges are judged against the lines from each antenna to the top of the main edge.
  const top = terrain[main];
  const tx = largestVEdge(terrain, 0, main, txTipM, top, spacingM, wavelength);
  if (tx >= 0 && foundV > KNIFE_EDGE_MIN_V) loss += record(edges, tx, foundV);
  const rx = largestVEdge(terrain, main, last, top, rxTipM, spacingM, wavelength);
  if (rx >= 0 && foundV > KNIFE_EDGE_MIN_V) loss += record(edges, rx, foundV);
  return loss;
}

function record(edges: DiffractionEdges | undefined, index: number, v: number): number {
  const loss = knifeEdgeLossDb(v);
  if (edges) {
    edges.index[edges.count] = index;
    edges.v[edges.count] = v;
    edges.lossDb[edges.count] = loss;
    edges.count++;
  }
  return loss;
}
