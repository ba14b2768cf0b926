import { givenTheApi, uniqueCode } from './support/api';

describe('overlays, routes and key sites API (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM overlay WHERE code LIKE 'TST-%'`);
    await api.db.query(`DELETE FROM route WHERE code LIKE 'TST-%'`);
    await api.db.query(`DELETE FROM key_site WHERE code LIKE 'TST-%'`);
    await api.close();
  });

  const square = (x: number, y: number, d = 0.002) => [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ];

  const anOverlay = (geometry: unknown, props: Record<string, unknown> = {}) => ({
    type: 'Feature',
    geometry,
    properties: { code: uniqueCode('TST'), kind: 'scenic_area', name: '测试景区', authority: '重庆市规划和自然资源局', ...props },
  });

  it('stores a Polygon overlay as a MultiPolygon with its area', async () => {
    const res = await api.http
      .post('/api/v1/overlays')
      .send(anOverlay({ type: 'Polygon', coordinates: square(106.55, 29.55) }))
      .expect(201);
    expect(res.body.geometry.type).toBe('MultiPolygon');
    // 0.002° × 0.002° at 29.55°N ≈ 193.6 m × 221.4 m ≈ 42,900 m²
    expect(res.body.properties.areaM2).toBeGreaterThan(40000);
    expect(res.body.properties.areaM2).toBeLessThan(46000);
  });

  it('rejects a self-intersecting polygon with the reason from PostGIS, writing nothing', async () => {
    const before = Number((await api.db.query(`SELECT count(*) n FROM overlay`))[0].n);
    const bowtie = [
      [
        [106.55, 29.55],
        [106.56, 29.56],
        [106.56, 29.55],
        [106.55, 29.56],
        [106.55, 29.55],
      ],
    ];
    const res = await api.http
      .post('/api/v1/overlays')
      .send(anOverlay({ type: 'Polygon', coordinates: bowtie }))
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'geometry', problem: expect.stringMatching(/Self-intersection/) });
    expect(Number((await api.db.query(`SELECT count(*) n FROM overlay`))[0].n)).toBe(before);
  });

  it('rejects an unclosed ring, an unknown overlay kind and validTo before validFrom', async () => {
    const open = await api.http
      .post('/api/v1/overlays')
      .send(
        anOverlay({
          type: 'Polygon',
          coordinates: [
            [
              [106.55, 29.55],
              [106.56, 29.55],
              [106.56, 29.56],
              [106.55, 29.56],
            ],
          ],
        }),
      )
      .expect(400);
    expect(open.body.errors[0].field).toBe('geometry.coordinates[0]');
    const kind = await api.http
      .post('/api/v1/overlays')
      .send(anOverlay({ type: 'Polygon', coordinates: square(106.55, 29.55) }, { kind: 'golf_course' }))
      .expect(400);
    expect(kind.body.errors[0].field).toBe('properties.kind');
    const dates = await api.http
      .post('/api/v1/overlays')
      .send(anOverlay({ type: 'Polygon', coordinates: square(106.55, 29.55) }, { validFrom: '2025-01-01', validTo: '2024-01-01' }))
      .expect(400);
    expect(dates.body.errors[0]).toMatchObject({ field: 'properties.validTo', problem: 'is before validFrom' });
  });

  it('lists the sample flood zones along the Yangtze and the Jialing', async () => {
    const res = await api.http.get('/api/v1/overlays').query({ kind: 'flood_zone_100y' }).expect(200);
    const names = res.body.features.map((f: { properties: { nameEn: string } }) => f.properties.nameEn);
    expect(names).toEqual(expect.arrayContaining(['Yangtze River 100-year flood zone', 'Jialing River 100-year flood zone']));
  });

  const aRoute = (props: Record<string, unknown> = {}) => ({
    type: 'Feature',
    geometry: {
      type: 'LineString',
      coordinates: [
        [106.56, 29.55],
        [106.565, 29.552],
        [106.57, 29.553],
      ],
    },
    properties: {
      code: uniqueCode('TST'),
      kind: 'duct',
      ownerId: 'china-tower',
      capacityTotal: 6,
      capacityUsed: 3,
      tenants: [{ operatorId: 'china-mobile', unitsUsed: 2 }],
      ...props,
    },
  });

  it('creates a duct with its tenants, length in metres and free capacity', async () => {
    const res = await api.http.post('/api/v1/routes').send(aRoute()).expect(201);
    expect(res.body.properties).toMatchObject({
      kind: 'duct',
      capacityUnit: 'subduct',
      capacityTotal: 6,
      capacityUsed: 3,
      capacityFree: 3,
      tenants: [{ operatorId: 'china-mobile', unitsUsed: 2 }],
    });
    // two legs of ≈ 525 m and ≈ 493 m (computed on the sphere)
    expect(res.body.properties.lengthM).toBeGreaterThan(950);
    expect(res.body.properties.lengthM).toBeLessThan(1080);
    // a patch that does not mention tenants keeps them
    const patched = await api.http
      .patch(`/api/v1/routes/${res.body.id}`)
      .send({ properties: { capacityTotal: 8 } })
      .expect(200);
    expect(patched.body.properties).toMatchObject({ capacityTotal: 8, capacityFree: 5, tenants: [{ operatorId: 'china-mobile', unitsUsed: 2 }] });
  });

  it('rejects used capacity above the total, and a tenant who is not an operator', async () => {
    const over = await api.http
      .post('/api/v1/routes')
      .send(aRoute({ capacityUsed: 9 }))
      .expect(400);
    expect(over.body.errors[0]).toMatchObject({ field: 'properties.capacityUsed' });
    const notOperator = await api.http
      .post('/api/v1/routes')
      .send(aRoute({ tenants: [{ operatorId: 'china-tower', unitsUsed: 1 }] }))
      .expect(400);
    expect(notOperator.body.errors[0]).toMatchObject({ field: 'properties.tenants', problem: 'no operator "china-tower"' });
  });

  it('finds Jiefangbei among the key sites and accepts a polygon key site', async () => {
    const res = await api.http.get('/api/v1/key-sites').query({ category: 'business_district', limit: 100 }).expect(200);
    expect(res.body.features.map((f: { properties: { nameZh: string } }) => f.properties.nameZh)).toContain('解放碑商圈');
    const poly = await api.http
      .post('/api/v1/key-sites')
      .send({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: square(106.52, 29.53) },
        properties: { code: uniqueCode('TST'), category: 'stadium', nameZh: '测试体育场' },
      })
      .expect(201);
    expect(poly.body.geometry.type).toBe('Polygon');
  });

  it('lists districts with census population equal to the population on H3 cells', async () => {
    const res = await api.http.get('/api/v1/districts').query({ core: 'true' }).expect(200);
    expect(res.body.features).toHaveLength(9);
    for (const f of res.body.features) expect(f.properties.populationOnCells).toBe(f.properties.population);
  });

  it('lists the organisations, operators among them', async () => {
    const res = await api.http.get('/api/v1/organisations').expect(200);
    expect(
      res.body
        .filter((o: { kind: string }) => o.kind === 'operator')
        .map((o: { id: string }) => o.id)
        .sort(),
    ).toEqual(['china-broadnet', 'china-mobile', 'china-telecom', 'china-unicom']);
  });

  it('serves the OpenAPI document', async () => {
    const res = await api.http.get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/structures', '/api/v1/structures/{id}', '/api/v1/imports', '/api/v1/health']));
  });
});
