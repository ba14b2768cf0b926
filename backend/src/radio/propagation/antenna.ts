/**
 * Sector antenna and link budget, pure functions. The pattern itself (TR 38.901 Table 7.3-1) is the shared kernel
 * radio/antenna-pattern.ts, re-exported here for the engine.
 */
export {
  BEAMWIDTH_DEG,
  MAX_ATTENUATION_DB,
  SIDE_LOBE_V_DB,
  bearingDeg,
  horizontalAttenuation,
  sectorAttenuation,
  verticalAttenuation,
} from '../antenna-pattern';

/**
 * Resource blocks for a carrier (3GPP TS 38.101-1 Table 5.3.2-1 for NR FR1; TS 36.101 for LTE; NB-IoT one PRB).
 * Unlisted combinations are rejected rather than guessed.
 */
const NR_RB: Record<number, Record<number, number>> = {
  15: { 5: 25, 10: 52, 15: 79, 20: 106, 25: 133, 30: 160, 40: 216, 50: 270 },
  30: { 5: 11, 10: 24, 15: 38, 20: 51, 25: 65, 30: 78, 40: 106, 50: 133, 60: 162, 70: 189, 80: 217, 90: 245, 100: 273 },
  60: { 10: 11, 15: 18, 20: 24, 25: 31, 30: 38, 40: 51, 50: 65, 60: 79, 70: 93, 80: 107, 90: 121, 100: 135 },
};
const LTE_RB: Record<number, number> = { 1.4: 6, 3: 15, 5: 25, 10: 50, 15: 75, 20: 100 };

export function resourceBlocks(technology: '4G' | '5G' | 'NB-IoT', bandwidthMHz: number, scsKHz: number): number {
  if (technology === 'NB-IoT') return 1;
  const n = technology === '4G' ? (scsKHz === 15 ? LTE_RB[bandwidthMHz] : undefined) : NR_RB[scsKHz]?.[bandwidthMHz];
  if (!n) throw new RangeError(`no ${technology} carrier of ${bandwidthMHz} MHz at ${scsKHz} kHz subcarrier spacing`);
  return n;
}

/** Reference-signal power per resource element: EIRP spread over every subcarrier of the carrier. */
export function eirpPerResourceElementDbm(eirpDbm: number, resourceBlocksCount: number): number {
  return eirpDbm - 10 * Math.log10(resourceBlocksCount * 12);
}

/** RSRP (dBm) = EIRP per RE − path loss − antenna attenuation toward the UE. */
export function rsrpDbm(eirpPerReDbm: number, pathLossDb: number, attenuationDb: number): number {
  return eirpPerReDbm - pathLossDb - attenuationDb;
}
