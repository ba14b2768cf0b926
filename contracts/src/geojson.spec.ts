import { checkGeometry } from './geojson';

describe('GeoJSON geometry checks', () => {
  it('accepts a Chongqing point in [lon, lat] order', () => {
    expect(checkGeometry({ type: 'Point', coordinates: [106.577, 29.5575] }, ['Point'])).toEqual([]);
  });

  it('says the axes look swapped for [lat, lon]', () => {
    const [p] = checkGeometry({ type: 'Point', coordinates: [29.5575, 106.577] }, ['Point']);
    expect(p.at).toBe('coordinates');
    expect(p.problem).toMatch(/swapped/);
    expect(p.problem).toMatch(/\[106.577, 29.5575\]/);
  });

  it('rejects out-of-range longitudes and non-numbers', () => {
    expect(checkGeometry({ type: 'Point', coordinates: [190, 10] }, ['Point'])[0].problem).toMatch(/longitude 190/);
    expect(checkGeometry({ type: 'Point', coordinates: ['106', 29] }, ['Point'])[0].problem).toMatch(/finite numbers/);
    expect(checkGeometry({ type: 'Point', coordinates: [NaN, 29] }, ['Point'])[0].problem).toMatch(/finite/);
  });

  it('rejects the wrong geometry type, naming what is allowed', () => {
    const [p] = checkGeometry(
      {
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      },
      ['Point'],
    );
    expect(p).toEqual({ at: 'type', problem: 'must be Point, got "LineString"' });
  });

  it('rejects open rings and too-short rings, pointing at the ring', () => {
    const open = checkGeometry(
      {
        type: 'Polygon',
        coordinates: [
          [
            [106, 29],
            [106.1, 29],
            [106.1, 29.1],
            [106, 29.1],
          ],
        ],
      },
      ['Polygon'],
    );
    expect(open).toEqual([{ at: 'coordinates[0]', problem: expect.stringMatching(/closed/) }]);
    const short = checkGeometry(
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [106, 29],
              [106.1, 29],
              [106, 29],
            ],
          ],
        ],
      },
      ['MultiPolygon'],
    );
    expect(short[0].at).toBe('coordinates[0][0]');
  });

  it('locates a bad position deep inside a polygon', () => {
    const [p] = checkGeometry(
      {
        type: 'Polygon',
        coordinates: [
          [
            [106, 29],
            [106.1, 29],
            [106.1, 129],
            [106, 29],
          ],
        ],
      },
      ['Polygon'],
    );
    expect(p.at).toBe('coordinates[0][2]');
  });

  it('needs two distinct positions for a line', () => {
    expect(
      checkGeometry(
        {
          type: 'LineString',
          coordinates: [
            [106, 29],
            [106, 29],
          ],
        },
        ['LineString'],
      )[0].problem,
    ).toMatch(/distinct/);
  });
});
