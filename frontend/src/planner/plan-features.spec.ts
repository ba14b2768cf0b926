import { describe, expect, it } from 'vitest';
import { planFeatures } from './plan-features';
import type { Analysis } from './analysis';

const candidate = (id: number, feasible: boolean, lon: number) => ({
  structureId: id,
  code: `S${id}`,
  name: `s${id}`,
  kind: 'monopole',
  location: { lon, lat: 29.5 },
  distanceM: 100,
  feasible,
  option: feasible ? ('share' as const) : null,
  reasons: feasible ? [] : ['no_free_slot'],
  conditions: [],
  score: feasible ? 0.8 : 0,
  scoreBreakdown: {},
  populationGain: 0,
});

describe('the planner on the map', () => {
  it('draws nothing before a pin is dropped', () => {
    expect(planFeatures(null).features).toHaveLength(0);
    expect(planFeatures({ pin: null, radiusM: 500, analysis: null }).features).toHaveLength(0);
  });

  it('draws the ring at the chosen radius around the pin', () => {
    const fc = planFeatures({ pin: { lon: 106.5, lat: 29.5 }, radiusM: 500, analysis: null });
    const ring = fc.features.find((f) => f.properties?.role === 'ring')!;
    const coords = (ring.geometry as { coordinates: number[][][] }).coordinates[0];
    // every vertex 500 m from the pin (equirectangular at this scale is within a metre)
    for (const [lon, lat] of coords) {
      const d = Math.hypot((lon - 106.5) * 111320 * Math.cos((29.5 * Math.PI) / 180), (lat - 29.5) * 110574);
      expect(Math.abs(d - 500)).toBeLessThan(3);
    }
  });

  it('ranks feasible candidates 1, 2… and marks the best; infeasible ones get no rank', () => {
    const analysis = {
      candidates: [candidate(7, true, 106.501), candidate(9, true, 106.502), candidate(3, false, 106.503)],
      best: candidate(7, true, 106.501),
      newBuild: null,
      coBuild: null,
    } as unknown as Analysis;
    const fc = planFeatures({ pin: { lon: 106.5, lat: 29.5 }, radiusM: 500, analysis });
    const byId = Object.fromEntries(fc.features.filter((f) => f.properties?.role === 'candidate').map((f) => [f.properties!.structureId, f.properties]));
    expect(byId[7]).toMatchObject({ rank: 1, best: true, feasible: true });
    expect(byId[9]).toMatchObject({ rank: 2, best: false });
    expect(byId[3]).toMatchObject({ rank: 0, feasible: false });
  });
});
