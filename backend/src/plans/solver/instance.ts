/**
 * A rollout plan as the solver sees it: weighted elements (grid cells not yet covered, and key sites not yet
 * reached), candidates that each cover some of them at a cost, targets and limits. Pure data: no Nest, no database.
 */

export type PlanObjectiveKind = 'min_cost' | 'max_coverage';

export interface CoverCandidate {
  /** The caller's id for the candidate (echoed back in the solution's order). */
  id: number;
  /** Yuan. */
  cost: number;
  /** Counts against maxNewBuilds. */
  newBuild: boolean;
  /** Indexes into `cellWeight` this candidate alone would cover (sorted, no duplicates). */
  cells: Int32Array;
  /** Indexes (0 … keySites − 1) of key sites this candidate alone would reach. */
  keySites: Int32Array;
}

export interface CoverInstance {
  /** Residents of each cell not yet covered (≥ 0; a cell of no residents may still matter to a key site). */
  cellWeight: Float64Array;
  /** Key sites not yet reached. */
  keySites: number;
  candidates: CoverCandidate[];
  objective: PlanObjectiveKind;
  /**
   * How much each target still asks beyond what stands today (absent: no target):
   * residents newly covered, key sites newly reached, sites chosen (each chosen site is one more base station).
   */
  targets: { residents?: number; keySites?: number; sites?: number };
  limits: { budget?: number; maxNewBuilds?: number };
}

export interface CoverSolution {
  /** Indexes into `candidates` of the chosen ones, in build order (largest marginal gain first). */
  order: number[];
  /** What the chosen set reaches and costs. */
  residents: number;
  keySites: number;
  sites: number;
  cost: number;
  newBuilds: number;
  method: 'milp' | 'greedy';
  /** Proven optimal (MILP solved to optimality). */
  optimal: boolean;
  /** The solver's objective value for this plan, and the LP relaxation bound on it (same units and sense). */
  objective: number;
  lpBound: number;
  /** |objective − bound| ÷ max(|objective|, 1e-9), per cent. */
  gapPct: number;
  /** Elements after merging cells covered by the same candidates. */
  elements: number;
  ms: number;
}
