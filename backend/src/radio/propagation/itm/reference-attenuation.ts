/**
 * ITM's reference attenuation (lrprop with adiff, alos, ascat): the median loss relative to free space, from the
 * two-ray line-of-sight model blended into the diffraction line (knife edges weighted against smooth-earth
 * diffraction by terrain roughness), and the troposcatter line beyond the horizons, each fitted through two
 * points as ITM does.
 *
 * Sources: NTIA ITM 1.4 point-to-point (public domain; LongleyRice, DiffractionLoss, LineOfSightLoss,
 * TroposcatterLoss), Hufford's "Algorithm" (1995), ERL 79-ITS 67, NBS TN 101, Vogler 1964.
 */
import { ITM_WARNING, ItmPathError, type ItmMode } from './warnings';
import type { ItmGeometry } from './terrain';

/** The path and system as the loss functions see them (one per call; scalars so no arrays are indexed in the hot spots). */
interface Path {
  fMHz: number;
  /** wave number, 1/m: f / 47.7 MHz·m */
  wn: number;
  zRe: number;
  zIm: number;
  ae: number;
  deltaH: number;
  hTx: number;
  hRx: number;
  he0: number;
  he1: number;
  dh0: number;
  dh1: number;
  th0: number;
  th1: number;
  ns: number;
  /** smooth-earth line-of-sight distance √(2 a he0) + √(2 a he1) */
  dsML: number;
  /** actual line-of-sight distance: the sum of the horizon distances */
  dML: number;
  /** angular distance of the line-of-sight region */
  thetaLos: number;
  /** diffraction line: loss = mD·d + aD0 */
  mD: number;
  aD0: number;
  /** troposcatter's H0 from the previous call (ITM reuses it past 15 dB) */
  h0: number;
}

export interface ReferenceAttenuation {
  aRefDb: number;
  mode: ItmMode;
  warnings: number;
}

const fdim = (x: number, y: number) => (x > y ? x - y : 0);

/** Δh(d): the terrain irregularity seen over a distance d [ERL 79-ITS 67, eq. 3]. */
export const terrainRoughness = (dM: number, deltaHM: number) => deltaHM * (1 - 0.8 * Math.exp(-dM / 50e3));

/** σh: RMS terrain deviation within the first Fresnel zone [ERL 79-ITS 67, eq. 3.6a]. */
const sigmaH = (deltaHM: number) => 0.78 * deltaHM * Math.exp(-0.5 * deltaHM ** 0.25);

/** Knife-edge loss for v² (TN 101 III.24 approximations). */
const fresnelIntegral = (v2: number) => (v2 < 5.76 ? 6.02 + 9.11 * Math.sqrt(v2) - 1.27 * v2 : 12.953 + 10 * Math.log10(v2));

/** Double knife edge at the two horizons [TN 101 I.1, I.7]. */
function knifeEdgeDb(p: Path, dM: number): number {
  const thetaNlos = dM / p.ae - p.thetaLos;
  const dNlos = dM - p.dML;
  const k = 0.0795775 * p.wn * thetaNlos * thetaNlos * dNlos; // 1/(4π)
  return fresnelIntegral((k * p.dh0) / (dNlos + p.dh0)) + fresnelIntegral((k * p.dh1) / (dNlos + p.dh1));
}

/** Vogler's height-gain function F(x, K) for smooth-earth diffraction. */
function heightGain(xKm: number, K: number): number {
  if (xKm < 200) {
    const w = -Math.log(K);
    if (K < 1e-5 || xKm * w * w * w > 5495) return xKm > 1 ? 17.372 * Math.log(xKm) - 117 : -117;
    return (2.5e-5 * xKm * xKm) / K - 8.686 * w - 15;
  }
  const far = 0.05751 * xKm - 4.343 * Math.log(xKm);
  if (xKm >= 2000) return far;
  const w = 0.0134 * xKm * Math.exp(-0.005 * xKm);
  return (1 - w) * far + w * (17.372 * Math.log(xKm) - 117);
}

