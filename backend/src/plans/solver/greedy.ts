import type { CoverInstance } from './instance';
import type { Reduced } from './reduce';

/** What a set of candidates reaches: per element and key site, how many chosen candidates cover it. */
export class Coverage {
  readonly hits: Int32Array;
  readonly keyHits: Int32Array;
  residents = 0;
  keySites = 0;
  cost = 0;
  newBuilds = 0;
  readonly chosen = new Set<number>();

  constructor(
    private readonly inst: CoverInstance,
    private readonly r: Reduced,
  ) {
    this.hits = new Int32Array(r.weight.length);
    this.keyHits = new Int32Array(inst.keySites);
  }

  add(j: number): void {
    this.chosen.add(j);
    for (const e of this.r.cells[j]) if (this.hits[e]++ === 0) this.residents += this.r.weight[e];
    for (const k of this.r.keys[j]) if (this.keyHits[k]++ === 0) this.keySites++;
    this.cost += this.inst.candidates[j].cost;
    if (this.inst.candidates[j].newBuild) this.newBuilds++;
  }

  remove(j: number): void {
    this.chosen.delete(j);
    for (const e of this.r.cells[j]) if (--this.hits[e] === 0) this.residents -= this.r.weight[e];
    for (const k of this.r.keys[j]) if (--this.keyHits[k] === 0) this.keySites--;
    this.cost -= this.inst.candidates[j].cost;
    if (this.inst.candidates[j].newBuild) this.newBuilds--;
  }

  /** Residents and key sites j would add now. */
  gain(j: number): { residents: number; keySites: number } {
    let residents = 0;
    let keySites = 0;
    for (const e of this.r.cells[j]) if (this.hits[e] === 0) residents += this.r.weight[e];
    for (const k of this.r.keys[j]) if (this.keyHits[k] === 0) keySites++;
    return { residents, keySites };
  }

  /** Residents and key sites lost if j left. */
  loss(j: number): { residents: number; keySites: number } {
    let residents = 0;
    let keySites = 0;
    for (const e of this.r.cells[j]) if (this.hits[e] === 1) residents += this.r.weight[e];
    for (const k of this.r.keys[j]) if (this.keyHits[k] === 1) keySites++;
    return { residents, keySites };
  }

  fits(j: number): boolean {
    const c = this.inst.candidates[j];
    const { budget, maxNewBuilds } = this.inst.limits;
    if (budget !== undefined && this.cost + c.cost > budget + 1e-6) return false;
    if (c.newBuild && maxNewBuilds !== undefined && this.newBuilds + 1 > maxNewBuilds) return false;
    return true;
  }
}

/** Residents a key site is worth where coverage is maximised (one key site ≈ a thousand residents). */
export const KEY_SITE_WEIGHT = 1000;

/** How far a set gets towards the targets: Σ over given targets of min(achieved, required) ÷ required (1 each when met). */
export function attainment(inst: CoverInstance, cov: { residents: number; keySites: number; chosen: { size: number } }): number {
  const t = inst.targets;
  const part = (got: number, need: number | undefined) => (need === undefined || need <= 0 ? 1 : Math.min(got, need) / need);
  return part(cov.residents, t.residents) + part(cov.keySites, t.keySites) + part(cov.chosen.size, t.sites);
}

/** The attainment of the targets that ask for something (the MILP's Σ a_t): attainment less the targets already met. */
export function askedAttainment(inst: CoverInstance, cov: { residents: number; keySites: number; chosen: { size: number } }): number {
  const t = inst.targets;
  const asked = [t.residents, t.keySites, t.sites].filter((x) => x !== undefined && x > 0).length;
  return attainment(inst, cov) - (3 - asked);
}

/** The most attainment there is to have (every target met). */
export const fullAttainment = () => 3;

/** The value a set has for the objective: covered residents (+ key sites) to maximise, or, for min_cost, its attainment. */
export function coverageValue(cov: { residents: number; keySites: number }): number {
  return cov.residents + KEY_SITE_WEIGHT * cov.keySites;
}

/** Marginal value of j per yuan, for the greedy's priority. */
function ratio(inst: CoverInstance, cov: Coverage, j: number): number {
  const g = cov.gain(j);
  const cost = Math.max(inst.candidates[j].cost, 1);
  if (inst.objective === 'max_coverage') return (g.residents + KEY_SITE_WEIGHT * g.keySites) / cost;
  const t = inst.targets;
  let v = 0;
  if (t.residents && t.residents > cov.residents) v += Math.min(g.residents, t.residents - cov.residents) / t.residents;
  if (t.keySites && t.keySites > cov.keySites) v += Math.min(g.keySites, t.keySites - cov.keySites) / t.keySites;
  if (t.sites && t.sites > cov.chosen.size) v += 1 / t.sites;
  return v / cost;
}

const met = (inst: CoverInstance, cov: Coverage) => attainment(inst, cov) >= fullAttainment() - 1e-12;

