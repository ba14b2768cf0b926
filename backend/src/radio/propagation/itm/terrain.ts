/**
 * ITM's reading of the terrain profile (NTIA ITM point-to-point: hzns, dlthx, zlsq1, qlrpfl): terminal horizons,
 * the terrain irregularity Δh, least-squares terrain fits and the effective antenna heights.
 *
 * A profile here is `ground[0..np]`, heights above sea level in metres at `xi` metre steps, sample 0 under the
 * transmitter (NTIA's pfl array without its two-number header: pfl[k + 2] is ground[k]).
 */

/** Terminal horizon angles (radians), horizon distances and effective heights (metres); index 0 tx, 1 rx. */
export interface ItmGeometry {
  theta: [number, number];
  dHorizonM: [number, number];
  heM: [number, number];
  deltaHM: number;
  distanceM: number;
}

export function createGeometry(): ItmGeometry {
  return { theta: [0, 0], dHorizonM: [0, 0], heM: [0, 0], deltaHM: 0, distanceM: 0 };
}

const fdim = (x: number, y: number) => (x > y ? x - y : 0);

/**
 * Horizon angle and distance seen from each end over the effective earth (radius aeM). A terminal that sees the
 * other end keeps the angle to it and the full path length.
 */
export function findHorizons(ground: ArrayLike<number>, np: number, xi: number, aeM: number, hTxM: number, hRxM: number, g: ItmGeometry): void {
  const d = np * xi;
  const zTx = ground[0] + hTxM;
  const zRx = ground[np] + hRxM;
  const theta = g.theta;
  const dh = g.dHorizonM;
  // the line of sight's elevation angles at each end
  theta[0] = (zRx - zTx) / d - d / (2 * aeM);
  theta[1] = -(zRx - zTx) / d - d / (2 * aeM);
  dh[0] = d;
  dh[1] = d;
  let dTx = 0;
  let dRx = d;
  for (let i = 1; i < np; i++) {
    dTx += xi;
    dRx -= xi;
    const z = ground[i];
    const tTx = (z - zTx) / dTx - dTx / (2 * aeM);
    const tRx = (z - zRx) / dRx - dRx / (2 * aeM);
    if (tTx > theta[0]) {
      theta[0] = tTx;
      dh[0] = dTx;
    }
    if (tRx > theta[1]) {
      theta[1] = tRx;
      dh[1] = dRx;
    }
  }
}

/** The straight line fitted (least squares) to z over [dStartM, dEndM]: its heights at index 0 and at index np. */
export interface LineFit {
  y0: number;
  yn: number;
}

/** zlsq1: least-squares line through z[iStart..iEnd] (indices from the distances at xi per step), evaluated at 0 and np. */
export function fitLine(z: ArrayLike<number>, np: number, xi: number, dStartM: number, dEndM: number, out: LineFit): void {
  let iStart = Math.trunc(fdim(dStartM / xi, 0));
  let iEnd = np - Math.trunc(fdim(np, dEndM / xi));
  if (iEnd <= iStart) {
    iStart = Math.trunc(fdim(iStart, 1));
    iEnd = np - Math.trunc(fdim(np, iEnd + 1));
  }
  const n = iEnd - iStart;
  // x measured from the middle of the span, so the intercept and slope sums decouple
  let x = -0.5 * n;
  const xMidEnd = iEnd + x;
  let sumY = 0.5 * (z[iStart] + z[iEnd]);
  let sumXY = 0.5 * (z[iStart] - z[iEnd]) * x;
  for (let k = 2; k <= n; k++) {
    iStart++;
    x++;
    sumY += z[iStart];
    sumXY += z[iStart] * x;
  }
  sumY /= n;
  sumXY = (sumXY * 12) / ((n * n + 2) * n);
  out.y0 = sumY - sumXY * xMidEnd;
  out.yn = sumY + sumXY * (np - xMidEnd);
}

// dlthx works on at most 10·25 − 5 resampled points
const MAX_DH_POINTS = 245;
const dhSamples = new Float64Array(MAX_DH_POINTS);
const dhResiduals = new Float64Array(MAX_DH_POINTS);
const dhFit: LineFit = { y0: 0, yn: 0 };

/**
 * dlthx: the terrain irregularity Δh over [dStartM, dEndM] — the interdecile range of the terrain about its
 * least-squares line, resampled at 10·k − 5 points, scaled up to the asymptotic Δh for the span's length.
 */
