import { readFileSync } from 'fs';
import { join } from 'path';
import { ITM_DEFAULTS, ITM_WARNING, itmFreeSpaceLossDb, itmPointToPoint, ItmPathError, type ItmOptions } from './index';

// NTIA/ITS's published ITM test data (github.com/NTIA/itm: p2p.csv + pfls.csv, cmd_examples/pfl.txt), unchanged
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

/** A pfl line: number of intervals, spacing (m), then np + 1 heights. */
function parsePfl(line: string): { heights: number[]; spacingM: number } {
  const v = line.trim().split(',').map(Number);
  const np = v[0];
  const heights = v.slice(2);
  expect(heights).toHaveLength(np + 1);
  return { heights, spacingM: v[1] };
}

describe('itmPointToPoint against NTIA ITM 1.4 reference results', () => {
  const rows = fixture('ntia-p2p.csv').trim().split(/\r?\n/);
  const header = rows[0].split(',');
  const pfls = fixture('ntia-pfls.csv').trim().split(/\r?\n/).map(parsePfl);
  const cases = rows.slice(1).map((r, i) => {
    const v = r.split(',').map(Number);
    const c = Object.fromEntries(header.map((h, k) => [h, v[k]]));
    return { i, c, pfl: pfls[i] };
  });

  it('has the five published cases', () => expect(cases).toHaveLength(5));

  it.each(cases.map((x) => [x.i + 1, x.c.f__mhz, x.c.A__db, x] as const))(
    'case %i (%d MHz) gives the published %d dB within 0.1 dB',
    (_n, _f, _a, { c, pfl }) => {
      const r = itmPointToPoint(pfl.heights, pfl.heights.length, pfl.spacingM, c.h_tx__meter, c.h_rx__meter, c.f__mhz, {
        climate: c.climate as ItmOptions['climate'],
        n0: c.N_0,
        epsilon: c.epsilon,
        sigma: c.sigma,
        polarization: c.pol as 0 | 1,
        mdvar: c.mdvar,
        time: c.time,
        location: c.location,
        situation: c.situation,
      });
      expect(Math.abs(r.lossDb - c.A__db)).toBeLessThanOrEqual(0.1);
    },
  );

  // cmd_examples: i_p2ptls.txt / o_p2ptls.txt (and the CR table) over pfl.txt, 3.635 km at 3.5 GHz
  const example = parsePfl(fixture('ntia-pfl.txt'));
  const exampleOptions: ItmOptions = { climate: 5, n0: 301, epsilon: 15, sigma: 0.005, polarization: 1, mdvar: 1 };
  const runExample = (time = 50, situation = 50) =>
    itmPointToPoint(example.heights, example.heights.length, example.spacingM, 15, 3, 3500, { ...exampleOptions, time, location: 50, situation });

  it('reproduces the command-line example: 114.5 dB, line of sight, and its intermediate values', () => {
    const r = runExample();
    expect(Math.abs(r.lossDb - 114.5)).toBeLessThanOrEqual(0.06);
    expect(Math.abs(r.freeSpaceLossDb - 114.5)).toBeLessThanOrEqual(0.06);
    expect(r.mode).toBe('line-of-sight');
    expect(r.warnings).toBe(0);
    expect(Math.abs(r.dhM - 3.2)).toBeLessThanOrEqual(0.06);
    expect(Math.abs(r.horizons.d1M - 14868)).toBeLessThan(1);
    expect(Math.abs(r.horizons.d2M - 6494)).toBeLessThan(1);
    expect(Math.abs(r.horizons.theta1 * 1000 - -1.949)).toBeLessThan(0.0006);
    expect(Math.abs(r.horizons.theta2 * 1000 - -0.856)).toBeLessThan(0.0006);
  });

  // o_p2pcr_tbl.txt: confidence/reliability is ITM's situation/time with location 50 %
  const table: [reliability: number, confidence: number, lossDb: number][] = [
    [10, 10, 110.9],
    [10, 60, 117.2],
    [10, 90, 129.1],
    [65, 10, 110.9],
    [65, 60, 117.4],
    [65, 90, 129.2],
    [90, 10, 110.9],
    [90, 60, 117.5],
    [90, 90, 129.3],
  ];
  it.each(table)('reproduces the confidence/reliability table: reliability %d %%, confidence %d %% → %d dB', (reliability, confidence, lossDb) => {
    expect(Math.abs(runExample(reliability, confidence).lossDb - lossDb)).toBeLessThanOrEqual(0.1);
  });
});

