import type { Technology } from '@cosite/contracts';

/**
 * Defaults of the coverage analysis, as data, each with where it comes from. Overridable per analysis.
 */
export const COVERAGE_THRESHOLDS_DBM: Record<Technology, { dbm: number; source: string }> = {
  '5G': { dbm: -105, source: 'SS-RSRP edge-of-coverage value common in Chinese operators’ 5G acceptance criteria' },
  '4G': { dbm: -110, source: 'RSRP weak-coverage threshold used in LTE network optimisation (MR coverage ≥ −110 dBm)' },
  'NB-IoT': { dbm: -125, source: 'NB-IoT deep-coverage design target (MCL-based), typical operator threshold' },
};

/** Carrier assumed per technology when a tenancy does not say: bandwidth and subcarrier spacing. */
export const DEFAULT_CARRIER: Record<Technology, { bandwidthMHz: number; scsKHz: number }> = {
  '5G': { bandwidthMHz: 100, scsKHz: 30 },
  '4G': { bandwidthMHz: 20, scsKHz: 15 },
  'NB-IoT': { bandwidthMHz: 0.2, scsKHz: 15 },
};

export const UE_HEIGHT_M = 1.5;

/** Cells are stored down to this far below the technology's threshold (weak coverage is worth seeing). */
export const STORE_BELOW_THRESHOLD_DB = 10;

/** KPI targets, as data with their sources (see the README's KPI section). */
export const COVERAGE_KPI_TARGETS = {
  fiveGPer10kCityWide: { value: 47.8, source: 'Chongqing target for 2025: 5G base stations per 10,000 residents, city-wide' },
  fiveGPer10kCoreDistrict: { value: 35, districtId: 500103, source: 'target for the core district (Yuzhong, 渝中区)' },
  fiveGPer10kGigabitCity: { value: 12, source: 'MIIT gigabit-city evaluation: 5G base stations per 10,000 residents' },
  keySiteReach: { value: 0.98, source: '5G reach of key sites (hospitals, hubs, business districts, scenic areas)' },
} as const;
