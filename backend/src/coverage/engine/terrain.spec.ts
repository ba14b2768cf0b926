import * as fs from 'node:fs';
import { CLUTTER_CLASSES, CLUTTER_UNKNOWN, foliageDb } from '../../radio/propagation/clutter';
import { pathLoss } from '../../radio/propagation/path-loss';
import { sectorAttenuation } from '../../radio/propagation/antenna';
import { knifeEdgeLossDb, fresnelKirchhoffV } from '../../radio/propagation/terrain/diffraction';
import { earthBulgeM, wavelengthM } from '../../radio/propagation/terrain/geometry';
import type { DemGrid } from '../../radio/propagation/terrain/hgt';
import { emptyBestServers, evaluateSectors, indexCells, type BestServers } from './kernel';
import { regressionScene } from './regression-scene';
import type { Sector } from './sectors';
import { createHorizon, type EngineTerrain, radialRange, samplerOf, sweepHorizon } from './terrain';

const STEP_DEG = 1 / 1200; // 3″, as SRTM3 and the sample terrain
const KY = 110574;

/** A DEM around the test area with heights from a function of metres east/north of (106.5, 29.5). */
function dem(height: (eastM: number, northM: number) => number, west = 106.4, south = 29.4, size = 241): DemGrid {
  const heights = new Float32Array(size * size);
  const kx = 111320 * Math.cos((29.5 * Math.PI) / 180);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) heights[r * size + c] = height((west + c * STEP_DEG - 106.5) * kx, (south + r * STEP_DEG - 29.5) * KY);
  return { west, south, cols: size, rows: size, stepDeg: STEP_DEG, heights };
}

function terrainFor(grid: DemGrid, lon: Float64Array, lat: Float64Array, cls = CLUTTER_UNKNOWN): EngineTerrain {
  const sample = samplerOf(grid);
  return {
    sample,
    stepM: STEP_DEG * 111320 * Math.cos((29.5 * Math.PI) / 180),
    ground: Float32Array.from(lon, (x, i) => sample(x, lat[i])),
    clutter: new Uint8Array(lon.length).fill(cls),
  };
}

function run(lon: Float64Array, lat: Float64Array, sectors: Sector[], slots: number, terrain?: EngineTerrain): BestServers {
  const out = emptyBestServers(lon.length, slots);
  evaluateSectors(indexCells(lon, lat), sectors, out, 0, terrain);
  return out;
}

