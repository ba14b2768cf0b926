import type { AnalysisResult } from '@cosite/contracts';

/** A co-location analysis as the API returns it: the contract's result (the planner shows part of it). */
export type Analysis = AnalysisResult;

/** What the planner is working on: the demand point, its ring and, once analysed, the analysis. */
export interface Plan {
  pin: { lon: number; lat: number } | null;
  radiusM: number;
  analysis: Analysis | null;
}
