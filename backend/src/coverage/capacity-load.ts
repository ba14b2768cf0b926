import type { LoadSettings, LoadTechnology } from '@cosite/contracts';
import { LOAD_DEFAULTS, MARKET_SHARE } from './capacity.defaults';

/**
 * Sector load, the formula (issue 17), pure. A covered cell's busy-hour demand for an operator is
 * residents × penetration × market share × busy-hour rate; carrying it takes demand ÷ throughput of the carrier
 * (throughput = PRBs × 12 × SCS × spectral efficiency at the cell's SINR, so this is "capacity = PRBs × spectral
 * efficiency"). A sector's utilisation is the sum over the cells it serves best. The SQL (coverage.sql.ts, sectorLoadCte) sums the same
 * terms with `demandPerResidentMbps` as its parameter; the integration test holds the two to each other.
 */

/** The settings of one request: the defaults where the request says nothing, each with its source. */
export function loadSettingsOf(q: { technology: LoadTechnology; penetration?: number; busyHourMbps?: number; thresholdPct?: number }): LoadSettings {
  const given = 'set in the request';
  const pen = LOAD_DEFAULTS.penetration[q.technology];
  return {
    penetration: q.penetration === undefined ? { value: pen.value, source: pen.source } : { value: q.penetration, source: given },
    busyHourMbps: q.busyHourMbps === undefined ? { ...LOAD_DEFAULTS.busyHourMbps } : { value: q.busyHourMbps, source: given },
    thresholdPct: q.thresholdPct === undefined ? { ...LOAD_DEFAULTS.thresholdPct } : { value: q.thresholdPct, source: given },
    marketShare: Object.fromEntries(Object.entries(MARKET_SHARE).map(([k, v]) => [k, { ...v }])),
  };
}

/** Busy-hour Mbit/s one resident brings to an operator's network: penetration × the operator's share × rate (0 for an operator without a share). */
export function demandPerResidentMbps(s: LoadSettings, operator: string): number {
  return s.penetration.value * (s.marketShare[operator]?.value ?? 0) * s.busyHourMbps.value;
}

/** A covered cell a sector serves best: its residents and the throughput one user alone gets there (0: SINR too low). */
export interface ServedCell {
  residents: number;
  throughputMbps: number | null;
}

export interface SectorLoadFigures {
  cells: number;
  residents: number;
  demandMbps: number;
  utilisationPct: number;
  unservedMbps: number;
  overloaded: boolean;
}

/**
 * One sector's load over the cells it serves best. A cell whose SINR carries nothing (throughput 0 or unknown) adds
 * its demand to `unservedMbps`, not to utilisation: no share of the carrier can serve it.
 */
export function sectorLoadOf(cells: readonly ServedCell[], perResidentMbps: number, thresholdPct: number): SectorLoadFigures {
  let residents = 0,
    demand = 0,
    share = 0,
    unserved = 0;
  for (const c of cells) {
    const d = c.residents * perResidentMbps;
    residents += c.residents;
    demand += d;
    if (c.throughputMbps !== null && c.throughputMbps > 0) share += d / c.throughputMbps;
    else unserved += d;
  }
  const utilisationPct = 100 * share;
  return { cells: cells.length, residents, demandMbps: demand, utilisationPct, unservedMbps: unserved, overloaded: isOverloaded(utilisationPct, thresholdPct) };
}

/** Over the threshold, not at it. */
export const isOverloaded = (utilisationPct: number, thresholdPct: number): boolean => utilisationPct > thresholdPct;
