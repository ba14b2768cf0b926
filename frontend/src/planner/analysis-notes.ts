import type { Candidate, CandidateReason } from '@cosite/contracts';
import type { Analysis } from './analysis';

/** What the planner reads off an analysis besides the decision (pure, tested): the candidates split, warnings, the ring's box. */

/** Feasible candidates in the analysis's order (best first), and the infeasible ones apart. */
export function splitCandidates(a: Pick<Analysis, 'candidates'>): { feasible: Candidate[]; infeasible: Candidate[] } {
  return { feasible: a.candidates.filter((c) => c.feasible), infeasible: a.candidates.filter((c) => !c.feasible) };
}

/** How many infeasible candidates each reason rules out, commonest first (a candidate may have several reasons). */
export function reasonCounts(infeasible: Candidate[]): [CandidateReason, number][] {
  const counts = new Map<CandidateReason, number>();
  for (const c of infeasible) for (const r of c.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
}

export type AnalysisWarning = 'no_residents_gained' | 'empty_ring';

/**
 * What a planner should not miss: a suggested new build that gains no residents (a structure for nobody), and a ring
 * with no structure in it (the structures just outside it are listed but cannot be shared).
 */
export function analysisWarnings(a: Pick<Analysis, 'decision' | 'newBuild' | 'candidates'>): AnalysisWarning[] {
  const out: AnalysisWarning[] = [];
  const nb = a.newBuild;
  if (a.decision === 'new_build' && nb?.location && 'populationGain' in nb && nb.populationGain <= 0) out.push('no_residents_gained');
  if (!a.candidates.some((c) => !c.reasons.includes('outside_ring'))) out.push('empty_ring');
  return out;
}

/** The box around a ring of `radiusM` metres at a point: [[west, south], [east, north]]. */
export function ringBounds(lon: number, lat: number, radiusM: number): [[number, number], [number, number]] {
  const dLat = radiusM / 110574;
  const dLon = radiusM / (111320 * Math.cos((lat * Math.PI) / 180));
  return [
    [lon - dLon, lat - dLat],
    [lon + dLon, lat + dLat],
  ];
}
