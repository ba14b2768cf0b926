/**
 * ITM's variability (avar): the loss not exceeded for the given time, location and situation percentages, from
 * the reference attenuation, by radio climate and mode of variability. Curves and constants: NBS TN 101 fig. 10.13
 * / TN 101 v2 III.69–70, Hufford's "Algorithm" ch. 5, as NTIA ITM 1.4 (Variability.cpp) tabulates them.
 */
import { terrainRoughness } from './reference-attenuation';
import { ITM_WARNING } from './warnings';

// per climate 1..7 (equatorial, continental subtropical, maritime subtropical, desert, continental temperate,
// maritime temperate over land, maritime temperate over sea)
const ALL_YEAR = [
  [-9.67, -0.62, 1.26, -9.21, -0.62, -0.39, 3.15],
  [12.7, 9.19, 15.5, 9.05, 9.19, 2.86, 857.9],
  [144.9e3, 228.9e3, 262.6e3, 84.1e3, 228.9e3, 141.7e3, 2222e3],
  [190.3e3, 205.2e3, 185.2e3, 101.1e3, 205.2e3, 315.9e3, 164.8e3],
  [133.8e3, 143.6e3, 99.8e3, 98.6e3, 143.6e3, 167.4e3, 116.3e3],
];
const BSM1 = [2.13, 2.66, 6.11, 1.98, 2.68, 6.86, 8.51];
const BSM2 = [159.5, 7.67, 6.65, 13.11, 7.16, 10.38, 169.8];
const XSM1 = [762.2e3, 100.4e3, 138.2e3, 139.1e3, 93.7e3, 187.8e3, 609.8e3];
const XSM2 = [123.6e3, 172.5e3, 242.2e3, 132.7e3, 186.8e3, 169.6e3, 119.9e3];
const XSM3 = [94.5e3, 136.4e3, 178.6e3, 193.5e3, 133.5e3, 108.9e3, 106.6e3];
const BSP1 = [2.11, 6.87, 10.08, 3.68, 4.75, 8.58, 8.43];
const BSP2 = [102.3, 15.53, 9.6, 159.3, 8.12, 13.97, 8.19];
const XSP1 = [636.9e3, 138.7e3, 165.3e3, 464.4e3, 93.2e3, 216.0e3, 136.2e3];
const XSP2 = [134.8e3, 143.7e3, 225.7e3, 93.1e3, 135.9e3, 152.0e3, 188.5e3];
const XSP3 = [95.6e3, 98.6e3, 129.7e3, 94.2e3, 113.4e3, 122.7e3, 122.9e3];
const C_D = [1.224, 0.801, 1.38, 1.0, 1.224, 1.518, 1.518];
const Z_D = [1.282, 2.161, 1.282, 20.0, 1.282, 1.282, 1.282];
const BFM1 = [1.0, 1.0, 1.0, 1.0, 0.92, 1.0, 1.0];
const BFM2 = [0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0];
const BFM3 = [0.0, 0.0, 0.0, 0.0, 1.77, 0.0, 0.0];
const BFP1 = [1.0, 0.93, 1.0, 0.93, 0.93, 1.0, 1.0];
const BFP2 = [0.0, 0.31, 0.0, 0.19, 0.31, 0.0, 0.0];
const BFP3 = [0.0, 2.0, 0.0, 1.79, 2.0, 0.0, 0.0];

const A_9000_M = 9000e3;

const curve = (c1: number, c2: number, x1: number, x2: number, x3: number, de: number) =>
  ((c1 + c2 / (1 + ((de - x2) / x3) ** 2)) * (de / x1) ** 2) / (1 + (de / x1) ** 2);

/** Q⁻¹(q): the standard normal deviate exceeded with probability q (Abramowitz & Stegun 26.2.23). */
export function inverseComplementaryNormal(q: number): number {
  const x = q > 0.5 ? 1 - q : q;
  const t = Math.sqrt(-2 * Math.log(x));
  const zeta = ((0.010328 * t + 0.802853) * t + 2.515516) / (((0.001308 * t + 0.189269) * t + 1.432788) * t + 1);
  return q > 0.5 ? -(t - zeta) : t - zeta;
}

/** Modes of variability (mdvar's units digit): single message, accidental, mobile, broadcast. */
const SINGLE_MESSAGE = 0;
const ACCIDENTAL = 1;
const MOBILE = 2;

