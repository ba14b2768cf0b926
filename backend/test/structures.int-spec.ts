import { aStructure, aTenancy, givenTheApi, JIEFANGBEI, uniqueCode } from './support/api';

describe('structures API (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM tenancy WHERE structure_id IN (SELECT id FROM structure WHERE code LIKE 'TST-%')`);
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'TST-%'`);
    await api.close();
  });

  const countStructures = async () => Number((await api.db.query(`SELECT count(*) AS n FROM structure`))[0].n);

  it('creates a structure from a GeoJSON Feature and reads it back with its district', async () => {
    const body = aStructure({ name: '解放碑测试单管塔' });
    const res = await api.http.post('/api/v1/structures').send(body).expect(201);
    expect(res.body.type).toBe('Feature');
    expect(res.body.geometry).toEqual({ type: 'Point', coordinates: JIEFANGBEI });
    expect(res.body.properties).toMatchObject({
      name: '解放碑测试单管塔',
      kind: 'monopole',
      heightM: 30,
      slotsTotal: 3,
      slotsFree: 3,
      tenantCount: 0,
      districtId: 500103,
    });
    const again = await api.http.get(`/api/v1/structures/${res.body.id}`).expect(200);
    expect(again.body.properties.code).toBe(body.properties.code);
  });

  it('lists structures in a bbox around Jiefangbei, and none from outside it', async () => {
    const res = await api.http.get('/api/v1/structures').query({ bbox: '106.570,29.552,106.584,29.563', limit: 500 }).expect(200);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.numberReturned).toBeGreaterThan(20);
    for (const f of res.body.features) {
      const [lon, lat] = f.geometry.coordinates;
      expect(lon).toBeGreaterThanOrEqual(106.57);
      expect(lon).toBeLessThanOrEqual(106.584);
      expect(lat).toBeGreaterThanOrEqual(29.552);
      expect(lat).toBeLessThanOrEqual(29.563);
    }
  });

  it('filters by kind and pages with limit/offset without overlap', async () => {
    const q = { bbox: '106.50,29.50,106.62,29.60', kind: 'rooftop,monopole', limit: 50 };
    const p1 = await api.http
      .get('/api/v1/structures')
      .query({ ...q, offset: 0 })
      .expect(200);
    const p2 = await api.http
      .get('/api/v1/structures')
      .query({ ...q, offset: 50 })
      .expect(200);
    expect(p1.body.numberMatched).toBeGreaterThan(100);
    const kinds = new Set([...p1.body.features, ...p2.body.features].map((f: { properties: { kind: string } }) => f.properties.kind));
    expect([...kinds].sort()).toEqual(['monopole', 'rooftop']);
    const ids1 = new Set(p1.body.features.map((f: { id: number }) => f.id));
    expect(p2.body.features.some((f: { id: number }) => ids1.has(f.id))).toBe(false);
  });

  it('rejects an unknown kind in a filter, naming the parameter', async () => {
    const res = await api.http.get('/api/v1/structures').query({ kind: 'skyscraper' }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'kind', problem: expect.stringContaining('skyscraper') });
  });

  it('says the axes look swapped for [lat, lon], and writes nothing', async () => {
    const before = await countStructures();
    const res = await api.http
      .post('/api/v1/structures')
      .send(aStructure({}, [29.5575, 106.577]))
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'geometry.coordinates', problem: expect.stringMatching(/swapped/), kind: 'invalid_geometry' }]);
    expect(await countStructures()).toBe(before);
  });

  it('rejects a bbox with swapped axes', async () => {
    const res = await api.http.get('/api/v1/structures').query({ bbox: '29.55,106.57,29.56,106.58' }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'bbox', problem: expect.stringMatching(/swapped/) });
  });

  it.each([
    ['unknown kind', { kind: 'skyscraper' }, 'properties.kind', /one of lattice_tower/],
    ['negative height', { heightM: -5 }, 'properties.heightM', /negative/],
    ['fractional slots', { slotsTotal: 2.5 }, 'properties.slotsTotal', /whole/],
    ['unknown owner', { ownerId: 'acme' }, 'properties.ownerId', /no organisation "acme"/],
    ['bad date', { builtOn: '2020-13-45' }, 'properties.builtOn', /date/],
  ])('answers 400 for %s, naming %s', async (_what, override, field, problem) => {
    const res = await api.http.post('/api/v1/structures').send(aStructure(override)).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, problem: expect.stringMatching(problem) }));
  });

  it('rejects the wrong geometry type for a structure', async () => {
    const body = {
      ...aStructure(),
      geometry: {
        type: 'LineString',
        coordinates: [
          [106.5, 29.5],
          [106.6, 29.6],
        ],
      },
    };
    const res = await api.http.post('/api/v1/structures').send(body).expect(400);
    expect(res.body.errors[0]).toEqual({ field: 'geometry.type', problem: 'must be Point, got "LineString"', kind: 'invalid_geometry' });
  });

  it('answers 413 naming the body when the payload is over the limit', async () => {
    const big = aStructure({ address: 'x'.repeat(3 * 1024 * 1024) });
    const res = await api.http.post('/api/v1/structures').send(big).expect(413);
    expect(res.body.errors[0].field).toBe('body');
  });

  it('answers 409 for a duplicate code', async () => {
    const body = aStructure();
    await api.http.post('/api/v1/structures').send(body).expect(201);
    const res = await api.http.post('/api/v1/structures').send(body).expect(409);
    expect(res.body.errors[0].field).toBe('properties.code');
  });

  it('never puts more tenancies on a structure than it has slots, and writes nothing for the one that does not fit', async () => {
    const s = await api.http
      .post('/api/v1/structures')
      .send(aStructure({ slotsTotal: 2 }))
      .expect(201);
    await api.http
      .post('/api/v1/tenancies')
      .send(aTenancy(s.body.id, { operatorId: 'china-mobile' }))
      .expect(201);
    await api.http
      .post('/api/v1/tenancies')
      .send(aTenancy(s.body.id, { operatorId: 'china-telecom', bandMhz: 3500 }))
      .expect(201);
    const third = await api.http
      .post('/api/v1/tenancies')
      .send(aTenancy(s.body.id, { operatorId: 'china-unicom', bandMhz: 3500 }))
      .expect(400);
    expect(third.body.errors[0]).toMatchObject({ field: 'properties.slotsUsed', problem: expect.stringMatching(/0 free of 2/) });
    const after = await api.http.get(`/api/v1/structures/${s.body.id}`).expect(200);
    expect(after.body.properties).toMatchObject({ tenancyCount: 2, tenantCount: 2, slotsUsed: 2, slotsFree: 0 });
  });

  it('refuses to shrink a structure below what its tenants use', async () => {
    const s = await api.http
      .post('/api/v1/structures')
      .send(aStructure({ slotsTotal: 3 }))
      .expect(201);
    await api.http.post('/api/v1/tenancies').send(aTenancy(s.body.id)).expect(201);
    await api.http
      .post('/api/v1/tenancies')
      .send(aTenancy(s.body.id, { operatorId: 'china-unicom', bandMhz: 3500 }))
      .expect(201);
    const res = await api.http
      .patch(`/api/v1/structures/${s.body.id}`)
      .send({ properties: { slotsTotal: 1 } })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'properties.slotsTotal', problem: expect.stringMatching(/already use 2/) });
  });

  it('rejects an antenna above the top of its structure', async () => {
    const s = await api.http
      .post('/api/v1/structures')
      .send(aStructure({ heightM: 20 }))
      .expect(201);
    const res = await api.http
      .post('/api/v1/tenancies')
      .send(aTenancy(s.body.id, { antennaHeightM: 25 }))
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'properties.antennaHeightM' });
  });

  it('patches some properties and moves the point; the district follows', async () => {
    const s = await api.http.post('/api/v1/structures').send(aStructure()).expect(201);
    // Guanyinqiao is in Jiangbei district
    const res = await api.http
      .patch(`/api/v1/structures/${s.body.id}`)
      .send({ properties: { heightM: 35, status: 'approved' }, geometry: { type: 'Point', coordinates: [106.531, 29.575] } })
      .expect(200);
    expect(res.body.properties).toMatchObject({ heightM: 35, status: 'approved', kind: 'monopole', districtId: 500105 });
  });

  it('deletes a structure without tenancies, refuses one with tenancies (409), 404 after', async () => {
    const lone = await api.http.post('/api/v1/structures').send(aStructure()).expect(201);
    await api.http.delete(`/api/v1/structures/${lone.body.id}`).expect(204);
    await api.http.get(`/api/v1/structures/${lone.body.id}`).expect(404);
    const busy = await api.http.post('/api/v1/structures').send(aStructure()).expect(201);
    await api.http.post('/api/v1/tenancies').send(aTenancy(busy.body.id)).expect(201);
    const res = await api.http.delete(`/api/v1/structures/${busy.body.id}`).expect(409);
    expect(res.body.message).toMatch(/tenancies/);
    expect(res.body).toMatchObject({ error: 'conflict', code: 'still_referenced' });
  });

  it('answers 400 for a non-numeric id and 404 for a missing one', async () => {
    await api.http.get('/api/v1/structures/abc').expect(400);
    await api.http.get('/api/v1/structures/999999999').expect(404);
  });

  it('lists tenancies of an operator with the structure position as geometry', async () => {
    const res = await api.http
      .get('/api/v1/tenancies')
      .query({ operator: 'china-mobile', technology: '5G', bbox: '106.56,29.55,106.59,29.57', limit: 20 })
      .expect(200);
    expect(res.body.features.length).toBeGreaterThan(0);
    for (const f of res.body.features) {
      expect(f.properties).toMatchObject({ operatorId: 'china-mobile', technology: '5G' });
      expect(f.geometry.type).toBe('Point');
      expect(typeof f.properties.structureCode).toBe('string');
    }
  });

  it('creates a tenancy by structure code', async () => {
    const code = uniqueCode('TST');
    await api.http.post('/api/v1/structures').send(aStructure({ code })).expect(201);
    const t = aTenancy(0);
    delete (t.properties as Record<string, unknown>).structureId;
    const res = await api.http
      .post('/api/v1/tenancies')
      .send({ ...t, properties: { ...t.properties, structureCode: code } })
      .expect(201);
    expect(res.body.properties.structureCode).toBe(code);
  });
});
