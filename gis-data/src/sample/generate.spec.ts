import * as turf from '@turf/turf';
import { allocate, generateSampleCity, TEST_SAMPLE } from './generate';
import { readDistricts } from './real-data';

describe('the sample city generator', () => {
  const city = generateSampleCity(TEST_SAMPLE);

  it('is deterministic: the same seed gives the same city', () => {
    const again = generateSampleCity(TEST_SAMPLE);
    expect(again.structures.map((s) => s.geometry)).toEqual(city.structures.map((s) => s.geometry));
    expect(again.tenancies.map((t) => t.properties.code)).toEqual(city.tenancies.map((t) => t.properties.code));
  });

  it('a different seed gives a different city', () => {
    const other = generateSampleCity({ ...TEST_SAMPLE, seed: TEST_SAMPLE.seed + 1 });
    expect(other.structures.slice(0, 20).map((s) => s.geometry)).not.toEqual(city.structures.slice(0, 20).map((s) => s.geometry));
  });

  it('generates structures only inside the requested districts', () => {
    const districts = readDistricts().filter((d) => TEST_SAMPLE.districts!.includes(d.id));
    const polys = districts.map((d) => turf.multiPolygon(d.coordinates));
    for (const s of city.structures) {
      const p = s.geometry!.coordinates as [number, number];
      expect(polys.some((poly) => turf.booleanPointInPolygon(p, poly))).toBe(true);
    }
  });

  it('never puts more tenancies on a structure than it has slots', () => {
    const slots = new Map(city.structures.map((s) => [s.properties.code, s.properties.slotsTotal as number]));
    const used = new Map<unknown, number>();
    for (const t of city.tenancies) used.set(t.properties.structureCode, (used.get(t.properties.structureCode) ?? 0) + (t.properties.slotsUsed as number));
    for (const [code, n] of used) expect(n).toBeLessThanOrEqual(slots.get(code)!);
  });

  it('gives every population cell of a district its share, summing exactly to the census', () => {
    const districts = readDistricts().filter((d) => TEST_SAMPLE.districts!.includes(d.id));
    for (const d of districts) {
      const sum = city.populationCells.filter((c) => c.districtId === d.id).reduce((a, c) => a + c.population, 0);
      expect(sum).toBe(d.population);
    }
    expect(new Set(city.populationCells.map((c) => c.h3)).size).toBe(city.populationCells.length);
  });

  it('converts the DataV boundaries from GCJ-02: Jiefangbei (WGS84) falls inside Yuzhong', () => {
    const yuzhong = readDistricts().find((d) => d.id === 500103)!;
    expect(turf.booleanPointInPolygon([106.577, 29.5575], turf.multiPolygon(yuzhong.coordinates))).toBe(true);
  });
});

describe('largest-remainder allocation', () => {
  it('adds up exactly and follows the weights', () => {
    const out = allocate(10, [
      { cell: 'a', w: 1 },
      { cell: 'b', w: 1 },
      { cell: 'c', w: 1 },
    ]);
    expect(out.reduce((a, c) => a + c.n, 0)).toBe(10);
    expect(out.map((c) => c.n).sort()).toEqual([3, 3, 4]);
    const skew = allocate(1000, [
      { cell: 'a', w: 3 },
      { cell: 'b', w: 1 },
    ]);
    expect(skew).toEqual([
      { cell: 'a', n: 750 },
      { cell: 'b', n: 250 },
    ]);
  });
});
