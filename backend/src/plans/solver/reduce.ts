import type { CoverInstance } from './instance';

/**
 * The instance as the solvers weigh it: cells covered by exactly the same candidates merged into one element
 * (their residents summed), cells no candidate covers dropped, and key sites as elements of their own.
 */
export interface Reduced {
  /** Residents per cell element. */
  weight: Float64Array;
  /** Per candidate (indexes into instance.candidates): the cell elements it covers, ascending. */
  cells: Int32Array[];
  /** Per candidate: the key sites it reaches (as in the instance). */
  keys: Int32Array[];
  /** Candidates worth weighing at all (see dominated()), ascending. */
  live: number[];
}

export function reduce(inst: CoverInstance): Reduced {
  const n = inst.cellWeight.length;
  // the candidates covering each cell, in candidate order (so equal sets give equal keys)
  const coveredBy: number[][] = Array.from({ length: n }, () => []);
  inst.candidates.forEach((c, j) => {
    for (const p of c.cells) coveredBy[p].push(j);
  });
  const elementOf = new Map<string, number>();
  const weight: number[] = [];
  const cellElement = new Int32Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    if (!coveredBy[p].length) continue;
    const key = coveredBy[p].join(',');
    let e = elementOf.get(key);
    if (e === undefined) {
      e = weight.length;
      elementOf.set(key, e);
      weight.push(0);
    }
    weight[e] += inst.cellWeight[p];
    cellElement[p] = e;
  }
  const cells = inst.candidates.map((c) => Int32Array.from(new Set(Array.from(c.cells, (p) => cellElement[p]))).sort());
  const keys = inst.candidates.map((c) => Int32Array.from(c.keySites).sort());
  const live = dominated(inst, cells, keys);
  return { weight: Float64Array.from(weight), cells, keys, live };
}

/**
 * Candidates another one makes pointless: covering a subset of its elements and key sites at no lower cost, and
 * not less of a new build. With a target on the number of sites every site counts, so nothing is dropped then.
 * Ties keep the lower index, so the result does not depend on the order of the checks.
 */
function dominated(inst: CoverInstance, cells: Int32Array[], keys: Int32Array[]): number[] {
  const all = inst.candidates.map((_, j) => j);
  if ((inst.targets.sites ?? 0) > 0) return all;
  const C = inst.candidates;
  const holders = new Map<number, number[]>();
  cells.forEach((es, j) => {
    for (const e of es) (holders.get(e) ?? holders.set(e, []).get(e)!).push(j);
  });
  const subset = (a: Int32Array, b: Int32Array) => {
    let i = 0;
    for (let k = 0; k < b.length && i < a.length; k++) if (b[k] === a[i]) i++;
    return i === a.length;
  };
  const beats = (j: number, i: number) =>
    C[j].cost <= C[i].cost &&
    (!C[j].newBuild || C[i].newBuild) &&
    subset(cells[i], cells[j]) &&
    subset(keys[i], keys[j]) &&
    // strictly better somewhere, or the same and earlier
    (C[j].cost < C[i].cost || cells[j].length > cells[i].length || keys[j].length > keys[i].length || (C[i].newBuild && !C[j].newBuild) || j < i);
  const out: number[] = [];
  for (const i of all) {
    if (!cells[i].length && !keys[i].length) continue;
    // the rivals: candidates holding i's rarest element (any dominator must hold all of i's)
    let rivals: number[] = all;
    for (const e of cells[i]) {
      const h = holders.get(e)!;
      if (h.length < rivals.length) rivals = h;
    }
    if (!cells[i].length) rivals = all;
    if (!rivals.some((j) => j !== i && beats(j, i))) out.push(i);
  }
  return out;
}

/**
 * A coarser instance whose LP is a relaxation of this one's: consecutive elements (cells merged in H3 order, so
 * neighbours) grouped until the matrix has at most `maxNonzeros` entries, each group covered by any candidate that
 * covers one of its elements, with their residents summed. Any solution of the fine LP gives one of the coarse LP
 * (each group's y the residents-weighted mean of its elements'), so the coarse optimum bounds the fine one: a valid,
 * weaker bound, for instances whose LP is too large to solve in time.
 */
export function coarsen(r: Reduced, maxNonzeros: number): Reduced {
  const coveredBy: number[][] = Array.from({ length: r.weight.length }, () => []);
  for (const j of r.live) for (const e of r.cells[j]) coveredBy[e].push(j);
  for (let size = 2; ; size *= 2) {
    const groups = Math.ceil(r.weight.length / size);
    const cells: Set<number>[] = r.cells.map(() => new Set<number>());
    let nonzeros = 0;
    for (let g = 0; g < groups; g++) {
      const members = new Set<number>();
      for (let e = g * size; e < Math.min((g + 1) * size, r.weight.length); e++) for (const j of coveredBy[e]) members.add(j);
      nonzeros += members.size;
      for (const j of members) cells[j].add(g);
    }
    if (nonzeros <= maxNonzeros || groups <= 1) {
      const weight = new Float64Array(groups);
      r.weight.forEach((w, e) => (weight[Math.floor(e / size)] += w));
      return { weight, cells: cells.map((s) => Int32Array.from(s).sort()), keys: r.keys, live: r.live };
    }
  }
}
