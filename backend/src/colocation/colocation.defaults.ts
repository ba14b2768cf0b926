import type { Environment } from '../radio/propagation/path-loss';

/** Co-location configuration, as data. */
export const SEARCH_RADIUS_M: Record<Environment, number> = { dense_urban: 250, urban: 500, suburban: 1000, rural: 2000 };

/** Score weights (sum 1); each candidate's response shows the breakdown. */
export const SCORE_WEIGHTS = { distance: 0.3, heightFit: 0.2, coverageGain: 0.25, cost: 0.15, access: 0.1 } as const;

/** What an upgrade may add: a height extension and a reinforcement, and how many mount slots a new platform adds. */
export const UPGRADE_LIMITS = { heightExtensionM: 6, reinforcementShare: 0.3, extraSlots: 2 } as const;

/** Kinds that can be extended or reinforced. */
export const UPGRADABLE_KINDS = ['lattice_tower', 'monopole', 'camouflaged_tower'] as const;

/** Demands at or above this antenna height are macro cells (street furniture cannot carry them). */
export const MACRO_HEIGHT_M = 15;

/** Land a shared site saves: 376,000 m² over 39,000 avoided towers (national sharing figures) ≈ 9.6 m². */
export const LAND_PER_AVOIDED_TOWER_M2 = 9.6;

/** EIRP per sector assumed for a demand's coverage gain, by technology (dBm). */
export const DEMAND_EIRP_DBM = { '5G': 75, '4G': 61, 'NB-IoT': 57 } as const;

/** A new structure is sized for at least this many tenants, so the next operator can share it. */
export const NEW_BUILD_TENANTS = 3;

/**
 * Co-build: new-build demands of different operators are offered one shared structure when their nominal points
 * lie within `maxDistanceM` of each other, their rings overlap on buildable ground, and they came within
 * `windowDays` of each other (national sharing guidance: joint construction where demands coincide).
 */
export const CO_BUILD = { maxDistanceM: 1000, windowDays: 90 } as const;

/** A demand batch is analysed in chunks of this many lines, so several workers can share it. */
export const BATCH_CHUNK_LINES = 250;

/** A demand made from a coverage gap: a macro cell on the technology's main band unless the planner says otherwise. */
export const GAP_DEMAND_DEFAULTS = {
  bandMHz: { '5G': 3500, '4G': 1800, 'NB-IoT': 900 },
  antennaHeightM: 30,
} as const;
