/**
 * The sector antenna's pattern, a shared kernel (pure maths, no Nest) that the coverage engine and the EMF check
 * (zoning/emf.ts) both import.
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

/** A tenancy's sector boresights: `sectorCount` spread evenly from its first azimuth; one null for an omni antenna. */
export function sectorAzimuths(azimuthDeg: number | null, sectorCount: number): (number | null)[] {
  if (azimuthDeg === null) return [null];
  const n = Math.max(1, sectorCount);
  return Array.from({ length: n }, (_, k) => (azimuthDeg + (k * 360) / n) % 360);
}
