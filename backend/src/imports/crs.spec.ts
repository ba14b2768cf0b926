import { positionFromWgs84, positionToWgs84, toWgs84 } from './crs';

/** Haversine distance in metres, computed here independently of the library under test. */
function metres(a: [number, number], b: [number, number]): number {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

describe('coordinate systems', () => {
  // Jiefangbei (Liberation Monument), Yuzhong, in WGS84.
  const jiefangbei: [number, number] = [106.577, 29.5575];

  it('shifts a Chongqing point by the few hundred metres GCJ-02 is known for', () => {
    const gcj = positionFromWgs84(jiefangbei, 'gcj02');
    const d = metres(jiefangbei, gcj);
    expect(d).toBeGreaterThan(150);
    expect(d).toBeLessThan(700);
    // GCJ-02 moves points in China to the east.
    expect(gcj[0]).toBeGreaterThan(jiefangbei[0]);
  });

  it('round-trips WGS84 → GCJ-02 → WGS84 within a metre', () => {
    const back = positionToWgs84(positionFromWgs84(jiefangbei, 'gcj02'), 'gcj02');
    expect(metres(jiefangbei, back)).toBeLessThan(1);
  });

  it('round-trips WGS84 → BD-09 → WGS84 within a metre', () => {
    const back = positionToWgs84(positionFromWgs84(jiefangbei, 'bd09'), 'bd09');
    expect(metres(jiefangbei, back)).toBeLessThan(1);
  });

  it('converts every position of a polygon', () => {
    const ring: [number, number][] = [
      [106.57, 29.55],
      [106.58, 29.55],
      [106.58, 29.56],
      [106.57, 29.55],
    ];
    const gcjRing = ring.map((p) => positionFromWgs84(p, 'gcj02'));
    const poly = toWgs84({ type: 'Polygon', coordinates: [gcjRing] }, 'gcj02');
    (poly.coordinates as [number, number][][])[0].forEach((p, i) => expect(metres(p, ring[i])).toBeLessThan(1));
  });

  it('leaves WGS84 untouched', () => {
    expect(positionToWgs84(jiefangbei, 'wgs84')).toEqual(jiefangbei);
  });
});
