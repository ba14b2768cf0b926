import { emptyBestServers, evaluateSectors, indexCells } from './kernel';
import { linkQualityOf } from './compute';
import { carrierOf, noiseFloorDbm, noisePerReDbm, sinrDb, spectralEfficiency, throughputMbps } from './link-quality';
import type { Sector } from './sectors';

/**
 * Reference values worked out by hand (a few lines of Python from the formulas, independent of this code):
 * kTB = −174 dBm/Hz + 10·log10(B) + NF 7 dB; TR 38.901 UMa NLOS at 3.5 GHz, hBS 25 m, hUT 1.5 m is 114.462 dB at
 * 200 m, 131.835 dB at 560 m and 141.666 dB at 1000 m (path-loss.spec.ts).
 */
describe('noise floor (kTB over the occupied bandwidth + 7 dB UE noise figure)', () => {
  it('is −87.08 dBm for NR 100 MHz at 30 kHz (273 PRB × 12 × 30 kHz = 98.28 MHz)', () => {
    const nr = carrierOf('5G');
    expect(nr.resourceBlocks).toBe(273);
    expect(nr.occupiedHz).toBe(98.28e6);
    expect(noiseFloorDbm(nr.occupiedHz)).toBeCloseTo(-87.075, 2);
  });
  it('is −94.45 dBm for LTE 20 MHz (100 PRB × 12 × 15 kHz = 18 MHz)', () => {
    const lte = carrierOf('4G');
    expect(lte.resourceBlocks).toBe(100);
    expect(noiseFloorDbm(lte.occupiedHz)).toBeCloseTo(-94.447, 2);
  });
  it('per resource element, comparable with RSRP: −122.23 dBm at 30 kHz, −125.24 dBm at 15 kHz', () => {
    expect(noisePerReDbm('5G')).toBeCloseTo(-122.229, 2);
    expect(noisePerReDbm('4G')).toBeCloseTo(-125.239, 2);
  });
});

describe('attenuated Shannon bound (TR 36.942 Annex A.2: α 0.6, SINR_min −10 dB, capped)', () => {
  it.each([
    [-10, 0.0825, 0.0825],
    [0, 0.6, 0.6],
    [10, 2.0757, 2.0757],
    [30, 5.9803, 4.4],
  ])('at %d dB: %d bit/s/Hz on NR, %d on LTE (LTE capped at 4.4)', (sinr, nr, lte) => {
    expect(spectralEfficiency(sinr, '5G')).toBeCloseTo(nr, 3);
    expect(spectralEfficiency(sinr, '4G')).toBeCloseTo(lte, 3);
  });
  it('carries nothing below −10 dB, and caps NR at 7.41 bit/s/Hz (256QAM CQI 15)', () => {
    expect(spectralEfficiency(-10.01, '5G')).toBe(0);
    expect(spectralEfficiency(60, '5G')).toBeCloseTo(7.4063, 4);
  });
  it('gives 59 Mbit/s at 0 dB on NR 100 MHz (0.6 × 98.28 MHz)', () => {
    expect(throughputMbps(0, '5G')).toBeCloseTo(58.97, 1);
  });
});

describe('SINR of a cell through the engine (omni sites on a line, UMa 3.5 GHz, 40 dBm per RE, load 50 %)', () => {
  const site = (tenancyId: number, eastM: number, band = 0): Sector => ({
    tenancyId,
    sectorIndex: 0,
    slot: 0,
    band,
    lon: 106.5 + eastM / kx,
    lat: 29.5,
    heightM: 25,
    azimuthDeg: NaN,
    downtiltDeg: 0,
    eirpPerReDbm: 40,
    model: '3gpp-uma',
    frequencyMHz: 3500,
    radiusM: 5000,
  });
  const kx = 111320 * Math.cos((29.5 * Math.PI) / 180);
  // the cell 200 m east of A: B is 560 m from it, C 1000 m
  const cells = indexCells(new Float64Array([106.5 + 200 / kx]), new Float64Array([29.5]));
  const run = (sectors: Sector[], loadFactor = 0.5) => {
    const out = emptyBestServers(1, 1, 2);
    evaluateSectors(cells, sectors, out);
    return { out, q: linkQualityOf(out, sectors, { loadFactor, technologyOfSlot: ['5G'] }) };
  };

  it('two sectors: 20.38 dB (S −74.462, I −91.835 dBm × 0.5, N −122.229 dBm)', () => {
    const { out, q } = run([site(1, 0), site(2, 760)]);
    expect(out.best[0]).toBeCloseTo(-74.462, 2);
    expect(q.sinr[0]).toBeCloseTo(20.375, 1);
    expect(Math.abs(q.sinr[0] - sinrDb(-74.462, [-91.835], 0.5, noisePerReDbm('5G')))).toBeLessThan(0.01);
  });
  it('three sectors: 19.95 dB at 50 % load, 16.94 dB at full load', () => {
    const three = [site(1, 0), site(2, 760), site(3, 1200)];
    expect(run(three).q.sinr[0]).toBeCloseTo(19.947, 1);
    expect(run(three, 1).q.sinr[0]).toBeCloseTo(16.94, 1);
  });
  it('a sector on another band does not interfere (its own band is counted apart)', () => {
    const { q } = run([site(1, 0), site(2, 760), site(3, 1200, 1)]);
    expect(q.sinr[0]).toBeCloseTo(20.375, 1);
  });
  it('alone, the cell is noise-limited: S − N = 47.77 dB, throughput capped at NR’s 7.41 bit/s/Hz × 98.28 MHz', () => {
    const { q } = run([site(1, 0)]);
    expect(q.sinr[0]).toBeCloseTo(-74.462 + 122.229, 1);
    expect(q.throughput[0]).toBeCloseTo(7.4063 * 98.28, 0);
  });
});