/**
 * Lazy greedy: the candidate with the best marginal value per yuan, its value recomputed only when it comes to the
 * top (marginal values only fall as the set grows); within the limits; for min_cost until the targets are met.
 */
export function lazyGreedy(inst: CoverInstance, r: Reduced): Coverage {
  const cov = new Coverage(inst, r);
  // a binary max-heap of [ratio, candidate], ties to the lower index
  const heap: [number, number][] = [];
  const better = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] < b[1]);
  const push = (x: [number, number]) => {
    heap.push(x);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = (): [number, number] | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const rr = l + 1;
        let m = i;
        if (l < heap.length && better(heap[l], heap[m])) m = l;
        if (rr < heap.length && better(heap[rr], heap[m])) m = rr;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  for (const j of r.live) push([ratio(inst, cov, j), j]);
  while (heap.length) {
    if (inst.objective === 'min_cost' && met(inst, cov)) break;
    const top = pop()!;
    const j = top[1];
    if (!cov.fits(j)) continue; // the limits only tighten: it never fits again
    const now = ratio(inst, cov, j);
    if (now <= 0) continue;
    if (heap.length && now < top[0] - 1e-15 && better(heap[0], [now, j])) {
      push([now, j]);
      continue;
    }
    cov.add(j);
  }
  return cov;
}

/** Compares two sets for the objective: positive when a is better. */
export function compare(inst: CoverInstance, a: { residents: number; keySites: number; cost: number; chosen: { size: number } }, b: typeof a): number {
  if (inst.objective === 'max_coverage') {
    const d = coverageValue(a) - coverageValue(b);
    return Math.abs(d) > 1e-9 ? d : b.cost - a.cost;
  }
  const d = attainment(inst, a) - attainment(inst, b);
  return Math.abs(d) > 1e-12 ? d : b.cost - a.cost;
}

/**
 * Local search on a greedy set: drop what the objective does not need (the dearest first), then swap one chosen
 * candidate for one not chosen that covers some of the same elements, when that is better and fits the limits.
 * Stops when nothing improves or the deadline passes.
 */
export function improve(inst: CoverInstance, r: Reduced, cov: Coverage, deadline: number): void {
  const C = inst.candidates;
  const holders = new Map<number, number[]>();
  for (const j of r.live) for (const e of r.cells[j]) (holders.get(e) ?? holders.set(e, []).get(e)!).push(j);
  const snapshot = () => ({ residents: cov.residents, keySites: cov.keySites, cost: cov.cost, chosen: { size: cov.chosen.size } });
  const dropRedundant = () => {
    let dropped = false;
    const byCost = [...cov.chosen].sort((a, b) => C[b].cost - C[a].cost || b - a);
    for (const j of byCost) {
      const before = snapshot();
      cov.remove(j);
      if (compare(inst, snapshot(), before) >= 0 && !(inst.objective === 'max_coverage' && coverageValue(snapshot()) < coverageValue(before) - 1e-9))
        dropped = true;
      else cov.add(j);
    }
    return dropped;
  };
  dropRedundant();
  let improved = true;
  while (improved && Date.now() < deadline) {
    improved = false;
    const chosen = [...cov.chosen].sort((a, b) => C[b].cost - C[a].cost || a - b);
    for (const j of chosen) {
      if (Date.now() >= deadline) break;
      if (!cov.chosen.has(j)) continue;
      // rivals: unchosen candidates sharing an element with j (a swap with nothing in common rarely helps)
      const rivals = new Set<number>();
      for (const e of r.cells[j]) for (const i of holders.get(e) ?? []) if (!cov.chosen.has(i)) rivals.add(i);
      const before = snapshot();
      cov.remove(j);
      let best = -1;
      let bestState = before;
      for (const i of [...rivals].sort((a, b) => a - b)) {
        if (!cov.fits(i)) continue;
        cov.add(i);
        const s = snapshot();
        if (compare(inst, s, bestState) > 1e-9) {
          best = i;
          bestState = s;
        }
        cov.remove(i);
      }
      if (best >= 0) {
        cov.add(best);
        improved = true;
        dropRedundant();
      } else cov.add(j);
    }
  }
}

/** The chosen candidates in build order: each time the one adding the most (ties: cheaper, then lower index). */
export function buildOrder(inst: CoverInstance, r: Reduced, chosen: Iterable<number>): number[] {
  const left = new Set(chosen);
  const cov = new Coverage(inst, r);
  const order: number[] = [];
  while (left.size) {
    let best = -1;
    let bestValue = -Infinity;
    for (const j of [...left].sort((a, b) => a - b)) {
      const g = cov.gain(j);
      const v = g.residents + KEY_SITE_WEIGHT * g.keySites;
      if (v > bestValue + 1e-9 || (Math.abs(v - bestValue) <= 1e-9 && inst.candidates[j].cost < inst.candidates[best].cost)) {
        best = j;
        bestValue = v;
      }
    }
    order.push(best);
    cov.add(best);
    left.delete(best);
  }
  return order;
}
