/**
 * Path-loss models, pure functions (no Nest, no I/O) so they can be tested against the published formulas and
 * benchmarked in tight loops. Every model checks its validity range and says when an input is outside it:
 * the number is still computed (useful for a link budget) but `valid` is false and `outOfRange` says why.
 *
 * Sources: 3GPP TR 38.901 V17 Table 7.4.1-1 (UMa, UMi-Street Canyon, RMa); COST 231 final report ch. 4
 * (COST-231 Hata); ITU-R P.525 (free space).
 */
import { PATH_LOSS_MODELS, type PathLossModel } from '@cosite/contracts';

/** The models' names are the API's vocabulary (@cosite/contracts coverage.ts). */
export { PATH_LOSS_MODELS, type PathLossModel };

export interface LinkGeometry {
  frequencyMHz: number;
  /** Ground (2D) distance between the base station and the UE, metres. */
  distanceM: number;
  /** Antenna height above ground, metres (effective height where terrain is known). */
  bsHeightM: number;
  ueHeightM: number;
  /** Line of sight; the 3GPP models only (NLOS when absent). */
  los?: boolean;
}

export interface RangeViolation {
  parameter: 'frequencyMHz' | 'distanceM' | 'bsHeightM' | 'ueHeightM';
  value: number;
  min: number;
  max: number;
}

export interface PathLoss {
  pathLossDb: number;
  model: PathLossModel;
  los: boolean;
  valid: boolean;
  outOfRange: RangeViolation[];
}

const C = 3.0e8; // speed of light as TR 38.901 uses it, m/s
const log10 = Math.log10;

type Range = { min: number; max: number };
interface Validity {
  frequencyMHz: Range;
  distanceM: Range;
  bsHeightM: Range;
  ueHeightM: Range;
}

/** Validity ranges, each from its source. */
export const MODEL_VALIDITY: Record<PathLossModel, Validity> = {
  // TR 38.901 7.4.1: 0.5–100 GHz; UMa 10 m ≤ d2D ≤ 5 km, hBS 25 m nominal (accepted 10–150 m here), 1.5 ≤ hUT ≤ 22.5 m
  '3gpp-uma': {
    frequencyMHz: { min: 500, max: 100_000 },
    distanceM: { min: 10, max: 5000 },
    bsHeightM: { min: 10, max: 150 },
    ueHeightM: { min: 1.5, max: 22.5 },
  },
  // UMi-Street Canyon: 10 m ≤ d2D ≤ 5 km, hBS 10 m nominal (accepted 3–25 m: street furniture to low rooftops)
  '3gpp-umi': {
    frequencyMHz: { min: 500, max: 100_000 },
    distanceM: { min: 10, max: 5000 },
    bsHeightM: { min: 3, max: 25 },
    ueHeightM: { min: 1.5, max: 22.5 },
  },
  // RMa: 0.5–30 GHz, 10 m ≤ d2D ≤ 10 km (LOS) / 5 km (NLOS), 10 ≤ hBS ≤ 150 m, 1 ≤ hUT ≤ 10 m
  '3gpp-rma': {
    frequencyMHz: { min: 500, max: 30_000 },
    distanceM: { min: 10, max: 10_000 },
    bsHeightM: { min: 10, max: 150 },
    ueHeightM: { min: 1, max: 10 },
  },
  // COST-231 Hata: 1500–2000 MHz, 1–20 km, hb 30–200 m, hm 1–10 m
  'cost231-urban': {
    frequencyMHz: { min: 1500, max: 2000 },
    distanceM: { min: 1000, max: 20_000 },
    bsHeightM: { min: 30, max: 200 },
    ueHeightM: { min: 1, max: 10 },
  },
  'cost231-suburban': {
    frequencyMHz: { min: 1500, max: 2000 },
    distanceM: { min: 1000, max: 20_000 },
    bsHeightM: { min: 30, max: 200 },
    ueHeightM: { min: 1, max: 10 },
  },
  // Free space holds wherever the far field does
  'free-space': { frequencyMHz: { min: 1, max: 300_000 }, distanceM: { min: 1, max: 1e7 }, bsHeightM: { min: 0, max: 1e4 }, ueHeightM: { min: 0, max: 1e4 } },
};

