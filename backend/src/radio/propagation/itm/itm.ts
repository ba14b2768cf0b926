/**
 * The Longley-Rice Irregular Terrain Model (ITM), point-to-point mode, written from NTIA/ITS's public-domain
 * reference (github.com/NTIA/itm, ITM 1.4): the profile's horizons, Δh and effective heights (terrain.ts), the
 * reference attenuation (reference-attenuation.ts) and the variability (variability.ts), added to free-space loss.
 *
 * ITM 1.4 is the 1.2.2 algorithm (qlrpfl → hzns, dlthx, zlsq1; lrprop with adiff, alos, ascat; avar) that SPLAT!
 * runs with -olditm, with some constants written exactly where 1.2.2 rounded them (18000σ/f for 376.62σ/k,
 * 5·(a²/f)^⅓ for 1.3787·xae, π for 3.14, ...). Over 2000 random hilly profiles (1–100 km, 100 MHz–6 GHz) the two
 * sets of constants differ by 0.004 dB median, 0.035 dB at most; we keep 1.4's so NTIA's published cases check
 * to 0.01 dB.
 *
 * Valid 20 MHz–20 GHz, paths 1–2000 km, antennas 0.5–3000 m above the ground; inside the hard limits ITM still
 * answers near and past its softer ones and says so in `warnings` (ITM_WARNING bits).
 */
import { createGeometry, readProfile } from './terrain';
import { referenceAttenuation } from './reference-attenuation';
import { variabilityDb } from './variability';
import { ITM_WARNING, ItmPathError, type ItmMode } from './warnings';

