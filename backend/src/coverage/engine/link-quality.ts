import type { Technology } from '@cosite/contracts';
import { resourceBlocks } from '../../radio/propagation/antenna';
import { DEFAULT_CARRIER, LINK_QUALITY_DEFAULTS, MAX_SPECTRAL_EFFICIENCY } from '../coverage.defaults';

/**
 * SINR and throughput of a cell from its best server, its interferers and the UE's noise (issue 17). Everything is
 * per resource element, as RSRP is: the signal, the interferers and the noise all scale by the same number of
 * subcarriers, so the ratio equals the whole-carrier one (kTB over the occupied bandwidth).
 */

/** ln(10)/10: dBm → mW is exp(dBm · LN10_10). */
export const LN10_10 = Math.LN10 / 10;

/** dBm → mW, by exp (cheaper than 10 ** x in the inner loop). */
export const dbmToMw = (dbm: number): number => Math.exp(dbm * LN10_10);

export const mwToDbm = (mw: number): number => (10 * Math.log(mw)) / Math.LN10;

/** A technology's default carrier: occupied bandwidth (PRBs × 12 subcarriers × spacing) and its subcarrier count. */
export function carrierOf(technology: Technology): { occupiedHz: number; subcarriers: number; resourceBlocks: number; scsHz: number } {
  const c = DEFAULT_CARRIER[technology];
  const prb = resourceBlocks(technology, c.bandwidthMHz, c.scsKHz);
  const scsHz = c.scsKHz * 1000;
  return { occupiedHz: prb * 12 * scsHz, subcarriers: prb * 12, resourceBlocks: prb, scsHz };
}

/** Noise over the carrier: kTB over the occupied bandwidth plus the UE noise figure (dBm). */
export function noiseFloorDbm(occupiedHz: number, noiseFigureDb: number = LINK_QUALITY_DEFAULTS.ueNoiseFigureDb.value): number {
  return LINK_QUALITY_DEFAULTS.thermalNoiseDbmPerHz.value + 10 * Math.log10(occupiedHz) + noiseFigureDb;
}

/** Noise per resource element (one subcarrier), comparable with RSRP. */
export function noisePerReDbm(technology: Technology, noiseFigureDb?: number): number {
  return noiseFloorDbm(carrierOf(technology).scsHz, noiseFigureDb);
}

/**
 * SINR (dB) of a signal against interferers and noise, all in dBm per RE: the interferers' powers add in linear
 * terms and are scaled by the network load (the share of their resources transmitting).
 */
export function sinrDb(signalDbm: number, interferersDbm: readonly number[], loadFactor: number, noiseDbm: number): number {
  let i = 0;
  for (const x of interferersDbm) i += dbmToMw(x);
  return 10 * Math.log10(dbmToMw(signalDbm) / (loadFactor * i + dbmToMw(noiseDbm)));
}

/**
 * Downlink spectral efficiency (bit/s/Hz) by the attenuated Shannon bound of 3GPP TR 36.942 Annex A.2:
 * 0 below SINR_min, α·log2(1 + SINR) above, capped at the technology's maximum.
 */
export function spectralEfficiency(sinr: number, technology: Technology): number {
  if (!(sinr >= LINK_QUALITY_DEFAULTS.sinrMinDb.value)) return 0;
  const se = LINK_QUALITY_DEFAULTS.shannonAlpha.value * Math.log2(1 + 10 ** (sinr / 10));
  const max = MAX_SPECTRAL_EFFICIENCY[technology].value;
  return se < max ? se : max;
}

/** Downlink throughput (Mbit/s) of one user alone on the carrier: spectral efficiency × occupied bandwidth. */
export function throughputMbps(sinr: number, technology: Technology): number {
  return (spectralEfficiency(sinr, technology) * carrierOf(technology).occupiedHz) / 1e6;
}
