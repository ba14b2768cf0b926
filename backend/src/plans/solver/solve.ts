import type { CoverInstance, CoverSolution } from './instance';
import { askedAttainment, attainment, buildOrder, compare, Coverage, coverageValue, fullAttainment, improve, lazyGreedy } from './greedy';
import { modelText, solveModel as solveWithin } from './milp';
import { coarsen, reduce, type Reduced } from './reduce';

export interface SolveOptions {
  /** auto: the MILP where the instance fits (and greedy's answer where it is better), else greedy + swaps. */
  method?: 'auto' | 'milp' | 'greedy';
  /** The exact solve stops here and keeps its best set so far (then not proven optimal); the LP bound has as long again. */
  timeLimitS?: number;
  /** Where auto still tries the MILP: live candidates and matrix nonzeros after the reduction. */
  milpMaxCandidates?: number;
  milpMaxNonzeros?: number;
  /** Above this the LP bound is solved on coarser elements (a relaxation: still valid, weaker). */
  lpMaxNonzeros?: number;
  /** Whether to solve the LP bound (a comparison that only needs the set can skip it: then the bound is the objective). */
  bound?: boolean;
  /** Time the swaps of the local search may take. */
  swapSeconds?: number;
}

const DEFAULTS: Required<SolveOptions> = {
  method: 'auto',
  timeLimitS: 30,
  milpMaxCandidates: 2_500,
  milpMaxNonzeros: 400_000,
  lpMaxNonzeros: 250_000,
  swapSeconds: 10,
  bound: true,
};

/**
 * The plan's choice: weighted maximum coverage within the limits, or the cheapest set meeting the targets (the
 * most attainment the limits allow, then the cheapest at it). Exact with HiGHS where the instance fits, else lazy
 * greedy with swaps; the LP relaxation bound is always reported, and the same instance gives the same answer.
 */
export async function solvePlan(inst: CoverInstance, options: SolveOptions = {}): Promise<CoverSolution> {
  const o = { ...DEFAULTS, ...options };
  const t0 = Date.now();
  const r = reduce(inst);
  const nonzeros = r.live.reduce((a, j) => a + r.cells[j].length + r.keys[j].length, 0);

  let best = lazyGreedy(inst, r);
  improve(inst, r, best, Date.now() + o.swapSeconds * 1000);
  let method: CoverSolution['method'] = 'greedy';
  let optimal = false;
  const tryMilp = o.method === 'milp' || (o.method === 'auto' && r.live.length <= o.milpMaxCandidates && nonzeros <= o.milpMaxNonzeros);
  if (o.method === 'greedy') {
    // greedy alone, as asked (the benchmark compares it with the MILP)
  } else if (tryMilp && r.live.length) {
    const m = await exact(inst, r, o.timeLimitS);
    const cov = setOf(inst, r, m.chosen);
    // the MILP's set unless greedy's is better: a MILP stopped by its time limit, or one whose cost tie-break fell
    // inside its relative gap (then greedy's set is as good on the objective and cheaper)
    if (compare(inst, cov, best) >= -1e-9) {
      best = cov;
      method = 'milp';
    }
    // proven optimal when the MILP solved to optimality: the set kept is at least as good as its set
    optimal = m.optimal;
  }
  const objective = inst.objective === 'max_coverage' ? coverageValue(best) : best.cost;
  // a large instance's LP is solved on coarser elements: a relaxation of it, so still a valid (weaker) bound
  const lpBound = !o.bound ? objective : await lpBoundOf(inst, nonzeros <= o.lpMaxNonzeros ? r : coarsen(r, o.lpMaxNonzeros), best, o.timeLimitS);
  const gapPct = (100 * Math.abs(inst.objective === 'max_coverage' ? lpBound - objective : objective - lpBound)) / Math.max(Math.abs(objective), 1e-9);
  return {
    order: buildOrder(inst, r, best.chosen),
    residents: best.residents,
    keySites: best.keySites,
    sites: best.chosen.size,
    cost: best.cost,
    newBuilds: best.newBuilds,
    method,
    optimal,
    objective,
    lpBound,
    gapPct: objective === 0 && Math.abs(lpBound) < 1e-9 ? 0 : gapPct,
    elements: r.weight.length + inst.keySites,
    ms: Date.now() - t0,
  };
}

function setOf(inst: CoverInstance, r: Reduced, chosen: number[]): Coverage {
  const cov = new Coverage(inst, r);
  for (const j of chosen) cov.add(j);
  return cov;
}

