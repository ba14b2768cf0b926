import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { positionFromWgs84 } from '../src/imports/crs';
import { ImportsService } from '../src/imports/imports.service';
import { givenAWorker, givenTheApi, uniqueCode } from './support/api';
import { QueueName } from '../src/jobs/queues';

async function untilFinished(http: Awaited<ReturnType<typeof givenTheApi>>['http'], id: string) {
  for (let k = 0; k < 200; k++) {
    const r = await http.get(`/api/v1/imports/${id}`).expect(200);
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('import did not finish');
}

describe('imports through the BullMQ worker (real Redis and PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let worker: INestApplicationContext;
  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenAWorker();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'IMP-%'`);
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Imports));
    await worker.close();
    await queue.obliterate({ force: true });
    await api.close();
  });

  it('converts a GCJ-02 GeoJSON file to WGS84 on the way in', async () => {
    const code = uniqueCode('IMP');
    const wgs: [number, number] = [106.5770, 29.5575];
    const gcj = positionFromWgs84(wgs, 'gcj02');
    const file = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: gcj }, properties: { code, name: '导入测试塔', kind: 'monopole', ownerId: 'china-tower', heightM: 25, slotsTotal: 3, buildForm: 'standalone' } }],
    };
    const sub = await api.http.post('/api/v1/imports').query({ layer: 'structures', crs: 'gcj02' }).set('Content-Type', 'application/geo+json').send(JSON.stringify(file)).expect(202);
    expect(sub.body.status).toBe('queued');
    const done = await untilFinished(api.http, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 1, rowsLoaded: 1, rowsRejected: 0 });
    const [row] = await api.db.query(`SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d FROM structure WHERE code = $1`, [code, wgs[0], wgs[1]]);
    expect(Number(row.d)).toBeLessThan(1);
  });

  it('loads the good rows of a CSV and reports each bad one by line with the reason', async () => {
    const a = uniqueCode('IMP');
    const b = uniqueCode('IMP');
    const csv = [
      'code,name,kind,owner_id,height_m,slots_total,build_form,lon,lat',
      `${a},好塔,monopole,china-tower,30,3,standalone,106.55,29.56`,
      `${uniqueCode('IMP')},坏类型,skyscraper,china-tower,30,3,standalone,106.55,29.56`,
      `${uniqueCode('IMP')},坐标颠倒,monopole,china-tower,30,3,standalone,29.56,106.55`,
      `${uniqueCode('IMP')},负高度,monopole,china-tower,-3,3,standalone,106.55,29.56`,
      `${b},好塔二,rooftop,china-tower,45,4,attached,106.56,29.57`,
    ].join('\n');
    const sub = await api.http.post('/api/v1/imports').query({ layer: 'structures' }).set('Content-Type', 'text/csv').send(csv).expect(202);
    const done = await untilFinished(api.http, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 5, rowsLoaded: 2, rowsRejected: 3 });
    expect(done.rejects).toEqual([
      { line: 3, field: 'properties.kind', problem: expect.stringContaining('skyscraper') },
      { line: 4, field: 'geometry.coordinates', problem: expect.stringMatching(/swapped/) },
      { line: 5, field: 'properties.heightM', problem: expect.stringMatching(/negative/) },
    ]);
    const n = await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE code = ANY($1)`, [[a, b]]);
    expect(n[0].n).toBe(2);
  });

  it('fails a file that is not JSON, loading nothing', async () => {
    const sub = await api.http.post('/api/v1/imports').query({ layer: 'overlays' }).set('Content-Type', 'application/json').send('{"type": "FeatureCollection", ').expect(202);
    const done = await untilFinished(api.http, sub.body.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/not valid JSON/);
  });

  it('answers 400 for an unknown layer or coordinate system', async () => {
    const res = await api.http.post('/api/v1/imports').query({ layer: 'towers', crs: 'utm' }).set('Content-Type', 'text/csv').send('a,b\n1,2').expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['crs', 'layer']);
  });

  it('a batch run twice (a redelivered job) adds its rows once', async () => {
    const code = uniqueCode('IMP');
    const csv = `code,name,kind,owner_id,height_m,slots_total,build_form,lon,lat\n${code},重复测试,monopole,china-tower,30,3,standalone,106.55,29.56\n`;
    const [batch] = await api.db.query(`INSERT INTO import_batch (layer, format, crs, payload) VALUES ('structures','csv','wgs84',$1) RETURNING id`, [csv]);
    const service = worker.get(ImportsService);
    expect(await service.run(batch.id)).toBe('done');
    expect(await service.run(batch.id)).toBe('already-done');
    const n = await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE code = $1`, [code]);
    expect(n[0].n).toBe(1);
  });

  it('a crash in the middle of a batch leaves no rows behind, and the retry loads them all once', async () => {
    const codes = [uniqueCode('IMP'), uniqueCode('IMP')];
    const csv = `code,name,kind,owner_id,height_m,slots_total,build_form,lon,lat\n${codes.map((c) => `${c},崩溃测试,monopole,china-tower,30,3,standalone,106.55,29.56`).join('\n')}\n`;
    const [batch] = await api.db.query(`INSERT INTO import_batch (layer, format, crs, payload) VALUES ('structures','csv','wgs84',$1) RETURNING id`, [csv]);
    // Simulate the worker dying after the rows are written but before the batch is marked complete.
    await api.db.query(`CREATE OR REPLACE FUNCTION pg_temp_crash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await api.db.query(`CREATE TRIGGER import_crash BEFORE UPDATE OF rows_loaded ON import_batch FOR EACH ROW WHEN (NEW.id = '${batch.id}') EXECUTE FUNCTION pg_temp_crash()`);
    const service = worker.get(ImportsService);
    await expect(service.run(batch.id)).rejects.toThrow(/simulated crash/);
    expect((await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE code = ANY($1)`, [codes]))[0].n).toBe(0);
    await api.db.query(`DROP TRIGGER import_crash ON import_batch`);
    await api.db.query(`DROP FUNCTION pg_temp_crash()`);
    expect(await service.run(batch.id)).toBe('done');
    expect((await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE code = ANY($1)`, [codes]))[0].n).toBe(2);
  });
});
