import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { givenAWorker, givenTheApi, sessionFor, untilImported } from './support/api';
import { QueueName } from '../src/jobs/queues';

type Api = Awaited<ReturnType<typeof givenTheApi>>;

const FILE_TYPES: Record<string, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  kml: 'application/vnd.google-earth.kml+xml',
  shapefile: 'application/zip',
};

/** The body as bytes, whatever its type. */
const binary = (res: unknown, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('exports: every format streams, and imports back as the same rows', () => {
  let api: Api;
  let worker: INestApplicationContext;
  const tag = `EXP${process.pid}${Date.now().toString(36)}`.toUpperCase();
  const codes = [1, 2, 3].map((k) => `${tag}-${k}`);
  const at = (k: number): [number, number] => [109.501 + k * 0.0013, 30.801 + k * 0.0007];
  const originals = [
    {
      code: codes[0],
      name: '巫山铁塔, "东" 站',
      kind: 'lattice_tower',
      ownerId: 'china-tower',
      heightM: 42.5,
      slotsTotal: 4,
      loadCapacityKg: 900,
      buildForm: 'standalone',
      address: '巫山县, 龙门街道 1 号',
    },
    {
      code: codes[1],
      name: '江边电力塔',
      kind: 'power_grid_tower',
      ownerId: 'state-grid-cq',
      heightM: 48,
      slotsTotal: 2,
      buildForm: 'standalone',
      voltageKv: 220,
      conductorHeightM: 36,
    },
    {
      code: codes[2],
      // starts like a formula: the CSV guards it for spreadsheets, and the import takes the guard off again
      name: '+3 号路灯 =东侧',
      kind: 'street_lamp_pole',
      ownerId: 'cq-lighting',
      heightM: 9,
      slotsTotal: 1,
      buildForm: 'attached',
      publicInstitution: true,
      builtOn: '2021-06-30',
    },
  ];

  const stored = async () =>
    api.db.query(
      `SELECT code, name, kind, owner_id AS "ownerId", height_m::float8 AS "heightM", slots_total AS "slotsTotal", load_capacity_kg::float8 AS "loadCapacityKg",
              build_form AS "buildForm", address, voltage_kv::float8 AS "voltageKv", conductor_height_m::float8 AS "conductorHeightM",
              public_institution AS "publicInstitution", built_on::text AS "builtOn", round(ST_X(geom)::numeric, 6)::float8 AS lon, round(ST_Y(geom)::numeric, 6)::float8 AS lat
         FROM structure WHERE code LIKE $1 ORDER BY code`,
      [`${tag}-%`],
    );

  let before: unknown[];
  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenAWorker();
    for (const [k, p] of originals.entries()) {
      await api.http
        .post('/api/v1/structures')
        .send({ type: 'Feature', geometry: { type: 'Point', coordinates: at(k) }, properties: p })
        .expect(201);
    }
    before = await stored();
    expect(before).toHaveLength(3);
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE $1`, [`${tag}-%`]);
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Imports));
    await worker.close();
    await queue.obliterate({ force: true });
    await api.close();
  });

  const importFile = async (format: string, file: Buffer) => {
    const sub = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', format })
      .set('Content-Type', FILE_TYPES[format])
      // text as text (supertest would send a Buffer with a JSON type as JSON of the Buffer)
      .send(format === 'xlsx' || format === 'shapefile' ? file : file.toString('utf8'))
      .expect(202);
    return untilImported(api.http, sub.body.id);
  };

  it.each(['geojson', 'csv', 'xlsx', 'kml', 'shapefile'])('%s: exported, deleted, imported back: the same rows', async (format) => {
    const res = await api.http
      .get('/api/v1/structures/export')
      .query({ format, code: codes.join(',') })
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain(FILE_TYPES[format]);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="structures\./);
    const file = res.body as Buffer;
    await api.db.query(`DELETE FROM structure WHERE code LIKE $1`, [`${tag}-%`]);
    const done = await importFile(format, file);
    expect(done).toMatchObject({ status: 'completed', rowsLoaded: 3, rowsRejected: 0 });
    expect(await stored()).toEqual(before);
  });

  it.each(['geojson', 'csv', 'xlsx', 'kml', 'shapefile'])(
    '%s: a download of every structure cancelled midway gives its database connection back',
    async (format) => {
      const server = api.app.getHttpServer() as http.Server;
      if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      const token = await sessionFor(api.db, 'admin');
      // the client hangs up on the first bytes (a Shapefile sends none before its zip: after a moment)
      await new Promise<void>((resolve) => {
        const req = http.get(`http://127.0.0.1:${port}/api/v1/structures/export?format=${format}`, { headers: { Authorization: `Bearer ${token}` } }, (res) =>
          res.once('data', () => req.destroy()),
        );
        req.on('error', () => undefined).on('close', resolve);
        setTimeout(() => req.destroy(), 500);
      });
      const exporting = async () =>
        (
          await api.db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND query LIKE 'SELECT jsonb_build_object(''type'',''Feature''%'`,
          )
        )[0].n as number;
      const deadline = Date.now() + 10_000;
      while ((await exporting()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await exporting()).toBe(0);
    },
  );

  it('an xlsx export has the layer as its sheet, a header of field names and lon/lat columns', async () => {
    const res = await api.http.get('/api/v1/structures/export').query({ format: 'xlsx', code: codes[0] }).buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.getWorksheet('structures')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['id', 'code', 'name', 'kind']);
    expect(header.slice(-2)).toEqual(['lon', 'lat']);
    expect(ws.rowCount).toBe(2);
  });

  it('refuses a format it does not write, naming the parameter', async () => {
    const r = await api.http.get('/api/v1/structures/export').query({ format: 'gpkg' }).expect(400);
    expect(r.body.errors[0]).toMatchObject({ field: 'format', problem: expect.stringContaining('geojson, csv, xlsx, kml, shapefile') });
  });
});
