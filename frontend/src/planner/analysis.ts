import type { AnalysisResult } from '@cosite/contracts';

/** A co-location analysis as the API returns it: the contract's result (the planner shows part of it). */
export type Analysis = AnalysisResult;

/** What the planner is working on: the demand point, its ring and, once analysed, the analysis. */
export interface Plan {
  pin: { lon: number; lat: number } | null;
  /** The radius given in the form; null: the environment's default at the point (the analysis says which). */
  radiusM: number | null;
  analysis: Analysis | null;
}

/**
 * The analysis the API answered, typed as the contract's. The client's type for it lacks the unbuildable new
 * build's `location: null` and `structure: null` (openapi-fetch's response types drop a property whose type is only
 * null, openapi-ts/openapi-typescript#1637), so that one part is taken as the contract says; the rest is checked.
 */
export const answeredAnalysis = (a: Omit<Analysis, 'newBuild'> & { newBuild: unknown }): Analysis => a as Analysis;