const A0_M = 6370e3;

/** Three-radius smooth-earth diffraction [Vogler 1964; Algorithm 4.20]. */
function smoothEarthDb(p: Path, dM: number): number {
  const thetaNlos = dM / p.ae - p.thetaLos;
  const zAbs = Math.hypot(p.zRe, p.zIm);
  const fThird = Math.cbrt(p.fMHz);
  // radius and distance of the path between the horizons, then of each terminal's horizon
  const a0 = (dM - p.dML) / thetaNlos;
  const a1 = (0.5 * p.dh0 * p.dh0) / p.he0;
  const a2 = (0.5 * p.dh1 * p.dh1) / p.he1;
  const c0 = Math.cbrt(((4 / 3) * A0_M) / a0);
  const c1 = Math.cbrt(((4 / 3) * A0_M) / a1);
  const c2 = Math.cbrt(((4 / 3) * A0_M) / a2);
  const k0 = (0.017778 * c0) / fThird / zAbs;
  const k1 = (0.017778 * c1) / fThird / zAbs;
  const k2 = (0.017778 * c2) / fThird / zAbs;
  const x1 = (1.607 - k1) * c1 * c1 * fThird * (p.dh0 / 1000);
  const x2 = (1.607 - k2) * c2 * c2 * fThird * (p.dh1 / 1000);
  const x0 = (1.607 - k0) * c0 * c0 * fThird * ((a0 * thetaNlos) / 1000) + x1 + x2;
  const g = 0.05751 * x0 - 10 * Math.log10(x0);
  return g - heightGain(x1, k1) - heightGain(x2, k2) - 20;
}

/** adiff: knife edge and smooth earth weighted by terrain roughness, plus the clutter factor. */
function diffractionDb(p: Path, dM: number): number {
  const aK = knifeEdgeDb(p, dM);
  const aSe = smoothEarthDb(p, dM);
  const sh = sigmaH(terrainRoughness(p.dsML, p.deltaH));
  const aFo = Math.min(15, 5 * Math.log10(1 + 1e-5 * p.hTx * p.hRx * p.fMHz * sh)); // [ERL 79-ITS 67, 3.38c]
  // point-to-point: low antennas with known path, C ≈ 10 [ERL 79-ITS 67, p. 3-8]
  const q0 = p.hTx * p.hRx + 10;
  const qk = p.he0 * p.he1 - p.hTx * p.hRx;
  const term1 = Math.sqrt(1 + qk / q0);
  const q = (term1 + (-p.thetaLos * p.ae + p.dML) / dM) * Math.min((terrainRoughness(dM, p.deltaH) * p.fMHz) / 47.7, 6283.2);
  const w = 25.1 / (25.1 + Math.sqrt(q));
  return w * aSe + (1 - w) * aK + aFo;
}

/** alos: two-ray (direct + ground-reflected, roughness-reduced) loss, blended with the extended diffraction line. */
function lineOfSightDb(p: Path, dM: number): number {
  const sh = sigmaH(terrainRoughness(dM, p.deltaH));
  const hSum = p.he0 + p.he1;
  const sinPsi = hSum / Math.sqrt(dM * dM + hSum * hSum);
  // reflection coefficient (sinψ − Z)/(sinψ + Z), reduced by the rough-surface factor
  const nRe = sinPsi - p.zRe;
  const nIm = -p.zIm;
  const dRe = sinPsi + p.zRe;
  const dIm = p.zIm;
  const den = dRe * dRe + dIm * dIm;
  const rough = Math.exp(-Math.min(10, p.wn * sh * sinPsi));
  let rRe = ((nRe * dRe + nIm * dIm) / den) * rough;
  let rIm = ((nIm * dRe - nRe * dIm) / den) * rough;
  const q = rRe * rRe + rIm * rIm;
  if (q < 0.25 || q < sinPsi) {
    const s = Math.sqrt(sinPsi / q);
    rRe *= s;
    rIm *= s;
  }
  let dPhi = (p.wn * 2 * p.he0 * p.he1) / dM;
  if (dPhi > Math.PI / 2) dPhi = Math.PI - (Math.PI / 2) ** 2 / dPhi;
  const sRe = Math.cos(dPhi) + rRe;
  const sIm = -Math.sin(dPhi) + rIm;
  const aT = -10 * Math.log10(sRe * sRe + sIm * sIm);
  const aD = p.mD * dM + p.aD0;
  const w = 1 / (1 + (p.fMHz * p.deltaH) / Math.max(10e3, p.dsML));
  return w * aT + (1 - w) * aD;
}

