import { describe, expect, it } from 'vitest';
import type { StyleSpecification } from 'maplibre-gl';
import { DRAW_PREFIX, finishedVertices, keepDrawingLayers, placedVertices, sketchFeatures, sketchGeometry } from './draw';

describe('a drawn shape', () => {
  it('is a point from one vertex, a line from two, a closed polygon from three, nothing before', () => {
    expect(sketchGeometry('point', [])).toBeNull();
    expect(sketchGeometry('point', [[1, 2]])).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(sketchGeometry('line', [[1, 2]])).toBeNull();
    expect(
      sketchGeometry('polygon', [
        [0, 0],
        [1, 0],
      ]),
    ).toBeNull();
    expect(
      sketchGeometry('polygon', [
        [0, 0],
        [1, 0],
        [1, 1],
      ]),
    ).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    });
  });

  it('is drawn as the shape and its vertices', () => {
    const roles = sketchFeatures('line', [
      [0, 0],
      [1, 0],
    ]).map((f) => f.properties?.role);
    expect(roles).toEqual(['sketch', 'vertex', 'vertex']);
    expect(sketchFeatures('line', [[0, 0]]).map((f) => f.properties?.role)).toEqual(['vertex']);
  });
});

describe("the vertices of terra-draw's shapes", () => {
  it('leaves out the live vertex that follows the pointer while drawing', () => {
    const line = {
      geometry: {
        type: 'LineString' as const,
        coordinates: [
          [0, 0],
          [1, 0],
          [1.5, 0.2],
        ],
      },
      properties: { currentlyDrawing: true },
    };
    expect(placedVertices(line)).toEqual([
      [0, 0],
      [1, 0],
    ]);
    // three placed, then the live vertex and the closing one
    const polygon = {
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0.5, 1.2],
            [0, 0],
          ],
        ],
      },
      properties: { currentlyDrawing: true, committedCoordinateCount: 3 },
    };
    expect(placedVertices(polygon)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
    expect(placedVertices(undefined)).toEqual([]);
  });

  it("takes a finished polygon's ring without its closing vertex", () => {
    expect(
      finishedVertices({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
    ).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
    expect(
      finishedVertices({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 0],
        ],
      }),
    ).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });
});

describe('a style change while drawing', () => {
  it("keeps terra-draw's sources and layers on top of the new style", () => {
    const drawSource = { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } };
    const previous: StyleSpecification = {
      version: 8,
      sources: { base: { type: 'geojson', data: 'a' }, [`${DRAW_PREFIX}-linestring`]: drawSource },
      layers: [
        { id: 'bg', type: 'background' },
        { id: `${DRAW_PREFIX}-linestring`, type: 'line', source: `${DRAW_PREFIX}-linestring` },
      ],
    };
    const next: StyleSpecification = { version: 8, sources: { base: { type: 'geojson', data: 'b' } }, layers: [{ id: 'bg2', type: 'background' }] };
    const kept = keepDrawingLayers(previous, next);
    expect(kept.layers.map((l) => l.id)).toEqual(['bg2', `${DRAW_PREFIX}-linestring`]);
    expect(Object.keys(kept.sources)).toEqual(['base', `${DRAW_PREFIX}-linestring`]);
    expect(kept.sources.base).toEqual({ type: 'geojson', data: 'b' });
    expect(keepDrawingLayers({ ...previous, layers: [], sources: {} }, next)).toBe(next);
  });
});
