import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import proj4 from 'proj4';
import { givenAWorker, givenTheApi, untilImported } from './support/api';
import { QueueName } from '../src/jobs/queues';
import { positionFromWgs84 } from '../src/imports/crs';
import { deflatedMember, deflatedZeros, zipOf } from './support/zip-bomb';

type Api = Awaited<ReturnType<typeof givenTheApi>>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Geodesic distance in metres between a stored structure and a WGS84 point, measured by PostGIS. */
async function metresFrom(api: Api, code: string, p: [number, number]): Promise<number> {
  const [r] = await api.db.query(`SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d FROM structure WHERE code = $1`, [
    code,
    ...p,
  ]);
  if (!r) throw new Error(`no structure ${code}`);
  return Number(r.d);
}

describe('imports the way planning offices keep their data: mappings, Excel, Chinese coordinate systems, OSM, streets', () => {
  let api: Api;
  let worker: INestApplicationContext;
  const tag = `MAP${process.pid}${Date.now().toString(36)}`.toUpperCase();
  // a spot in Chengdu: a city with no streets or poles in Cosite's sample
  const CHENGDU: [number, number] = [104.0657, 30.6595];
  const at = (eastM: number, northM: number): [number, number] => [
    CHENGDU[0] + eastM / (111320 * Math.cos((CHENGDU[1] * Math.PI) / 180)),
    CHENGDU[1] + northM / 110574,
  ];

  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenAWorker();
  });
  afterAll(async () => {
    await api.db.query(
      `DELETE FROM pole_consolidation_run r WHERE EXISTS (SELECT 1 FROM pole_consolidation_proposal p JOIN street s ON s.id = p.street_id WHERE p.run_id = r.id AND s.code LIKE $1)
          OR ST_DWithin(r.area::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 1000)`,
      [`OSM-way/${tag}%`, ...CHENGDU],
    );
    await api.db.query(`DELETE FROM street WHERE code LIKE $1`, [`OSM-way/${tag}%`]);
    await api.db.query(`DELETE FROM structure WHERE code LIKE $1 OR code LIKE $2`, [`${tag}%`, `OSM-node/${tag}%`]);
    await api.db.query(`DELETE FROM import_mapping_profile WHERE name LIKE $1`, [`${tag}%`]);
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Imports));
    await worker.close();
    await queue.obliterate({ force: true });
    await api.close();
  });

  /** A China Tower inventory workbook: a title row above the header, Chinese columns and values, a second sheet. */
  async function inventoryWorkbook(rows: (string | number)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('说明');
    notes.addRow(['本表为测试数据']);
    const ws = wb.addWorksheet('站址台账');
    ws.addRow(['重庆铁塔站址台账（2026年11月）']);
    ws.mergeCells('A1:G1');
    ws.addRow(['站址编码', '站址名称', '塔型', '产权单位', '塔高(厘米)', '经度', '纬度']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('imports an xlsx with Chinese headers and values through a saved mapping profile, after a dry run that shows each row’s errors', async () => {
    const book = await inventoryWorkbook([
      [`${tag}-X1`, '解放碑铁塔', '铁塔', '铁塔', 4500, 106.577, 29.5575],
      [`${tag}-X2`, '朝天门楼顶', '楼顶', '移动', 2400, 106.585, 29.565],
      [`${tag}-X3`, '砖塔一号', '砖塔', '铁塔', 3000, 106.57, 29.55],
      [`${tag}-X4`, '无主塔', '单管塔', '某公司', 3000, 106.571, 29.551],
    ]);

    // what the file holds: both sheets, the header found below the title row
    const seen = await api.http.post('/api/v1/imports/inspect').set('Content-Type', XLSX).send(book).expect(200);
    expect(seen.body.sheets.map((s: { name: string }) => s.name)).toEqual(['说明', '站址台账']);
    expect(seen.body).toMatchObject({ format: 'xlsx', sheet: '站址台账', headerRow: 2, rows: 4, hasGeometry: false });
    expect(seen.body.columns.map((c: { name: string }) => c.name)).toEqual(['站址编码', '站址名称', '塔型', '产权单位', '塔高(厘米)', '经度', '纬度']);
    expect(seen.body.columns.find((c: { name: string }) => c.name === '塔型').samples).toEqual(['铁塔', '楼顶', '砖塔', '单管塔']);

    const profile = await api.http
      .post('/api/v1/imports/profiles')
      .send({
        name: `${tag} 铁塔台账`,
        layer: 'structures',
        mapping: {
          geometry: { x: '经度', y: '纬度' },
          fields: {
            code: { from: '站址编码' },
            name: { from: '站址名称' },
            kind: { from: '塔型', values: { 铁塔: 'lattice_tower', 楼顶: 'rooftop', 单管塔: 'monopole' } },
            ownerId: { from: '产权单位', values: { 铁塔: 'china-tower', 移动: 'china-mobile' } },
            heightM: { from: '塔高(厘米)', unit: 'cm' },
            slotsTotal: { constant: 3 },
            buildForm: { constant: 'standalone' },
          },
        },
      })
      .expect(201);
    // a second profile of the same name in the organisation is refused, naming the name
    const twice = await api.http.post('/api/v1/imports/profiles').send({ name: `${tag} 铁塔台账`, layer: 'structures', mapping: { fields: {} } });
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0].field).toBe('name');

    const dry = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', profile: profile.body.id, dryRun: 'true' })
      .set('Content-Type', XLSX)
      .send(book)
      .expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, rowsTotal: 4, rowsValid: 2, rowsRejected: 2 });
    expect(dry.body.preview[0]).toMatchObject({
      line: 3,
      properties: { code: `${tag}-X1`, name: '解放碑铁塔', kind: 'lattice_tower', ownerId: 'china-tower', heightM: 45 },
      geometry: { type: 'Point', coordinates: [106.577, 29.5575] },
      problems: [],
    });
    expect(dry.body.preview[2].problems).toEqual([expect.objectContaining({ field: 'properties.kind', problem: expect.stringContaining('砖塔') })]);
    // the database's own check (an owner that is no organisation) is in the dry run too
    expect(dry.body.preview[3].problems).toEqual([expect.objectContaining({ field: 'properties.ownerId' })]);
    // nothing was written
    expect(await api.db.query(`SELECT 1 FROM structure WHERE code LIKE $1`, [`${tag}-X%`])).toHaveLength(0);

    const sub = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', profile: profile.body.id })
      .set('Content-Type', XLSX)
      .send(book)
      .expect(202);
    const done = await untilImported(api.http, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', format: 'xlsx', rowsLoaded: 2, rowsRejected: 2 });
    expect(done.rejects.map((r) => r.line)).toEqual([5, 6]);
    const rows = await api.db.query(`SELECT code, kind, owner_id AS "ownerId", height_m::float8 AS "heightM" FROM structure WHERE code LIKE $1 ORDER BY code`, [
      `${tag}-X%`,
    ]);
    expect(rows).toEqual([
      { code: `${tag}-X1`, kind: 'lattice_tower', ownerId: 'china-tower', heightM: 45 },
      { code: `${tag}-X2`, kind: 'rooftop', ownerId: 'china-mobile', heightM: 24 },
    ]);
  });

  it('refuses a mapping naming a field the layer does not have, and a profile of another layer', async () => {
    const bad = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', dryRun: 'true', mapping: JSON.stringify({ fields: { towerHeight: { from: 'h' } } }) })
      .set('Content-Type', 'text/csv')
      .send('h\n30\n');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'mapping.fields.towerHeight', problem: expect.stringContaining('heightM') });
    const wrong = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', profile: 'osm-streets' })
      .set('Content-Type', 'application/geo+json')
      .send('{}');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'profile', problem: 'osm-streets maps streets, not structures' });
  });

  it('imports the same points given in WGS84, CGCS2000 3° Gauss-Krüger zone 35 (with and without the zone prefix) and GCJ-02 to within 1 m', async () => {
    const points: [number, number][] = [
      [106.577, 29.5575],
      [106.4821, 29.6077],
      [107.0, 29.3],
    ];
    // zone 35's parameters written here from the GB/T definition, independently of Cosite's table
    const gk = (prefix: boolean) =>
      proj4('WGS84', `+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=${prefix ? 35500000 : 500000} +y_0=0 +ellps=GRS80 +units=m +no_defs`);
    const files: { crs: string; xy: (p: [number, number]) => number[] }[] = [
      { crs: 'wgs84', xy: (p) => p },
      { crs: 'EPSG:4523', xy: (p) => gk(true).forward(p) },
      { crs: 'EPSG:4544', xy: (p) => gk(false).forward(p) },
      { crs: 'gcj02', xy: (p) => positionFromWgs84(p, 'gcj02') },
    ];
    for (const f of files) {
      const code = (k: number) => `${tag}-C${f.crs.replace(/\W/g, '')}-${k}`;
      const csv = [
        'code,name,kind,ownerId,heightM,slotsTotal,buildForm,x,y',
        ...points.map((p, k) => `${code(k)},点${k},monopole,china-tower,30,3,standalone,${f.xy(p).join(',')}`),
      ].join('\n');
      const sub = await api.http.post('/api/v1/imports').query({ layer: 'structures', crs: f.crs }).set('Content-Type', 'text/csv').send(csv).expect(202);
      expect(await untilImported(api.http, sub.body.id)).toMatchObject({ status: 'completed', rowsLoaded: 3 });
      for (let k = 0; k < points.length; k++) expect(await metresFrom(api, code(k), points[k])).toBeLessThan(1);
    }
  });

  it('refuses coordinates that cannot be in the chosen system with a 400 that says why', async () => {
    const csv = (x: number, y: number) =>
      `code,name,kind,ownerId,heightM,slotsTotal,buildForm,x,y\n${tag}-BAD,点,monopole,china-tower,30,3,standalone,${x},${y}`;
    const degrees = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', crs: 'EPSG:4523' })
      .set('Content-Type', 'text/csv')
      .send(csv(106.577, 29.5575));
    expect(degrees.status).toBe(400);
    expect(degrees.body.errors[0]).toMatchObject({ field: 'crs', problem: expect.stringContaining('looks like degrees') });
    // a zone-prefixed easting in the system without the prefix
    const prefixed = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', crs: 'EPSG:4544' })
      .set('Content-Type', 'text/csv')
      .send(csv(35655000, 3271000));
    expect(prefixed.status).toBe(400);
    expect(prefixed.body.errors[0].problem).toMatch(/zone number 35 in front/);
    const unknown = await api.http.post('/api/v1/imports').query({ layer: 'structures', crs: 'EPSG:32648' }).set('Content-Type', 'text/csv').send(csv(1, 2));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('crs');
    // Xian 1980 loads, with the warning that a local transformation is needed for metre accuracy
    const xian = proj4('WGS84', '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=IAU76 +units=m +no_defs').forward([106.577, 29.5575]);
    const sub = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', crs: 'EPSG:2380' })
      .set('Content-Type', 'text/csv')
      .send(csv(xian[0], xian[1]))
      .expect(202);
    expect(sub.body.warnings[0]).toMatch(/7-parameter/);
    expect(await untilImported(api.http, sub.body.id)).toMatchObject({ status: 'completed', rowsLoaded: 1 });
  });

  const osmFeature = (id: string, tags: Record<string, string>, geometry: unknown) => ({ type: 'Feature', id, properties: { '@id': id, ...tags }, geometry });

  it('imports an OpenStreetMap extract of power towers and street lamps through the preset; a streets import then lets pole integration run in a new city', async () => {
    const lamp = (k: number, eastM: number) => osmFeature(`node/${tag}${k}`, { highway: 'street_lamp' }, { type: 'Point', coordinates: at(eastM, 12) });
    const extract = {
      type: 'FeatureCollection',
      features: [
        osmFeature(`node/${tag}1`, { power: 'tower', operator: '国家电网', ref: '12#' }, { type: 'Point', coordinates: at(0, 400) }),
        lamp(2, 0),
        lamp(3, 10),
        osmFeature(`node/${tag}4`, { power: 'pole' }, { type: 'Point', coordinates: at(18, 12) }),
        // not a structure Cosite keeps: filtered by the preset, not an error
        osmFeature(`node/${tag}5`, { amenity: 'bench' }, { type: 'Point', coordinates: at(5, 12) }),
        osmFeature(`node/${tag}6`, { man_made: 'tower', 'tower:type': 'observation' }, { type: 'Point', coordinates: at(5, 60) }),
      ],
    };
    const sub = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'structures', profile: 'osm-structures' })
      .set('Content-Type', 'application/geo+json')
      .send(extract)
      .expect(202);
    const done = await untilImported(api.http, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', rowsLoaded: 4, rowsRejected: 0, rowsFiltered: 2 });
    const kinds = await api.db.query(`SELECT code, kind, owner_id AS "ownerId", name FROM structure WHERE code LIKE $1 ORDER BY code`, [`OSM-node/${tag}%`]);
    expect(kinds).toEqual([
      { code: `OSM-node/${tag}1`, kind: 'power_grid_tower', ownerId: 'state-grid-cq', name: '12#' },
      { code: `OSM-node/${tag}2`, kind: 'street_lamp_pole', ownerId: 'cosite-admin', name: `street_lamp node/${tag}2` },
      { code: `OSM-node/${tag}3`, kind: 'street_lamp_pole', ownerId: 'cosite-admin', name: `street_lamp node/${tag}3` },
      { code: `OSM-node/${tag}4`, kind: 'utility_pole', ownerId: 'cosite-admin', name: `pole node/${tag}4` },
    ]);

    const area = { type: 'Polygon', coordinates: [[at(-300, -200), at(300, -200), at(300, 200), at(-300, 200), at(-300, -200)]] };
    const runPoles = async () => {
      const started = await api.http.post('/api/v1/poles/consolidation-runs').send({ area }).expect(202);
      for (let i = 0; i < 200; i++) {
        const r = await api.http.get(`/api/v1/poles/consolidation-runs/${started.body.id}`).expect(200);
        if (r.body.status === 'done')
          return {
            runId: started.body.id as string,
            ...(await api.http.get(`/api/v1/poles/consolidation-runs/${started.body.id}/proposals`).expect(200)).body,
          };
        if (r.body.status === 'failed') throw new Error(r.body.error);
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('run did not finish');
    };
    // no streets here: no pole stands on a kerb, so nothing can be merged
    expect((await runPoles()).features).toHaveLength(0);

    const streets = (name: string) => ({
      type: 'FeatureCollection',
      features: [
        osmFeature(`way/${tag}1`, { highway: 'residential', name }, { type: 'LineString', coordinates: [at(-250, 0), at(250, 0)] }),
        osmFeature(`way/${tag}2`, { highway: 'footway' }, { type: 'LineString', coordinates: [at(-250, 30), at(250, 30)] }),
        osmFeature(`way/${tag}4`, { highway: 'secondary', name: '二环路' }, { type: 'LineString', coordinates: [at(-250, 100), at(250, 100)] }),
      ],
    });
    const s1 = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'streets', profile: 'osm-streets' })
      .set('Content-Type', 'application/geo+json')
      .send(streets('人民南路'))
      .expect(202);
    expect(await untilImported(api.http, s1.body.id)).toMatchObject({ status: 'completed', rowsLoaded: 2, rowsFiltered: 1 });
    const proposals = await runPoles();
    // the proposals export as a planning office takes them: KML for Google Earth, a Shapefile for the GIS desktop
    const kml = await api.http.get(`/api/v1/poles/consolidation-runs/${proposals.runId}/proposals`).query({ format: 'kml' }).expect(200);
    expect(kml.headers['content-type']).toContain('kml');
    expect(kml.text.match(/<Placemark>/g)).toHaveLength(1);
    expect(kml.text).toContain('人民南路');
    const shp = await api.http.get(`/api/v1/poles/consolidation-runs/${proposals.runId}/proposals`).query({ format: 'shapefile' }).expect(200);
    expect(shp.headers['content-disposition']).toMatch(/smart-poles-.*\.zip/);
    expect(proposals.features).toHaveLength(1);
    // the two lamps and the utility pole on the kerb become one smart pole
    expect(proposals.features[0].properties).toMatchObject({ streetZh: '人民南路', polesRemoved: 3 });

    // re-importing the area replaces its streets (二环路 goes); the one a proposal refers to is kept and said so
    const s2 = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'streets', profile: 'osm-streets' })
      .set('Content-Type', 'application/geo+json')
      .send({
        type: 'FeatureCollection',
        features: [
          osmFeature(`way/${tag}3`, { highway: 'primary', name: '天府大道' }, { type: 'LineString', coordinates: [at(-250, -50), at(250, -50)] }),
          osmFeature(`way/${tag}5`, { highway: 'tertiary', name: '玉林路' }, { type: 'LineString', coordinates: [at(-250, 150), at(250, 150)] }),
        ],
      })
      .expect(202);
    const replaced = await untilImported(api.http, s2.body.id);
    expect(replaced).toMatchObject({ status: 'completed', rowsLoaded: 2 });
    expect(replaced.warnings.join(' ')).toMatch(/1 streets of the area replaced; 1 kept because pole proposals refer to them/);
    const left = await api.db.query(`SELECT code, class, district_id AS "districtId" FROM street WHERE code LIKE $1 ORDER BY code`, [`OSM-way/${tag}%`]);
    expect(left).toEqual([
      { code: `OSM-way/${tag}1`, class: 'local', districtId: null },
      { code: `OSM-way/${tag}3`, class: 'primary', districtId: null },
      { code: `OSM-way/${tag}5`, class: 'secondary', districtId: null },
    ]);
  });

  it('refuses an xlsx bomb, an xlsx and a KML with entity declarations with a 4xx, storing nothing', async () => {
    const before = Number((await api.db.query(`SELECT count(*) FROM import_batch`))[0].count);
    const bomb = zipOf([
      deflatedMember('[Content_Types].xml', Buffer.from('<Types/>')),
      deflatedMember('xl/workbook.xml', Buffer.from('<workbook/>')),
      { name: 'xl/worksheets/sheet1.xml', deflated: deflatedZeros(Buffer.from('<worksheet>'), 1536), declaredSize: 1024 },
    ]);
    const r = await api.http.post('/api/v1/imports').query({ layer: 'structures', dryRun: 'true' }).set('Content-Type', XLSX).send(bomb);
    expect([400, 413]).toContain(r.status);
    expect(r.body.errors[0].problem).toMatch(/zip bomb|more than/);
    const ent = zipOf([
      deflatedMember('xl/workbook.xml', Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><workbook>&e;</workbook>')),
    ]);
    const r2 = await api.http.post('/api/v1/imports/inspect').set('Content-Type', XLSX).send(ent);
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0].problem).toMatch(/entities/);
    // a KML reaching for a file on the server through an external entity
    const xxe = await api.http
      .post('/api/v1/imports')
      .query({ layer: 'overlays' })
      .set('Content-Type', 'application/vnd.google-earth.kml+xml')
      .send('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml><Document><name>&x;</name></Document></kml>');
    expect(xxe.status).toBe(400);
    expect(xxe.body.errors[0].field).toBe('body');
    expect(Number((await api.db.query(`SELECT count(*) FROM import_batch`))[0].count)).toBe(before);
  });
});
