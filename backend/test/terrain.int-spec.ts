import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { inflateSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import proj4 from 'proj4';
import { writeArrayBuffer } from 'geotiff';
import { givenAWorker, givenTheApi } from './support/api';
import { QueueName } from '../src/jobs/queues';
import { TerrainGrid } from '../src/terrain/terrain-grid';
import { CoverageJob } from '../src/coverage/jobs/coverage.job';
import { loadSampleTerrain } from '../../gis-data/src/load-sample-terrain';

type Api = Awaited<ReturnType<typeof givenTheApi>>;

/** A 3″ SRTM tile as the file NASA publishes: big-endian int16, rows from north to south, −32768 for voids. */
function hgtTile(height: (lon: number, lat: number) => number, south: number, west: number, voids: [number, number][] = []): Buffer {
  const n = 1201;
  const buf = Buffer.alloc(n * n * 2);
  for (let fileRow = 0; fileRow < n; fileRow++) {
    const lat = south + 1 - fileRow / (n - 1);
    for (let col = 0; col < n; col++) buf.writeInt16BE(Math.round(height(west + col / (n - 1), lat)), (fileRow * n + col) * 2);
  }
  for (const [fileRow, col] of voids) buf.writeInt16BE(-32768, (fileRow * n + col) * 2);
  return buf;
}

/** Flat ground at 100 m with a 400 m ridge running north–south along 10.5° E (about 1 km wide). */
const RIDGE_LON = 10.5;
const ridge = (lon: number) => 100 + 400 * Math.exp(-(((lon - RIDGE_LON) / 0.006) ** 2));

async function untilFinished(api: Api, id: string) {
  for (let k = 0; k < 300; k++) {
    const r = await api.http.get(`/api/v1/terrain/imports/${id}`).expect(200);
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('terrain import did not finish');
}

const importFile = (api: Api, fileName: string, body: Buffer, query: Record<string, string> = {}) =>
  api.http
    .post('/api/v1/terrain/imports')
    .query({ fileName, ...query })
    .set('Content-Type', 'application/octet-stream')
    .send(body);

const profile = (api: Api, from: string, to: string, extra: Record<string, string> = {}) =>
  api.http.get('/api/v1/coverage/profile').query({ from, to, frequencyMHz: '3500', ...extra });

describe('terrain: DEM import, the sample terrain and link profiles (real PostGIS, Redis and worker)', () => {
  let api: Api;
  let worker: INestApplicationContext;
  const imports: string[] = [];
  beforeAll(async () => {
    api = await givenTheApi();
    // imports and runs left by earlier files (the authorisation walk posts to every route) would start a full run
    // of their own as this file's worker comes up, and this file's imports would then only queue their recompute
    for (const q of [QueueName.Terrain, QueueName.Clutter, QueueName.Coverage]) await api.app.get<Queue>(getQueueToken(q)).obliterate({ force: true });
    for (const r of await api.db.query(`SELECT id FROM coverage_run WHERE status = 'running'`))
      await api.http.post(`/api/v1/coverage/runs/${r.id}/cancel`).expect(201);
    worker = await givenAWorker();
    // an import starts a whole-city recompute: its start is checked, its chunks are not computed here
    await worker.get(CoverageJob).worker.pause(true);
  });
  afterAll(async () => {
    for (const r of await api.db.query(`SELECT id FROM coverage_run WHERE status = 'running' AND requested_by = 'terrain import'`)) {
      await api.http.post(`/api/v1/coverage/runs/${r.id}/cancel`).expect(201);
    }
    // the imported test tiles go; the terrain version moves so no process keeps them in memory
    if (imports.length) {
      await api.db.query(`DELETE FROM terrain_tile WHERE import_id = ANY($1::uuid[])`, [imports]);
      await api.db.query(`DELETE FROM terrain_import WHERE id = ANY($1::uuid[])`, [imports]);
      await api.db.query(`UPDATE terrain_version SET version = version + 1`);
    }
    const queues = [QueueName.Terrain, QueueName.Clutter, QueueName.Coverage].map((q) => api.app.get<Queue>(getQueueToken(q)));
    await worker.close();
    for (const queue of queues) await queue.obliterate({ force: true });
    await api.close();
  });

  it('imports a 3″ .hgt through the worker, fills its voids and lists the tile with its extent and resolution', async () => {
    const voids: [number, number][] = [
      [600, 100],
      [600, 101],
      [601, 100],
    ];
    // the recompute starts as the import commits, before the import is marked finished: timed from the upload
    const [{ uploadedAt }] = await api.db.query(`SELECT now() AS "uploadedAt"`);
    const sub = await importFile(api, 'N00E010.hgt', hgtTile(ridge, 0, 10, voids)).expect(202);
    imports.push(sub.body.id);
    expect(sub.body).toMatchObject({ fileName: 'N00E010.hgt', format: 'hgt', status: 'queued' });
    const done = await untilFinished(api, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', progress: 1, error: null });
    expect(done.report).toMatchObject({
      source: 'imported',
      voidsFilled: 3,
      tiles: [{ name: 'N00E010.hgt', west: 10, south: 0, east: 11, north: 1, cols: 1201, rows: 1201, arcSeconds: 3, voidsFilled: 3 }],
    });

    const list = await api.http.get('/api/v1/terrain').expect(200);
    const tile = list.body.find((t: { importId: string }) => t.importId === sub.body.id);
    expect(tile).toMatchObject({
      name: 'N00E010.hgt',
      source: 'imported',
      west: 10,
      south: 0,
      east: 11,
      north: 1,
      arcSeconds: 3,
      voidsFilled: 3,
      minM: 100,
      maxM: 500,
    });
    // a filled void takes its neighbours' height (flat 100 m there), not −32768
    const mosaic = await api.app.get(TerrainGrid).mosaic({ west: 10.08, south: 0.49, east: 10.09, north: 0.51 });
    expect(mosaic.heightAt(10 + 100 / 1200, 1 - 600 / 1200)).toBeCloseTo(100, 3);
    // new heights change every link: a whole-city recompute was started for the import
    // a cold worker builds the grid and every sector before it creates the run: seconds, more on a loaded machine
    let recompute: { kind: string }[] = [];
    for (let k = 0; k < 600 && !recompute.length; k++) {
      recompute = await api.db.query(`SELECT kind FROM coverage_run WHERE requested_by = 'terrain import' AND started_at >= $1`, [uploadedAt]);
      if (!recompute.length) await new Promise((res) => setTimeout(res, 100));
    }
    expect(recompute.length).toBeGreaterThanOrEqual(1);
    expect(recompute.every((r) => r.kind === 'full')).toBe(true);
  }, 120_000);

  it('finds the generated ridge: NLOS behind it with at least 20 dB of diffraction, LOS on the near side', async () => {
    const behind = await profile(api, '10.44,0.5,30', '10.56,0.5,1.5').expect(200);
    expect(behind.body).toMatchObject({ los: false, verdict: 'obstructed', model: '3gpp-uma' });
    expect(behind.body.distanceM).toBeGreaterThan(13_000);
    expect(behind.body.diffractionLossDb).toBeGreaterThanOrEqual(20);
    expect(behind.body.pathLoss).toMatchObject({ los: false });
    expect(behind.body.totalLossDb).toBeCloseTo(behind.body.pathLoss.pathLossDb + behind.body.diffractionLossDb, 1);
    // the main Deygout edge is the ridge crest, half-way along
    expect(behind.body.edges[0].heightM).toBeGreaterThan(450);
    expect(Math.abs(behind.body.edges[0].distanceM - behind.body.distanceM / 2)).toBeLessThan(200);
    expect(behind.body.minClearance.clearanceM).toBeLessThan(-300);
    // samples at DEM spacing (3″ ≈ 92.7 m) with earth bulge and F1
    expect(behind.body.spacingM).toBeGreaterThan(85);
    expect(behind.body.spacingM).toBeLessThan(93);
    const mid = behind.body.samples[Math.floor(behind.body.samples.length / 2)];
    expect(mid.bulgedM - mid.groundM).toBeGreaterThan(2.4); // (6.7 km)² / (2 · 4/3 · 6371 km) ≈ 2.6 m
    expect(mid.fresnelM).toBeGreaterThan(15);

    const near = await profile(api, '10.44,0.5,30', '10.48,0.5,10').expect(200);
    expect(near.body).toMatchObject({ los: true, verdict: 'clear', diffractionLossDb: 0, pathLoss: { los: true } });
    expect(near.body.minClearance.fractionOfF1).toBeGreaterThanOrEqual(0.6);
    // the same distance without the ridge in between loses far less than the link behind it
    expect(near.body.totalLossDb).toBeLessThan(behind.body.totalLossDb - 30);
  });

  it('imports a zip of .hgt tiles in one go', async () => {
    const zip = new AdmZip();
    zip.addFile(
      'tiles/N00E011.hgt',
      hgtTile(() => 120, 0, 11),
    );
    zip.addFile(
      'tiles/N01E010.hgt',
      hgtTile(() => 140, 1, 10),
    );
    zip.addFile('tiles/readme.txt', Buffer.from('two tiles'));
    const sub = await importFile(api, 'two-tiles.zip', zip.toBuffer()).expect(202);
    imports.push(sub.body.id);
    const done = await untilFinished(api, sub.body.id);
    expect(done.status).toBe('completed');
    expect(done.report.tiles.map((t: { name: string }) => t.name).sort()).toEqual(['N00E011.hgt', 'N01E010.hgt']);
    const across = await profile(api, '10.9,0.5,30', '11.1,0.5,1.5').expect(200);
    expect(across.body.from.groundM).toBeCloseTo(100, 0);
    expect(across.body.to.groundM).toBeCloseTo(120, 0);
  });

  it('imports a GeoTIFF in UTM 48N (EPSG:32648) over Jiefangbei: reprojected, and it replaces the modelled sample there', async () => {
    await loadSampleTerrain(api.db);
    const utm = proj4('EPSG:4326', '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs');
    const [x0, y0] = utm.forward([106.57, 29.565]);
    const size = 40; // 40 × 50 m: 2 km square
    const values = new Float32Array(size * size).fill(1000);
    values[size * 20 + 20] = -9999; // nodata, filled from its neighbours
    const tif = Buffer.from(
      writeArrayBuffer(values, {
        width: size,
        height: size,
        ModelPixelScale: [50, 50, 0],
        ModelTiepoint: [0, 0, 0, x0, y0, 0],
        ProjectedCSTypeGeoKey: 32648,
        GTModelTypeGeoKey: 1,
        GTRasterTypeGeoKey: 1,
        GDAL_NODATA: '-9999',
      } as never),
    );
    const before = await profile(api, '106.577,29.5575,30', '106.585,29.5575,1.5').expect(200);
    expect(before.body.from.groundM).toBeGreaterThan(250); // Jiefangbei on the modelled sample
    expect(before.body.from.groundM).toBeLessThan(400);

    const sub = await importFile(api, 'jiefangbei-utm.tif', tif).expect(202);
    imports.push(sub.body.id);
    const done = await untilFinished(api, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', format: 'geotiff' });
    expect(done.report.tiles[0]).toMatchObject({ name: 'jiefangbei-utm.tif', arcSeconds: 2 });
    expect(done.report.voidsFilled).toBeGreaterThanOrEqual(1);
    const t = done.report.tiles[0];
    expect(t.west).toBeGreaterThan(106.57);
    expect(t.west).toBeLessThan(106.571);
    expect(t.north).toBeLessThan(29.565);

    const after = await profile(api, '106.577,29.5575,30', '106.585,29.5575,1.5').expect(200);
    expect(after.body.from.groundM).toBeCloseTo(1000, 0);
    // outside the imported square the modelled sample still answers
    const outside = await profile(api, '106.53,29.556,30', '106.54,29.556,1.5').expect(200);
    expect(outside.body.from.groundM).toBeLessThan(400);
  });

  it('refuses bad terrain files with a 4xx naming the problem, and stores nothing', async () => {
    const count = async () =>
      (await api.db.query(`SELECT (SELECT count(*) FROM terrain_import)::int AS imports, (SELECT count(*) FROM terrain_tile)::int AS tiles`))[0];
    const before = await count();
    const wrongSize = await importFile(api, 'N29E106.hgt', Buffer.alloc(1000)).expect(400);
    expect(wrongSize.body.errors[0]).toMatchObject({ field: 'file', problem: expect.stringMatching(/1000 bytes.*2884802 bytes/) });
    const badName = await importFile(api, 'ridge.hgt', Buffer.alloc(1201 * 1201 * 2)).expect(400);
    expect(badName.body.errors[0]).toMatchObject({ field: 'fileName', problem: expect.stringMatching(/not an SRTM tile name/) });
    const notTiff = await importFile(api, 'dem.tif', Buffer.from('this is a text file, not a DEM')).expect(400);
    expect(notTiff.body.errors[0]).toMatchObject({ field: 'file', problem: expect.stringMatching(/not a GeoTIFF/) });
    const userCrs = Buffer.from(
      writeArrayBuffer(new Float32Array(16).fill(300), {
        width: 4,
        height: 4,
        ModelPixelScale: [30, 30, 0],
        ModelTiepoint: [0, 0, 0, 500000, 3270000, 0],
        ProjectedCSTypeGeoKey: 32767,
        GTModelTypeGeoKey: 1,
      } as never),
    );
    const unknownCrs = await importFile(api, 'local.tif', userCrs).expect(400);
    expect(unknownCrs.body.errors[0]).toMatchObject({ field: 'crs', problem: expect.stringMatching(/no EPSG code/) });
    const notACrs = await importFile(api, 'local.tif', userCrs, { crs: 'EPSG:99999' }).expect(400);
    expect(notACrs.body.errors[0]).toMatchObject({ field: 'crs', problem: expect.stringMatching(/EPSG:99999 is not a coordinate reference system/) });
    const noDem = new AdmZip();
    noDem.addFile('notes.txt', Buffer.from('no terrain here'));
    const emptyZip = await importFile(api, 'notes.zip', noDem.toBuffer()).expect(400);
    expect(emptyZip.body.errors[0]).toMatchObject({ field: 'file', problem: expect.stringMatching(/no \.hgt or GeoTIFF/) });
    const unknownType = await importFile(api, 'dem.asc', Buffer.from('ncols 2')).expect(400);
    expect(unknownType.body.errors[0].field).toBe('fileName');
    expect(await count()).toEqual(before);
  });

  it('answers a bad link with a 400 naming the field', async () => {
    const swapped = await profile(api, '29.55,106.57,30', '106.58,29.56,1.5').expect(400);
    expect(swapped.body.errors[0]).toMatchObject({ field: 'from', problem: expect.stringMatching(/swapped/) });
    const tooFar = await profile(api, '106.3,29.3,30', '107.4,29.9,1.5').expect(400);
    expect(tooFar.body.errors[0]).toMatchObject({ field: 'to', problem: expect.stringMatching(/at most 100 km/) });
    const sea = await profile(api, '-30.5,0.5,30', '-30.4,0.5,1.5').expect(400);
    expect(sea.body.errors[0]).toMatchObject({ field: 'from', problem: expect.stringMatching(/no terrain/) });
    expect(sea.body).toMatchObject({ error: 'validation_failed', code: 'terrain_missing' });
    const malformed = await profile(api, '106.57,29.55', '106.58,29.56,1.5').expect(400);
    expect(malformed.body.errors[0]).toMatchObject({ field: 'from', problem: expect.stringMatching(/three numbers/) });
    const noFreq = await api.http.get('/api/v1/coverage/profile').query({ from: '10.44,0.5,30', to: '10.48,0.5,10' }).expect(400);
    expect(noFreq.body.errors[0].field).toBe('frequencyMHz');
    const unknown = await profile(api, '10.44,0.5,30', '10.48,0.5,10', { radius: '5' }).expect(400);
    expect(unknown.body.errors[0].field).toBe('radius');
  });

  it('has the modelled sample terrain after load-sample, shaped like Chongqing at named places', async () => {
    await loadSampleTerrain(api.db);
    const [tile] = await api.db.query(
      `SELECT cols, rows, round((step_deg * 3600)::numeric, 3)::float8 AS arcsec FROM terrain_tile WHERE source = 'modelled sample'`,
    );
    expect(tile.arcsec).toBe(3);
    const m = await api.app.get(TerrainGrid).mosaic({ west: 106.3, south: 29.4, east: 106.6, north: 29.6 });
    const at = (lon: number, lat: number) => m.heightAt(lon, lat);
    for (const [lon, lat] of [
      [106.53, 29.556],
      [106.566, 29.553],
    ]) {
      expect(at(lon, lat)).toBeGreaterThan(250); // Yuzhong: Eling, Pipa Shan
      expect(at(lon, lat)).toBeLessThan(400);
    }
    expect(at(106.5875, 29.5665)).toBeLessThan(220); // the Yangtze at Chaotianmen
    expect(at(106.385, 29.45)).toBeGreaterThan(450); // Zhongliang Shan ridge
    // across Zhongliang Shan from Shapingba to the west: the ridge blocks a 3.5 GHz link
    const over = await profile(api, '106.45,29.45,30', '106.32,29.45,1.5').expect(200);
    expect(over.body.los).toBe(false);
    expect(over.body.diffractionLossDb).toBeGreaterThan(10);
  });
  it('serves hillshade map tiles of the terrain: shaded where the relief is, transparent where there is none', async () => {
    await loadSampleTerrain(api.db);
    const z = 12;
    const tileOf = (lon: number, lat: number) => {
      const r = (lat * Math.PI) / 180;
      return [Math.floor(((lon + 180) / 360) * 2 ** z), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)];
    };
    const [x, y] = tileOf(106.385, 29.45); // Zhongliang Shan
    const png = async (tx: number, ty: number) => {
      const res = await api.http
        .get(`/api/v1/terrain/hillshade/${z}/${tx}/${ty}.png`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/image\/png/);
      const file = res.body as Buffer;
      expect(file.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([file.readUInt32BE(16), file.readUInt32BE(20)]).toEqual([256, 256]);
      const idat = file.indexOf('IDAT');
      const pixels = inflateSync(file.subarray(idat + 4, idat + 4 + file.readUInt32BE(idat - 4)));
      let shaded = 0;
      let lit = 0;
      for (let row = 0; row < 256; row++) {
        for (let col = 0; col < 256; col++) {
          const o = row * 1025 + 1 + col * 4;
          if (pixels[o + 3] > 40) {
            if (pixels[o] === 255) lit++;
            else shaded++;
          }
        }
      }
      return { shaded, lit, etag: res.headers.etag };
    };
    // a ridge casts shadow on one flank and is lit on the other
    const ridgeTile = await png(x, y);
    expect(ridgeTile.shaded).toBeGreaterThan(1000);
    expect(ridgeTile.lit).toBeGreaterThan(1000);
    // unchanged terrain: the client's copy is still good
    await api.http.get(`/api/v1/terrain/hillshade/${z}/${x}/${y}.png`).set('If-None-Match', ridgeTile.etag).expect(304);
    const [sx, sy] = tileOf(-30.5, 0.5);
    expect(await png(sx, sy)).toMatchObject({ shaded: 0, lit: 0 });
    const tooFar = await api.http.get(`/api/v1/terrain/hillshade/3/1/1.png`).expect(400);
    expect(tooFar.body.errors[0].field).toBe('z');
  });
});