/** Effective environment height h_E of TR 38.901 (1 m for UMa at short range and for UMi). */
const H_E = 1.0;
/** RMa defaults of TR 38.901: average building height and street width. */
export const RMA_BUILDING_HEIGHT_M = 5;
export const RMA_STREET_WIDTH_M = 20;

const d3 = (g: LinkGeometry) => Math.hypot(g.distanceM, g.bsHeightM - g.ueHeightM);

export function freeSpace(g: LinkGeometry): number {
  // FSPL(dB) = 20 log10(d_m) + 20 log10(f_MHz) − 27.55
  return 20 * log10(d3(g)) + 20 * log10(g.frequencyMHz) - 27.55;
}

/** Breakpoint distance d'BP with effective heights (UMa, UMi). */
export function breakpointEffective(g: LinkGeometry): number {
  return (4 * (g.bsHeightM - H_E) * (g.ueHeightM - H_E) * g.frequencyMHz * 1e6) / C;
}

export function umaLos(g: LinkGeometry): number {
  const fc = g.frequencyMHz / 1000;
  const d = d3(g);
  const dbp = breakpointEffective(g);
  if (g.distanceM <= dbp) return 28.0 + 22 * log10(d) + 20 * log10(fc);
  return 28.0 + 40 * log10(d) + 20 * log10(fc) - 9 * log10(dbp * dbp + (g.bsHeightM - g.ueHeightM) ** 2);
}

export function umaNlos(g: LinkGeometry): number {
  const fc = g.frequencyMHz / 1000;
  const nlos = 13.54 + 39.08 * log10(d3(g)) + 20 * log10(fc) - 0.6 * (g.ueHeightM - 1.5);
  return Math.max(umaLos(g), nlos);
}

export function umiLos(g: LinkGeometry): number {
  const fc = g.frequencyMHz / 1000;
  const d = d3(g);
  const dbp = breakpointEffective(g);
  if (g.distanceM <= dbp) return 32.4 + 21 * log10(d) + 20 * log10(fc);
  return 32.4 + 40 * log10(d) + 20 * log10(fc) - 9.5 * log10(dbp * dbp + (g.bsHeightM - g.ueHeightM) ** 2);
}

export function umiNlos(g: LinkGeometry): number {
  const fc = g.frequencyMHz / 1000;
  const nlos = 35.3 * log10(d3(g)) + 22.4 + 21.3 * log10(fc) - 0.3 * (g.ueHeightM - 1.5);
  return Math.max(umiLos(g), nlos);
}

/** RMa breakpoint uses actual heights: d_BP = 2π hBS hUT fc / c. */
export function breakpointRma(g: LinkGeometry): number {
  return (2 * Math.PI * g.bsHeightM * g.ueHeightM * g.frequencyMHz * 1e6) / C;
}

function rmaPl1(d: number, fc: number, h: number): number {
  return 20 * log10((40 * Math.PI * d * fc) / 3) + Math.min(0.03 * h ** 1.72, 10) * log10(d) - Math.min(0.044 * h ** 1.72, 14.77) + 0.002 * log10(h) * d;
}

export function rmaLos(g: LinkGeometry, h = RMA_BUILDING_HEIGHT_M): number {
  const fc = g.frequencyMHz / 1000;
  const d = d3(g);
  const dbp = breakpointRma(g);
  if (g.distanceM <= dbp) return rmaPl1(d, fc, h);
  return rmaPl1(dbp, fc, h) + 40 * log10(d / dbp);
}

export function rmaNlos(g: LinkGeometry, h = RMA_BUILDING_HEIGHT_M, w = RMA_STREET_WIDTH_M): number {
  const fc = g.frequencyMHz / 1000;
  const hBS = g.bsHeightM;
  const nlos =
    161.04 -
    7.1 * log10(w) +
    7.5 * log10(h) -
    (24.37 - 3.7 * (h / hBS) ** 2) * log10(hBS) +
    (43.42 - 3.1 * log10(hBS)) * (log10(d3(g)) - 3) +
    20 * log10(fc) -
    (3.2 * log10(11.75 * g.ueHeightM) ** 2 - 4.97);
  return Math.max(rmaLos(g, h), nlos);
}

