import { describe, expect, it } from 'vitest';
import { NEW_ROUTE_CHECK, routeCheckFeatures, type RouteCheck } from './route-check';
import { polesFeatures, type PolesTool } from './poles';
import { coverageRows, densityChoropleth, kpiQuery, kpiUrl } from './kpi';
import type { AreaKpi } from '@cosite/contracts';

describe('route check features', () => {
  it('draws the proposal and marks each shared stretch by whether its route can carry it with room', () => {
    const check = {
      proposal: { capacityNeeded: 2 },
      routes: [
        {
          id: 1,
          canCarry: true,
          capacityFree: 3,
          shared: {
            type: 'MultiLineString',
            coordinates: [
              [
                [0, 0],
                [1, 0],
              ],
            ],
          },
        },
        {
          id: 2,
          canCarry: true,
          capacityFree: 1,
          shared: {
            type: 'MultiLineString',
            coordinates: [
              [
                [0, 1],
                [1, 1],
              ],
            ],
          },
        },
      ],
    } as unknown as RouteCheck;
    const fc = routeCheckFeatures({
      ...NEW_ROUTE_CHECK,
      vertices: [
        [0, 0],
        [1, 0],
      ],
      finished: true,
      check,
    });
    const shared = fc.features.filter((f) => f.properties?.role === 'shared');
    expect(shared.map((f) => f.properties?.hasRoom)).toEqual([true, false]);
    expect(fc.features.filter((f) => f.properties?.role === 'sketch')).toHaveLength(1);
  });
});

describe('pole proposal features', () => {
  it('links every merged pole to its smart pole', () => {
    const t = {
      districtId: null,
      run: null,
      proposals: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [1, 1] },
            properties: {
              id: 7,
              poleIds: [1, 2, 3],
              polesRemoved: 3,
              status: 'proposed',
              smallCellDemands: [],
              members: {
                type: 'MultiPoint',
                coordinates: [
                  [0, 0],
                  [1, 1],
                  [2, 2],
                ],
              },
            },
          },
        ],
      },
    } as unknown as PolesTool;
    const fc = polesFeatures(t);
    expect(fc.features.filter((f) => f.properties?.role === 'link')).toHaveLength(3);
    expect(fc.features.filter((f) => f.properties?.role === 'smart_pole').map((f) => f.properties?.merged)).toEqual([3]);
  });
});

describe('kpiUrl', () => {
  it('asks only for the filters chosen', () => {
    expect(kpiUrl({ district: null, operator: null })).toBe('/api/v1/kpis');
    expect(kpiUrl({ district: 500103, operator: 'china-mobile' }, 'csv')).toBe('/api/v1/kpis?district=500103&operator=china-mobile&format=csv');
  });
});

describe('kpiQuery', () => {
  it('leaves out the filters not chosen (the client sends no parameter for them)', () => {
    expect(kpiQuery({ district: null, operator: null })).toStrictEqual({ district: undefined, operator: undefined });
    expect(kpiQuery({ district: 500103, operator: 'china-mobile' })).toStrictEqual({ district: 500103, operator: 'china-mobile' });
  });
});

describe('densityChoropleth', () => {
  it('colours only the districts with a density figure', () => {
    const fc = densityChoropleth(
      [
        { id: 1, geometry: { type: 'Point', coordinates: [0, 0] } },
        { id: 2, geometry: { type: 'Point', coordinates: [1, 1] } },
      ],
      [{ districtId: 2, name: 'B', stations: 5, population: 1000, per10k: 50, target: null, meetsTarget: null }],
    );
    expect(fc.features.map((f) => f.properties?.per10k)).toEqual([50]);
  });
});

describe('coverageRows', () => {
  const row = (districtId: number | null, operator: string) => ({ districtId, operator, name: String(districtId ?? 'city') }) as AreaKpi;
  const report = { area: [row(500103, 'any'), row(null, 'china-mobile'), row(500103, 'china-mobile'), row(null, 'any'), row(500104, 'any')] };

  it("gives the operator's rows (or any operator's), the city first, then the districts", () => {
    expect(coverageRows(report, null).map((r) => [r.districtId, r.operator])).toEqual([
      [null, 'any'],
      [500103, 'any'],
      [500104, 'any'],
    ]);
    expect(coverageRows(report, 'china-mobile').map((r) => r.districtId)).toEqual([null, 500103]);
    expect(coverageRows(report, 'china-unicom')).toEqual([]);
  });
});
