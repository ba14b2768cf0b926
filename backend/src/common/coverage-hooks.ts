import type { RecomputeNote } from '@cosite/contracts';
import type { CellUniverse } from '../radio/universe';

/**
 * What terrain and clutter imports ask of coverage, declared here so that they need not import it (coverage depends
 * on its inputs, not the reverse). The coverage module provides both tokens (CoverageHooksModule, in the worker).
 */

/** Starts the whole-city recompute an import calls for, or queues one behind a full run already going. */
export interface CoverageRecomputeTrigger {
  /** Never throws: the import has succeeded whatever becomes of the recompute. */
  afterImport(reason: string, committedAt: string): Promise<RecomputeNote>;
  /** The delayed job: starts the recompute once no full run is going (throws, to be retried, while one is). */
  whenFree(p: { reason: string; committedAt: string }): Promise<string>;
}
export const COVERAGE_RECOMPUTE = Symbol('CoverageRecomputeTrigger');

/** The city grid coverage computes on (cached per process), for imports that class its cells. */
export interface CityGridSource {
  grid(): Promise<{ u: CellUniverse }>;
}
export const CITY_GRID = Symbol('CityGridSource');
