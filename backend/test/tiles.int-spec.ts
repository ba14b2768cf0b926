import { aStructure, givenTheApi, JIEFANGBEI } from './support/api';
import { binary, decode, features, tileCentre, tileOf } from './support/tiles';

describe('vector tiles from PostGIS', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'TST-%'`);
    await api.close();
  });

  const getTile = (layer: string, t: { z: number; x: number; y: number }, headers: Record<string, string> = {}) =>
    api.http
      .get(`/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`)
      .set(headers)
      .buffer(true)
      .parse(binary as never);

  it('serves the structures around Jiefangbei at z14 with their attributes', async () => {
    const res = await getTile('structures', tileOf(...JIEFANGBEI, 14)).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/vnd.mapbox-vector-tile/);
    const fs = features(decode(res.body), 'structures');
    expect(fs.length).toBeGreaterThan(50);
    const kinds = new Set(fs.map((f) => f.properties.kind));
    expect(kinds.has('street_lamp_pole')).toBe(true); // full detail: even poles without antennas
    for (const f of fs.slice(0, 50)) {
      expect(f.properties).toEqual(
        expect.objectContaining({
          code: expect.any(String),
          kind: expect.any(String),
          height_m: expect.any(Number),
          owner: expect.any(String),
          tenant_count: expect.any(Number),
          free_slots: expect.any(Number),
        }),
      );
      expect(typeof f.id).toBe('number');
    }
    // the attributes are the database's: compare one feature with its row
    const one = fs.find((f) => (f.properties.tenant_count as number) > 0)!;
    const [row] = await api.db.query(
      `SELECT s.code, (SELECT count(DISTINCT operator_id) FROM tenancy t WHERE t.structure_id = s.id AND t.status <> 'decommissioned')::int AS tenants FROM structure s WHERE s.id = $1`,
      [one.id],
    );
    expect(row).toEqual({ code: one.properties.code, tenants: one.properties.tenant_count });
  });

  it('thins a whole-city view at z10: no bare street poles, at most one site per 16-pixel cell', async () => {
    const t10 = tileOf(...JIEFANGBEI, 10);
    const res = await getTile('structures', t10).expect(200);
    const fs = features(decode(res.body), 'structures');
    expect(fs.length).toBeGreaterThan(100);
    expect(fs.every((f) => ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop'].includes(f.properties.kind as string))).toBe(true);
    // the same area holds many more structures than the tile ships
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)`, [
      t10.z,
      t10.x,
      t10.y,
    ]);
    expect(n).toBeGreaterThan(fs.length * 5);
  });

  it('has districts, district labels, rivers, streets, routes and key sites where they belong', async () => {
    const t12 = tileOf(...JIEFANGBEI, 12);
    const districts = decode((await getTile('districts', t12).expect(200)).body);
    expect(features(districts, 'districts').map((f) => f.properties.name_zh)).toContain('渝中区');
    expect(features(districts, 'district-labels').length).toBeGreaterThan(0);
    const rivers = features(decode((await getTile('rivers', t12).expect(200)).body), 'rivers');
    expect(rivers.map((f) => f.properties.name_en).sort()).toEqual(['Jialing River', 'Yangtze River']);
    const streets = features(decode((await getTile('streets', t12).expect(200)).body), 'streets');
    expect(new Set(streets.map((f) => f.properties.class))).toEqual(new Set(['primary', 'secondary']));
    const routes = features(decode((await getTile('routes', t12).expect(200)).body), 'routes');
    expect(routes.length).toBeGreaterThan(5);
    expect(routes[0].properties).toEqual(expect.objectContaining({ capacity_total: expect.any(Number), capacity_free: expect.any(Number) }));
    const sites = features(decode((await getTile('key-sites', t12).expect(200)).body), 'key-sites');
    expect(sites.map((f) => f.properties.name_zh)).toContain('解放碑商圈');
  });

  it('ships sectors only from z14', async () => {
    await getTile('sectors', tileOf(...JIEFANGBEI, 12)).expect(204);
    const fs = features(decode((await getTile('sectors', tileOf(...JIEFANGBEI, 15)).expect(200)).body), 'sectors');
    expect(fs.length).toBeGreaterThan(0);
    expect(['china-mobile', 'china-telecom', 'china-unicom', 'china-broadnet']).toContain(fs[0].properties.operator);
  });

  it('answers 204 for an empty tile (the middle of the Pacific)', async () => {
    await getTile('structures', { z: 14, x: 100, y: 7000 }).expect(204);
  });

  it.each([
    ['23/0/0', 'z', /at most 22/],
    ['3/8/0', 'x', /below 8/],
    ['3/0/9', 'y', /below 8/],
    ['a/0/0', 'z', /integer/],
    ['3/1.5/0', 'x', /integer/],
    ['3/-1/0', 'x', /integer/],
  ])('answers 400 for %s, naming %s', async (zxy, field, problem) => {
    const res = await api.http.get(`/tiles/structures/${zxy}.mvt`).expect(400);
    expect(res.body.errors).toContainEqual({ field, problem: expect.stringMatching(problem) });
  });

  it('answers 404 for an unknown layer', async () => {
    await api.http.get('/tiles/antennas/10/815/423.mvt').expect(404);
  });

  it('answers 304 to a matching ETag, and a write changes the ETag', async () => {
    const t = tileOf(...JIEFANGBEI, 15);
    const first = await getTile('structures', t).expect(200);
    const etag = first.headers.etag;
    expect(first.headers['cache-control']).toMatch(/max-age/);
    // a tile needs a session: no shared cache may keep it for the next person
    expect(first.headers['cache-control']).toMatch(/^private\b/);
    expect(first.headers['cache-control']).not.toMatch(/public/);
    await getTile('structures', t, { 'If-None-Match': etag }).expect(304);
    await api.http
      .post('/api/v1/structures')
      .send(aStructure({ name: 'ETag 测试杆' }, [JIEFANGBEI[0] + 0.0001, JIEFANGBEI[1] + 0.0001]))
      .expect(201);
    const after = await getTile('structures', t, { 'If-None-Match': etag }).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(features(decode(after.body), 'structures').map((f) => f.properties.name)).toContain('ETag 测试杆');
  });

  it('serves a repeated tile from the cache, and never a tile older than the data', async () => {
    const t = tileOf(JIEFANGBEI[0] + 0.01, JIEFANGBEI[1] - 0.01, 16);
    const first = await getTile('structures', t).expect((r) => expect([200, 204]).toContain(r.status));
    const again = await getTile('structures', t).expect(first.status);
    if (first.status === 200) {
      expect(again.headers['x-tile-cache']).toBe('hit');
      expect(Buffer.compare(again.body, first.body)).toBe(0);
    }
    // a write in the tile: the very next request renders it anew, with the new structure in it
    const spot = tileCentre(t);
    await api.http
      .post('/api/v1/structures')
      .send(aStructure({ name: '缓存测试杆' }, spot))
      .expect(201);
    const after = await getTile('structures', t).expect(200);
    expect(after.headers['x-tile-cache']).toBe('miss');
    expect(features(decode(after.body), 'structures').map((f) => f.properties.name)).toContain('缓存测试杆');
    expect((await getTile('structures', t).expect(200)).headers['x-tile-cache']).toBe('hit');
  });

  it('describes each layer with TileJSON', async () => {
    const res = await api.http.get('/tiles/structures.json').expect(200);
    expect(res.body).toMatchObject({
      tilejson: '3.0.0',
      minzoom: 8,
      maxzoom: 16,
      vector_layers: [{ id: 'structures', fields: expect.objectContaining({ kind: 'String', free_slots: 'Number' }) }],
    });
    expect(res.body.tiles[0]).toMatch(/\/tiles\/structures\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    const [w, s, e, n] = res.body.bounds;
    expect(w).toBeGreaterThan(105.9);
    expect(e).toBeLessThan(107.2);
    expect(s).toBeGreaterThan(28.9);
    expect(n).toBeLessThan(30.3);
    await api.http.get('/tiles/nothing.json').expect(404);
  });
});
