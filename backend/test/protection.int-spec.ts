import { protectionCheckResult, type ProtectionCheckResult, protectionCheckView } from '@cosite/contracts';
import { givenTheApi, uniqueCode } from './support/api';

/**
 * Facility-protection zones and works checks on the real database. Fixtures in Wanzhou around (108.35, 30.92),
 * away from the sample inventory: a duct running north–south and towers beside an east–west road-works line.
 */
describe('facility-protection zones and works checks (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  const origin: [number, number] = [108.35, 30.92];
  const at = (eastM: number, northM: number): [number, number] => [
    origin[0] + eastM / (111320 * Math.cos((origin[1] * Math.PI) / 180)),
    origin[1] + northM / 110574,
  ];
  const ids: Record<string, number> = {};

  const givenATower = async (name: string, eastM: number, northM: number) => {
    const r = await api.http
      .post('/api/v1/structures')
      .send({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at(eastM, northM) },
        properties: {
          code: uniqueCode('PROT'),
          name,
          kind: 'monopole',
          ownerId: 'china-tower',
          heightM: 30,
          slotsTotal: 3,
          buildForm: 'standalone',
          status: 'built',
        },
      })
      .expect(201);
    return r.body.id as number;
  };

  beforeAll(async () => {
    api = await givenTheApi();
    const duct = await api.http
      .post('/api/v1/routes')
      .send({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [at(0, -200), at(0, 200)] },
        properties: { code: uniqueCode('PROT'), name: '测试管道', kind: 'duct', ownerId: 'china-telecom', capacityTotal: 6, capacityUsed: 2 },
      })
      .expect(201);
    ids.duct = duct.body.id;
    ids.near = await givenATower('tower 7 m from the road', 60, 7); // 4 m from the 6 m strip: inside its 5 m zone
    ids.beside = await givenATower('tower 20 m from the road', 120, 20); // 17 m from the strip: outside, within the 20 m margin
    ids.far = await givenATower('tower 100 m from the road', 90, 100);
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'PROT-%'`);
    await api.db.query(`DELETE FROM route WHERE code LIKE 'PROT-%'`);
    await api.close();
  });

  /** Road works along an east–west line 300 m long, 6 m wide, crossing the duct. */
  const roadWorks = (over: Record<string, unknown> = {}) => ({
    title: '测试道路施工',
    area: { type: 'LineString', coordinates: [at(-100, 0), at(200, 0)] },
    widthM: 6,
    activities: ['digging', 'utility_line_laying'],
    pipeline: { kind: 'water' },
    ...over,
  });
  const conflictOf = (body: ProtectionCheckResult, type: string, id: number) => body.conflicts.find((c) => c.facility.type === type && c.facility.id === id)!;

  it('keeps a zone around every facility, as wide as the rule for its kind', async () => {
    const zones = await api.db.query(
      `SELECT facility_type, facility_id::int, facility_kind, width_m FROM protection_zone WHERE (facility_type, facility_id) IN (('route', $1), ('structure', $2))`,
      [ids.duct, ids.near],
    );
    expect(zones).toEqual(
      expect.arrayContaining([
        { facility_type: 'route', facility_id: ids.duct, facility_kind: 'buried_duct', width_m: 1.5 },
        { facility_type: 'structure', facility_id: ids.near, facility_kind: 'tower', width_m: 5 },
      ]),
    );
    const [area] = await api.db.query(`SELECT ST_Area(geom::geography) AS m2 FROM protection_zone WHERE facility_type = 'structure' AND facility_id = $1`, [
      ids.near,
    ]);
    expect(area.m2).toBeCloseTo(Math.PI * 25, -0.5); // a 5 m circle, within a square metre
  });

  it('finds the duct crossed and the towers beside a road-works line, with each activity’s outcome and article', async () => {
    const res = await api.http.post('/api/v1/protection/checks').send(roadWorks()).expect(201);
    protectionCheckResult.parse(res.body);
    expect(res.body.verdict).toBe('forbidden');
    const duct = conflictOf(res.body, 'route', ids.duct);
    expect(duct).toMatchObject({ insideZone: true, distanceM: 0, zoneWidthM: 1.5, owner: { id: 'china-telecom', contact: '10000' } });
    expect(duct.activities).toEqual([
      expect.objectContaining({ activity: 'digging', outcome: 'forbidden', article: 'art. 22' }),
      expect.objectContaining({ activity: 'utility_line_laying', outcome: 'notify_owner', article: 'art. 21' }),
    ]);
    const near = conflictOf(res.body, 'structure', ids.near);
    expect(near).toMatchObject({ insideZone: true, owner: { id: 'china-tower' } });
    expect(near.distanceM).toBeCloseTo(4, 0);
    const beside = conflictOf(res.body, 'structure', ids.beside);
    expect(beside).toMatchObject({ insideZone: false });
    expect(beside.distanceM).toBeCloseTo(17, 0);
    expect(beside.activities.map((a: { outcome: string }) => a.outcome)).toEqual(['protective_measures', 'protective_measures']);
    expect(conflictOf(res.body, 'structure', ids.far)).toBeUndefined();
    // a water main crossing the duct keeps the standard clearance (art. 14)
    expect(res.body.spacing).toEqual([
      expect.objectContaining({ route: expect.objectContaining({ id: ids.duct }), relation: 'crossing', requiredM: 0.15, pipeline: 'water' }),
    ]);
    // stored, and a notice per owner can be printed
    const stored = await api.http.get(`/api/v1/protection/checks/${res.body.id}`).expect(200);
    protectionCheckView.parse(stored.body);
    expect(stored.body.conflicts).toEqual(res.body.conflicts);
    const notice = await api.http.get(`/api/v1/protection/checks/${res.body.id}/notices/china-tower`).expect(200);
    expect(notice.headers['content-type']).toMatch(/text\/html/);
    expect(notice.text).toContain('tower 7 m from the road');
    expect(notice.text).toContain('10096');
    expect(notice.text).not.toContain('测试管道'); // the duct is China Telecom's, in its own notice
    // on paper, words in both languages, never a code: the activity, the facility's kind, the article
    expect(notice.text).toContain('敷设电力、通信、燃气、给排水等管线 laying power, telecom, gas or water lines');
    expect(notice.text).toContain('第21条 art. 21');
    expect(notice.text).not.toMatch(/utility_line_laying|>digging|>lattice_tower|>monopole|>rooftop/);
    await api.http.get(`/api/v1/protection/checks/${res.body.id}/notices/china-mobile`).expect(404);
  });

  it('redraws the zones when a width rule changes, and when a facility goes', async () => {
    const before = (await api.http.get('/api/v1/rules/protection.tower').expect(200)).body;
    try {
      await api.http
        .patch('/api/v1/rules/protection.tower')
        .send({ params: { widthM: 20 } })
        .expect(200);
      const wider = await api.http
        .post('/api/v1/protection/checks')
        .send(roadWorks({ activities: ['digging'], pipeline: undefined }))
        .expect(201);
      expect(conflictOf(wider.body, 'structure', ids.beside)).toMatchObject({
        insideZone: true,
        zoneWidthM: 20,
        activities: [expect.objectContaining({ outcome: 'forbidden' })],
      });
    } finally {
      await api.http.patch('/api/v1/rules/protection.tower').send({ params: before.params }).expect(200);
    }
    await api.http.delete(`/api/v1/structures/${ids.near}`).expect(204);
    const after = await api.http
      .post('/api/v1/protection/checks')
      .send(roadWorks({ activities: ['planting'] }))
      .expect(201);
    expect(conflictOf(after.body, 'structure', ids.near)).toBeUndefined();
    expect(conflictOf(after.body, 'structure', ids.beside)).toMatchObject({ insideZone: false });
  });

  it('clears works far from any facility', async () => {
    const res = await api.http
      .post('/api/v1/protection/checks')
      .send(roadWorks({ area: { type: 'Polygon', coordinates: [[at(500, 500), at(600, 500), at(600, 600), at(500, 600), at(500, 500)]] }, widthM: undefined }))
      .expect(201);
    expect(res.body).toMatchObject({ verdict: 'clear', conflicts: [], owners: [] });
  });

  it.each([
    [{ activities: ['fishing'] }, 'activities[0]', /one of/],
    [{ activities: [] }, 'activities', /at least one/],
    [{ widthM: undefined }, 'widthM', /required for a works line/],
    [{ widthM: 0 }, 'widthM', /more than 0/],
    [
      {
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [108.35, 30.92],
              [108.36, 30.93],
              [108.36, 30.92],
              [108.35, 30.93],
              [108.35, 30.92],
            ],
          ],
        },
      },
      'area',
      /invalid geometry: Self-intersection/,
    ],
    [
      {
        area: {
          type: 'LineString',
          coordinates: [
            [108.35, 30.92],
            [108.35, 30.92],
          ],
        },
      },
      'area.coordinates',
      /2 distinct positions/,
    ],
    [{ area: { type: 'Point', coordinates: [108.35, 30.92] } }, 'area.type', /Polygon|LineString/],
  ])('answers 400 for %o, naming %s, and stores nothing', async (over, field, problem) => {
    const [before] = await api.db.query(`SELECT count(*)::int AS n FROM protection_check`);
    const res = await api.http.post('/api/v1/protection/checks').send(roadWorks(over)).expect(400);
    expect(res.body.errors[0].field).toBe(field);
    expect(res.body.errors[0].problem).toMatch(problem);
    const [after] = await api.db.query(`SELECT count(*)::int AS n FROM protection_check`);
    expect(after.n).toBe(before.n);
  });
});