/** F(θd) of the troposcatter attenuation [Algorithm 6.9]. */
function fFunction(td: number): number {
  if (td <= 10e3) return 133.4 + 0.332e-3 * td - 10 * Math.log10(td);
  if (td <= 70e3) return 104.6 + 0.212e-3 * td - 2.5 * Math.log10(td);
  return 71.8 + 0.157e-3 * td + 5 * Math.log10(td);
}

const H0_A = [25, 80, 177, 395, 705];
const H0_B = [24, 45, 68, 80, 105];
const h0Curve = (j: number, r: number) => 10 * Math.log10(1 + H0_A[j] / r ** 4 + H0_B[j] / (r * r));

/** Troposcatter frequency-gain function H0(r, ηs), interpolated between the curves for integer ηs [TN 101 9.2]. */
function h0Function(r: number, etaS: number): number {
  const eta = Math.min(Math.max(etaS, 1), 5);
  const i = Math.trunc(eta);
  const q = eta - i;
  let h = h0Curve(i - 1, r);
  if (q !== 0) h = (1 - q) * h + q * h0Curve(i, r);
  return h;
}

/** ascat: troposcatter loss; 1001 where it is undefined (both r < 0.2). Keeps H0 in p.h0 as ITM does. */
function troposcatterDb(p: Path, dM: number): number {
  const wn = p.wn;
  let h0: number;
  if (p.h0 > 15) h0 = p.h0;
  else {
    let ad = p.dh0 - p.dh1;
    // he1/he0 as NTIA has it; SPLAT!'s itwom3.0.cpp ascat (also behind -olditm) divides by prop.rch[0] here,
    // which its old-ITM path never sets, so SPLAT's troposcatter results may differ from ITM's
    let rr = p.he1 / p.he0;
    if (ad < 0) {
      ad = -ad;
      rr = 1 / rr;
    }
    const theta = p.th0 + p.th1 + dM / p.ae;
    const r1 = 2 * wn * theta * p.he0;
    const r2 = 2 * wn * theta * p.he1;
    if (r1 < 0.2 && r2 < 0.2) return 1001;
    let s = (dM - ad) / (dM + ad);
    const q = Math.min(Math.max(0.1, rr / s), 10);
    s = Math.max(0.1, s);
    const hCross = ((dM - ad) * (dM + ad) * theta * 0.25) / dM;
    const ns = p.ns;
    const etaS = (hCross / 1.7556e3) * (1 + (0.031 - ns * 2.32e-3 + ns * ns * 5.67e-6) * Math.exp(-(Math.min(1.7, hCross / 8e3) ** 6)));
    const h00 = (h0Function(r1, etaS) + h0Function(r2, etaS)) / 2;
    h0 = Math.max(0, h00 + Math.min(h00, 6 * (0.6 - Math.log10(Math.max(etaS, 1))) * Math.log10(s) * Math.log10(q)));
    if (etaS < 1) {
      const t = (1 + Math.SQRT2 / r1) * (1 + Math.SQRT2 / r2);
      h0 = etaS * h0 + (1 - etaS) * 10 * Math.log10((t * t * (r1 + r2)) / (r1 + r2 + 2 * Math.SQRT2));
    }
    // past 15 dB at d5 the value found at d6 is kept [Algorithm p. 12]
    if (h0 > 15 && p.h0 >= 0) h0 = p.h0;
  }
  p.h0 = h0;
  const th = dM / p.ae - p.thetaLos;
  return fFunction(th * dM) + 10 * Math.log10(wn * 47.7 * th ** 4) - 0.1 * (p.ns - 301) * Math.exp(-(th * dM) / 40e3) + h0;
}

