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

/**
 * Link quality: SINR from the best server, the operator's other sectors on the same band and the UE's noise, and
 * throughput from SINR. Each default with where it comes from; a run may override the load factor.
 */
export const LINK_QUALITY_DEFAULTS = {
  loadFactor: { value: 0.5, source: 'share of the interferers’ resources in use (network load), a planning default; set per run' },
  thermalNoiseDbmPerHz: { value: -174, source: 'kT at 290 K: −173.98 dBm/Hz (ITU-R P.372, 3GPP TR 36.942 §4.5)' },
  ueNoiseFigureDb: { value: 7, source: 'UE noise figure, 3GPP TR 36.942 Table 4.5 / TR 38.803 (7 dB below 6 GHz)' },
  shannonAlpha: { value: 0.6, source: 'attenuation factor of the Shannon bound, 3GPP TR 36.942 Annex A.2 (downlink)' },
  sinrMinDb: { value: -10, source: 'SINR below which the link carries nothing, 3GPP TR 36.942 Annex A.2 (downlink)' },
} as const;

/** The highest downlink spectral efficiency (bit/s/Hz, one layer) per technology: the cap of the attenuated Shannon bound. */
export const MAX_SPECTRAL_EFFICIENCY: Record<Technology, { value: number; source: string }> = {
  '5G': { value: 7.4063, source: '3GPP TS 38.214 Table 5.2.2.1-3 (256QAM CQI table), CQI 15' },
  '4G': { value: 4.4, source: '3GPP TR 36.942 Annex A.2, Table A.2-1 (downlink Thr_MAX)' },
  'NB-IoT': { value: 0.5, source: 'NB-IoT downlink peak ≈ 100 kbit/s in a 180 kHz carrier (3GPP TR 45.820 / Rel-14 Cat NB2), rounded' },
};

/** Display and KPI bands of SINR (dB) and the throughput that counts as gigabit-city experience. */
export const SINR_KPI = {
  usableDb: { value: 0, source: 'SINR ≥ 0 dB: the cell edge of a planned network (issue 17; common operator acceptance criterion)' },
  goodThroughputMbps: { value: 100, source: 'gigabit-city user experience: ≥ 100 Mbit/s downlink (MIIT 《“双千兆”网络协同发展行动计划（2021-2023年）》)' },
} as const;
