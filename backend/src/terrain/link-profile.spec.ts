import { foliageDb } from '../radio/propagation/clutter';
import type { DemGrid } from '../radio/propagation/terrain/hgt';
import { sampleProfile } from '../radio/propagation/terrain/hgt';
import { pathLoss } from '../radio/propagation/path-loss';
import { itmPointToPoint } from '../radio/propagation/itm';
import { linkProfile } from './link-profile';
import { linkProfileQuery as profileQuery } from '@cosite/contracts';

/** A 3″ grid over one degree square at 0–1° N, 10–11° E; heights from `h`. */
function grid(h: (lon: number, lat: number) => number, arcSeconds = 3): DemGrid {
  const n = 3600 / arcSeconds + 1;
  const step = arcSeconds / 3600;
  const heights = new Float32Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) heights[r * n + c] = h(10 + c * step, r * step);
  return { west: 10, south: 0, cols: n, rows: n, stepDeg: step, heights };
}

describe('linkProfile', () => {
  const flat = grid(() => 100);
  const ridged = grid((lon) => 100 + 400 * Math.exp(-(((lon - 10.5) / 0.006) ** 2)));

  it('on flat ground is clear, with no diffraction and exactly the TR 38.901 LOS loss', () => {
    const p = linkProfile(flat, { lon: 10.4, lat: 0.5, heightM: 30 }, { lon: 10.43, lat: 0.5, heightM: 10 }, 3500, '3gpp-uma');
    expect(p).toMatchObject({ los: true, verdict: 'clear', diffractionLossDb: 0, edges: [] });
    const expected = pathLoss('3gpp-uma', { frequencyMHz: 3500, distanceM: 3339.6, bsHeightM: 30, ueHeightM: 10, los: true }).pathLossDb;
    expect(p.totalLossDb).toBeCloseTo(expected, 1);
    expect(p.samples[0]).toMatchObject({ distanceM: 0, groundM: 100, losM: 130, fresnelM: 0 });
  });

  it('behind a 400 m ridge is obstructed, takes the NLOS formula and adds the Deygout loss of the crest', () => {
    const p = linkProfile(ridged, { lon: 10.44, lat: 0.5, heightM: 30 }, { lon: 10.56, lat: 0.5, heightM: 1.5 }, 3500, '3gpp-uma');
    expect(p).toMatchObject({ los: false, verdict: 'obstructed', pathLoss: { los: false } });
    expect(p.diffractionLossDb).toBeGreaterThanOrEqual(20);
    expect(p.edges[0].heightM).toBeGreaterThan(490);
    expect(p.totalLossDb).toBeCloseTo(p.pathLoss.pathLossDb + p.diffractionLossDb, 1);
    expect(p.minClearance!.fractionOfF1).toBeLessThan(0);
  });

  it('calls a line that clears the ground but not 60 % of F1 fresnel-obstructed', () => {
    // a low bump: the line between 12 m antennas passes a few metres over it
    const bump = grid((lon) => 100 + 8 * Math.exp(-(((lon - 10.45) / 0.003) ** 2)));
    const p = linkProfile(bump, { lon: 10.4, lat: 0.5, heightM: 12 }, { lon: 10.5, lat: 0.5, heightM: 12 }, 3500, '3gpp-uma');
    expect(p.minClearance!.clearanceM).toBeGreaterThan(0);
    expect(p).toMatchObject({ los: false, verdict: 'fresnel-obstructed' });
  });

  it('with model=itm takes the loss from ITM over the same ground profile, diffraction included', () => {
    const from = { lon: 10.44, lat: 0.5, heightM: 30 };
    const to = { lon: 10.56, lat: 0.5, heightM: 1.5 };
    const p = linkProfile(ridged, from, to, 900, 'itm');
    const ground = sampleProfile(ridged, from, to);
    const itm = itmPointToPoint(ground.heights, ground.heights.length, ground.spacingM, 30, 1.5, 900);
    expect(p.pathLoss).toEqual({ pathLossDb: Math.round(itm.lossDb * 100) / 100, model: 'itm', los: false, valid: itm.warnings === 0, outOfRange: [] });
    // Deygout is still reported, but ITM's loss is the total
    expect(p.diffractionLossDb).toBeGreaterThanOrEqual(20);
    expect(p.totalLossDb).toBeCloseTo(itm.lossDb, 1);
    // the ridge costs ITM tens of dB over the same link on flat ground
    const open = linkProfile(flat, from, to, 900, 'itm');
    expect(open.pathLoss.los).toBe(true);
    expect(p.totalLossDb).toBeGreaterThan(open.totalLossDb + 20);
  });

  it('leaves the 3GPP models as they were: their loss plus Deygout', () => {
    const p = linkProfile(ridged, { lon: 10.44, lat: 0.5, heightM: 30 }, { lon: 10.56, lat: 0.5, heightM: 1.5 }, 3500, '3gpp-rma');
    expect(p.pathLoss.model).toBe('3gpp-rma');
    expect(p.totalLossDb).toBeCloseTo(p.pathLoss.pathLossDb + p.diffractionLossDb, 1);
  });

  it('checks the frequency against the model: 20–20000 MHz for itm, 500–100000 MHz for 3GPP', () => {
    const q = (frequencyMHz: string, model: string, h = 10) => profileQuery.safeParse({ from: `10.4,0.5,${h}`, to: '10.5,0.5,2', frequencyMHz, model });
    expect(q('150', 'itm').success).toBe(true);
    expect(q('150', '3gpp-rma').error?.issues[0]).toMatchObject({ path: ['frequencyMHz'] });
    const high = q('30000', 'itm').error?.issues[0];
    expect(high).toMatchObject({ path: ['frequencyMHz'] });
    expect(high?.message).toMatch(/20 and 20000 MHz/);
    expect(q('30000', '3gpp-uma').success).toBe(true);
    // ITM takes antennas from 0.5 m
    expect(q('900', 'itm', 0.2).error?.issues[0]).toMatchObject({ path: ['from'] });
    expect(q('900', '3gpp-uma', 0.2).success).toBe(true);
  });

  it("reads the receiver cell's clutter: buildings screen a street-level receiver (NLOS formula), water does not, forest adds foliage", () => {
    const from = { lon: 10.4, lat: 0.5, heightM: 30 };
    const to = { lon: 10.43, lat: 0.5, heightM: 1.5 };
    const bare = linkProfile(flat, from, to, 3500, '3gpp-uma');
    const city = linkProfile(flat, from, to, 3500, '3gpp-uma', 'urban');
    const water = linkProfile(flat, from, to, 3500, '3gpp-uma', 'water');
    const forest = linkProfile(flat, from, to, 3500, '3gpp-uma', 'forest');
    expect(city).toMatchObject({ clutter: 'urban', clutterScreens: true, clutterLossDb: 0, verdict: 'clear' });
    expect(city.pathLoss.los).toBe(false);
    expect(city.totalLossDb).toBeCloseTo(
      pathLoss('3gpp-uma', { frequencyMHz: 3500, distanceM: city.distanceM, bsHeightM: 30, ueHeightM: 1.5, los: false }).pathLossDb,
      1,
    );
    expect(water).toMatchObject({ clutterScreens: false, totalLossDb: bare.totalLossDb });
    expect(forest.clutterLossDb).toBeCloseTo(foliageDb(3500, 20), 1);
    // a receiver on a rooftop above the clutter is not screened
    expect(linkProfile(flat, from, { ...to, heightM: 25 }, 3500, '3gpp-uma', 'urban').clutterScreens).toBe(false);
  });

  it('throws a RangeError when the path leaves the grid', () => {
    expect(() => linkProfile(flat, { lon: 10.9, lat: 0.5, heightM: 30 }, { lon: 11.1, lat: 0.5, heightM: 2 }, 3500, '3gpp-uma')).toThrow(RangeError);
  });

  it('samples a 10 km profile over a 1″ grid at the grid’s own spacing (its speed is benchmarked in bench/profile.bench.ts)', () => {
    const fine = grid((lon, lat) => 200 + 50 * Math.sin(lon * 500) * Math.cos(lat * 500), 1);
    const p = sampleProfile(fine, { lon: 10.3, lat: 0.3 }, { lon: 10.37, lat: 0.36 });
    expect(p.distanceM).toBeGreaterThan(10_000);
    expect(p.spacingM).toBeGreaterThan(20);
    expect(p.spacingM).toBeLessThanOrEqual(31);
    expect(p.heights.length).toBe(Math.round(p.distanceM / p.spacingM) + 1);
  });
});
