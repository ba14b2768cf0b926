import { bearingDeg, sectorAttenuation, sectorAzimuths } from '../radio/antenna-pattern';

/**
 * Far-field RF exposure from a structure's sectors (pure). Power density S = EIRP · G(θ, φ) / (4π d²), with the
 * 3GPP sector pattern for G relative to boresight, summed over sectors; compared with the GB 8702-2014 public
 * limits band by band (Σ S_i / L_i ≤ 1) and with the share of the limit one project may take.
 */

export interface EmfSector {
  eirpDbm: number;
  /** Boresight azimuth, degrees from north; null for an omnidirectional antenna. */
  azimuthDeg: number | null;
  bandMHz: number;
  antennaHeightM: number;
  downtiltDeg: number;
}

export interface LimitBand {
  fromMHz: number;
  toMHz: number;
  wm2?: number;
  perMHz?: number;
}

export const eirpWatts = (dbm: number) => 10 ** ((dbm - 30) / 10);

/** Free-space far-field power density (W/m²) at distance d from an isotropic EIRP. */
export const powerDensityWm2 = (eirpW: number, distanceM: number) => eirpW / (4 * Math.PI * distanceM * distanceM);

/** The public exposure limit at a frequency, from the limit table. */
export function publicLimitWm2(bandMHz: number, limits: LimitBand[]): number {
  const band = limits.find((l) => bandMHz >= l.fromMHz && bandMHz < l.toMHz) ?? limits[limits.length - 1];
  return band.wm2 ?? bandMHz * (band.perMHz ?? 0);
}

export interface Exposure {
  /** Power density at the receptor with the antenna patterns (W/m²). */
  densityWm2: number;
  /** Σ S_i / L_i: 1 is the public limit. */
  limitRatio: number;
  /** The same, had every sector pointed its main beam at the receptor (the worst case). */
  mainBeamLimitRatio: number;
}

/** Exposure at a receptor `dxEastM`, `dyNorthM` from the structure, `receptorHeightM` above its foot. */
export function exposureAt(sectors: EmfSector[], dxEastM: number, dyNorthM: number, receptorHeightM: number, limits: LimitBand[]): Exposure {
  const horizontal = Math.hypot(dxEastM, dyNorthM);
  const bearing = bearingDeg(dxEastM, dyNorthM);
  let densityWm2 = 0;
  let limitRatio = 0;
  let mainBeamLimitRatio = 0;
  for (const s of sectors) {
    const dz = s.antennaHeightM - receptorHeightM;
    const d = Math.max(1, Math.hypot(horizontal, dz)); // the far-field formula is not meant for the first metre
    const offAxis = s.azimuthDeg === null ? 0 : Math.abs(((bearing - s.azimuthDeg + 540) % 360) - 180);
    const elevationDown = (Math.atan2(dz, horizontal) * 180) / Math.PI;
    const gain = 10 ** (-sectorAttenuation(offAxis, elevationDown, s.downtiltDeg) / 10);
    const full = powerDensityWm2(eirpWatts(s.eirpDbm), d);
    const limit = publicLimitWm2(s.bandMHz, limits);
    densityWm2 += full * gain;
    limitRatio += (full * gain) / limit;
    mainBeamLimitRatio += full / limit;
  }
  return { densityWm2, limitRatio, mainBeamLimitRatio };
}

/**
 * The distance beyond which the main-beam exposure of all sectors stays within `share` of the limit
 * (the conservative compliance distance: Σ EIRP_i / (4π r² · share · L_i) = 1).
 */
export function complianceDistanceM(sectors: EmfSector[], limits: LimitBand[], share: number): number {
  const k = sectors.reduce((a, s) => a + eirpWatts(s.eirpDbm) / (share * publicLimitWm2(s.bandMHz, limits)), 0);
  return Math.sqrt(k / (4 * Math.PI));
}

/**
 * The worst exposure in a sensitive area the structure stands in: along each sector's boresight, every `stepM`
 * out to `maxM` (where a tilted main beam reaches the ground).
 */
export function worstAlongBoresights(
  sectors: EmfSector[],
  receptorHeightM: number,
  limits: LimitBand[],
  stepM = 5,
  maxM = 300,
): Exposure & { distanceM: number } {
  let worst: Exposure & { distanceM: number } = { densityWm2: 0, limitRatio: 0, mainBeamLimitRatio: 0, distanceM: 0 };
  for (const s of sectors) {
    const az = ((s.azimuthDeg ?? 0) * Math.PI) / 180;
    for (let r = stepM; r <= maxM; r += stepM) {
      const e = exposureAt(sectors, r * Math.sin(az), r * Math.cos(az), receptorHeightM, limits);
      if (e.limitRatio > worst.limitRatio) worst = { ...e, distanceM: r };
    }
  }
  return worst;
}

/** What the EMF assessment needs of a tenancy's radio. */
export interface TenancyRadio {
  eirpDbm: number;
  azimuthDeg: number | null;
  sectorCount: number;
  bandMHz: number;
  antennaHeightM: number;
  tiltDeg: number;
}

/** A tenancy's sectors, spread as the coverage engine spreads them. */
export function sectorsOfTenancy(t: TenancyRadio): EmfSector[] {
  return sectorAzimuths(t.azimuthDeg, t.sectorCount).map((azimuthDeg) => ({
    eirpDbm: t.eirpDbm,
    azimuthDeg,
    bandMHz: t.bandMHz,
    antennaHeightM: t.antennaHeightM,
    downtiltDeg: t.tiltDeg,
  }));
}
