import { gainsWithinReach } from './new-build-siting';

describe('residents gained within reach of a site', () => {
  // cells 100 m, 300 m and 600 m east of the origin at Chongqing's latitude
  const lat = 29.5;
  const east = (m: number) => 106.5 + m / (111320 * Math.cos((lat * Math.PI) / 180));
  const cells = [
    { lon: east(100), lat, population: 10 },
    { lon: east(300), lat, population: 20 },
    { lon: east(600), lat, population: 40 },
  ];

  it('counts only the cells within the reach, in metres', () => {
    const g = gainsWithinReach([{ id: 1, lon: 106.5, lat }], cells, 350);
    expect(g.get(1)).toBe(30);
  });

  it('sums per point, so a point nearer the people gains more', () => {
    const g = gainsWithinReach(
      [
        { id: 1, lon: 106.5, lat },
        { id: 2, lon: east(500), lat },
      ],
      cells,
      250,
    );
    expect(g.get(1)).toBe(10);
    expect(g.get(2)).toBe(60);
  });

  it('gains nothing with no uncovered cell around', () => {
    expect(gainsWithinReach([{ id: 7, lon: 106.5, lat }], [], 1000).get(7)).toBe(0);
  });
});
