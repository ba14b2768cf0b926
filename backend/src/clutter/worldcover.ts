import { CLUTTER_CLASSES, type ClutterClass } from '../radio/propagation/clutter';
import { environmentOf } from '../radio/propagation/path-loss';

/**
 * ESA WorldCover (v100/v200, 10 m) land-cover codes and how they fold into Cosite's clutter classes. Built-up land
 * is split by the cell's residents per km², with the same class edges as the engine's environment (environmentOf).
 */
export const WORLDCOVER_CODES = {
  10: 'tree cover',
  20: 'shrubland',
  30: 'grassland',
  40: 'cropland',
  50: 'built-up',
  60: 'bare / sparse vegetation',
  70: 'snow and ice',
  80: 'permanent water bodies',
  90: 'herbaceous wetland',
  95: 'mangroves',
  100: 'moss and lichen',
} as const;
export type WorldCoverCode = keyof typeof WORLDCOVER_CODES;
/** WorldCover's nodata value. */
export const WORLDCOVER_NODATA = 0;

/**
 * What a pixel says before the cell's density is known: built-up only becomes suburban/urban/dense urban per cell.
 * In the order a tie is broken (the more obstructing cover first).
 */
export const COVER_GROUPS = ['built', 'forest', 'water', 'open'] as const;
export type CoverGroup = (typeof COVER_GROUPS)[number];
export const NO_GROUP = 255;

/** WorldCover code → index in COVER_GROUPS, NO_GROUP for nodata; codes outside the list are undefined. */
const GROUP_OF_CODE = new Map<number, number>([[10, 1], [95, 1], [80, 2], [50, 0], ...[20, 30, 40, 60, 70, 90, 100].map((c): [number, number] => [c, 3])]);

export function isWorldCoverCode(v: number): boolean {
  return v === WORLDCOVER_NODATA || GROUP_OF_CODE.has(v);
}

/** The cover group of a WorldCover code (NO_GROUP for nodata), or undefined for a value not in the list. */
export function groupOfCode(code: number): number | undefined {
  return code === WORLDCOVER_NODATA ? NO_GROUP : GROUP_OF_CODE.get(code);
}

/** Built-up land by density: the engine's environment, with sparse built-up land (rural density) as suburban. */
export function builtUpClass(populationPerKm2: number): ClutterClass {
  const env = environmentOf(populationPerKm2);
  return env === 'rural' ? 'suburban' : env;
}

export function classOfGroup(group: number, populationPerKm2: number): ClutterClass {
  switch (COVER_GROUPS[group]) {
    case 'built':
      return builtUpClass(populationPerKm2);
    case 'forest':
      return 'forest';
    case 'water':
      return 'water';
    case 'open':
      return 'open';
    default:
      throw new Error(`no cover group ${group}`);
  }
}

/** The class of a WorldCover code in a cell of this density (nodata and unknown codes: null). */
export function classOfWorldCover(code: number, populationPerKm2: number): ClutterClass | null {
  const g = groupOfCode(code);
  return g === undefined || g === NO_GROUP ? null : classOfGroup(g, populationPerKm2);
}

/**
 * Pixel counts per cell and cover group, for a majority vote: counts[cell × GROUPS + group]. Cells are the indexes
 * of the city grid; only cells that got a pixel hold counts.
 */
export class CoverTally {
  readonly counts: Uint32Array;

  constructor(readonly cells: number) {
    this.counts = new Uint32Array(cells * COVER_GROUPS.length);
  }

  add(cell: number, group: number): void {
    this.counts[cell * COVER_GROUPS.length + group]++;
  }

  /** The group with most pixels in the cell (ties to the earlier of COVER_GROUPS), or NO_GROUP when it has none. */
  majority(cell: number): number {
    let best = NO_GROUP;
    let bestCount = 0;
    const base = cell * COVER_GROUPS.length;
    for (let g = 0; g < COVER_GROUPS.length; g++) {
      const n = this.counts[base + g];
      if (n > bestCount) {
        best = g;
        bestCount = n;
      }
    }
    return best;
  }
}

/** The class's code in the engine's arrays. */
export function clutterCode(c: ClutterClass): number {
  return CLUTTER_CLASSES.indexOf(c);
}
