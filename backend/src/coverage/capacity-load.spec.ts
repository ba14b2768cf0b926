import { demandPerResidentMbps, isOverloaded, loadSettingsOf, sectorLoadOf } from './capacity-load';
import { connectedAreas } from './h3-areas';
import { gridDisk, latLngToCell } from 'h3-js';

describe('sector load (residents × penetration × market share × busy-hour rate, over throughput at each cell)', () => {
  const settings = loadSettingsOf({ technology: '5G' });
  const perResident = demandPerResidentMbps(settings, 'china-mobile');

  it('brings a 5G resident 0.72 × China Mobile’s share × 0.0964 Mbit/s to China Mobile, from the stated defaults', () => {
    expect(settings.penetration.value).toBe(0.72);
    expect(settings.busyHourMbps.value).toBeCloseTo(0.0964, 4);
    expect(settings.marketShare['china-mobile'].value).toBeCloseTo(1004 / 1795, 3);
    expect(perResident).toBeCloseTo(0.72 * (1004 / 1795) * 0.0964, 5);
    expect(demandPerResidentMbps(settings, 'no-such-operator')).toBe(0);
  });

  it('shows twice the load for a sector with twice the residents in the same cells', () => {
    const cells = [
      { residents: 400, throughputMbps: 500 },
      { residents: 250, throughputMbps: 120 },
    ];
    const one = sectorLoadOf(cells, perResident, 80);
    const two = sectorLoadOf(
      cells.map((c) => ({ ...c, residents: 2 * c.residents })),
      perResident,
      80,
    );
    expect(one.utilisationPct).toBeGreaterThan(0);
    expect(two.utilisationPct).toBeCloseTo(2 * one.utilisationPct, 9);
    expect(two.demandMbps).toBeCloseTo(2 * one.demandMbps, 9);
    expect(two.residents).toBe(1300);
  });

  it('is Σ demand ÷ throughput: 1,000 residents at 100 Mbit/s with 0.1 Mbit/s each fill one carrier', () => {
    const custom = loadSettingsOf({ technology: '5G', penetration: 1, busyHourMbps: 0.1 });
    const share = custom.marketShare['china-telecom'].value;
    const load = sectorLoadOf([{ residents: 1000 / share, throughputMbps: 100 }], demandPerResidentMbps(custom, 'china-telecom'), 80);
    expect(load.demandMbps).toBeCloseTo(100, 6);
    expect(load.utilisationPct).toBeCloseTo(100, 6);
    expect(load.overloaded).toBe(true);
    expect(custom.penetration.source).toBe('set in the request');
  });

  it('a cell at better SINR (more throughput) loads its sector less', () => {
    const poor = sectorLoadOf([{ residents: 500, throughputMbps: 50 }], perResident, 80);
    const good = sectorLoadOf([{ residents: 500, throughputMbps: 500 }], perResident, 80);
    expect(good.utilisationPct).toBeCloseTo(poor.utilisationPct / 10, 9);
  });

  it('counts the demand of cells whose SINR carries nothing as unserved, not as utilisation', () => {
    const load = sectorLoadOf(
      [
        { residents: 300, throughputMbps: 0 },
        { residents: 100, throughputMbps: null },
        { residents: 200, throughputMbps: 200 },
      ],
      perResident,
      80,
    );
    expect(load.unservedMbps).toBeCloseTo(400 * perResident, 9);
    expect(load.utilisationPct).toBeCloseTo((100 * 200 * perResident) / 200, 9);
    expect(load.demandMbps).toBeCloseTo(600 * perResident, 9);
  });

  it('is overloaded over the threshold (80 % by default), not at it', () => {
    expect(loadSettingsOf({ technology: '4G' }).thresholdPct.value).toBe(80);
    expect(isOverloaded(80, 80)).toBe(false);
    expect(isOverloaded(80.01, 80)).toBe(true);
    expect(isOverloaded(95, 120)).toBe(false);
  });

  it('uses 0.55 LTE users per resident for 4G', () => {
    expect(loadSettingsOf({ technology: '4G' }).penetration.value).toBe(0.55);
  });
});

describe('connected areas (coverage and capacity gaps)', () => {
  it('joins neighbouring cells, keeps apart the rest, most residents first', () => {
    const a = latLngToCell(29.56, 106.55, 10);
    const ring = gridDisk(a, 1);
    const far = latLngToCell(29.6, 106.6, 10);
    const areas = connectedAreas(new Map([...ring.map((c): [string, number] => [c, 10]), [far, 100]]));
    expect(areas.map((x) => [x.cells.length, x.population])).toEqual([
      [1, 100],
      [7, 70],
    ]);
  });
});
