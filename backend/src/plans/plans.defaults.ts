import type { Technology } from '@cosite/contracts';

/**
 * Rollout-plan settings, as data. The costs are planning assumptions in yuan, one-off capital per site, of the
 * order tower companies quote; a plan's request overrides any of them (its result repeats what was used).
 */
export const PLAN_COSTS = {
  share: {
    value: 30_000,
    source: 'planning assumption: antennas, RRUs, power and transmission fitted on an existing structure with room (one-off)',
  },
  upgrade: {
    value: 120_000,
    source: 'planning assumption: a share that needs a height extension, reinforcement or a new platform first (see UPGRADE_LIMITS)',
  },
  smartPole: {
    value: 80_000,
    source: 'planning assumption: one smart pole replacing a kerb cluster of street poles, with foundation, power and the small cell',
  },
  newBuild: {
    value: 350_000,
    source: 'planning assumption: a new ground-based monopole (land, foundation, mast, power connection, transmission)',
  },
  camouflagePremium: {
    value: 100_000,
    source: 'planning assumption: added where an overlay asks for a camouflaged structure (scenic, heritage, nature areas)',
  },
} as const;
export type PlanCostKey = keyof typeof PLAN_COSTS;

/** The radio of what a plan would put up, per kind of site. */
export const PLAN_RADIO = {
  /** A macro sector on a tower, rooftop or new build: the co-location analysis's demand EIRP (DEMAND_EIRP_DBM). */
  macroAntennaHeightM: { value: 30, source: 'as a demand made from a coverage gap (GAP_DEMAND_DEFAULTS)' },
  /** New towers are this much taller than their antennas (a platform above for the next tenant). */
  newBuildMastAboveAntennaM: { value: 3, source: 'as a new-build suggestion of the co-location analysis' },
  /** Antennas hang this far below the top of an existing structure. */
  belowTopM: { value: 2, source: 'planning assumption: the top platform of a tower, the parapet of a rooftop' },
  /** Street furniture carries small cells: below the macro height (MACRO_HEIGHT_M). */
  smallCellAntennaHeightM: { value: 10, source: 'median 5G small-cell antenna height on the sample city’s poles' },
} as const;

/** EIRP (dBm) of a small cell on street furniture, per technology: as the sample city's small cells radiate. */
export const SMALL_CELL_EIRP_DBM: Record<Technology, number> = { '5G': 44, '4G': 40, 'NB-IoT': 37 };

/**
 * The new-build lattice: centres of H3 cells at this resolution (res 9 ≈ 0.1 km², sites ≈ 350 m apart) over the
 * uncovered residents of the area, coarsened one resolution at a time while more than `maxPoints` remain.
 */
export const NEW_BUILD_LATTICE = { resolution: 9, coarsest: 7, maxPoints: 2_500 } as const;

/** Structures and points that reach no uncovered resident or key site are left out before the solver. */
export const MIN_CANDIDATE_GAIN_RESIDENTS = 1;

/** What one planned tenancy takes on a structure (the co-location rules check room and load against it). */
export const PLAN_DEMAND = {
  slots: 1,
  macroLoadKg: 75,
  smallCellLoadKg: 15,
  source: 'planning assumption: three 5G AAUs of ≈ 25 kg on one mount; one small cell of ≈ 15 kg',
} as const;