export interface VariabilityResult {
  lossDb: number;
  warnings: number;
}

/**
 * The attenuation relative to free space at the given percentages (0–100 exclusive). `mdvar` + 10 drops location
 * variability, + 20 drops direct situation variability (Hufford 1982).
 */
export function variabilityDb(
  timePct: number,
  locationPct: number,
  situationPct: number,
  he0: number,
  he1: number,
  deltaHM: number,
  fMHz: number,
  dM: number,
  aRefDb: number,
  climate: number,
  mdvar: number,
): VariabilityResult {
  let zT = inverseComplementaryNormal(timePct / 100);
  let zL = inverseComplementaryNormal(locationPct / 100);
  const zS = inverseComplementaryNormal(situationPct / 100);
  const c = climate - 1;
  const wn = fMHz / 47.7;
  let warnings = 0;

  // effective distance [Algorithm 5.3]
  const dEx = Math.sqrt(2 * A_9000_M * he0) + Math.sqrt(2 * A_9000_M * he1) + Math.cbrt(575.7e12 / wn);
  const de = dM < dEx ? (130e3 * dM) / dEx : 130e3 + dM - dEx;

  let kind = mdvar;
  const noSituation = kind >= 20;
  if (noSituation) kind -= 20;
  const sigmaS = noSituation ? 0 : 5 + 3 * Math.exp(-de / 100e3); // [Algorithm 5.10]
  const noLocation = kind >= 10;
  if (noLocation) kind -= 10;

  const vMed = curve(ALL_YEAR[0][c], ALL_YEAR[1][c], ALL_YEAR[2][c], ALL_YEAR[3][c], ALL_YEAR[4][c], de);
  if (kind === SINGLE_MESSAGE) {
    zT = zS;
    zL = zS;
  } else if (kind === ACCIDENTAL) zL = zS;
  else if (kind === MOBILE) zL = zT;
  if (Math.abs(zT) > 3.1 || Math.abs(zL) > 3.1 || Math.abs(zS) > 3.1) warnings |= ITM_WARNING.EXTREME_VARIABILITIES;

  let sigmaL = 0;
  if (!noLocation) {
    const dhd = terrainRoughness(dM, deltaHM);
    sigmaL = (10 * wn * dhd) / (wn * dhd + 13);
  }
  const yL = sigmaL * zL;

  const q = Math.log(0.133 * wn);
  const gMinus = BFM1[c] + BFM2[c] / ((BFM3[c] * q) ** 2 + 1);
  const gPlus = BFP1[c] + BFP2[c] / ((BFP3[c] * q) ** 2 + 1);
  const sigmaTMinus = curve(BSM1[c], BSM2[c], XSM1[c], XSM2[c], XSM3[c], de) * gMinus;
  const sigmaTPlus = curve(BSP1[c], BSP2[c], XSP1[c], XSP2[c], XSP3[c], de) * gPlus;
  const sigmaTD = C_D[c] * sigmaTPlus;
  const tgtd = (sigmaTPlus - sigmaTD) * Z_D[c];
  const sigmaT = zT < 0 ? sigmaTMinus : zT <= Z_D[c] ? sigmaTPlus : sigmaTD + tgtd / zT;
  const yT = sigmaT * zT;

  const ySq = sigmaS * sigmaS + (yT * yT) / (7.8 + zS * zS) + (yL * yL) / (24 + zS * zS); // [Algorithm 5.11]
  let yR: number;
  let yS: number;
  if (kind === SINGLE_MESSAGE) {
    yR = 0;
    yS = Math.sqrt(sigmaT * sigmaT + sigmaL * sigmaL + ySq) * zS;
  } else if (kind === ACCIDENTAL) {
    yR = yT;
    yS = Math.sqrt(sigmaL * sigmaL + ySq) * zS;
  } else if (kind === MOBILE) {
    yR = Math.sqrt(sigmaT * sigmaT + sigmaL * sigmaL) * zT;
    yS = Math.sqrt(ySq) * zS;
  } else {
    yR = yT + yL;
    yS = Math.sqrt(ySq) * zS;
  }
  let result = aRefDb - vMed - yR - yS;
  // a gain over free space is compressed [Algorithm 5.2]
  if (result < 0) result = (result * (29 - result)) / (29 - 10 * result);
  return { lossDb: result, warnings };
}
