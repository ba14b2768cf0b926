import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import AdmZip from 'adm-zip';
import fc from 'fast-check';
import { givenAWorker, givenTheApi, uniqueCode } from './support/api';
import { QueueName } from '../src/jobs/queues';
import { zippedShapefile } from './support/shapefile';
import { deflatedMember, deflatedZeros, shpHeader, zipOf } from './support/zip-bomb';

type Api = Awaited<ReturnType<typeof givenTheApi>>;

/**
 * Hostile and careless uploads (issue 13, findings 1 and 5): bombs are refused naming the cap they pass, the API
 * keeps answering meanwhile, a bad row is rejected by its line while the rest load, and no mutated file gets a 5xx
 * or leaves its batch anywhere but loaded or failed with a reason.
 */
describe('uploads that cannot hurt the server (real PostGIS, Redis and an in-process worker)', () => {
  let api: Api;
  let worker: INestApplicationContext;
  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenAWorker();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE '%UPB%' OR name LIKE '%上传测试%'`);
    await api.db.query(`DELETE FROM overlay WHERE code LIKE '%UPB%' OR name LIKE '%上传测试%'`);
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Imports));
    await worker.close();
    await queue.obliterate({ force: true });
    await api.app.get<Queue>(getQueueToken(QueueName.Colocation)).obliterate({ force: true });
    await api.close();
  });

  // (plain status checks, not supertest's expect(): its stack capture parses source maps synchronously, which would
  // stall the event loop this in-process API shares with the test and show up as slow health answers)
  async function finished(id: string) {
    for (let k = 0; k < 300; k++) {
      const r = await api.http.get(`/api/v1/imports/${id}`);
      expect(r.status).toBe(200);
      if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`import ${id} did not finish`);
  }

  const post = (query: Record<string, string>, contentType: string, body: string | Buffer) =>
    api.http.post('/api/v1/imports').query(query).set('Content-Type', contentType).send(body);

  const square = (lon: number, lat: number, d = 0.002): [number, number][] => [
    [lon, lat],
    [lon, lat + d],
    [lon + d, lat + d],
    [lon + d, lat],
    [lon, lat],
  ];
  const WGS84_PRJ =
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  const zoning = (over: Record<string, string> = {}) => ({
    code: uniqueCode('ZUPB'),
    kind: 'scenic_area',
    name: '上传测试区',
    authority: '万州区规划局',
    ...over,
  });
  const tower = (over: Record<string, unknown> = {}) => ({
    code: uniqueCode('UPB'),
    name: '上传测试塔',
    kind: 'monopole',
    ownerId: 'china-tower',
    heightM: 30,
    slotsTotal: 3,
    buildForm: 'standalone',
    ...over,
  });
  const point = (lon: number, lat: number, properties: Record<string, unknown>) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties,
  });

  describe('zip bombs', () => {
    // 1.5 GiB of zeros after a real .shp header: about 1.5 MB zipped, as in the issue
    const bomb = deflatedZeros(shpHeader(), 1536);

    it('refuses a zip whose central directory declares a member over the cap, without unpacking it (413), and the API keeps answering', async () => {
      const zip = zipOf([{ name: 'zoning.shp', deflated: bomb, declaredSize: 1536 * 1024 * 1024 }, deflatedMember('zoning.prj', Buffer.from(WGS84_PRJ))]);
      expect(zip.length).toBeLessThan(2 * 1024 * 1024);
      const health = pollHealth(api);
      const res = await post({ layer: 'overlays' }, 'application/zip', zip);
      const polls = await health.stop();
      expect(res.status).toBe(413);
      expect(res.body.errors[0]).toMatchObject({
        field: 'body',
        problem: expect.stringMatching(/zoning\.shp unpacks to 1536 MB; a zip member may unpack to at most 256 MB \(IMPORT_MAX_MEMBER_BYTES\)/),
      });
      expectHealthy(polls);
    });

    it('fails the batch of a zip whose central directory lies (declares 1 KB, inflates to 1.5 GiB) the moment the lie shows, and the API keeps answering', async () => {
      const zip = zipOf([{ name: 'zoning.shp', deflated: bomb, declaredSize: 1000 }, deflatedMember('zoning.prj', Buffer.from(WGS84_PRJ))]);
      const health = pollHealth(api);
      const sub = await post({ layer: 'overlays' }, 'application/zip', zip);
      const done = await finished(sub.body.id);
      const polls = await health.stop();
      expect(sub.status).toBe(202);
      expect(done).toMatchObject({
        status: 'failed',
        rowsLoaded: null,
        error: expect.stringMatching(/zoning\.shp unpacks to more than the 1000 bytes its zip entry declares.*IMPORT_MAX_MEMBER_BYTES/),
      });
      expectHealthy(polls);
      const [{ rss }] = [process.memoryUsage()];
      expect(rss).toBeLessThan(2 * 1024 ** 3); // nothing near the 1.5 GiB was ever held
    });

    it('refuses a zip with more entries than the cap (413), and one declaring more in all than the cap', async () => {
      const many = zipOf(Array.from({ length: 1001 }, (_, k) => deflatedMember(`f${k}.txt`, Buffer.from('x'))));
      const r1 = await post({ layer: 'overlays', crs: 'wgs84' }, 'application/zip', many).expect(413);
      expect(r1.body.errors[0].problem).toMatch(/1,001 entries; at most 1,000 .*IMPORT_MAX_ENTRIES/);
      const members = Array.from({ length: 3 }, (_, k) => ({
        name: `part${k}.shp`,
        deflated: deflatedZeros(Buffer.alloc(0), 1),
        declaredSize: 200 * 1024 * 1024,
      }));
      const r2 = await post({ layer: 'overlays', crs: 'wgs84' }, 'application/zip', zipOf(members)).expect(413);
      expect(r2.body.errors[0].problem).toMatch(/more than 512 MB in all \(IMPORT_MAX_TOTAL_BYTES\)/);
    });
  });

  describe('other bombs and poison', () => {
    it('refuses KML with entity declarations (billion laughs) with a 400, storing nothing', async () => {
      const entities = Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join('');
      const kml = `<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY lol0 "lol">${entities}]><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&lol9;</name></Placemark></Document></kml>`;
      const before = await api.db.query(`SELECT count(*)::int AS n FROM import_batch`);
      const res = await post({ layer: 'overlays' }, 'application/vnd.google-earth.kml+xml', kml).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'body', problem: expect.stringMatching(/DOCTYPE or ENTITY declaration is not accepted/) });
      expect(await api.db.query(`SELECT count(*)::int AS n FROM import_batch`)).toEqual(before);
    });

    it('refuses JSON nested 10,000 deep with a 400 naming the depth cap', async () => {
      const deep = `{"type":"FeatureCollection","features":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      const res = await post({ layer: 'structures' }, 'application/geo+json', deep).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'body', problem: 'nesting deeper than 64 levels (IMPORT_MAX_DEPTH)' });
    });

    it('refuses repair=true on a geometry 400,000 deep with a 400 naming the depth cap, and keeps running', async () => {
      const deep = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${'['.repeat(400_000)}${']'.repeat(400_000)}}}]}`;
      const res = await post({ layer: 'overlays', repair: 'true' }, 'application/geo+json', deep).expect(400);
      expect(res.body.errors[0].problem).toMatch(/IMPORT_MAX_DEPTH/);
      await api.http.get('/api/v1/health').expect(200);
    });

    it('refuses a Shapefile whose .prj proj4 cannot read with a 400 naming the .prj', async () => {
      const zip = zippedShapefile(
        [{ ring: square(108.2, 30.6), properties: zoning() }],
        'PROJCS["nonsense",GEOGCS["broken"],PROJECTION["No_Such_Projection"]]',
      );
      const res = await post({ layer: 'overlays' }, 'application/zip', zip).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'body', problem: expect.stringMatching(/^\.prj: proj4 cannot read this coordinate system/) });
    });
  });

  describe('demand batches: the same caps before anything is queued', () => {
    it('refuses GeoJSON demands nested 10,000 deep with a 400 naming the depth cap', async () => {
      const deep = `{"type":"FeatureCollection","features":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      const res = await api.http.post('/api/v1/colocation/batches').set('Content-Type', 'application/geo+json').send(deep);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'body', problem: 'nesting deeper than 64 levels (IMPORT_MAX_DEPTH)' });
    });

    it('rejects a demand line with a null character by its line instead of failing the batch', async () => {
      const csv = [
        'lon,lat,search_radius_m,operator,technology,band_mhz,antenna_height_m,slots,load_kg',
        '106.577,29.5575,300,china\u0000mobile,5G,3500,30,1,120',
      ].join('\n');
      const res = await api.http.post('/api/v1/colocation/batches').set('Content-Type', 'text/csv').send(csv);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ total: 1, valid: 0, status: 'completed' });
      expect(res.body.rejects).toEqual([{ line: 2, field: 'operator', problem: expect.stringMatching(/null character/) }]);
    });
  });

  describe('one bad row is rejected by its line, the rest load', () => {
    it('GeoJSON: a null character in a name', async () => {
      const [a, b] = [tower(), tower()];
      const file = {
        type: 'FeatureCollection',
        features: [point(106.55, 29.56, a), point(106.551, 29.56, tower({ name: 'bad\u0000name' })), point(106.552, 29.56, b)],
      };
      const sub = await post({ layer: 'structures' }, 'application/geo+json', JSON.stringify(file)).expect(202);
      const done = await finished(sub.body.id);
      expect(done).toMatchObject({ status: 'completed', rowsTotal: 3, rowsLoaded: 2, rowsRejected: 1 });
      expect(done.rejects).toEqual([{ line: 2, field: 'properties.name', problem: expect.stringMatching(/null character/) }]);
      expect((await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE code = ANY($1)`, [[a.code, b.code]]))[0].n).toBe(2);
    });

    it('CSV: a height out of PostgreSQL numeric range, and a lone surrogate', async () => {
      const codes = [uniqueCode('UPB'), uniqueCode('UPB'), uniqueCode('UPB'), uniqueCode('UPB')];
      const csv = [
        'code,name,kind,owner_id,height_m,slots_total,build_form,lon,lat',
        `${codes[0]},上传测试塔,monopole,china-tower,30,3,standalone,106.55,29.56`,
        `${codes[1]},上传测试塔,monopole,china-tower,1e300,3,standalone,106.55,29.56`,
        `${codes[2]},上传测试\ud800塔,monopole,china-tower,30,3,standalone,106.55,29.56`,
        `${codes[3]},上传测试塔,monopole,china-tower,45,3,standalone,106.56,29.57`,
      ].join('\n');
      // a lone surrogate cannot be sent as UTF-8: it arrives as the bytes a careless encoder writes (CESU-8)
      const body = Buffer.from(csv.replace('\ud800', '\u0001'), 'utf8');
      const at = body.indexOf(0x01);
      const bytes = Buffer.concat([body.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), body.subarray(at + 1)]);
      const sub = await post({ layer: 'structures', format: 'csv' }, 'application/octet-stream', bytes).expect(202);
      const done = await finished(sub.body.id);
      expect(done).toMatchObject({ status: 'completed', rowsTotal: 4 });
      expect(done.rejects).toEqual(expect.arrayContaining([{ line: 3, field: expect.stringMatching(/heightM|row/), problem: expect.any(String) }]));
      expect(done.rejects.every((r: { line: number }) => r.line === 3)).toBe(true); // the bad bytes become U+FFFD: the name loads
      expect((await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE code = ANY($1)`, [codes]))[0].n).toBe(3);
    });

    it('KML: a date PostgreSQL refuses (30 February)', async () => {
      const placemark = (props: Record<string, string>, ring: [number, number][]) =>
        `<Placemark><name>${props.name}</name><ExtendedData>${Object.entries(props)
          .filter(([k]) => k !== 'name')
          .map(([k, v]) => `<Data name="${k}"><value>${v}</value></Data>`)
          .join('')}</ExtendedData>
         <Polygon><outerBoundaryIs><LinearRing><coordinates>${ring.map((p) => p.join(',')).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
      const [a, b] = [zoning(), zoning()];
      const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
        ${placemark(a, square(108.2, 30.6))}${placemark(zoning({ validFrom: '2024-02-30' }), square(108.21, 30.6))}${placemark(b, square(108.22, 30.6))}</Document></kml>`;
      const sub = await post({ layer: 'overlays' }, 'application/vnd.google-earth.kml+xml', kml).expect(202);
      const done = await finished(sub.body.id);
      expect(done).toMatchObject({ status: 'completed', rowsTotal: 3, rowsLoaded: 2, rowsRejected: 1 });
      expect(done.rejects).toEqual([{ line: 2, field: expect.any(String), problem: expect.stringMatching(/out of range/) }]);
      expect((await api.db.query(`SELECT count(*)::int AS n FROM overlay WHERE code = ANY($1)`, [[a.code, b.code]]))[0].n).toBe(2);
    });

    it('Shapefile: a date PostgreSQL refuses (year 0)', async () => {
      const [a, b] = [zoning(), zoning()];
      const zip = zippedShapefile(
        [
          { ring: square(108.23, 30.6), properties: a },
          { ring: square(108.24, 30.6), properties: zoning({ valid_from: '0000-01-01' }) },
          { ring: square(108.25, 30.6), properties: b },
        ],
        WGS84_PRJ,
      );
      const sub = await post({ layer: 'overlays' }, 'application/zip', zip).expect(202);
      const done = await finished(sub.body.id);
      expect(done).toMatchObject({ status: 'completed', rowsTotal: 3, rowsLoaded: 2, rowsRejected: 1 });
      expect(done.rejects).toEqual([{ line: 2, field: expect.any(String), problem: expect.any(String) }]);
      expect((await api.db.query(`SELECT count(*)::int AS n FROM overlay WHERE code = ANY($1)`, [[a.code, b.code]]))[0].n).toBe(2);
    });
  });

  describe('fuzz: mutated files of every import format (seeded, bounded)', () => {
    const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
    const RUNS = Number(process.env.FUZZ_RUNS ?? 10);

    type Mutation =
      | { kind: 'truncate'; at: number }
      | { kind: 'flip'; at: number; bits: number }
      | { kind: 'insert'; at: number; bytes: number[] }
      | { kind: 'deepen'; levels: number };
    const INSERTS = [
      [0x00],
      [...Buffer.from('\\u0000')],
      [...Buffer.from('\\ud800')],
      [0xed, 0xa0, 0x80],
      [0xff, 0xfe],
      [0x22],
      [0x5b, 0x5b, 0x5b],
      [0x3c],
      [0x26],
      [0x2c, 0x0a],
    ];
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.constantFrom(...INSERTS) }),
      fc.record({ kind: fc.constant('deepen' as const), levels: fc.integer({ min: 2, max: 5000 }) }),
    );

    function mutate(file: Buffer, ms: Mutation[], deepen: (b: Buffer, levels: number) => Buffer): Buffer {
      let b: Buffer<ArrayBufferLike> = Buffer.from(file);
      for (const m of ms) {
        if (m.kind === 'truncate') b = b.subarray(0, m.at % (b.length + 1));
        else if (m.kind === 'flip' && b.length) b[m.at % b.length] ^= m.bits;
        else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, m.at % (b.length + 1)), Buffer.from(m.bytes), b.subarray(m.at % (b.length + 1))]);
        else if (m.kind === 'deepen') b = deepen(b, m.levels);
      }
      return b;
    }

    /** Whatever the file, no 5xx; a stored batch ends loaded or failed with a reason that is no stack trace. */
    async function survives(query: Record<string, string>, contentType: string, body: Buffer): Promise<void> {
      const res = await post(query, contentType, body);
      expect(res.status).toBeLessThan(500);
      if (res.status !== 202) {
        expect(res.body.errors?.[0]?.field).toEqual(expect.any(String));
        return;
      }
      const done = await finished(res.body.id);
      expect(['completed', 'failed']).toContain(done.status);
      if (done.status === 'failed') {
        expect(done.error).toEqual(expect.any(String));
        expect(done.error).not.toMatch(/\n\s+at |node_modules|QueryFailedError/);
      }
      // settled on the first attempt: a file's problem is reported, never a crash retried until it gives up
      const [{ attempts }] = await api.db.query(`SELECT attempts FROM import_batch WHERE id = $1`, [res.body.id]);
      expect(attempts).toBe(1);
    }

    const property = (base: () => Buffer, deepen: (b: Buffer, levels: number) => Buffer, query: Record<string, string>, contentType: string) =>
      fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => survives(query, contentType, mutate(base(), ms, deepen))),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );

    const wrap = (open: string, close: string) => (b: Buffer, n: number) => Buffer.concat([Buffer.from(open.repeat(n)), b, Buffer.from(close.repeat(n))]);

    it('GeoJSON', async () => {
      const base = () => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [point(106.55, 29.56, tower()), point(106.551, 29.561, tower())] }));
      const deepen = (b: Buffer, n: number) =>
        Buffer.from(
          b
            .toString('utf8')
            .replace('"coordinates":', `"coordinates":${'['.repeat(n)}`)
            .replace(/\]\}/, `]${']'.repeat(n)}}`),
        );
      await property(base, deepen, { layer: 'structures' }, 'application/geo+json');
    }, 60_000);

    it('CSV', async () => {
      const base = () =>
        Buffer.from(
          [
            'code,name,kind,owner_id,height_m,slots_total,build_form,lon,lat',
            `${uniqueCode('UPB')},上传测试塔,monopole,china-tower,30,3,standalone,106.55,29.56`,
            `${uniqueCode('UPB')},上传测试塔,rooftop,china-tower,45,4,attached,106.56,29.57`,
          ].join('\n'),
        );
      const deepen = (b: Buffer, n: number) =>
        Buffer.from(
          b
            .toString('utf8')
            .replace('lon,lat', 'lon,lat,geometry')
            .replace(/29\.56$/m, `29.56,"${'['.repeat(n)}106.55,29.56${']'.repeat(n)}"`),
        );
      await property(base, deepen, { layer: 'structures' }, 'text/csv');
    }, 60_000);

    it('KML', async () => {
      const base = () =>
        Buffer.from(
          `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${[zoning(), zoning()]
            .map(
              (p, k) =>
                `<Placemark><name>${p.name}</name><ExtendedData>${Object.entries(p)
                  .filter(([key]) => key !== 'name')
                  .map(([key, v]) => `<Data name="${key}"><value>${v}</value></Data>`)
                  .join('')}</ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>${square(108.3 + k / 100, 30.6)
                  .map((q) => q.join(','))
                  .join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`,
            )
            .join('')}</Document></kml>`,
        );
      const deepen = (b: Buffer, n: number) =>
        Buffer.from(
          b
            .toString('utf8')
            .replace('<Document>', `<Document>${'<Folder>'.repeat(n)}`)
            .replace('</Document>', `${'</Folder>'.repeat(n)}</Document>`),
        );
      await property(base, deepen, { layer: 'overlays' }, 'application/vnd.google-earth.kml+xml');
    }, 60_000);

    it('zipped Shapefile (members mutated inside a well-formed zip, or the zip itself)', async () => {
      const members = () =>
        new AdmZip(
          zippedShapefile(
            [
              { ring: square(108.4, 30.6), properties: zoning() },
              { ring: square(108.41, 30.6), properties: zoning() },
            ],
            WGS84_PRJ,
          ),
        )
          .getEntries()
          .map((e) => ({ name: e.entryName, data: e.getData() }));
      await fc.assert(
        fc.asyncProperty(fc.nat(4), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (which, ms, inside) => {
          const files = members();
          const deepen = wrap('', '');
          const zip = inside
            ? zipOf(files.map((f, k) => deflatedMember(f.name, k === which % files.length ? mutate(f.data, ms, deepen) : f.data)))
            : mutate(zipOf(files.map((f) => deflatedMember(f.name, f.data))), ms, deepen);
          await survives({ layer: 'overlays' }, 'application/zip', zip);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }, 60_000);
  });
});

/**
 * GET /health every 10 ms while the work runs (and on until at least 30 answers, so a p95 means something on a
 * busy 2-core machine): each answer's status and time.
 */
function pollHealth(api: Api) {
  const polls: { status: number; ms: number }[] = [];
  const warm = api.anonymous.get('/api/v1/health'); // connections opened before timing
  let running = true;
  const loop = (async () => {
    await warm;
    while (running || polls.length < 30) {
      const t0 = performance.now();
      const r = await api.anonymous.get('/api/v1/health');
      polls.push({ status: r.status, ms: performance.now() - t0 });
      await new Promise((res) => setTimeout(res, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return polls;
    },
  };
}

function expectHealthy(polls: { status: number; ms: number }[]): void {
  expect(polls.length).toBeGreaterThan(0);
  expect(polls.filter((p) => p.status !== 200)).toEqual([]);
  // never stalled (the old API stopped answering at once and died); its p95 is measured by `npm run bench -- load`
  expect(Math.max(...polls.map((p) => p.ms))).toBeLessThan(3000);
}
