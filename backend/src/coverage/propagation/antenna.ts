/**
 * Sector antenna and link budget, pure functions.
 * Pattern: 3GPP TR 38.901 Table 7.3-1 (single element): A_H(φ) = −min(12 (φ/φ3dB)², A_max),
 * A_V(θ) = −min(12 ((θ − θtilt − 90)/θ3dB)², SLA_V), A = −min(−(A_H + A_V), A_max), φ3dB = θ3dB = 65°, 30 dB caps.
 * EIRP is per sector and already includes the antenna's peak gain; the pattern only attenuates off boresight.
 */
export const BEAMWIDTH_DEG = 65;
export const MAX_ATTENUATION_DB = 30;
export const SIDE_LOBE_V_DB = 30;

/** Horizontal attenuation (dB, ≥ 0) at an angle off the boresight azimuth, degrees. */
export function horizontalAttenuation(offAxisDeg: number, beamwidth = BEAMWIDTH_DEG): number {
  const phi = ((((offAxisDeg + 180) % 360) + 360) % 360) - 180;
  return Math.min(12 * (phi / beamwidth) ** 2, MAX_ATTENUATION_DB);
}

/**
 * Vertical attenuation (dB, ≥ 0) for a ray `elevationDownDeg` below the horizon, with total downtilt
 * (mechanical + electrical) in degrees.
 */
export function verticalAttenuation(elevationDownDeg: number, downtiltDeg: number, beamwidth = BEAMWIDTH_DEG): number {
  return Math.min(12 * ((elevationDownDeg - downtiltDeg) / beamwidth) ** 2, SIDE_LOBE_V_DB);
}

export function sectorAttenuation(offAxisDeg: number, elevationDownDeg: number, downtiltDeg: number): number {
  return Math.min(horizontalAttenuation(offAxisDeg) + verticalAttenuation(elevationDownDeg, downtiltDeg), MAX_ATTENUATION_DB);
}

/** Azimuth from the site to a point, degrees clockwise from north, on a local flat approximation. */
export function bearingDeg(dxEastM: number, dyNorthM: number): number {
  return ((Math.atan2(dxEastM, dyNorthM) * 180) / Math.PI + 360) % 360;
}

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
