// TEMPORARY stand-in (not committed): replaced by the solver helper's implementation.
import type { CoverInstance, CoverSolution } from './instance';
export async function solvePlan(inst: CoverInstance): Promise<CoverSolution> {
  const t0 = Date.now();
  const covered = new Uint8Array(inst.cellWeight.length);
  const keys = new Uint8Array(inst.keySites);
  const chosen: number[] = [];
  let cost = 0,
    nb = 0,
    res = 0,
    ks = 0;
  const used = new Uint8Array(inst.candidates.length);
  for (;;) {
    if (inst.objective === 'min_cost') {
      const t = inst.targets;
      if ((t.residents ?? 0) <= res && (t.keySites ?? 0) <= ks && (t.sites ?? 0) <= chosen.length) break;
    }
    let best = -1,
      bv = 0;
    inst.candidates.forEach((c, i) => {
      if (used[i]) return;
      if (inst.limits.budget !== undefined && cost + c.cost > inst.limits.budget) return;
      if (c.newBuild && inst.limits.maxNewBuilds !== undefined && nb + 1 > inst.limits.maxNewBuilds) return;
      let g = 0;
      for (const p of c.cells) if (!covered[p]) g += inst.cellWeight[p];
      for (const k of c.keySites) if (!keys[k]) g += 1000;
      const v = (g + 1e-3) / Math.max(c.cost, 1);
      if (v > bv) {
        bv = v;
        best = i;
      }
    });
    if (best < 0) break;
    const c = inst.candidates[best];
    used[best] = 1;
    chosen.push(best);
    cost += c.cost;
    if (c.newBuild) nb++;
    for (const p of c.cells)
      if (!covered[p]) {
        covered[p] = 1;
        res += inst.cellWeight[p];
      }
    for (const k of c.keySites)
      if (!keys[k]) {
        keys[k] = 1;
        ks++;
      }
    if (inst.objective === 'max_coverage' && bv <= 1e-3 / Math.max(c.cost, 1)) break;
  }
  return {
    order: chosen,
    residents: res,
    keySites: ks,
    sites: chosen.length,
    cost,
    newBuilds: nb,
    method: 'greedy',
    optimal: false,
    objective: cost,
    lpBound: 0,
    gapPct: 0,
    elements: inst.cellWeight.length,
    ms: Date.now() - t0,
  };
}
