import fc from 'fast-check';
import { PERMISSIONS } from '../src/auth/permissions';
import { MAX_JSON_DEPTH } from '../src/common/request-edge';
import { aStructure, aTenancy, givenTheApi, JIEFANGBEI } from './support/api';

/**
 * Property-based fuzz of every write endpoint (issue 13, finding 5): valid bodies mutated field by field (wrong
 * types, huge numbers, NaN-ish strings, null bytes, lone surrogates, deep nesting, unknown enum values, swapped
 * coordinates, broken geometry), odd content types, charsets and encodings, unknown query parameters, as an admin
 * and as a planner. Whatever comes in, the API answers below 500, and every refusal has the error shape; a 400,
 * 413 or 415 names the field.
 *
 * Seeded and bounded: the seed is printed (replay with FUZZ_SEED=<seed>), runs per endpoint are capped and so is
 * each endpoint's time. Endpoints that queue worker jobs (imports, demand batches, coverage and consolidation runs)
 * are fuzzed with inputs that are invalid by construction, so nothing the fuzz sends is ever loaded or computed by
 * another suite's workers; everything else it creates carries a FUZZ- code or is tracked by id and removed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
// about 80 endpoint-identity pairs: the whole file stays under ~90 s even when the machine is busy
const MS_PER_ENDPOINT = 1000;

type Json = unknown;
type Who = 'admin' | 'planner';

interface Target {
  /** As in the permission table: "POST /api/v1/structures". */
  route: string;
  path: () => string;
  body?: () => Json;
  /** Queues worker jobs on success: every input is made invalid by construction (see the file's comment). */
  queuesJobs?: 'unknown-field' | 'unknown-param';
  /** A text upload rather than JSON. */
  textBody?: () => string;
}

const tag = `FUZZ-${process.pid}-${Date.now().toString(36)}`;
let serial = 0;
const code = () => `${tag}-${++serial}`;
const NO_UUID = '00000000-0000-4000-8000-000000000000';
const suiteStart = new Date();
const near = (dx: number, dy: number): [number, number] => [JIEFANGBEI[0] + dx, JIEFANGBEI[1] + dy];
const square = (x: number, y: number, d = 0.001) => ({
  type: 'Polygon',
  coordinates: [[near(x, y), near(x + d, y), near(x + d, y + d), near(x, y + d), near(x, y)]],
});

// ---------- hostile values ----------

const nest = (depth: number, leaf: Json = 'monopole'): Json => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { k: v } : [v];
  return v;
};

