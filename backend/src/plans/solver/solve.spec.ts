import fc from 'fast-check';
import type { CoverCandidate, CoverInstance } from './instance';
import { solvePlan } from './solve';

const cand = (id: number, cost: number, cells: number[], newBuild = false, keySites: number[] = []): CoverCandidate => ({
  id,
  cost,
  newBuild,
  cells: Int32Array.from(cells).sort(),
  keySites: Int32Array.from(keySites),
});

const instance = (over: Partial<CoverInstance>): CoverInstance => ({
  cellWeight: Float64Array.from([]),
  keySites: 0,
  candidates: [],
  objective: 'min_cost',
  targets: {},
  limits: {},
  ...over,
});

/**
 * Six cells of 10, 20, 30, 40, 50, 60 residents; worked by hand:
 * - the cheapest way to ≥ 150 residents is C alone (cells 3–5: 150 residents for 60 yuan; D covers the same as a
 *   new build for 100);
 * - the most residents within 110 yuan is B + C (cells 1–5: 200 residents), above A + C (180) and B + E or C + E (160).
 */
const handMade = (objective: CoverInstance['objective'], targets: CoverInstance['targets'], limits: CoverInstance['limits']) =>
  instance({
    cellWeight: Float64Array.from([10, 20, 30, 40, 50, 60]),
    candidates: [
      cand(0, 30, [0, 1]), // A: 30 residents
      cand(1, 50, [1, 2, 3]), // B: 90
      cand(2, 60, [3, 4, 5]), // C: 150
      cand(3, 100, [3, 4, 5], true), // D: 150, a new build
      cand(4, 45, [0, 5]), // E: 70
    ],
    objective,
    targets,
    limits,
  });

describe('the plan solver', () => {
  it('finds the known optimum of a small instance, for both objectives', async () => {
    const minCost = await solvePlan(handMade('min_cost', { residents: 150 }, {}), { method: 'milp' });
    // C alone covers cells 3–5 (150 residents) for 60: the cheapest way to 150
    expect(minCost.order).toEqual([2]);
    expect(minCost.cost).toBe(60);
    expect(minCost.optimal).toBe(true);
    const maxCov = await solvePlan(handMade('max_coverage', {}, { budget: 110 }), { method: 'milp' });
    // within 110: B + C (cells 1–5: 200 residents, 110 yuan) beats C + E (cells 0, 3–5: 160) and A + C (cells 0,1,3–5: 180)
    expect(new Set(maxCov.order)).toEqual(new Set([1, 2]));
    expect(maxCov.residents).toBe(200);
    expect(maxCov.order[0]).toBe(2); // C adds the most first
    expect(maxCov.lpBound).toBeGreaterThanOrEqual(maxCov.objective - 1e-6);
  });

  it('takes a free existing structure before a new build that covers the same cells', async () => {
    for (const method of ['milp', 'greedy'] as const) {
      const s = await solvePlan(handMade('min_cost', { residents: 150 }, {}), { method });
      expect(s.order).not.toContain(3);
      expect(s.newBuilds).toBe(0);
      const m = await solvePlan(handMade('max_coverage', {}, { budget: 1000 }), { method });
      expect(m.order).not.toContain(3);
    }
  });

  it('reaches as far as the budget allows when the targets are out of reach, and says what it reached', async () => {
    for (const method of ['milp', 'greedy'] as const) {
      const s = await solvePlan(handMade('min_cost', { residents: 210 }, { budget: 60 }), { method });
      // with 60 yuan: C (150 residents) is the most there is
      expect(s.cost).toBeLessThanOrEqual(60);
      expect(s.residents).toBe(150);
    }
  });

  it('is deterministic: the same instance gives the same plan', async () => {
    const make = () => randomInstance(7, 'max_coverage');
    const a = await solvePlan(make());
    const b = await solvePlan(make());
    expect(b.order).toEqual(a.order);
    expect(b.objective).toBe(a.objective);
  });

  it('on random instances: never over the budget or the cap on new builds, greedy never beats the MILP, the MILP stays within its bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('min_cost', 'max_coverage') as fc.Arbitrary<CoverInstance['objective']>,
        async (seed, objective) => {
          const inst = randomInstance(seed, objective);
          const milp = await solvePlan(inst, { method: 'milp' });
          const greedy = await solvePlan(inst, { method: 'greedy' });
          for (const s of [milp, greedy]) {
            expect(s.cost).toBeLessThanOrEqual(inst.limits.budget! + 1e-6);
            expect(s.newBuilds).toBeLessThanOrEqual(inst.limits.maxNewBuilds!);
            const chosenCost = s.order.reduce((a, j) => a + inst.candidates[j].cost, 0);
            expect(chosenCost).toBeCloseTo(s.cost, 6);
          }
          expect(milp.optimal).toBe(true);
          if (objective === 'max_coverage') {
            expect(greedy.objective).toBeLessThanOrEqual(milp.objective + 1e-6);
            expect(milp.objective).toBeLessThanOrEqual(milp.lpBound + 1e-6);
          } else if (milp.residents >= inst.targets.residents! - 1e-9) {
            // both meet the target: greedy never cheaper; the MILP never below its LP bound
            if (greedy.residents >= inst.targets.residents! - 1e-9) expect(greedy.cost).toBeGreaterThanOrEqual(milp.cost - 1e-6);
            expect(milp.cost).toBeGreaterThanOrEqual(milp.lpBound - 1e-6);
          } else {
            // out of reach: the MILP reaches at least as far as greedy
            expect(milp.residents).toBeGreaterThanOrEqual(greedy.residents - 1e-6);
          }
        },
      ),
      { seed: 18, numRuns: 40 },
    );
  });
});

/** A small city-like instance: 60 cells, 14 candidates covering runs of cells, a few dear new builds. */
function randomInstance(seed: number, objective: CoverInstance['objective']): CoverInstance {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 60;
  const cellWeight = Float64Array.from({ length: n }, () => Math.round(rnd() * 100));
  const candidates = Array.from({ length: 14 }, (_, id) => {
    const newBuild = rnd() < 0.3;
    const start = Math.floor(rnd() * n);
    const len = 3 + Math.floor(rnd() * 12);
    const cells = [...new Set(Array.from({ length: len }, (_, k) => (start + k) % n))];
    return cand(id, newBuild ? 300 + Math.round(rnd() * 100) : 30 + Math.round(rnd() * 120), cells, newBuild);
  });
  const total = cellWeight.reduce((a, w) => a + w, 0);
  return instance({
    cellWeight,
    candidates,
    objective,
    targets: objective === 'min_cost' ? { residents: Math.round(total * (0.3 + rnd() * 0.6)) } : {},
    limits: { budget: 200 + Math.round(rnd() * 800), maxNewBuilds: Math.floor(rnd() * 3) },
  });
}
