import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { writeArrayBuffer } from 'geotiff';
import { cellToParent } from 'h3-js';
import { givenAWorker, givenTheApi } from './support/api';
import { JobName, QueueName } from '../src/jobs/queues';
import { bigintToH3, POPULATION_CELL_AREA_KM2, POPULATION_RESOLUTION, h3ToBigint } from '../src/radio/universe';
import { builtUpClass } from '../src/clutter/worldcover';
import { clutterClassCodes, clutterVersion } from '../src/clutter/clutter.repository';
import { CoverageJob } from '../src/coverage/jobs/coverage.job';
import { CLUTTER_CLASSES, CLUTTER_UNKNOWN } from '../src/radio/propagation/clutter';

type Api = Awaited<ReturnType<typeof givenTheApi>>;

/** A square of Yuzhong near Jiefangbei, 1.2 km on a side, at WorldCover's 10 m (0.0001°): water west of MID, built-up east. */
const [WEST, NORTH, STEP, SIDE] = [106.565, 29.565, 0.0001, 120];
const MID = WEST + (SIDE / 2) * STEP;

function worldCover(values: ArrayLike<number>, width: number, height: number, west: number, north: number, extra: Record<string, unknown> = {}): Buffer {
  const data = values instanceof Float32Array ? values : Uint8Array.from(values as number[]);
  const keys = Object.fromEntries(
    Object.entries({ GeographicTypeGeoKey: 4326, GTModelTypeGeoKey: 2, GTRasterTypeGeoKey: 1, ...extra }).filter(([, v]) => v !== undefined),
  );
  return Buffer.from(writeArrayBuffer(data, { width, height, ModelPixelScale: [STEP, STEP, 0], ModelTiepoint: [0, 0, 0, west, north, 0], ...keys } as never));
}

function halfWaterHalfBuilt(): Buffer {
  const codes = new Uint8Array(SIDE * SIDE);
  for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) codes[r * SIDE + c] = c < SIDE / 2 ? 80 : 50;
  return worldCover(codes, SIDE, SIDE, WEST, NORTH);
}