/** The exact solve: one MILP, or for targets the limits do not allow, the most attainment and then its cheapest set. */
async function exact(inst: CoverInstance, r: Reduced, totalS: number): Promise<{ chosen: number[]; optimal: boolean }> {
  // the solves share one time budget (a target out of reach takes three)
  const end = Date.now() + totalS * 1000;
  const solveModel = (text: string) => solveWithin(text, Math.max(1, (end - Date.now()) / 1000));
  if (inst.objective === 'max_coverage') {
    const m = await solveModel(modelText(inst, r, 'max_coverage', false));
    return { chosen: m.chosen, optimal: m.status === 'Optimal' };
  }
  const needsNothing = !((inst.targets.residents ?? 0) > 0 || (inst.targets.keySites ?? 0) > 0 || (inst.targets.sites ?? 0) > 0);
  if (needsNothing) return { chosen: [], optimal: true };
  const direct = await solveModel(modelText(inst, r, 'min_cost', false));
  if (direct.status === 'Optimal' || (direct.status === 'Time limit reached' && direct.chosen.length)) {
    return { chosen: direct.chosen, optimal: direct.status === 'Optimal' };
  }
  const most = await solveModel(modelText(inst, r, 'max_attainment', false));
  if (!most.chosen.length && most.status !== 'Optimal') return { chosen: [], optimal: false };
  // the attainment the limits allow (read back from the set: the model's a_t are its shares), then its cheapest set
  const reached = askedAttainment(inst, setOf(inst, r, most.chosen));
  const cheapest = await solveModel(modelText(inst, r, 'min_cost', false, reached - 1e-7));
  const chosen = cheapest.chosen.length || cheapest.status === 'Optimal' ? cheapest.chosen : most.chosen;
  return { chosen, optimal: most.status === 'Optimal' && cheapest.status === 'Optimal' };
}

/**
 * The LP relaxation's optimum: an upper bound on coverage, or a lower bound on the cost of reaching what the plan
 * reaches (its targets, or its attainment where they are out of reach).
 */
async function lpBoundOf(inst: CoverInstance, r: Reduced, plan: Coverage, timeLimitS: number): Promise<number> {
  if (!r.live.length) return inst.objective === 'max_coverage' ? 0 : 0;
  if (inst.objective === 'max_coverage') {
    const lp = await solveWithin(modelText(inst, r, 'max_coverage', true), timeLimitS);
    // the model's ε-cost term weighs under half a resident: added back, the bound stays valid
    return lp.status === 'Optimal' ? lp.objective + 0.5 : roughBound(inst, r, plan);
  }
  const text =
    attainment(inst, plan) >= fullAttainment() - 1e-9
      ? modelText(inst, r, 'min_cost', true)
      : modelText(inst, r, 'min_cost', true, askedAttainment(inst, plan) - 1e-7);
  const lp = await solveWithin(text, timeLimitS);
  return lp.status === 'Optimal' ? lp.objective : roughBound(inst, r, plan);
}

/**
 * A bound that ignores overlaps, for instances too large for the LP: for coverage, the fractional knapsack of the
 * candidates' standalone values under the budget (never above every element together); for cost, the fractional
 * knapsack of standalone residents needed at the best yuan per resident.
 */
function roughBound(inst: CoverInstance, r: Reduced, plan: Coverage): number {
  const C = inst.candidates;
  const value = (j: number) => r.cells[j].reduce((a, e) => a + r.weight[e], 0);
  if (inst.objective === 'max_coverage') {
    const everything = r.weight.reduce((a, w) => a + w, 0) + 1000 * inst.keySites;
    const byRatio = [...r.live].sort((a, b) => value(b) / Math.max(C[b].cost, 1) - value(a) / Math.max(C[a].cost, 1) || a - b);
    let budget = inst.limits.budget ?? Infinity;
    let v = 0;
    for (const j of byRatio) {
      const take = Math.min(1, budget / Math.max(C[j].cost, 1e-9));
      v += take * (value(j) + 1000 * r.keys[j].length);
      budget -= take * C[j].cost;
      if (budget <= 0) break;
    }
    return Math.min(v, everything);
  }
  let need = Math.min(inst.targets.residents ?? 0, plan.residents);
  const byRatio = [...r.live].filter((j) => value(j) > 0).sort((a, b) => C[a].cost / value(a) - C[b].cost / value(b) || a - b);
  let cost = 0;
  for (const j of byRatio) {
    if (need <= 0) break;
    const take = Math.min(1, need / value(j));
    cost += take * C[j].cost;
    need -= take * value(j);
  }
  return cost;
}
