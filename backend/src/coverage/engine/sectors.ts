import { eirpPerResourceElementDbm, resourceBlocks } from '../../radio/propagation/antenna';
import { sectorAzimuths } from '../../radio/antenna-pattern';
import { defaultModel, environmentOf, type Mount, type PathLossModel } from '../../radio/propagation/path-loss';
import { COVERAGE_THRESHOLDS_DBM, DEFAULT_CARRIER } from '../coverage.defaults';
import type { Technology } from '@cosite/contracts';

/** A tenancy as the coverage engine needs it (one operator's base station on a structure). */
export interface TenancyRadio {
  tenancyId: number;
  structureId: number;
  operatorId: string;
  technology: Technology;
  bandMhz: number;
  lon: number;
  lat: number;
  antennaHeightM: number;
  /** Ground elevation of the structure, when known: used for effective heights (see effectiveHeightM). */
  groundElevationM: number | null;
  azimuthDeg: number | null;
  sectorCount: number;
  mechTiltDeg: number;
  elecTiltDeg: number;
  eirpDbm: number;
  structureKind: string;
  /** Residents per km² around the site, which sets the environment. */
  populationDensity: number;
}

/** One sector ready for the inner loop: everything that repeats per cell is worked out here once. */
export interface Sector {
  tenancyId: number;
  sectorIndex: number;
  /** operator × technology slot in the result arrays. */
  slot: number;
  /** operator × technology × band: the sectors that interfere with one another share it (see toSectors). */
  band: number;
  lon: number;
  lat: number;
  heightM: number;
  /** Boresight azimuth, or NaN for an omni antenna. */
  azimuthDeg: number;
  downtiltDeg: number;
  eirpPerReDbm: number;
  model: PathLossModel;
  frequencyMHz: number;
  /** Beyond this ground distance the sector cannot reach the storage floor even on boresight. */
  radiusM: number;
}

const MACRO_KINDS = new Set(['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop', 'power_grid_tower']);

export function mountOf(kind: string): Mount {
  return MACRO_KINDS.has(kind) ? 'macro' : 'small_cell';
}

/**
 * Effective antenna height above the UE's ground. Without a terrain model the UE stands on the structure's
 * ground, so this is the mast height; a DEM loader can pass the UE's ground elevation later.
 */
export function effectiveHeightM(antennaHeightM: number, groundElevationM: number | null, ueGroundElevationM: number | null = null): number {
  if (groundElevationM === null || ueGroundElevationM === null) return antennaHeightM;
  return Math.max(antennaHeightM + groundElevationM - ueGroundElevationM, 1.5);
}

/** Operators × technologies, one result slot each. */
export function slotOf(operators: readonly string[], technologies: readonly Technology[], operatorId: string, technology: Technology): number {
  const o = operators.indexOf(operatorId);
  const t = technologies.indexOf(technology);
  if (o < 0 || t < 0) return -1;
  return o * technologies.length + t;
}

/** Splits tenancies into sectors (sectorCount spread evenly from the first azimuth) with their radio constants. */
export function toSectors(
  tenancies: TenancyRadio[],
  operators: readonly string[],
  technologies: readonly Technology[],
  radiusOf: (model: PathLossModel, frequencyMHz: number, heightM: number, budgetDb: number) => number,
  floorBelowThresholdDb: number,
  modelOverride?: PathLossModel,
): Sector[] {
  const out: Sector[] = [];
  const bands = new Map<string, number>();
  for (const t of tenancies) {
    const slot = slotOf(operators, technologies, t.operatorId, t.technology);
    if (slot < 0) continue;
    const bandKey = `${slot}/${t.bandMhz}`;
    let band = bands.get(bandKey);
    if (band === undefined) bands.set(bandKey, (band = bands.size));
    const carrier = DEFAULT_CARRIER[t.technology];
    const perRe = eirpPerResourceElementDbm(t.eirpDbm, resourceBlocks(t.technology, carrier.bandwidthMHz, carrier.scsKHz));
    const model = modelOverride ?? defaultModel(environmentOf(t.populationDensity), mountOf(t.structureKind));
    const height = effectiveHeightM(t.antennaHeightM, t.groundElevationM);
    const floor = COVERAGE_THRESHOLDS_DBM[t.technology].dbm - floorBelowThresholdDb;
    const radius = radiusOf(model, t.bandMhz, height, perRe - floor);
    for (const [k, azimuth] of sectorAzimuths(t.azimuthDeg, t.sectorCount).entries()) {
      out.push({
        tenancyId: t.tenancyId,
        sectorIndex: k,
        slot,
        band,
        lon: t.lon,
        lat: t.lat,
        heightM: height,
        azimuthDeg: azimuth ?? NaN,
        downtiltDeg: t.mechTiltDeg + t.elecTiltDeg,
        eirpPerReDbm: perRe,
        model,
        frequencyMHz: t.bandMhz,
        radiusM: radius,
      });
    }
  }
  return out;
}