async function untilFinished(api: Api, id: string) {
  for (let k = 0; k < 600; k++) {
    const r = await api.http.get(`/api/v1/clutter/imports/${id}`).expect(200);
    if ((r.body.status === 'completed' && r.body.report?.recompute) || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('clutter import did not finish');
}

type Row = { h3: string; class: string; source: string; importId: string | null };
const allCells = async (api: Api): Promise<Map<string, Row>> =>
  new Map((await api.db.query(`SELECT h3::text AS h3, class, source, import_id AS "importId" FROM clutter_cell`)).map((r: Row) => [r.h3, r]));

describe('clutter: classified GeoTIFF imports over the city grid (real PostGIS, Redis and worker)', () => {
  let api: Api;
  let worker: INestApplicationContext;
  let before: Map<string, Row>;
  const imports: string[] = [];
  const runs: string[] = [];

  const cancelRunning = async () => {
    for (const r of (await api.http.get('/api/v1/coverage/runs').expect(200)).body) {
      if (r.status === 'running') await api.http.post(`/api/v1/coverage/runs/${r.id}/cancel`);
    }
  };

  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenAWorker();
    // the runs the imports start are checked, not computed: the coverage chunks stay queued (and are cancelled)
    await worker.get(CoverageJob).worker.pause(true);
    // an import's recompute must find no full run going, unless a test starts one
    await cancelRunning();
    before = await allCells(api);
  });

  afterAll(async () => {
    await cancelRunning();
    // the imported cells get their earlier classes back; the test's imports go
    const touched = [...(await allCells(api)).values()].filter((r) => r.importId && imports.includes(r.importId));
    const back = touched.map((r) => before.get(r.h3)).filter((r): r is Row => !!r);
    await api.db.query(`DELETE FROM clutter_cell WHERE import_id = ANY($1::uuid[])`, [imports]);
    if (back.length) {
      await api.db.query(`INSERT INTO clutter_cell (h3, class, source, import_id) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::uuid[])`, [
        back.map((r) => r.h3),
        back.map((r) => r.class),
        back.map((r) => r.source),
        back.map((r) => r.importId),
      ]);
    }
    await api.db.query(`DELETE FROM clutter_import WHERE id = ANY($1::uuid[])`, [imports]);
    await api.db.query(`DELETE FROM coverage_run WHERE id = ANY($1::uuid[])`, [runs]).catch(() => undefined);
    const queues = [QueueName.Clutter, QueueName.Coverage].map((q) => api.app.get<Queue>(getQueueToken(q)));
    await worker.close();
    for (const q of queues) await q.obliterate({ force: true });
    await api.close();
  }, 120_000);

  it('has the sample’s derived classes to start from', () => {
    const sample = [...before.values()].filter((r) => r.source === 'sample');
    expect(sample.length).toBeGreaterThan(100_000);
    expect(new Set(sample.map((r) => r.class))).toEqual(new Set(CLUTTER_CLASSES));
  });

  it('imports a WorldCover GeoTIFF (multipart): the cells under it take its classes, built-up split by density; every other cell keeps its class; a coverage recompute starts', async () => {
    const versionBefore = await clutterVersion(api.db);
    const sub = await api.http.post('/api/v1/clutter/imports').attach('file', halfWaterHalfBuilt(), 'yuzhong-worldcover.tif').expect(202);
    imports.push(sub.body.id);
    expect(sub.body).toMatchObject({ fileName: 'yuzhong-worldcover.tif', status: 'queued', crs: 4326 });
    const done = await untilFinished(api, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', progress: 1, error: null });
    expect(done.report).toMatchObject({ crs: 4326, pixels: SIDE * SIDE, nodataPixels: 0, cellsFromCentrePixel: 0 });
    expect(done.report.byClass.water).toBeGreaterThan(20);

    const after = await allCells(api);
    const imported = [...after.values()].filter((r) => r.importId === sub.body.id);
    expect(imported).toHaveLength(done.report.cells);
    // every grid cell whose centre is inside the raster was classed, none whose centre is well outside it
    const box = (inset: number) => [WEST + inset, NORTH - SIDE * STEP + inset, WEST + SIDE * STEP - inset, NORTH - inset];
    const gridIn = async (b: number[]): Promise<string[]> =>
      (await api.db.query(`SELECT h3::text AS h3 FROM coverage_grid WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)`, b)).map((r: { h3: string }) => r.h3);
    const importedSet = new Set(imported.map((r) => r.h3));
    const inside = await gridIn(box(0.0003));
    expect(inside.length).toBeGreaterThan(80);
    expect(inside.filter((h) => !importedSet.has(h))).toEqual([]);
    const near = new Set(await gridIn(box(-0.001)));
    expect(imported.filter((r) => !near.has(r.h3))).toEqual([]);
    expect(imported.every((r) => r.source === 'import')).toBe(true);
    // away from the dividing line and the edges, west is water and east is built-up at the cell's density
    const parents = imported.map((r) => h3ToBigint(cellToParent(bigintToH3(r.h3), POPULATION_RESOLUTION)));
    const population = new Map<string, number>(
      (await api.db.query(`SELECT h3::text AS h3, population::float8 AS p FROM population_cell WHERE h3 = ANY($1::bigint[])`, [parents])).map(
        (r: { h3: string; p: number }) => [r.h3, r.p],
      ),
    );
    const centres: { h3: string; lon: number }[] = await api.db.query(
      `SELECT h3::text AS h3, ST_X(geom) AS lon FROM coverage_grid WHERE h3 = ANY($1::bigint[])`,
      [imported.map((r) => r.h3)],
    );
    const lonOf = new Map(centres.map((c) => [c.h3, c.lon]));
    let west = 0;
    let east = 0;
    imported.forEach((r, k) => {
      const lon = lonOf.get(r.h3)!;
      if (Math.abs(lon - MID) < 0.0008) return;
      if (lon < MID) {
        expect(r.class).toBe('water');
        west++;
      } else {
        expect(r.class).toBe(builtUpClass((population.get(parents[k]) ?? 0) / POPULATION_CELL_AREA_KM2));
        east++;
      }
    });
    expect(west).toBeGreaterThan(10);
    expect(east).toBeGreaterThan(10);
    // Jiefangbei is dense: the built-up side is not all suburban
    expect(imported.some((r) => r.class === 'dense_urban' || r.class === 'urban')).toBe(true);

    // every cell outside the raster keeps exactly what it had
    const changedElsewhere = [...before.values()].filter(
      (r) => after.get(r.h3)?.importId !== sub.body.id && JSON.stringify(after.get(r.h3)) !== JSON.stringify(r),
    );
    expect(changedElsewhere).toEqual([]);
    expect(after.size).toBe(new Set([...before.keys(), ...imported.map((r) => r.h3)]).size);

    // the engine's read sees the new classes, and the version moved
    expect(await clutterVersion(api.db)).not.toBe(versionBefore);
    const codes = await clutterClassCodes(api.db, [imported[0].h3, '1']);
    expect(codes[0]).toBe(CLUTTER_CLASSES.indexOf(imported[0].class as never));
    expect(codes[1]).toBe(CLUTTER_UNKNOWN);

    const counts = await api.http.get('/api/v1/clutter').expect(200);
    expect(counts.body.bySource.import).toBeGreaterThanOrEqual(done.report.cells);
    expect(counts.body.total).toBe(after.size);
    expect(counts.body.byClass.water).toBe([...after.values()].filter((r) => r.class === 'water').length);

    // a whole-city recompute was started for the import
    expect(done.report.recompute).toMatchObject({ status: 'started' });
    runs.push(done.report.recompute.runId);
    const [run] = await api.db.query(`SELECT kind, requested_by FROM coverage_run WHERE id = $1`, [done.report.recompute.runId]);
    expect(run).toEqual({ kind: 'full', requested_by: 'clutter import' });
    await api.http.post(`/api/v1/coverage/runs/${done.report.recompute.runId}/cancel`).expect(201);
  });

  it('with a full run already going, the import still completes and the recompute waits for that run (a delayed job)', async () => {
    await cancelRunning();
    const running = await api.http.post('/api/v1/coverage/runs').expect(202);
    runs.push(running.body.id);
    const sub = await api.http
      .post('/api/v1/clutter/imports')
      .query({ fileName: 'raw-body.tif' })
      .set('Content-Type', 'image/tiff')
      .send(halfWaterHalfBuilt())
      .expect(202);
    imports.push(sub.body.id);
    const done = await untilFinished(api, sub.body.id);
    expect(done.status).toBe('completed');
    expect(done.report.recompute).toMatchObject({ status: 'pending', waitingFor: running.body.id });
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Clutter));
    const delayed = await queue.getJobs(['delayed', 'waiting']);
    expect(delayed.filter((j) => j.name === JobName.RecomputeAfterImport).map((j) => j.data.reason)).toContain('clutter import');
    await api.http.post(`/api/v1/coverage/runs/${running.body.id}/cancel`).expect(201);
  });

  it('refuses bad clutter files with a 400 naming the problem, and stores nothing', async () => {
    const count = async () =>
      (await api.db.query(`SELECT (SELECT count(*) FROM clutter_import)::int AS imports, (SELECT count(*) FROM clutter_cell)::int AS cells`))[0];
    const start = await count();
    const post = (body: Buffer, query: Record<string, string> = {}) =>
      api.http.post('/api/v1/clutter/imports').query(query).set('Content-Type', 'application/octet-stream').send(body);

    const text = await post(Buffer.from('a text file, not a GeoTIFF')).expect(400);
    expect(text.body.errors[0]).toMatchObject({ field: 'file', problem: expect.stringMatching(/not a GeoTIFF/) });
    const float = await post(worldCover(new Float32Array(16).fill(50), 4, 4, WEST, NORTH)).expect(400);
    expect(float.body.errors[0]).toMatchObject({ field: 'file', problem: expect.stringMatching(/floating-point.*integer class codes/) });
    const codes = new Uint8Array(16).fill(50);
    codes[5] = 42;
    const badCode = await post(worldCover(codes, 4, 4, WEST, NORTH)).expect(400);
    expect(badCode.body.errors[0]).toMatchObject({
      field: 'file',
      problem: expect.stringMatching(/holds 42 at pixel \(1, 1\).*not an ESA WorldCover class code/),
    });
    const userCrs = await post(
      worldCover(new Uint8Array(16).fill(50), 4, 4, 500000, 3270000, { GeographicTypeGeoKey: undefined, ProjectedCSTypeGeoKey: 32767, GTModelTypeGeoKey: 1 }),
    ).expect(400);
    expect(userCrs.body.errors[0]).toMatchObject({ field: 'crs', problem: expect.stringMatching(/no EPSG code/) });
    const elsewhere = await post(worldCover(new Uint8Array(16).fill(50), 4, 4, 10, 1)).expect(400);
    expect(elsewhere.body.errors[0]).toMatchObject({ field: 'file', problem: expect.stringMatching(/does not overlap the city grid/) });
    expect(elsewhere.body).toMatchObject({ error: 'validation_failed', code: 'outside_city_grid' });
    const empty = await post(Buffer.alloc(0)).expect(400);
    expect(empty.body.errors[0].field).toBe('file');
    const wrongPart = await api.http.post('/api/v1/clutter/imports').attach('raster', halfWaterHalfBuilt(), 'x.tif').expect(400);
    expect(wrongPart.body.errors[0]).toMatchObject({ field: 'file', problem: expect.stringMatching(/one part named "file"/) });
    const unknownParam = await post(halfWaterHalfBuilt(), { layer: 'clutter' }).expect(400);
    expect(unknownParam.body.errors[0].field).toBe('layer');

    const planner = await api.as('planner.mobile');
    await planner.post('/api/v1/clutter/imports').attach('file', halfWaterHalfBuilt(), 'x.tif').expect(403);
    expect(await count()).toEqual(start);
  });
});