export function terrainIrregularity(ground: ArrayLike<number>, np: number, xi: number, dStartM: number, dEndM: number): number {
  let xStart = dStartM / xi;
  const xEnd = dEndM / xi;
  if (xEnd - xStart < 2) return 0;
  const p10 = Math.min(Math.max(4, Math.trunc(0.1 * (xEnd - xStart + 8))), 25);
  const n = 10 * p10 - 5;
  const p90 = n - p10;
  const last = n - 1;
  const step = (xEnd - xStart) / last;
  let i = Math.trunc(xStart);
  xStart -= i + 1;
  for (let j = 0; j < n; j++) {
    while (xStart > 0 && i + 1 < np) {
      xStart--;
      i++;
    }
    // linear interpolation between ground[i] and ground[i + 1] (xStart in (-1, 0])
    dhSamples[j] = ground[i + 1] + (ground[i + 1] - ground[i]) * xStart;
    xStart += step;
  }
  fitLine(dhSamples, last, 1, 0, last, dhFit);
  let line = dhFit.y0;
  const slope = (dhFit.yn - dhFit.y0) / last;
  for (let j = 0; j < n; j++) {
    dhResiduals[j] = dhSamples[j] - line;
    line += slope;
  }
  const sorted = dhResiduals.subarray(0, n).sort();
  // p10-th largest minus (p90 + 1)-th largest, counted from the top of an ascending sort
  const q10 = sorted[n - p10];
  const q90 = sorted[n - 1 - p90];
  return (q10 - q90) / (1 - 0.8 * Math.exp(-(dEndM - dStartM) / 50e3));
}

const fitTx: LineFit = { y0: 0, yn: 0 };
const fitRx: LineFit = { y0: 0, yn: 0 };

/**
 * qlrpfl: horizons, Δh and effective heights from the profile. On a line-of-sight path (horizons together longer
 * than 1.5 × the path) the horizons and angles are replaced by the smooth-earth ones over the fitted terrain, as
 * ITM's point-to-point mode does.
 */
export function readProfile(ground: ArrayLike<number>, np: number, xi: number, gammaE: number, hTxM: number, hRxM: number, g: ItmGeometry): void {
  const d = np * xi;
  g.distanceM = d;
  const ae = 1 / gammaE;
  findHorizons(ground, np, xi, ae, hTxM, hRxM, g);
  const dh = g.dHorizonM;
  const he = g.heM;
  const theta = g.theta;
  // Hufford: terrain is considered from about 15 tower heights out (or a tenth of the horizon distance if nearer)
  const dStart = Math.min(15 * hTxM, 0.1 * dh[0]);
  const dEnd = d - Math.min(15 * hRxM, 0.1 * dh[1]);
  const deltaH = terrainIrregularity(ground, np, xi, dStart, dEnd);
  g.deltaHM = deltaH;

  if (dh[0] + dh[1] > 1.5 * d) {
    fitLine(ground, np, xi, dStart, dEnd, fitTx);
    he[0] = hTxM + fdim(ground[0], fitTx.y0);
    he[1] = hRxM + fdim(ground[np], fitTx.yn);
    for (let k = 0; k < 2; k++) dh[k] = Math.sqrt(2 * he[k] * ae) * Math.exp(-0.07 * Math.sqrt(deltaH / Math.max(he[k], 5)));
    const combined = dh[0] + dh[1];
    if (combined <= d) {
      const q = (d / combined) ** 2;
      for (let k = 0; k < 2; k++) {
        he[k] *= q;
        dh[k] = Math.sqrt(2 * he[k] * ae) * Math.exp(-0.07 * Math.sqrt(deltaH / Math.max(he[k], 5)));
      }
    }
    for (let k = 0; k < 2; k++) {
      const q = Math.sqrt(2 * he[k] * ae);
      theta[k] = (0.65 * deltaH * (q / dh[k] - 1) - 2 * he[k]) / q;
    }
  } else {
    fitLine(ground, np, xi, dStart, 0.9 * dh[0], fitTx);
    he[0] = hTxM + fdim(ground[0], fitTx.y0);
    fitLine(ground, np, xi, d - 0.9 * dh[1], dEnd, fitRx);
    he[1] = hRxM + fdim(ground[np], fitRx.yn);
  }
}
