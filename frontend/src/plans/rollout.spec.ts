import { describe, expect, it } from 'vitest';
import type { Plan, PlanKpi, PlanSettings } from '@cosite/contracts';
import { kpiBar, NEW_ROLLOUT, planRequest, rolloutBounds, rolloutFeatures, type RolloutTool } from './rollout';

const settings = {
  costs: { share: { value: 30000, source: 's' }, newBuild: { value: 350000, source: 's' } },
  targets: {},
  bandMHz: { '5G': 3500, '4G': 1800, 'NB-IoT': 900 },
} as unknown as PlanSettings;

describe('the rollout form', () => {
  it('asks only for what the planner gave: empty targets and limits and costs left at their default are left out', () => {
    const req = planRequest(
      { ...NEW_ROLLOUT.form, districtIds: [500103], operator: 'china-broadnet', technology: '4G', budget: 2e6, costs: { share: 30000, newBuild: 400000 } },
      settings,
    );
    expect(req).toEqual({
      area: { districtIds: [500103] },
      operator: 'china-broadnet',
      technology: '4G',
      objective: 'min_cost',
      targets: { populationCoveragePct: 95 },
      limits: { budget: 2e6 },
      costs: { newBuild: 400000 },
    });
  });
});

describe('a drawn area', () => {
  it('is sent as the closed polygon of the vertices drawn, in place of districts', () => {
    const req = planRequest({ ...NEW_ROLLOUT.form, districtIds: [500103] }, null, [
      [106.5, 29.5],
      [106.6, 29.5],
      [106.6, 29.6],
    ]);
    expect(req.area).toEqual({
      polygon: {
        type: 'Polygon',
        coordinates: [
          [
            [106.5, 29.5],
            [106.6, 29.5],
            [106.6, 29.6],
            [106.5, 29.5],
          ],
        ],
      },
    });
  });
});

describe('a KPI bar', () => {
  const kpi = (over: Partial<PlanKpi>): PlanKpi => ({ target: 'populationCoveragePct', before: 40, after: 90, required: 95, met: false, short: 5, ...over });
  it('places before, after and the target on 0–100 % for a share of residents', () => {
    expect(kpiBar(kpi({}))).toEqual({ before: 0.4, after: 0.9, target: 0.95, scale: 100, met: false });
  });
  it('scales base stations per 10,000 so the target and both figures fit with room', () => {
    const b = kpiBar(kpi({ target: 'basePerTenK', before: 10, after: 30, required: 47.8, met: false }));
    expect(b.target).toBeCloseTo(1 / 1.15, 6);
    expect(b.after).toBeLessThan(b.target!);
    expect(b.before).toBeLessThan(b.after);
  });
});

describe('the plan on the map', () => {
  const plan = {
    id: 'p',
    status: 'completed',
    result: {
      sites: [
        { order: 1, option: 'share', name: 'A', residents: 10, cost: 1, location: { lon: 106.5, lat: 29.5 } },
        { order: 2, option: 'new_build', name: null, residents: 5, cost: 2, location: { lon: 106.6, lat: 29.6 } },
      ],
    },
  } as unknown as Plan;
  const cells = {
    type: 'FeatureCollection' as const,
    features: [
      {
        type: 'Feature' as const,
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [106.4, 29.4],
              [106.45, 29.4],
              [106.45, 29.45],
              [106.4, 29.4],
            ],
          ],
        },
        properties: { h3: 'x', order: 1, option: 'share' },
      },
    ],
  };
  it('numbers the sites in build order and draws the newly covered cells only when After is on', () => {
    const t: RolloutTool = { ...NEW_ROLLOUT, plan, cells, showAfter: true };
    const after = rolloutFeatures(t).features;
    expect(after.filter((f) => f.properties!.role === 'site').map((f) => f.properties!.order)).toEqual([1, 2]);
    expect(after.filter((f) => f.properties!.role === 'cell')).toHaveLength(1);
    expect(rolloutFeatures({ ...t, showAfter: false }).features.filter((f) => f.properties!.role === 'cell')).toHaveLength(0);
    expect(rolloutBounds(t)).toEqual([
      [106.4, 29.4],
      [106.6, 29.6],
    ]);
    expect(rolloutFeatures(null).features).toEqual([]);
  });
});
