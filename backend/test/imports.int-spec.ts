import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { positionFromWgs84 } from '../src/imports/crs';
import { ImportsService } from '../src/imports/imports.service';
import { givenAWorker, givenTheApi, uniqueCode, untilImported } from './support/api';
import { QueueName } from '../src/jobs/queues';
import { createDataSource } from '../src/database/data-source';
import proj4 from 'proj4';
import { zippedShapefile } from './support/shapefile';

describe('imports through the BullMQ worker (real Redis and PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let worker: INestApplicationContext;
  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenAWorker();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'IMP-%'`);
    await api.db.query(`DELETE FROM overlay WHERE code LIKE 'ZIMP-%'`);
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Imports));
    await worker.close();
    await queue.obliterate({ force: true });
    await api.close();
  });

  // Zoning files of the planning bureau, around (108.1, 30.6) in Wanzhou.
  const square = (lon: number, lat: number, d = 0.002): [number, number][] => [
    [lon, lat],
    [lon, lat + d],
    [lon + d, lat + d],
    [lon + d, lat],
    [lon, lat],
  ]; // clockwise, as Shapefiles want
  const bowtie = (lon: number, lat: number, d = 0.002): [number, number][] => [
    [lon, lat],
    [lon + d, lat + d],
    [lon + d, lat],
    [lon, lat + d],
    [lon, lat],
  ];
  const WGS84_PRJ =
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  const UTM48_PRJ =
    'PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
  const zoningProps = (over: Record<string, string> = {}) => ({
    code: uniqueCode('ZIMP'),
    kind: 'scenic_area',
    name: '测试风景区',
    authority: '万州区规划局',
    ...over,
  });

  it('imports zoning from KML, reporting the placemark it rejects and why', async () => {
    const placemark = (props: Record<string, string>, ring: [number, number][]) =>
      `<Placemark><name>${props.name}</name><ExtendedData>${Object.entries(props)
        .filter(([k]) => k !== 'name')
        .map(([k, v]) => `<Data name="${k}"><value>${v}</value></Data>`)
        .join('')}</ExtendedData>
       <Polygon><outerBoundaryIs><LinearRing><coordinates>${ring.map((p) => p.join(',')).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
    const ok = zoningProps();
    const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      ${placemark(ok, square(108.1, 30.6))}${placemark(zoningProps({ kind: 'volcano' }), square(108.11, 30.6))}</Document></kml>`;
    const sub = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'overlays' })
      .set('Content-Type', 'application/vnd.google-earth.kml+xml')
      .send(kml)
      .expect(202);
    const done = await untilImported(api.http, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', format: 'kml', rowsLoaded: 1, rowsRejected: 1 });
    expect(done.rejects[0]).toMatchObject({ line: 2, field: 'properties.kind' });
    const [o] = await api.db.query(`SELECT kind, authority, round(ST_XMin(geom)::numeric, 4)::float8 AS x FROM overlay WHERE code = $1`, [ok.code]);
    expect(o).toEqual({ kind: 'scenic_area', authority: '万州区规划局', x: 108.1 });
    // the worker parses it (the API only stores the file): a broken document fails its batch, loading nothing
    const broken = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'overlays', format: 'kml' })
      .set('Content-Type', 'application/xml')
      .send('<kml><Placemark>')
      .expect(202);
    expect(await untilImported(api.http, broken.body.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/not a KML document/) });
  });

  it('imports a zipped Shapefile with its .prj; a self-intersecting polygon is rejected, or repaired when asked', async () => {
    const good = zoningProps();
    const twisted = zoningProps({ kind: 'no_build_zone', name: '测试禁建区' });
    const zip = zippedShapefile(
      [
        { ring: square(108.12, 30.6), properties: good },
        { ring: bowtie(108.13, 30.6), properties: twisted },
      ],
      WGS84_PRJ,
    );
    const strict = await api.http.post('/api/v1/imports').query({ layer: 'overlays' }).set('Content-Type', 'application/zip').send(zip).expect(202);
    const s = await untilImported(api.http, strict.body.id);
    expect(s).toMatchObject({ status: 'completed', format: 'shapefile', rowsLoaded: 1, rowsRejected: 1, repaired: [] });
    expect(s.rejects[0]).toMatchObject({ line: 2, field: 'geometry', problem: expect.stringMatching(/Self-intersection/) });
    // the same file with ?repair=true: the bow-tie becomes two triangles, and the report says so
    const again = zippedShapefile([{ ring: bowtie(108.13, 30.6), properties: { ...twisted, code: uniqueCode('ZIMP') } }], WGS84_PRJ);
    const repaired = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'overlays', repair: 'true' })
      .set('Content-Type', 'application/zip')
      .send(again)
      .expect(202);
    const r = await untilImported(api.http, repaired.body.id);
    expect(r).toMatchObject({
      status: 'completed',
      rowsLoaded: 1,
      rowsRejected: 0,
      repaired: [{ line: 1, reason: expect.stringMatching(/Self-intersection/) }],
    });
    const [g] = await api.db.query(
      `SELECT ST_IsValid(geom) AS valid, ST_NumGeometries(geom)::int AS parts FROM overlay WHERE code LIKE 'ZIMP-%' AND kind = 'no_build_zone'`,
    );
    expect(g).toEqual({ valid: true, parts: 2 });
  });

  it('reprojects a projected Shapefile (UTM 48N) to WGS84, and asks which system when there is no .prj', async () => {
    const toUtm = proj4('WGS84', UTM48_PRJ);
    const props = zoningProps({ kind: 'heritage_area', name: '测试历史文化区' });
    const zip = zippedShapefile([{ ring: square(108.14, 30.6).map((p) => toUtm.forward(p) as [number, number]), properties: props }], UTM48_PRJ);
    const sub = await api.http.post('/api/v1/imports').query({ layer: 'overlays' }).set('Content-Type', 'application/zip').send(zip).expect(202);
    expect(await untilImported(api.http, sub.body.id)).toMatchObject({ status: 'completed', rowsLoaded: 1 });
    const [b] = await api.db.query(`SELECT ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1 FROM overlay WHERE code = $1`, [props.code]);
    expect(b.x0).toBeCloseTo(108.14, 6);
    expect(b.y0).toBeCloseTo(30.6, 6);
    expect(b.x1).toBeCloseTo(108.142, 6);
    // no .prj: the importer cannot guess, and says how to tell it
    const bare = zippedShapefile([{ ring: square(108.15, 30.6), properties: zoningProps() }]);
    const asked = await api.http.post('/api/v1/imports').query({ layer: 'overlays' }).set('Content-Type', 'application/zip').send(bare).expect(400);
    expect(asked.body.errors[0]).toMatchObject({ field: 'crs', problem: expect.stringMatching(/no \.prj/) });
    // told it is GCJ-02, it converts to WGS84 (a few hundred metres west and north in Chongqing)
    const told = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'overlays', crs: 'gcj02' })
      .set('Content-Type', 'application/zip')
      .send(bare)
      .expect(202);
    expect(await untilImported(api.http, told.body.id)).toMatchObject({ status: 'completed', rowsLoaded: 1 });
    const garbage = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'overlays' })
      .set('Content-Type', 'application/zip')
      .send(Buffer.from('not a zip'))
      .expect(400);
    expect(garbage.body.errors[0].field).toBe('body');
  });

  it('converts a GCJ-02 GeoJSON file to WGS84 on the way in', async () => {
    const code = uniqueCode('IMP');
    const wgs: [number, number] = [106.577, 29.5575];
    const gcj = positionFromWgs84(wgs, 'gcj02');
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: gcj },
          properties: { code, name: '导入测试塔', kind: 'monopole', ownerId: 'china-tower', heightM: 25, slotsTotal: 3, buildForm: 'standalone' },
        },
      ],
    };
    const sub = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', crs: 'gcj02' })
      .set('Content-Type', 'application/geo+json')
      .send(JSON.stringify(file))
      .expect(202);
    expect(sub.body.status).toBe('queued');
    const done = await untilImported(api.http, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 1, rowsLoaded: 1, rowsRejected: 0 });
    const [row] = await api.db.query(
      `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d FROM structure WHERE code = $1`,
      [code, wgs[0], wgs[1]],
    );
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
    const done = await untilImported(api.http, sub.body.id);
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
    const sub = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'overlays' })
      .set('Content-Type', 'application/json')
      .send('{"type": "FeatureCollection", ')
      .expect(202);
    const done = await untilImported(api.http, sub.body.id);
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
    // Simulate the worker dying after the rows are written but before the batch is marked complete. A trigger is
    // the schema owner's to install: the application's own role cannot (database-roles.int-spec.ts).
    const owner = await createDataSource(process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL!, 1).initialize();
    await owner.query(`CREATE OR REPLACE FUNCTION pg_temp_crash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await owner.query(
      `CREATE TRIGGER import_crash BEFORE UPDATE OF rows_loaded ON import_batch FOR EACH ROW WHEN (NEW.id = '${batch.id}') EXECUTE FUNCTION pg_temp_crash()`,
    );
    const service = worker.get(ImportsService);
    await expect(service.run(batch.id)).rejects.toThrow(/simulated crash/);
    expect((await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE code = ANY($1)`, [codes]))[0].n).toBe(0);
    await owner.query(`DROP TRIGGER import_crash ON import_batch`);
    await owner.query(`DROP FUNCTION pg_temp_crash()`);
    await owner.destroy();
    expect(await service.run(batch.id)).toBe('done');
    expect((await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE code = ANY($1)`, [codes]))[0].n).toBe(2);
  });
});