describe('itmPointToPoint behaviour', () => {
  const profile = (n: number, h: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => h(i));

  it('on a short clear link over flat ground stays within a few dB of free space and calls it line of sight', () => {
    // 3 km at 900 MHz between 30 m and 10 m masts over flat land at 100 m
    const flat = profile(301, () => 100);
    const r = itmPointToPoint(flat, 301, 10, 30, 10, 900);
    expect(r.mode).toBe('line-of-sight');
    expect(r.freeSpaceLossDb).toBeCloseTo(itmFreeSpaceLossDb(3000, 900), 6);
    expect(Math.abs(r.lossDb - r.freeSpaceLossDb)).toBeLessThan(3);
    expect(r.dhM).toBe(0);
  });

  it('loses more behind a ridge than over flat ground, and calls it diffraction', () => {
    // 20 km, 1 km spacing of 50 m samples; a 300 m ridge 8 km out
    const n = 401;
    const flat = profile(n, () => 200);
    const ridge = profile(n, (i) => 200 + 300 * Math.exp(-(((i * 50 - 8000) / 600) ** 2)));
    const open = itmPointToPoint(flat, n, 50, 30, 2, 800);
    const blocked = itmPointToPoint(ridge, n, 50, 30, 2, 800);
    expect(blocked.mode).toBe('diffraction');
    expect(blocked.lossDb).toBeGreaterThan(open.lossDb + 15);
    // the transmitter's horizon is the ridge crest
    expect(Math.abs(blocked.horizons.d1M - 8000)).toBeLessThanOrEqual(50);
    expect(blocked.horizons.theta1).toBeGreaterThan(0);
  });

  it('over sea water, vertical and horizontal polarisation give different losses (vertical the lower)', () => {
    // 60 km over the sea at 100 MHz with 10 m antennas: past the smooth-earth horizon, where the ground wave matters
    const sea = profile(601, () => 0);
    const sw: ItmOptions = { epsilon: 80, sigma: 5, climate: 7 };
    const v = itmPointToPoint(sea, 601, 100, 10, 10, 100, { ...sw, polarization: 1 });
    const h = itmPointToPoint(sea, 601, 100, 10, 10, 100, { ...sw, polarization: 0 });
    expect(v.mode).toBe('diffraction');
    expect(h.lossDb - v.lossDb).toBeGreaterThan(1);
  });

  it('uses the SPLAT! .lrp defaults (15, 0.005 S/m, 301 N, climate 5, vertical, 50 % / 50 %, mdvar 12)', () => {
    expect(ITM_DEFAULTS).toEqual({ climate: 5, n0: 301, epsilon: 15, sigma: 0.005, polarization: 1, mdvar: 12, time: 50, location: 50, situation: 50 });
    const hills = profile(201, (i) => 300 + 40 * Math.sin(i / 7) + 25 * Math.cos(i / 3));
    const byDefault = itmPointToPoint(hills, 201, 75, 25, 3, 450);
    const spelled = itmPointToPoint(hills, 201, 75, 25, 3, 450, {
      climate: 5,
      n0: 301,
      epsilon: 15,
      sigma: 0.005,
      polarization: 1,
      mdvar: 12,
      time: 50,
      location: 50,
      situation: 50,
    });
    expect(byDefault.lossDb).toBe(spelled.lossDb);
    // mdvar 12 has no location variability: the location percentage changes nothing
    expect(itmPointToPoint(hills, 201, 75, 25, 3, 450, { location: 10 }).lossDb).toBe(byDefault.lossDb);
    // but the time percentage does: a loss exceeded only 10 % of the time is larger than the median
    expect(itmPointToPoint(hills, 201, 75, 25, 3, 450, { time: 10 }).lossDb).toBeLessThan(itmPointToPoint(hills, 201, 75, 25, 3, 450, { time: 90 }).lossDb);
  });

  it('warns near its limits and throws RangeError only for what ITM cannot take', () => {
    const flat = profile(51, () => 50);
    // 500 m path at 25 MHz: answered, flagged
    const r = itmPointToPoint(flat, 51, 10, 10, 2, 25);
    expect(Number.isFinite(r.lossDb)).toBe(true);
    expect(r.warnings & ITM_WARNING.FREQUENCY).toBeTruthy();
    expect(r.warnings & ITM_WARNING.PATH_DISTANCE_TOO_SMALL_2).toBeTruthy();
    expect(() => itmPointToPoint(flat, 51, 10, 10, 2, 10)).toThrow(/frequencyMHz/);
    expect(() => itmPointToPoint(flat, 51, 10, 10, 2, 25_000)).toThrow(RangeError);
    expect(() => itmPointToPoint(flat, 51, 10, 0.3, 2, 900)).toThrow(/txHeightM/);
    expect(() => itmPointToPoint(flat, 51, 10, 10, 3500, 900)).toThrow(/rxHeightM/);
    expect(() => itmPointToPoint(flat, 51, 10, 10, 2, 900, { time: 100 })).toThrow(/time/);
    expect(() => itmPointToPoint(flat, 51, 10, 10, 2, 900, { mdvar: 5 })).toThrow(/mdvar/);
    expect(() => itmPointToPoint(flat, 60, 10, 10, 2, 900)).toThrow(/count/);
    expect(() => itmPointToPoint(flat, 51, 0, 10, 2, 900)).toThrow(/spacingM/);
    expect(() =>
      itmPointToPoint(
        profile(3, (i) => (i === 1 ? NaN : 0)),
        3,
        10,
        10,
        2,
        900,
      ),
    ).toThrow(/ground height 1/);
  });

  it('throws ItmPathError where ITM itself has no value: a 330 m cliff 10 m from a 300 m mast at 34 MHz', () => {
    // the tx horizon's Vogler radius (d²/2he ≈ 0.2 m) makes the smooth-earth distance negative: NaN in NTIA's code too
    const cliff = profile(301, (i) => (i === 0 ? 0 : 330));
    expect(() => itmPointToPoint(cliff, 301, 10, 300, 2, 34)).toThrow(ItmPathError);
    expect(() => itmPointToPoint(cliff, 301, 10, 300, 2, 34)).toThrow(/horizons 10 m and 2990 m away/);
    // the same cliff at 900 MHz is computed (and flagged: the horizon angle is far past 0.2 rad)
    const r = itmPointToPoint(cliff, 301, 10, 300, 2, 900);
    expect(r.warnings & ITM_WARNING.TX_HORIZON_ANGLE).toBeTruthy();
    expect(r.lossDb).toBeGreaterThan(r.freeSpaceLossDb);
  });

  it('reads the count first heights only, so a longer buffer can be reused', () => {
    const hills = profile(201, (i) => 300 + 40 * Math.sin(i / 7));
    const buffer = new Float64Array(500).fill(9999);
    buffer.set(hills);
    expect(itmPointToPoint(buffer, 201, 75, 25, 3, 450).lossDb).toBe(itmPointToPoint(hills, 201, 75, 25, 3, 450).lossDb);
  });

  it('takes a 3000-point profile in a few milliseconds at most (a shared, loaded CI machine included)', () => {
    const hills = profile(3000, (i) => 300 + 60 * Math.sin(i / 40) + 20 * Math.cos(i / 9));
    for (let k = 0; k < 100; k++) itmPointToPoint(hills, 3000, 30, 30, 2, 900);
    const runs = 300;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < runs; k++) itmPointToPoint(hills, 3000, 30, 30, 2, 900);
    const perCallUs = Number(process.hrtime.bigint() - t0) / 1000 / runs;
    expect(perCallUs).toBeLessThan(5000);
  });
});