const BROKEN_GEOMETRIES: Json[] = [
  { type: 'Point' },
  { type: 'Point', coordinates: [] },
  { type: 'Point', coordinates: [JIEFANGBEI[1], JIEFANGBEI[0]] }, // swapped
  { type: 'Point', coordinates: [1e308, -1e308] },
  { type: 'Point', coordinates: ['106.5', '29.5'] },
  { type: 'LineString', coordinates: [near(0, 0)] },
  { type: 'Polygon', coordinates: [[near(0, 0), near(0.001, 0.001), near(0, 0.001)]] }, // not closed
  { type: 'Polygon', coordinates: [[near(0, 0), near(0.001, 0.001), near(0.001, 0), near(0, 0.001), near(0, 0)]] }, // bow-tie
  { type: 'MultiPolygon', coordinates: [[[]]] },
  { type: 'GeometryCollection', geometries: [] },
  { type: 'Feature', geometry: null },
  { type: 'Polygon', coordinates: nest(200, 0) },
  { type: 'Circle', coordinates: [106.5, 29.5], radius: 10 },
];

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<Json>(
      null,
      true,
      false,
      0,
      -1,
      1e308,
      -1e308,
      2 ** 63,
      2 ** 53 + 2,
      5e-324,
      -0,
      '',
      ' ',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e999',
      '0x1F',
      '1,5',
      'null',
      '[]',
      '{}',
      '9'.repeat(400),
      'x'.repeat(20_000),
      "' OR 1=1 --",
      '../../etc/passwd',
      '=HYPERLINK("http://x")',
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfffy',
      '😀',
      '解放碑',
      'not-a-known-value',
      'MONOPOLE',
      '2024-02-30',
      '99999-01-01',
      NO_UUID,
      'Point',
    ),
  },
  { weight: 2, arbitrary: anyCodeUnits },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => Number(n)),
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: MAX_JSON_DEPTH - 2, max: 2000 }).map((d) => nest(d)) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_GEOMETRIES) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const MALFORMED_JSON = [
  '',
  '{',
  '{"a":}',
  '[1,2',
  'null',
  '"text"',
  '12',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '{"\u0000":1}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  `${'['.repeat(100_000)}`,
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
];

// ---------- mutations of a valid body ----------

type Path = (string | number)[];
/** Every path into a value (containers and leaves), so a mutation can hit any field at any depth. */
function pathsOf(v: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (v && typeof v === 'object' && at.length < 8) for (const [k, c] of Object.entries(v)) pathsOf(c, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}
const clone = (v: Json): Json => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function setAt(root: Json, path: Path, value: Json | typeof DELETE): Json {
  if (!path.length) return value === DELETE ? undefined : value;
  const copy = clone(root) as Record<string | number, Json>;
  let o = copy;
  for (const k of path.slice(0, -1)) {
    // an earlier mutation may have replaced this branch: then there is nothing to change here
    if (!o || typeof o !== 'object') return root;
    o = o[k] as Record<string | number, Json>;
  }
  if (!o || typeof o !== 'object') return root;
  const last = path[path.length - 1];
  if (value === DELETE) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else o[last] = value;
  return copy;
}
const DELETE = Symbol('delete');

/** Swaps every [lon, lat] pair and every {lon, lat}: the mistake GeoJSON users make most. */
function swapCoordinates(v: Json): Json {
  if (Array.isArray(v)) return v.length === 2 && v.every((n) => typeof n === 'number') ? [v[1], v[0]] : v.map(swapCoordinates);
  if (v && typeof v === 'object') {
    const o = Object.fromEntries(Object.entries(v).map(([k, c]) => [k, swapCoordinates(c)]));
    return 'lon' in o && 'lat' in o ? { ...o, lon: o.lat, lat: o.lon } : o;
  }
  return v;
}

const mutation = (base: Json) => {
  const paths = pathsOf(base);
  const fields = paths.filter((p) => p.length);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...paths), hostileValue).map(
        ([p, v]) =>
          (b: Json) =>
            setAt(b, p, v),
      ),
    },
    {
      weight: fields.length ? 2 : 0,
      arbitrary: fields.length ? fc.constantFrom(...fields).map((p) => (b: Json) => setAt(b, p, DELETE)) : fc.constant((b: Json) => b),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('fuzz', 'order', 'kind[]', '__proto__', 'na\u0000me', '\ud800'), hostileValue).map(
        ([k, v]) =>
          (b: Json) =>
            b && typeof b === 'object' && !Array.isArray(b) ? { ...b, [k]: v } : b,
      ),
    },
    { weight: 1, arbitrary: fc.constant((b: Json) => swapCoordinates(b)) },
    { weight: 1, arbitrary: fc.constant(() => undefined as Json) },
  );
};

interface Transport {
  contentType: string;
  encoding?: string;
  query?: string;
  raw?: string;
}
const transport: fc.Arbitrary<Transport> = fc.record({
  contentType: fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'application/json; charset=bogus',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/geo+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/xml',
        'application/json; charset="utf-8"',
      ),
    },
  ),
  encoding: fc.oneof(
    { weight: 8, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'identity', 'gzip, gzip') },
  ),
  query: fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('order=code', 'kind[]=monopole', 'mapping=a:b', 'limit=1&limit=2', 'x=%00', '%ED%A0%80=1', 'a[b][c]=1') },
  ),
  raw: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON) }),
});

// ---------- the endpoints ----------

