import { describe, expect, it } from 'vitest';
import type { Candidate } from '@cosite/contracts';
import { analysisWarnings, reasonCounts, ringBounds, splitCandidates } from './analysis-notes';

const candidate = (id: number, feasible: boolean, reasons: Candidate['reasons'] = feasible ? [] : ['no_free_slot']): Candidate => ({
  structureId: id,
  code: `S${id}`,
  name: `s${id}`,
  kind: 'street_lamp_pole',
  location: { lon: 106.5, lat: 29.5 },
  distanceM: 100,
  feasible,
  option: feasible ? 'share' : null,
  reasons,
  conditions: [],
  score: feasible ? 0.8 : 0,
  scoreBreakdown: { distance: 0, heightFit: 0, coverageGain: 0, cost: 0, access: 0 },
  populationGain: 0,
});

const newBuild = (populationGain: number) => ({
  location: { lon: 106.5, lat: 29.5 },
  distanceM: 40,
  onReservedTelecomLand: false,
  populationGain,
  structure: { kind: 'monopole' as const, heightM: 30, slotsTotal: 3, loadCapacityKg: 600, tenantsDesignedFor: 3 },
  conditions: [],
});

describe('what the planner reads off an analysis', () => {
  it('puts feasible candidates first in their ranked order and keeps the infeasible apart', () => {
    const a = { candidates: [candidate(1, true), candidate(2, false), candidate(3, true), candidate(4, false)] };
    const { feasible, infeasible } = splitCandidates(a);
    expect(feasible.map((c) => c.structureId)).toEqual([1, 3]);
    expect(infeasible.map((c) => c.structureId)).toEqual([2, 4]);
  });

  it('counts the reasons that rule candidates out, commonest first', () => {
    const out = [candidate(1, false, ['too_low', 'no_free_slot']), candidate(2, false, ['no_free_slot']), candidate(3, false, ['unsuitable_kind'])];
    expect(reasonCounts(out)).toEqual([
      ['no_free_slot', 2],
      ['too_low', 1],
      ['unsuitable_kind', 1],
    ]);
  });

  it('warns of a new build that gains no residents, not of one that gains some', () => {
    const inRing = [candidate(1, false)];
    expect(analysisWarnings({ decision: 'new_build', newBuild: newBuild(0), candidates: inRing })).toEqual(['no_residents_gained']);
    expect(analysisWarnings({ decision: 'new_build', newBuild: newBuild(850), candidates: inRing })).toEqual([]);
    // no buildable point: nothing gained, but the panel already says there is no site
    const none = { location: null, reason: 'no-build', structure: null, conditions: [] };
    expect(analysisWarnings({ decision: 'new_build', newBuild: none, candidates: inRing })).toEqual([]);
  });

  it('warns of a ring with no structure in it, counting those just outside as none', () => {
    expect(analysisWarnings({ decision: 'new_build', newBuild: newBuild(10), candidates: [] })).toEqual(['empty_ring']);
    expect(analysisWarnings({ decision: 'new_build', newBuild: newBuild(10), candidates: [candidate(5, false, ['outside_ring'])] })).toEqual(['empty_ring']);
    expect(analysisWarnings({ decision: 'share', newBuild: null, candidates: [candidate(5, false, ['outside_ring']), candidate(6, true)] })).toEqual([]);
  });

  it('boxes the ring: its edges lie the radius away from the point', () => {
    const [[w, s], [e, n]] = ringBounds(106.5, 29.5, 1000);
    expect((n - 29.5) * 110574).toBeCloseTo(1000, 3);
    expect((29.5 - s) * 110574).toBeCloseTo(1000, 3);
    expect((e - 106.5) * 111320 * Math.cos((29.5 * Math.PI) / 180)).toBeCloseTo(1000, 3);
    expect(w).toBeCloseTo(106.5 - (e - 106.5), 9);
  });
});