/**
 * LongleyRice (lrprop, point-to-point): the reference attenuation A_ref for the path, its propagation mode and the
 * ITM warning flags it raises. Throws RangeError for the combinations ITM refuses (surface refractivity, effective
 * earth radius, ground impedance).
 */
export function referenceAttenuation(
  g: ItmGeometry,
  fMHz: number,
  zRe: number,
  zIm: number,
  gammaE: number,
  ns: number,
  hTxM: number,
  hRxM: number,
): ReferenceAttenuation {
  const ae = 1 / gammaE;
  const d = g.distanceM;
  const he0 = g.heM[0];
  const he1 = g.heM[1];
  const dh0 = g.dHorizonM[0];
  const dh1 = g.dHorizonM[1];
  const th0 = g.theta[0];
  const th1 = g.theta[1];
  const dhs0 = Math.sqrt(2 * he0 * ae);
  const dhs1 = Math.sqrt(2 * he1 * ae);
  const dsML = dhs0 + dhs1;
  const dML = dh0 + dh1;
  let warnings = 0;
  if (Math.abs(th0) > 200e-3) warnings |= ITM_WARNING.TX_HORIZON_ANGLE;
  if (Math.abs(th1) > 200e-3) warnings |= ITM_WARNING.RX_HORIZON_ANGLE;
  if (dh0 < 0.1 * dhs0) warnings |= ITM_WARNING.TX_HORIZON_DISTANCE_1;
  if (dh1 < 0.1 * dhs1) warnings |= ITM_WARNING.RX_HORIZON_DISTANCE_1;
  if (dh0 > 3 * dhs0) warnings |= ITM_WARNING.TX_HORIZON_DISTANCE_2;
  if (dh1 > 3 * dhs1) warnings |= ITM_WARNING.RX_HORIZON_DISTANCE_2;
  if (ns < 150) throw new ItmPathError(`ITM: the surface refractivity at the path's mean altitude, ${ns.toFixed(1)} N-units, is below ITM's 150`);
  if (ns > 400) throw new RangeError(`surface refractivity ${ns.toFixed(1)} N-units is above ITM's 400 (n0)`);
  if (ns < 250) warnings |= ITM_WARNING.SURFACE_REFRACTIVITY;
  if (ae < 4_000_000 || ae > 13_333_333) throw new RangeError(`effective earth radius ${(ae / 1000).toFixed(0)} km is outside ITM's 4000–13333 km`);
  if (zRe <= Math.abs(zIm)) throw new RangeError('ground impedance: its imaginary part is not smaller than its real part (epsilon and sigma)');

  const p: Path = {
    fMHz,
    wn: fMHz / 47.7,
    zRe,
    zIm,
    ae,
    deltaH: g.deltaHM,
    hTx: hTxM,
    hRx: hRxM,
    he0,
    he1,
    dh0,
    dh1,
    th0,
    th1,
    ns,
    dsML,
    dML,
    thetaLos: -Math.max(th0 + th1, -dML / ae),
    mD: 0,
    aD0: 0,
    h0: -1,
  };

  // the diffraction line through two points well beyond the horizons
  const scale = Math.cbrt((ae * ae) / fMHz);
  const d3 = Math.max(dsML, dML + 5 * scale);
  const d4 = d3 + 10 * scale;
  const a3 = diffractionDb(p, d3);
  const a4 = diffractionDb(p, d4);
  p.mD = (a4 - a3) / (d4 - d3);
  p.aD0 = a3 - p.mD * d3;

  if (d < Math.abs(he0 - he1) / 200e-3) warnings |= ITM_WARNING.PATH_DISTANCE_TOO_SMALL_1;
  if (d < 1e3) warnings |= ITM_WARNING.PATH_DISTANCE_TOO_SMALL_2;
  if (d > 1000e3) warnings |= ITM_WARNING.PATH_DISTANCE_TOO_BIG_1;
  if (d > 2000e3) warnings |= ITM_WARNING.PATH_DISTANCE_TOO_BIG_2;

  // The mode is named from the path's own horizons, as SPLAT! names it: line of sight while the path is shorter
  // than the two horizon distances together (to the metre, as SPLAT truncates). ITM's formula switches on the
  // smooth-earth horizons instead (d < dsML), so a path just behind a hill is still computed with the
  // line-of-sight formula but reported as diffraction here.
  const withinHorizons = Math.trunc(d - dML) < 0;
  let aRef: number;
  let mode: ItmMode;
  if (d < dsML) {
    // line of sight: A = A_o + k1·d + k2·ln d through points d0, d1 and the diffraction line at dsML [ERL 79-ITS 67, 3.16–3.21]
    const aSML = dsML * p.mD + p.aD0;
    let d0 = 0.04 * fMHz * he0 * he1;
    let d1: number;
    if (p.aD0 >= 0) {
      d0 = Math.min(d0, 0.5 * dML);
      d1 = d0 + 0.25 * (dML - d0);
    } else d1 = Math.max(-p.aD0 / p.mD, 0.25 * dML);
    const a1 = lineOfSightDb(p, d1);
    let flag = false;
    let k1 = 0;
    let k2 = 0;
    if (d0 < d1) {
      const a0 = lineOfSightDb(p, d0);
      const q = Math.log(dsML / d0);
      k2 = Math.max(0, ((dsML - d0) * (a1 - a0) - (d1 - d0) * (aSML - a0)) / ((dsML - d0) * Math.log(d1 / d0) - (d1 - d0) * q));
      flag = p.aD0 > 0 || k2 > 0;
      if (flag) {
        k1 = (aSML - a0 - k2 * q) / (dsML - d0);
        if (k1 < 0) {
          k1 = 0;
          k2 = fdim(aSML, a0) / q;
          if (k2 === 0) k1 = p.mD;
        }
      }
    }
    if (!flag) {
      k1 = fdim(aSML, a1) / (dsML - d1);
      k2 = 0;
      if (k1 === 0) k1 = p.mD;
    }
    const aO = aSML - k1 * dsML - k2 * Math.log(dsML);
    aRef = aO + k1 * d + k2 * Math.log(d);
    mode = withinHorizons ? 'line-of-sight' : 'diffraction';
  } else {
    // beyond the horizon: the troposcatter line through two far points, and where it takes over from diffraction
    const d5 = dML + 200e3;
    const d6 = dML + 400e3;
    const a6 = troposcatterDb(p, d6);
    const a5 = troposcatterDb(p, d5);
    let mS: number;
    let aS0: number;
    let dX: number;
    if (a5 < 1000) {
      mS = (a6 - a5) / 200e3;
      dX = Math.max(dsML, dML + 1.088 * scale * Math.log(fMHz), (a5 - p.aD0 - mS * d5) / (p.mD - mS));
      aS0 = (p.mD - mS) * dX + p.aD0;
    } else {
      mS = p.mD;
      aS0 = p.aD0;
      dX = 10e6;
    }
    if (d > dX) {
      aRef = mS * d + aS0;
      mode = 'troposcatter';
    } else {
      aRef = p.mD * d + p.aD0;
      mode = withinHorizons ? 'line-of-sight' : 'diffraction';
    }
  }
  return { aRefDb: Math.max(aRef, 0), mode, warnings };
}
