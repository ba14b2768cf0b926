import { pathLoss, type PathLossModel } from '../../radio/propagation/path-loss';
import { emptyBestServers, evaluateSectors, indexCells, kernelFor, usefulRadiusM } from './kernel';
import type { Sector } from './sectors';

describe('the coverage kernel', () => {
  it.each(['3gpp-uma', '3gpp-umi', '3gpp-rma'] as PathLossModel[])('%s gives the same NLOS path loss as the reference model', (model) => {
    const h = model === '3gpp-umi' ? 10 : 30;
    const k = kernelFor(model, 2600, h);
    for (const d of [20, 100, 350, 900, 2500]) {
      const d3 = Math.hypot(d, h - 1.5);
      expect(k(d, d3, Math.log10(d3))).toBeCloseTo(
        pathLoss(model, { frequencyMHz: 2600, distanceM: d, bsHeightM: h, ueHeightM: 1.5, los: false }).pathLossDb,
        9,
      );
    }
  });

  it('finds the distance where the budget runs out', () => {
    const r = usefulRadiusM('3gpp-uma', 3500, 25, 131.835);
    expect(r).toBeCloseTo(560, 0); // UMa NLOS is 131.835 dB at 560 m (see path-loss.spec)
  });

  const sector = (over: Partial<Sector>): Sector => ({
    tenancyId: 1,
    sectorIndex: 0,
    slot: 0,
    band: 0,
    lon: 106.5,
    lat: 29.5,
    heightM: 30,
    azimuthDeg: 90,
    downtiltDeg: 4,
    eirpPerReDbm: 40,
    model: '3gpp-uma',
    frequencyMHz: 3500,
    radiusM: 2000,
    ...over,
  });

  // Cells 300 m east and 300 m west of the site, and one 3 km away (beyond the radius).
  const dLon = 300 / (111320 * Math.cos((29.5 * Math.PI) / 180));
  const cells = indexCells(new Float64Array([106.5 + dLon, 106.5 - dLon, 106.5 + 10 * dLon]), new Float64Array([29.5, 29.5, 29.5]));

  it('hears a sector 30 dB louder on its boresight than behind it, and not at all beyond its radius', () => {
    const out = emptyBestServers(3, 1);
    evaluateSectors(cells, [sector({})], out);
    expect(out.best[0] - out.best[1]).toBeCloseTo(30, 0);
    expect(out.best[2]).toBe(-Infinity);
    expect(out.evaluations).toBe(2);
  });

  it('keeps the best server and the runner-up per cell', () => {
    const out = emptyBestServers(3, 1);
    const east = sector({ tenancyId: 1, azimuthDeg: 90 });
    const west = sector({ tenancyId: 2, azimuthDeg: 270 });
    evaluateSectors(cells, [east, west], out);
    expect(out.bestSector[0]).toBe(0); // east cell: east-facing sector best
    expect(out.secondSector[0]).toBe(1);
    expect(out.bestSector[1]).toBe(1);
    expect(out.secondSector[1]).toBe(0);
    expect(out.best[0]).toBeCloseTo(out.best[1], 6); // symmetric
  });

  it('treats an omni antenna the same in every direction', () => {
    const out = emptyBestServers(3, 1);
    evaluateSectors(cells, [sector({ azimuthDeg: NaN })], out);
    expect(out.best[0]).toBeCloseTo(out.best[1], 6);
  });

  it('keeps operators and technologies apart in their own slots', () => {
    const out = emptyBestServers(3, 2);
    evaluateSectors(cells, [sector({ slot: 1 })], out);
    expect(out.best[0 * 2 + 0]).toBe(-Infinity);
    expect(out.best[0 * 2 + 1]).toBeGreaterThan(-200);
  });
});