describe('the coverage engine over terrain', () => {
  const scene = regressionScene();
  const golden = JSON.parse(fs.readFileSync(`${__dirname}/__fixtures__/flat-engine.json`, 'utf8'));
  const f32 = (b64: string) => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);

  it.each([
    ['no terrain at all', undefined],
    ['terrain that covers none of the cells', 'outside'],
  ])('with %s gives bit for bit what the engine gave before terrain existed', (_, mode) => {
    const terrain = mode
      ? terrainFor(
          dem(() => 300, 100, 20, 50),
          scene.lon,
          scene.lat,
        )
      : undefined;
    const out = run(scene.lon, scene.lat, scene.sectors, scene.slots, terrain);
    expect(out.evaluations).toBe(golden.evaluations);
    expect(Buffer.from(out.best.buffer).equals(Buffer.from(f32(golden.best).buffer))).toBe(true);
    expect(Buffer.from(out.second.buffer).equals(Buffer.from(f32(golden.second).buffer))).toBe(true);
    expect(Array.from(out.bestSector)).toEqual(golden.bestSector);
    expect(Array.from(out.secondSector)).toEqual(golden.secondSector);
  });

  it("on flat ground in a city (built-up clutter around every UE) gives bit for bit the engine's values from before terrain, except at the mast's foot", () => {
    const before = f32(golden.best);
    for (const cls of ['suburban', 'urban', 'dense_urban'] as const) {
      const out = run(
        scene.lon,
        scene.lat,
        scene.sectors,
        scene.slots,
        terrainFor(
          dem(() => 240),
          scene.lon,
          scene.lat,
          CLUTTER_CLASSES.indexOf(cls),
        ),
      );
      let differ = 0;
      for (let j = 0; j < before.length; j++) {
        if (out.best[j] === before[j]) continue;
        // the only change: within a stone's throw of a mast the line clears the street's clutter, so the link is LOS
        differ++;
        const sec = scene.sectors[out.bestSector[j]];
        const i = Math.floor(j / scene.slots);
        const d = Math.hypot((scene.lon[i] - sec.lon) * 111320 * Math.cos((sec.lat * Math.PI) / 180), (scene.lat[i] - sec.lat) * KY);
        expect(d).toBeLessThan(200);
        expect(out.best[j]).toBeGreaterThan(before[j]);
      }
      expect(differ).toBeLessThan(before.length / 200);
    }
  });

  it('on flat open ground takes the LOS formula on every link, the same at any ground height', () => {
    const at0 = run(
      scene.lon,
      scene.lat,
      scene.sectors,
      scene.slots,
      terrainFor(
        dem(() => 0),
        scene.lon,
        scene.lat,
      ),
    );
    const at350 = run(
      scene.lon,
      scene.lat,
      scene.sectors,
      scene.slots,
      terrainFor(
        dem(() => 350),
        scene.lon,
        scene.lat,
      ),
    );
    const open = run(
      scene.lon,
      scene.lat,
      scene.sectors,
      scene.slots,
      terrainFor(
        dem(() => 350),
        scene.lon,
        scene.lat,
        CLUTTER_CLASSES.indexOf('open'),
      ),
    );
    // flat ground, whatever its height: the same values bit for bit (the ground cancels out of every term)
    expect(Buffer.from(at350.best.buffer).equals(Buffer.from(at0.best.buffer))).toBe(true);
    expect(Buffer.from(open.best.buffer).equals(Buffer.from(at0.best.buffer))).toBe(true);
    // and each value is the published LOS formula with the antenna pattern (checked against the reference functions)
    let checked = 0;
    for (let i = 0; i < scene.lon.length; i += 37) {
      for (let slot = 0; slot < scene.slots; slot++) {
        const j = i * scene.slots + slot;
        const s = at0.bestSector[j];
        if (s < 0) continue;
        const sec = scene.sectors[s];
        const kx = 111320 * Math.cos((sec.lat * Math.PI) / 180);
        const dx = (scene.lon[i] - sec.lon) * kx;
        const dy = (scene.lat[i] - sec.lat) * KY;
        const d = Math.hypot(dx, dy);
        if (d < 90) continue; // inside the first DEM step the kernel takes the cell as clear too, but v is not sampled
        const pl = pathLoss(sec.model, { frequencyMHz: sec.frequencyMHz, distanceM: d, bsHeightM: sec.heightM, ueHeightM: 1.5, los: true }).pathLossDb;
        const att = Number.isNaN(sec.azimuthDeg)
          ? 0
          : sectorAttenuation((Math.atan2(dx, dy) * 180) / Math.PI - sec.azimuthDeg, (Math.atan2(sec.heightM - 1.5, d) * 180) / Math.PI, sec.downtiltDeg);
        if (sec.model.startsWith('cost231')) continue; // no LOS form: the same as without terrain
        expect(at0.best[j]).toBeCloseTo(sec.eirpPerReDbm - pl - att, 3);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  // One UMa site at 30 m on flat ground at 200 m; a 400 m ridge (600 m above sea level) runs north–south 2 km east.
  const site: Sector = {
    tenancyId: 1,
    sectorIndex: 0,
    slot: 0,
    band: 0,
    lon: 106.5,
    lat: 29.5,
    heightM: 30,
    azimuthDeg: 90,
    downtiltDeg: 2,
    eirpPerReDbm: 40,
    model: '3gpp-uma',
    frequencyMHz: 3500,
    radiusM: 5000,
  };
  const ridge = (e: number) => 200 + 400 * Math.max(0, 1 - Math.abs(e - 2000) / 150);
  const kx = 111320 * Math.cos((29.5 * Math.PI) / 180);
  const eastOf = (m: number[]) => ({ lon: Float64Array.from(m, (x) => 106.5 + x / kx), lat: new Float64Array(m.length).fill(29.5) });

  it('loses at least 20 dB behind a 400 m ridge, and keeps the near side as it was', () => {
    const { lon, lat } = eastOf([500, 1000, 1500, 2600, 3000, 4000]);
    const flat = run(
      lon,
      lat,
      [site],
      1,
      terrainFor(
        dem(() => 200),
        lon,
        lat,
      ),
    );
    const hilly = run(lon, lat, [site], 1, terrainFor(dem(ridge), lon, lat));
    for (const k of [0, 1, 2]) expect(hilly.best[k]).toBe(flat.best[k]);
    for (const k of [3, 4, 5]) expect(flat.best[k] - hilly.best[k]).toBeGreaterThanOrEqual(20);
  });

  it("charges a single knife edge what P.526's J(v) gives for the hand-worked geometry, within 0.5 dB", () => {
    // a thin wall 60 m high at 1,500 m on flat ground at 0 m, target 3,000 m away: hand-computed v, then J(v)
    const wall = (e: number) => (Math.abs(e - 1500) < 40 ? 60 : 0);
    const { lon, lat } = eastOf([3000]);
    const t = terrainFor(dem(wall), lon, lat);
    const out = run(lon, lat, [{ ...site, azimuthDeg: NaN }], 1, t);
    const flat = run(
      lon,
      lat,
      [{ ...site, azimuthDeg: NaN }],
      1,
      terrainFor(
        dem(() => 0),
        lon,
        lat,
      ),
    );
    const lambda = wavelengthM(3500);
    // the wall's top as the sweep samples it (the DEM sample nearest 1,500 m), over the line between the antennas
    const d1 = 1500,
      d2 = 1500;
    const h = 60 + earthBulgeM(d1, d2) - (30 + (1.5 - 30) * (d1 / 3000));
    const v = fresnelKirchhoffV(h, d1, d2, lambda);
    const nlos = pathLoss('3gpp-uma', { frequencyMHz: 3500, distanceM: 3000, bsHeightM: 30, ueHeightM: 1.5, los: false }).pathLossDb;
    const los = pathLoss('3gpp-uma', { frequencyMHz: 3500, distanceM: 3000, bsHeightM: 30, ueHeightM: 1.5, los: true }).pathLossDb;
    const expected = nlos + knifeEdgeLossDb(v) - los; // the extra loss against the clear (LOS) path
    expect(flat.best[0] - out.best[0]).toBeGreaterThan(expected - 0.5);
    expect(flat.best[0] - out.best[0]).toBeLessThan(expected + 0.5);
  });

  it('screens a street-level UE in built-up and forest cells (NLOS formula), not on water or open land; forest adds foliage', () => {
    const { lon, lat } = eastOf([1200]);
    const value = (cls: string) =>
      run(
        lon,
        lat,
        [site],
        1,
        terrainFor(
          dem(() => 200),
          lon,
          lat,
          CLUTTER_CLASSES.indexOf(cls as never),
        ),
      ).best[0];
    const none = run(lon, lat, [site], 1).best[0]; // no terrain: the NLOS formula
    expect(value('water')).toBe(value('open'));
    expect(value('open') - none).toBeGreaterThan(20); // LOS over open ground, ≈ 30 dB better than NLOS at 1.2 km
    for (const cls of ['suburban', 'urban', 'dense_urban']) expect(value(cls)).toBe(none);
    expect(none - value('forest')).toBeCloseTo(foliageDb(3500, 20), 3);
  });

  it("evaluates an antenna's sectors together bit for bit as one at a time, with and without terrain", () => {
    const { lon, lat } = eastOf([300, 900, 1500, 2100, 2700, 3300, 4500]);
    const lat2 = Float64Array.from(lat, (x, i) => x + (i % 3) * 0.004 - 0.004);
    const three = [0, 120, 240].map((az, k) => ({ ...site, sectorIndex: k, azimuthDeg: az, slot: k % 2 }));
    for (const t of [undefined, terrainFor(dem(ridge), lon, lat2, CLUTTER_CLASSES.indexOf('urban'))]) {
      const together = run(lon, lat2, three, 2, t);
      const apart = emptyBestServers(lon.length, 2);
      const cells = indexCells(lon, lat2);
      three.forEach((sec, k) => evaluateSectors(cells, [sec], apart, k, t));
      expect(Buffer.from(together.best.buffer).equals(Buffer.from(apart.best.buffer))).toBe(true);
      expect(Buffer.from(together.second.buffer).equals(Buffer.from(apart.second.buffer))).toBe(true);
      expect(Array.from(together.bestSector)).toEqual(Array.from(apart.bestSector));
      expect(together.evaluations).toBe(apart.evaluations);
    }
  });

  it('sweeps only the radials that can reach the cells, and all of them around the site', () => {
    expect(radialRange(360, { x0: -100, x1: 100, y0: -100, y1: 100 }, 90)).toMatchObject({ first: 0, count: 360 });
    // and no farther than the box's far corner (plus the margin)
    expect(radialRange(360, { x0: -100, x1: 300, y0: -100, y1: 400 }, 90).maxDistanceM).toBeCloseTo(500 + 90, 6);
    const east = radialRange(360, { x0: 2000, x1: 3000, y0: -500, y1: 500 }, 90);
    // the box spans bearings 76°..104° from the site: those radials and a margin, no more
    expect(east.first).toBeLessThanOrEqual(76);
    expect(east.first + east.count).toBeGreaterThanOrEqual(104);
    expect(east.count).toBeLessThan(36);
    const north = radialRange(360, { x0: -500, x1: 500, y0: 2000, y1: 3000 }, 90);
    expect([...Array(north.count)].map((_, q) => (north.first + q) % 360)).toEqual(expect.arrayContaining([350, 0, 10]));
  });

  it('carries the highest obstruction outward along each radial', () => {
    const grid = dem(ridge);
    const h = createHorizon();
    sweepHorizon(h, samplerOf(grid), 106.5, 29.5, 30, 4000, 80);
    const east = Math.round(h.radials / 4) * h.steps; // bearing 90°
    const before = Math.floor(1800 / 80),
      after = Math.floor(3500 / 80);
    expect(h.edgeM[east + after]).toBeGreaterThan(1900);
    expect(h.edgeM[east + after]).toBeLessThan(2100);
    expect(h.tan[east + after]).toBeGreaterThan(h.tan[east + before]);
    // the edge's height as the tangent carries it (tip at 230 m, the earth's drop over 2 km added back): the ridge
    // top as a 3″ DEM resolves a 300 m wide crest, between 500 and 600 m
    const top = h.tan[east + after] * h.edgeM[east + after] + 230 + h.edgeM[east + after] ** 2 / (2 * (4 / 3) * 6_371_000);
    expect(top).toBeGreaterThan(500);
    expect(top).toBeLessThanOrEqual(600);
  });
});