/**
 * COST-231 Hata: L = 46.3 + 33.9 log f − 13.82 log hb − a(hm) + (44.9 − 6.55 log hb) log d_km + C.
 * Metropolitan centre: large-city a(hm) = 3.2 (log 11.75 hm)² − 4.97, C = 3 dB.
 * Suburban (medium city): a(hm) = (1.1 log f − 0.7) hm − (1.56 log f − 0.8), C = 0 dB.
 */
export function cost231(g: LinkGeometry, metropolitan: boolean): number {
  const f = g.frequencyMHz;
  const hb = g.bsHeightM;
  const hm = g.ueHeightM;
  const a = metropolitan ? 3.2 * log10(11.75 * hm) ** 2 - 4.97 : (1.1 * log10(f) - 0.7) * hm - (1.56 * log10(f) - 0.8);
  const cm = metropolitan ? 3 : 0;
  return 46.3 + 33.9 * log10(f) - 13.82 * log10(hb) - a + (44.9 - 6.55 * log10(hb)) * log10(g.distanceM / 1000) + cm;
}

export function rangeViolations(model: PathLossModel, g: LinkGeometry): RangeViolation[] {
  const v = MODEL_VALIDITY[model];
  const out: RangeViolation[] = [];
  for (const p of ['frequencyMHz', 'distanceM', 'bsHeightM', 'ueHeightM'] as const) {
    if (g[p] < v[p].min || g[p] > v[p].max) out.push({ parameter: p, value: g[p], min: v[p].min, max: v[p].max });
  }
  // RMa NLOS is defined to 5 km only
  if (model === '3gpp-rma' && !g.los && g.distanceM > 5000) out.push({ parameter: 'distanceM', value: g.distanceM, min: v.distanceM.min, max: 5000 });
  return out;
}

/**
 * Path loss for one link. The 3GPP models are returned exactly as published (UMa/UMi LOS run slightly under free
 * space at short range, by design of the fit); COST-231 Hata, an extrapolating empirical fit, is floored at free
 * space. Throws only for inputs no model can take (non-positive distance or frequency).
 */
export function pathLoss(model: PathLossModel, g: LinkGeometry): PathLoss {
  if (!(g.distanceM > 0) || !(g.frequencyMHz > 0) || !(g.bsHeightM >= 0) || !(g.ueHeightM >= 0)) {
    throw new RangeError('distance and frequency must be positive, heights non-negative');
  }
  const los = model.startsWith('3gpp-') ? g.los === true : true;
  let db: number;
  switch (model) {
    case '3gpp-uma':
      db = los ? umaLos(g) : umaNlos(g);
      break;
    case '3gpp-umi':
      db = los ? umiLos(g) : umiNlos(g);
      break;
    case '3gpp-rma':
      db = los ? rmaLos(g) : rmaNlos(g);
      break;
    case 'cost231-urban':
      db = cost231(g, true);
      break;
    case 'cost231-suburban':
      db = cost231(g, false);
      break;
    case 'free-space':
      db = freeSpace(g);
      break;
  }
  const outOfRange = rangeViolations(model, g);
  const floored = model.startsWith('cost231') ? Math.max(db, freeSpace(g)) : db;
  return { pathLossDb: floored, model, los: model.startsWith('3gpp-') ? los : false, valid: outOfRange.length === 0, outOfRange };
}

export type Environment = 'dense_urban' | 'urban' | 'suburban' | 'rural';

/** Environment class from residents per km² (the sample city's density classes). */
export function environmentOf(populationPerKm2: number): Environment {
  if (populationPerKm2 >= 15_000) return 'dense_urban';
  if (populationPerKm2 >= 4_000) return 'urban';
  if (populationPerKm2 >= 500) return 'suburban';
  return 'rural';
}

export type Mount = 'macro' | 'small_cell';

/**
 * The default model for an environment and mount: street-level small cells are UMi, macro sites UMa in towns
 * and RMa in the countryside; COST-231 Hata only where a 4G band in its range is analysed and asked for.
 */
export function defaultModel(environment: Environment, mount: Mount): PathLossModel {
  if (mount === 'small_cell') return '3gpp-umi';
  return environment === 'rural' ? '3gpp-rma' : '3gpp-uma';
}