export interface ItmOptions {
  /** Radio climate: 1 equatorial, 2 continental subtropical, 3 maritime subtropical, 4 desert, 5 continental temperate, 6 maritime temperate over land, 7 maritime temperate over sea. */
  climate?: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** Surface refractivity at sea level, N-units (ITM scales it to the path's mean altitude). Default 301. */
  n0?: number;
  /** Relative permittivity of the ground. Default 15. */
  epsilon?: number;
  /** Ground conductivity, S/m. Default 0.005. */
  sigma?: number;
  /** 0 horizontal, 1 vertical (default). */
  polarization?: 0 | 1;
  /** Mode of variability: 0 single message, 1 accidental, 2 mobile, 3 broadcast; +10 without location variability, +20 without direct situation variability. Default 12. */
  mdvar?: number;
  /** Percentages, 0 < p < 100; default 50 each. */
  time?: number;
  location?: number;
  situation?: number;
}

export interface ItmResult {
  /** Basic transmission loss, dB. */
  lossDb: number;
  freeSpaceLossDb: number;
  /**
   * line-of-sight while the path is shorter than the two terminals' horizon distances together, troposcatter where
   * ITM's troposcatter line takes over, diffraction otherwise — SPLAT!'s naming. (NTIA 1.4's own "mode" says
   * line-of-sight for any path shorter than the smooth-earth horizons, even over a hill; the loss is the same.)
   */
  mode: ItmMode;
  /** ITM warning flags (ITM_WARNING bits); 0 when every input is well inside the model's range. */
  warnings: number;
  /** Terrain irregularity Δh, metres. */
  dhM: number;
  /** Horizon distances (metres) and angles (radians, above the horizontal) from the transmitter (1) and the receiver (2). */
  horizons: { d1M: number; d2M: number; theta1: number; theta2: number };
}

/**
 * The defaults of a default SPLAT! .lrp file (earth dielectric 15, conductivity 0.005 S/m, bending 301 N-units,
 * climate 5, vertical polarisation, 50 % of situations and of time), and mdvar 12: SPLAT's old-ITM path
 * (point_to_point_ITM, `-olditm`) hard-codes mdvar = 12 — mobile mode without location variability — and passes
 * its fraction of time as ITM's time, its fraction of situations as ITM's situation, location 50 %.
 */
export const ITM_DEFAULTS = {
  climate: 5,
  n0: 301,
  epsilon: 15,
  sigma: 0.005,
  polarization: 1,
  mdvar: 12,
  time: 50,
  location: 50,
  situation: 50,
} as const satisfies Required<ItmOptions>;

/** Curvature of the actual earth, 1/m (≈ 1 / 6370 km). */
const GAMMA_A = 157e-9;

const VALID_MDVAR = (m: number) => Number.isInteger(m) && m >= 0 && m <= 33 && m % 10 <= 3;

function outside(name: string, value: number, range: string): never {
  throw new RangeError(`${name} ${value} is outside ITM's ${range}`);
}

/** Free-space basic transmission loss, dB (ITM's constant 32.45, distance in km). */
export const itmFreeSpaceLossDb = (dM: number, fMHz: number) => 32.45 + 20 * Math.log10(fMHz) + 20 * Math.log10(dM / 1000);

/**
 * ITM point-to-point loss over a terrain profile: `ground[0..count-1]`, heights above sea level (metres) at
 * `spacingM` steps, sample 0 under the transmitter. Antenna heights are above the ground under each end.
 * Throws RangeError only for what ITM cannot take at all (its error codes: frequency outside 20–20000 MHz,
 * antennas outside 0.5–3000 m, refractivity, ground constants, percentages, climate, mdvar) and malformed
 * profiles, and its subclass ItmPathError for a profile ITM has no value for (a cliff-side horizon; see there);
 * everything merely near a limit comes back in `warnings`.
 */
export function itmPointToPoint(
  ground: ArrayLike<number>,
  count: number,
  spacingM: number,
  txHeightM: number,
  rxHeightM: number,
  frequencyMHz: number,
  options: ItmOptions = {},
): ItmResult {
  const climate = options.climate ?? ITM_DEFAULTS.climate;
  const n0 = options.n0 ?? ITM_DEFAULTS.n0;
  const epsilon = options.epsilon ?? ITM_DEFAULTS.epsilon;
  const sigma = options.sigma ?? ITM_DEFAULTS.sigma;
  const pol = options.polarization ?? ITM_DEFAULTS.polarization;
  const mdvar = options.mdvar ?? ITM_DEFAULTS.mdvar;
  const time = options.time ?? ITM_DEFAULTS.time;
  const location = options.location ?? ITM_DEFAULTS.location;
  const situation = options.situation ?? ITM_DEFAULTS.situation;

  if (!Number.isInteger(count) || count < 2 || count > ground.length)
    throw new RangeError(`count ${count} must be an integer from 2 to the ${ground.length} heights given`);
  if (!(spacingM > 0) || !Number.isFinite(spacingM)) throw new RangeError(`spacingM ${spacingM} must be a positive number of metres`);

  // ValidateInputs: hard limits throw, soft ones warn
  let warnings = 0;
  if (!(txHeightM >= 0.5 && txHeightM <= 3000)) outside('txHeightM', txHeightM, '0.5–3000 m');
  if (txHeightM < 1 || txHeightM > 1000) warnings |= ITM_WARNING.TX_TERMINAL_HEIGHT;
  if (!(rxHeightM >= 0.5 && rxHeightM <= 3000)) outside('rxHeightM', rxHeightM, '0.5–3000 m');
  if (rxHeightM < 1 || rxHeightM > 1000) warnings |= ITM_WARNING.RX_TERMINAL_HEIGHT;
  if (!Number.isInteger(climate) || climate < 1 || climate > 7) outside('climate', climate, 'climates 1–7');
  if (!(n0 >= 250 && n0 <= 400)) outside('n0', n0, '250–400 N-units');
  if (!(frequencyMHz >= 20 && frequencyMHz <= 20000)) outside('frequencyMHz', frequencyMHz, '20–20000 MHz');
  if (frequencyMHz < 40 || frequencyMHz > 10000) warnings |= ITM_WARNING.FREQUENCY;
  if (pol !== 0 && pol !== 1) outside('polarization', pol, '0 (horizontal) or 1 (vertical)');
  if (!(epsilon >= 1)) outside('epsilon', epsilon, 'relative permittivity ≥ 1');
  if (!(sigma > 0) || !Number.isFinite(sigma)) outside('sigma', sigma, 'conductivity > 0 S/m');
  if (!VALID_MDVAR(mdvar)) outside('mdvar', mdvar, 'modes 0–3, 10–13, 20–23, 30–33');
  if (!(situation > 0 && situation < 100)) outside('situation', situation, '0–100 % (exclusive)');
  if (!(time > 0 && time < 100)) outside('time', time, '0–100 % (exclusive)');
  if (!(location > 0 && location < 100)) outside('location', location, '0–100 % (exclusive)');

  const np = count - 1;
  // mean height of the path without its first and last tenth: the altitude the refractivity is scaled to
  const p10 = Math.trunc(0.1 * np);
  let hSys = 0;
  for (let i = 0; i < count; i++) {
    const z = ground[i];
    if (!Number.isFinite(z)) throw new RangeError(`ground height ${i} is ${z}, not a number of metres`);
    if (i >= p10 && i <= np - p10) hSys += z;
  }
  hSys /= np - 2 * p10 + 1;

  // InitializePointToPoint: surface refractivity at the path's altitude [TN 101, 4.3], effective earth curvature
  // [TN 101, 4.4] and the ground's surface impedance for the polarisation
  const ns = hSys === 0 ? n0 : n0 * Math.exp(-hSys / 9460);
  const gammaE = GAMMA_A * (1 - 0.04665 * Math.exp(ns / 179.3));
  const epIm = (18000 * sigma) / frequencyMHz;
  // Z = √(εr − 1), εr = ε + j·18000σ/f; divided by εr for vertical polarisation
  const mRe = epsilon - 1;
  const mod = Math.hypot(mRe, epIm);
  let zRe = Math.sqrt((mod + mRe) / 2);
  let zIm = Math.sign(epIm) * Math.sqrt((mod - mRe) / 2);
  if (pol === 1) {
    const den = epsilon * epsilon + epIm * epIm;
    const re = (zRe * epsilon + zIm * epIm) / den;
    const im = (zIm * epsilon - zRe * epIm) / den;
    zRe = re;
    zIm = im;
  }

  const g = createGeometry();
  readProfile(ground, np, spacingM, gammaE, txHeightM, rxHeightM, g);
  const ref = referenceAttenuation(g, frequencyMHz, zRe, zIm, gammaE, ns, txHeightM, rxHeightM);
  const fs = itmFreeSpaceLossDb(g.distanceM, frequencyMHz);
  const v = variabilityDb(time, location, situation, g.heM[0], g.heM[1], g.deltaHM, frequencyMHz, g.distanceM, ref.aRefDb, climate, mdvar);
  if (!Number.isFinite(v.lossDb)) {
    const [d1, d2] = [g.dHorizonM[0], g.dHorizonM[1]].map((x) => x.toFixed(0));
    const [t1, t2] = [g.theta[0], g.theta[1]].map((x) => x.toPrecision(3));
    throw new ItmPathError(
      `ITM has no finite loss for this profile: horizons ${d1} m and ${d2} m away at ${t1} and ${t2} rad are too near and steep for its smooth-earth diffraction`,
    );
  }
  return {
    lossDb: v.lossDb + fs,
    freeSpaceLossDb: fs,
    mode: ref.mode,
    warnings: warnings | ref.warnings | v.warnings,
    dhM: g.deltaHM,
    horizons: { d1M: g.dHorizonM[0], d2M: g.dHorizonM[1], theta1: g.theta[0], theta2: g.theta[1] },
  };
}