describe('fuzz: every write endpoint answers bad input with a 4xx, never a 5xx', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let as: Record<Who, Awaited<ReturnType<typeof api.as>>>;
  const created: Record<string, Set<string>> = {};
  let analysisId = '';
  let application = { id: NO_UUID, version: 1 };
  const fixtures: Record<string, () => Promise<string>> = {};
  let failures: string[] = [];

  const LAYER_BODIES: Record<string, () => Json> = {
    structures: () => aStructure({ code: code(), name: 'fuzz tower' }, near(0.2, 0.2)),
    tenancies: () => aTenancy(structureId),
    routes: () => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [near(0.2, 0.2), near(0.201, 0.2)] },
      properties: {
        code: code(),
        kind: 'duct',
        ownerId: 'china-tower',
        capacityTotal: 6,
        capacityUsed: 1,
        tenants: [{ operatorId: 'china-mobile', unitsUsed: 1 }],
      },
    }),
    'observed-cells': () => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: near(0.2, 0.2) },
      properties: { radio: 'NR', mcc: 460, net: 0, area: 999, cell: 1_000_000 + ++serial, averageSignal: -90 },
    }),
    overlays: () => ({
      type: 'Feature',
      geometry: square(0.2, 0.2),
      properties: { code: code(), kind: 'scenic_area', name: 'fuzz overlay', authority: 'fuzz' },
    }),
    'key-sites': () => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: near(0.2, 0.2) },
      properties: { code: code(), category: 'hospital', nameZh: '模糊测试医院' },
    }),
  };
  let structureId = '0';

  // away from the fuzz's own structures, so no application it files holds one of them
  const demand = () => ({
    location: { lon: near(0.25, 0.25)[0], lat: near(0.25, 0.25)[1] },
    searchRadiusM: 300,
    operator: 'china-mobile',
    technology: '5G',
    bandMHz: 2600,
    antennaHeightM: 25,
    slots: 1,
    loadKg: 120,
  });
  const targets: Target[] = [
    { route: 'POST /api/v1/auth/sign-in', path: () => '/api/v1/auth/sign-in', body: () => ({ username: 'fuzz.nobody', password: 'not-the-password' }) },
    { route: 'POST /api/v1/auth/sign-out', path: () => '/api/v1/auth/sign-out' },
    {
      route: 'POST /api/v1/users',
      path: () => '/api/v1/users',
      body: () => ({ username: code().toLowerCase(), displayName: 'Fuzz user', organisationId: 'china-telecom', password: 'a-long-password-1' }),
    },
    { route: 'PATCH /api/v1/users/:id', path: () => '/api/v1/users/999999999', body: () => ({ displayName: 'Fuzz', disabled: false }) },
    ...Object.keys(LAYER_BODIES).flatMap((layer): Target[] => [
      { route: `POST /api/v1/${layer}`, path: () => `/api/v1/${layer}`, body: LAYER_BODIES[layer] },
      { route: `PATCH /api/v1/${layer}/:id`, path: () => `/api/v1/${layer}/:fixture`, body: LAYER_BODIES[layer] },
      { route: `DELETE /api/v1/${layer}/:id`, path: () => `/api/v1/${layer}/:fixture` },
    ]),
    {
      route: 'POST /api/v1/imports',
      path: () => '/api/v1/imports?layer=structures',
      textBody: () => JSON.stringify({ type: 'FeatureCollection', features: [LAYER_BODIES.structures()] }),
      queuesJobs: 'unknown-param',
    },
    { route: 'POST /api/v1/imports/inspect', path: () => '/api/v1/imports/inspect?format=csv', textBody: () => '站址编码,塔型\nA1,铁塔\n' },
    {
      route: 'POST /api/v1/imports/profiles',
      path: () => '/api/v1/imports/profiles',
      body: () => ({
        name: code(),
        layer: 'structures',
        crs: 'EPSG:4523',
        mapping: { fields: { code: { from: '站址编码' }, kind: { from: '塔型', values: { 铁塔: 'lattice_tower' } } } },
      }),
    },
    {
      route: 'PUT /api/v1/imports/profiles/:id',
      path: () => `/api/v1/imports/profiles/${NO_UUID}`,
      body: () => ({ name: code(), layer: 'structures', mapping: { fields: { heightM: { from: 'h', unit: 'cm' } }, geometry: { x: 'x', y: 'y' } } }),
    },
    { route: 'DELETE /api/v1/imports/profiles/:id', path: () => `/api/v1/imports/profiles/${NO_UUID}` },
    {
      route: 'POST /api/v1/terrain/imports',
      path: () => '/api/v1/terrain/imports?fileName=N29E106.hgt',
      textBody: () => 'not a DEM',
      queuesJobs: 'unknown-param',
    },
    {
      route: 'POST /api/v1/clutter/imports',
      path: () => '/api/v1/clutter/imports?fileName=worldcover.tif',
      textBody: () => 'not a GeoTIFF',
      queuesJobs: 'unknown-param',
    },
    { route: 'POST /api/v1/coverage/runs', path: () => '/api/v1/coverage/runs', body: () => ({ model: 'cost231-hata' }), queuesJobs: 'unknown-field' },
    { route: 'POST /api/v1/coverage/runs/:id/cancel', path: () => `/api/v1/coverage/runs/${NO_UUID}/cancel` },
    { route: 'POST /api/v1/coverage/runs/:id/retry', path: () => `/api/v1/coverage/runs/${NO_UUID}/retry` },
    { route: 'POST /api/v1/colocation/analyses', path: () => '/api/v1/colocation/analyses', body: demand },
    {
      route: 'POST /api/v1/colocation/analyses/from-gap',
      path: () => '/api/v1/colocation/analyses/from-gap',
      body: () => ({ operator: 'china-mobile', technology: '5G', h3: '8a4b9a6d5a37fff' }),
    },
    {
      route: 'POST /api/v1/colocation/analyses/from-capacity-gap',
      path: () => '/api/v1/colocation/analyses/from-capacity-gap',
      body: () => ({ operator: 'china-mobile', technology: '5G', h3: '8a4b9a6d5a37fff' }),
    },
    {
      route: 'POST /api/v1/colocation/batches',
      path: () => '/api/v1/colocation/batches',
      textBody: () => `lon,lat,operator,technology,bandMHz,antennaHeightM\n${near(0.2, 0.2).join(',')},china-mobile,5G,2600,25\n`,
      queuesJobs: 'unknown-param',
    },
    {
      route: 'POST /api/v1/siting/conditions',
      path: () => '/api/v1/siting/conditions',
      body: () => ({
        location: { lon: JIEFANGBEI[0], lat: JIEFANGBEI[1] },
        kind: 'monopole',
        heightM: 30,
        buildForm: 'standalone',
        sectors: [{ eirpDbm: 60, azimuthDeg: 90, bandMHz: 1800 }],
      }),
    },
    {
      route: 'PATCH /api/v1/rules/:code',
      path: () => '/api/v1/rules/fuzz.no-such-rule',
      body: () => ({ enabled: true, params: { widthM: 20 }, comment: 'fuzz' }),
    },
    {
      route: 'POST /api/v1/protection/checks',
      path: () => '/api/v1/protection/checks',
      body: () => ({
        title: 'fuzz works',
        area: { type: 'LineString', coordinates: [near(0.2, 0.2), near(0.201, 0.2)] },
        widthM: 6,
        activities: ['digging'],
        pipeline: { kind: 'water' },
      }),
    },
    {
      route: 'POST /api/v1/poles/consolidation-runs',
      path: () => '/api/v1/poles/consolidation-runs',
      body: () => ({ area: square(0.3, 0.3), clusterDistanceM: 30 }),
      queuesJobs: 'unknown-field',
    },
    {
      route: 'POST /api/v1/plans',
      path: () => '/api/v1/plans',
      body: () => ({ area: { polygon: square(0.3, 0.3) }, operator: 'china-broadnet', technology: '4G', targets: { populationCoveragePct: 90 } }),
      queuesJobs: 'unknown-field',
    },
    {
      route: 'POST /api/v1/plans/:id/analyses',
      path: () => `/api/v1/plans/${NO_UUID}/analyses`,
      body: () => ({ applications: true }),
    },
    {
      route: 'POST /api/v1/poles/consolidation-runs/:id/accept',
      path: () => `/api/v1/poles/consolidation-runs/${NO_UUID}/accept`,
      body: () => ({ proposalIds: [1, 2], ownerId: 'china-tower' }),
    },
    {
      route: 'POST /api/v1/routes/overlap-checks',
      path: () => '/api/v1/routes/overlap-checks',
      body: () => ({ geometry: { type: 'LineString', coordinates: [near(0.2, 0.2), near(0.201, 0.2)] }, kind: 'duct', operator: 'china-mobile' }),
    },
    { route: 'POST /api/v1/applications', path: () => '/api/v1/applications', body: () => ({ analysisId, justification: 'fuzz' }) },
    {
      route: 'PATCH /api/v1/applications/:id',
      path: () => `/api/v1/applications/${application.id}`,
      body: () => ({ version: application.version, justification: 'fuzz' }),
    },
    {
      route: 'POST /api/v1/applications/:id/transitions',
      path: () => `/api/v1/applications/${application.id}/transitions`,
      body: () => ({ to: 'submitted', version: application.version, comment: 'fuzz' }),
    },
    {
      route: 'POST /api/v1/applications/:id/assignment',
      path: () => `/api/v1/applications/${application.id}/assignment`,
      body: () => ({ version: application.version, assignee: 'regulator.chen' }),
    },
    {
      route: 'POST /api/v1/applications/:id/attachments',
      path: () => `/api/v1/applications/${application.id}/attachments?kind=drawing&filename=fuzz.pdf`,
      textBody: () => '%PDF-1.4 fuzz',
    },
    { route: 'POST /api/v1/notifications/:id/read', path: () => '/api/v1/notifications/999999999/read' },
    { route: 'POST /api/v1/notifications/read-all', path: () => '/api/v1/notifications/read-all' },
  ];

  beforeAll(async () => {
    console.log(`fuzz seed ${SEED}, ${RUNS} runs per endpoint and identity (replay: FUZZ_SEED=${SEED})`);
    api = await givenTheApi();
    as = { admin: api.http, planner: await api.as('planner.mobile') };
    structureId = String(
      (
        await api.http
          .post('/api/v1/structures')
          .send(LAYER_BODIES.structures() as object)
          .expect(201)
      ).body.id,
    );
    analysisId = (await as.planner.post('/api/v1/colocation/analyses').send(demand()).expect(201)).body.id;
    const app = (await as.planner.post('/api/v1/applications').send({ analysisId }).expect(201)).body;
    application = { id: app.id, version: app.version };
    for (const layer of Object.keys(LAYER_BODIES)) {
      fixtures[layer] = async () => {
        // a tenancy of its own structure: the fuzz's successful POSTs may have taken the shared structure's slots
        const body = layer === 'tenancies' ? aTenancy(await fixtures.structures()) : LAYER_BODIES[layer]();
        const id = String(
          (
            await api.http
              .post(`/api/v1/${layer}`)
              .send(body as object)
              .expect(201)
          ).body.id,
        );
        (created[layer] ??= new Set()).add(id);
        return id;
      };
    }
  });

  afterAll(async () => {
    // mapping profiles saved by the fuzz (a mutated name may have lost its prefix: by time as well)
    await api.db.query(`DELETE FROM import_mapping_profile WHERE name LIKE $1 OR created_at >= $2`, [`${tag}%`, suiteStart]);
    // what the fuzz made: tracked ids first (a mutated code may have lost its FUZZ- prefix), then by code
    const tables: Record<string, string> = {
      structures: 'structure',
      tenancies: 'tenancy',
      routes: 'route',
      'observed-cells': 'observed_cell',
      overlays: 'overlay',
      'key-sites': 'key_site',
    };
    await api.db.query(`DELETE FROM tenancy WHERE structure_id = ANY($1::bigint[]) OR id = ANY($2::bigint[])`, [
      [...(created.structures ?? []), structureId],
      [...(created.tenancies ?? [])],
    ]);
    // a structure an application refers to (a mutated structureId may hit one) stays, as the workflow's evidence
    const unreferenced = `NOT EXISTS (SELECT 1 FROM application a WHERE t.id IN (a.structure_id, a.result_structure_id))`;
    for (const layer of ['routes', 'observed-cells', 'overlays', 'key-sites', 'structures']) {
      const ids = [...(created[layer] ?? []), ...(layer === 'structures' ? [structureId] : [])];
      await api.db.query(`DELETE FROM ${tables[layer]} t WHERE id = ANY($1::bigint[]) ${layer === 'structures' ? `AND ${unreferenced}` : ''}`, [ids]);
    }
    for (const table of ['route', 'overlay', 'key_site']) await api.db.query(`DELETE FROM ${table} WHERE code LIKE $1`, [`${tag}%`]);
    await api.db.query(`DELETE FROM structure t WHERE code LIKE $1 AND ${unreferenced}`, [`${tag}%`]);
    const users = [...(created.users ?? [])];
    if (users.length) {
      await api.db.query(`DELETE FROM user_session WHERE user_id = ANY($1::bigint[])`, [users]);
      await api.db.query(`UPDATE app_user SET disabled = true WHERE id = ANY($1::bigint[])`, [users]);
    }
    await api.close();
  });

  /** One request built from a target, a mutated body and a transport; returns what a failure message needs. */
  async function send(target: Target, who: Who, body: Json, t: Transport, fixtureId: string | undefined) {
    const [method] = target.route.split(' ') as [string];
    let url = target.path().replace(':fixture', fixtureId ?? '0');
    if (target.queuesJobs === 'unknown-param' || t.query) url += `${url.includes('?') ? '&' : '?'}${t.query ?? 'fuzz=1'}`;
    if (target.queuesJobs === 'unknown-param' && !t.query) url += '&fuzz=1';
    let payload: string | undefined;
    if (t.raw !== undefined) payload = t.raw;
    else if (target.textBody) payload = body === undefined ? target.textBody() : typeof body === 'string' ? body : JSON.stringify(body);
    else if (body !== undefined)
      payload = JSON.stringify(
        target.queuesJobs === 'unknown-field' && body && typeof body === 'object' && !Array.isArray(body) ? { ...body, fuzz: true } : body,
      );
    if (target.queuesJobs === 'unknown-field' && (payload === undefined || !payload.includes('"fuzz"')))
      payload = JSON.stringify({ fuzz: true, body: body ?? null });
    // sign-out ends the session it is sent with: give it one of its own each time
    const http = target.route.endsWith('sign-out') ? await api.as(who === 'admin' ? 'admin' : 'planner.mobile') : as[who];
    let req = (http as unknown as Record<string, (u: string) => import('supertest').Test>)[method.toLowerCase()](url);
    if (payload !== undefined) {
      req = req.set('Content-Type', target.textBody && t.contentType === 'application/json' ? 'text/csv' : t.contentType);
      if (t.encoding) req = req.set('Content-Encoding', t.encoding);
      req = req.serialize((b: unknown) => b as string).send(payload);
    }
    const res = await req;
    return { res, summary: `${method} ${url} as ${who}: ${t.contentType}${t.encoding ? ` (${t.encoding})` : ''} ${(payload ?? '').slice(0, 300)}` };
  }

  /** What a user may rely on in any answer to bad input. */
  function problemWith(res: { status: number; body: Record<string, unknown> }): string | null {
    if (res.status >= 500) return `answered ${res.status}`;
    if (res.status < 400) return null;
    const b = res.body;
    if (b.statusCode !== res.status || typeof b.error !== 'string' || typeof b.message !== 'string' || !Array.isArray(b.errors))
      return `a ${res.status} without the error shape: ${JSON.stringify(b).slice(0, 300)}`;
    if ([400, 413, 415].includes(res.status)) {
      const errors = b.errors as { field?: unknown; problem?: unknown }[];
      if (!errors.length || errors.some((e) => typeof e.field !== 'string' || !e.field || typeof e.problem !== 'string' || !e.problem))
        return `a ${res.status} that names no field: ${JSON.stringify(b).slice(0, 300)}`;
    }
    return null;
  }

  const writeRoutes = Object.keys(PERMISSIONS).filter((r) => /^(POST|PATCH|PUT|DELETE) /.test(r));

  it('covers every write endpoint of the permission table', () => {
    expect(targets.map((t) => t.route).sort()).toEqual([...writeRoutes].sort());
  });

  describe.each<Who>(['admin', 'planner'])('as %s', (who) => {
    beforeEach(() => {
      failures = [];
    });

    it.each(targets.map((t) => [t.route, t] as const))('%s', async (_route, target) => {
      const base = target.body?.() ?? (target.textBody ? target.textBody() : {});
      const [layer] = /^\w+ \/api\/v1\/([\w-]+)\/:id$/.exec(target.route)?.slice(1) ?? [];
      const fixtureId = layer && fixtures[layer] ? await fixtures[layer]() : undefined;
      await fc.assert(
        fc.asyncProperty(fc.array(mutation(base), { minLength: 1, maxLength: 3 }), transport, async (mutations, t) => {
          const body = mutations.reduce((b, m) => m(b), clone(base));
          const { res, summary } = await send(target, who, body, t, fixtureId);
          if (res.status < 300 && target.route.startsWith('POST') && layer === undefined) {
            const id = (res.body as { id?: unknown })?.id;
            const kind = /^POST \/api\/v1\/([\w-]+)$/.exec(target.route)?.[1];
            if (kind && id !== undefined) (created[kind] ??= new Set()).add(String(id));
          }
          const problem = problemWith(res as never);
          // collected rather than thrown: the request itself is the readable counterexample (fast-check would print closures)
          if (problem) failures.push(`${problem}\n  ${summary}`);
        }),
        { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: MS_PER_ENDPOINT, markInterruptAsFailure: false },
      );
      expect(failures).toEqual([]);
    });
  });
});
