import highsLoader from 'highs';
import type { CoverInstance } from './instance';
import { KEY_SITE_WEIGHT } from './greedy';
import type { Reduced } from './reduce';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highs: Promise<Highs> | null = null;
/** HiGHS (WebAssembly), loaded once per process. */
const solver = () => (highs ??= highsLoader());

/** A MILP (or its LP relaxation) of the plan in CPLEX LP text, and what its answer means. */
export interface MilpAnswer {
  status: string;
  /** Candidate indexes chosen (x_j = 1), ascending; empty for an LP. */
  chosen: number[];
  objective: number;
}

/**
 * The model. x_j ∈ {0,1} per live candidate (continuous in [0,1] for the LP bound); y_e ∈ [0,1] per element and
 * z_k per key site, each at most the sum of the x covering it.
 * - max_coverage: max Σ w_e y_e + KEY_SITE_WEIGHT Σ z_k − ε Σ c_j x_j (ε so small the whole cost weighs under half a resident).
 * - min_cost: min Σ c_j x_j with Σ w_e y_e ≥ residents, Σ z_k ≥ keySites, Σ x_j ≥ sites.
 * - max_attainment (min_cost whose targets the limits do not allow): max Σ a_t with a_t ≤ 1 and a_t · need_t ≤ what
 *   is reached; `atLeast` then turns it into min cost at that attainment.
 * Both under the budget and the cap on new builds.
 */
export function modelText(
  inst: CoverInstance,
  r: Reduced,
  mode: 'max_coverage' | 'min_cost' | 'max_attainment',
  relax: boolean,
  atLeastAttainment?: number,
): string {
  const C = inst.candidates;
  const live = r.live;
  const lines: string[] = [];
  const term = (coef: number, v: string) => `${coef >= 0 ? '+' : '-'} ${Math.abs(coef)} ${v}`;
  const usedElements = new Set<number>();
  const usedKeys = new Set<number>();
  for (const j of live) {
    for (const e of r.cells[j]) usedElements.add(e);
    for (const k of r.keys[j]) usedKeys.add(k);
  }
  const elements = [...usedElements].sort((a, b) => a - b);
  const keys = [...usedKeys].sort((a, b) => a - b);
  const totalCost = live.reduce((a, j) => a + C[j].cost, 0) || 1;
  const t = inst.targets;
  const needs = (['residents', 'keySites', 'sites'] as const).filter((k) => (t[k] ?? 0) > 0);
  // what each target counts, as [coefficient, variable] terms
  const reached: Record<(typeof needs)[number], [number, string][]> = {
    residents: elements.map((e) => [r.weight[e], `y${e}`]),
    keySites: keys.map((k) => [1, `z${k}`]),
    sites: live.map((j) => [1, `x${j}`]),
  };
  const sum = (ts: [number, string][], sign = 1) => (ts.length ? ts.map(([c, v]) => term(sign * c, v)).join(' ') : '+ 0 x0');
  const costOf = sum(live.map((j) => [C[j].cost, `x${j}`]));
  if (mode === 'max_coverage') {
    // ε so small that the whole cost weighs under half a resident: ties go to the cheaper set
    const eps = 0.5 / totalCost;
    lines.push(
      'Maximize',
      ` obj: ${sum([...reached.residents, ...keys.map((k): [number, string] => [KEY_SITE_WEIGHT, `z${k}`]), ...live.map((j): [number, string] => [-eps * C[j].cost, `x${j}`])])}`,
    );
  } else if (mode === 'min_cost') {
    lines.push('Minimize', ` obj: ${costOf}`);
  } else {
    lines.push('Maximize', ` obj: ${sum(needs.map((k) => [1, `a_${k}`]))}`);
  }
  lines.push('Subject To');
  const coveredBy = new Map<number, number[]>();
  const keyBy = new Map<number, number[]>();
  for (const j of live) {
    for (const e of r.cells[j]) (coveredBy.get(e) ?? coveredBy.set(e, []).get(e)!).push(j);
    for (const k of r.keys[j]) (keyBy.get(k) ?? keyBy.set(k, []).get(k)!).push(j);
  }
  for (const e of elements)
    lines.push(
      ` e${e}: + 1 y${e} ${coveredBy
        .get(e)!
        .map((j) => `- 1 x${j}`)
        .join(' ')} <= 0`,
    );
  for (const k of keys)
    lines.push(
      ` k${k}: + 1 z${k} ${keyBy
        .get(k)!
        .map((j) => `- 1 x${j}`)
        .join(' ')} <= 0`,
    );
  if (inst.limits.budget !== undefined && live.length) lines.push(` budget: ${costOf} <= ${inst.limits.budget}`);
  const nb = live.filter((j) => C[j].newBuild);
  if (inst.limits.maxNewBuilds !== undefined && nb.length) lines.push(` newbuilds: ${nb.map((j) => `+ 1 x${j}`).join(' ')} <= ${inst.limits.maxNewBuilds}`);
  if (mode === 'min_cost' && atLeastAttainment === undefined) {
    for (const k of needs) lines.push(` need_${k}: ${sum(reached[k])} >= ${t[k]}`);
  }
  if (mode === 'max_attainment' || atLeastAttainment !== undefined) {
    // need_t · a_t ≤ reached_t, a_t ≤ 1 (its bound): a_t is the share of target t reached
    for (const k of needs) lines.push(` att_${k}: + ${t[k]} a_${k} ${sum(reached[k], -1)} <= 0`);
    if (atLeastAttainment !== undefined && needs.length) lines.push(` attain: ${sum(needs.map((k) => [1, `a_${k}`]))} >= ${atLeastAttainment}`);
  }
  lines.push('Bounds');
  for (const e of elements) lines.push(` 0 <= y${e} <= 1`);
  for (const k of keys) lines.push(` 0 <= z${k} <= 1`);
  if (mode === 'max_attainment' || atLeastAttainment !== undefined) for (const k of needs) lines.push(` 0 <= a_${k} <= 1`);
  for (const j of live) lines.push(` 0 <= x${j} <= 1`);
  if (!relax && live.length) lines.push('General', ` ${live.map((j) => `x${j}`).join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}

/** Solves the model; deterministic (one thread in WebAssembly, a fixed seed). */
export async function solveModel(text: string, timeLimitS: number): Promise<MilpAnswer> {
  const h = await solver();
  const res = h.solve(text, { output_flag: false, time_limit: timeLimitS, random_seed: 0, mip_rel_gap: 1e-6 } as never);
  const chosen: number[] = [];
  if (res.Status === 'Optimal' || res.Status === 'Time limit reached') {
    for (const [name, col] of Object.entries(res.Columns)) {
      if (name.startsWith('x') && (col as { Primal: number }).Primal > 0.5) chosen.push(Number(name.slice(1)));
    }
  }
  return { status: res.Status, chosen: chosen.sort((a, b) => a - b), objective: res.ObjectiveValue };
}
