import { describe, expect, it } from 'vitest';
import { NEW_WORKS, type ProtectionCheck, worksFeatures, worksGeometry } from './works';

describe('the works area on the map', () => {
  it('is a line from two points, an area from three (closed), nothing before', () => {
    expect(worksGeometry({ ...NEW_WORKS, vertices: [[106.5, 29.5]] })).toBeNull();
    expect(
      worksGeometry({
        ...NEW_WORKS,
        vertices: [
          [106.5, 29.5],
          [106.51, 29.5],
        ],
      }),
    ).toEqual({
      type: 'LineString',
      coordinates: [
        [106.5, 29.5],
        [106.51, 29.5],
      ],
    });
    expect(
      worksGeometry({
        ...NEW_WORKS,
        shape: 'polygon',
        vertices: [
          [106.5, 29.5],
          [106.51, 29.5],
        ],
      }),
    ).toBeNull();
    expect(
      worksGeometry({
        ...NEW_WORKS,
        shape: 'polygon',
        vertices: [
          [106.5, 29.5],
          [106.51, 29.5],
          [106.51, 29.51],
        ],
      }),
    ).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [106.5, 29.5],
          [106.51, 29.5],
          [106.51, 29.51],
          [106.5, 29.5],
        ],
      ],
    });
  });

  it('draws each facility in conflict by its worst outcome', () => {
    const check: ProtectionCheck = {
      id: 'c',
      createdAt: '2026-01-01T00:00:00Z',
      title: null,
      works: { geometryType: 'LineString', widthM: 6, activities: ['building', 'digging'], pipeline: null },
      verdict: 'forbidden',
      spacing: [],
      owners: [],
      conflicts: [
        {
          facility: {
            type: 'route',
            id: 1,
            protectedKind: 'buried_duct',
            kind: 'duct',
            code: null,
            name: null,
            geometry: {
              type: 'LineString',
              coordinates: [
                [106.5, 29.5],
                [106.5, 29.51],
              ],
            },
          },
          owner: { id: 'o', nameZh: '', nameEn: '', contact: null },
          distanceM: 0,
          insideZone: true,
          zoneWidthM: 1.5,
          activities: [
            { activity: 'building', outcome: 'notify_owner', rule: null, article: 'art. 21', regulation: '' },
            { activity: 'digging', outcome: 'forbidden', rule: null, article: 'art. 22', regulation: '' },
          ],
        },
        {
          facility: {
            type: 'structure',
            id: 2,
            protectedKind: 'tower',
            kind: 'monopole',
            code: null,
            name: null,
            geometry: { type: 'Point', coordinates: [106.501, 29.5] },
          },
          owner: { id: 'o', nameZh: '', nameEn: '', contact: null },
          distanceM: 12,
          insideZone: false,
          zoneWidthM: 5,
          activities: [{ activity: 'digging', outcome: 'protective_measures', rule: null, article: null, regulation: '' }],
        },
      ],
    };
    const fc = worksFeatures({
      ...NEW_WORKS,
      vertices: [
        [106.49, 29.505],
        [106.51, 29.505],
      ],
      finished: true,
      check,
    });
    const conflicts = fc.features.filter((f) => f.properties?.role === 'conflict').map((f) => f.properties);
    expect(conflicts).toEqual([
      { role: 'conflict', outcome: 'forbidden', facilityType: 'route', facilityId: 1 },
      { role: 'conflict', outcome: 'protective_measures', facilityType: 'structure', facilityId: 2 },
    ]);
    expect(fc.features.filter((f) => f.properties?.role === 'vertex')).toHaveLength(2);
  });
});
