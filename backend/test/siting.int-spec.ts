import { overlayVersions, ruleHistory, ruleList, sitingResult, storedRule } from '@cosite/contracts';
import { givenTheApi, uniqueCode } from './support/api';
import { REGULATION_RULES } from '../src/zoning/regulation-rules';

/**
 * The siting rule engine on the real database, with fixtures in Wanzhou (no generated inventory there): each
 * scenario at its own spot, 3 km apart, around (108.60, 30.85).
 */
describe('siting conditions and the rules table (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM tenancy WHERE structure_id IN (SELECT id FROM structure WHERE code LIKE 'SIT-%')`);
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'SIT-%'`);
    await api.db.query(`DELETE FROM overlay WHERE code LIKE 'SIT-%'`);
    await api.close();
  });

  let spot = 0;
  const aPlace = (): [number, number] => {
    spot++;
    return [108.6 + (spot % 6) * 0.03, 30.85 + Math.floor(spot / 6) * 0.03];
  };
  const offset = ([lon, lat]: [number, number], eastM: number, northM = 0): [number, number] => [
    lon + eastM / (111320 * Math.cos((lat * Math.PI) / 180)),
    lat + northM / 110574,
  ];
  /** A square overlay from `westM` to `eastM` east of the point, 200 m either side north–south. */
  const givenAnOverlay = async (at: [number, number], kind: string, westM: number, eastM: number, extra: Record<string, unknown> = {}) => {
    const [w, s] = offset(at, westM, -200);
    const [e, n] = offset(at, eastM, 200);
    const res = await api.http
      .post('/api/v1/overlays')
      .send({
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
        properties: { code: uniqueCode('SIT'), kind, name: `测试${kind}`, authority: '测试规划局', ...extra },
      })
      .expect(201);
    return res.body.id as number;
  };
  const proposal = (at: [number, number], over: Record<string, unknown> = {}) => ({
    location: { lon: at[0], lat: at[1] },
    kind: 'monopole',
    heightM: 30,
    buildForm: 'standalone',
    ...over,
  });
  // every answer is checked against its contract schema
  const conditionsOf = async (body: object) => {
    const res = await api.http.post('/api/v1/siting/conditions').send(body).expect(200);
    sitingResult.parse(res.body);
    return res.body;
  };

  // One row per overlay rule: a change of outcome or article in the rules fails this test.
  it.each([
    ['scenic_area', 'camouflage_required', 'art. 10'],
    ['heritage_area', 'camouflage_required', 'art. 10'],
    ['nature_reserve', 'camouflage_required', 'art. 10'],
    ['residential_area', 'emf_notice_required', 'art. 18'],
    ['school', 'emf_notice_required', 'art. 18'],
    ['hospital', 'emf_notice_required', 'art. 18'],
    ['flood_zone_100y', 'flood_protection_required', 'flood-prevention section'],
  ])('a new attached site in a %s gets %s (%s)', async (kind, code, article) => {
    const at = aPlace();
    const id = await givenAnOverlay(at, kind, -100, 100);
    const r = await conditionsOf(proposal(at, { buildForm: 'attached', kind: 'rooftop' }));
    expect(r.verdict).toBe('allowed_with_conditions');
    const c = r.conditions.find((x: { code: string }) => x.code === code);
    expect(c).toMatchObject({ severity: 'condition', trigger: { type: 'overlay', id, kind }, rule: `overlay.${kind}` });
    expect(c.article).toContain(article);
    // attached sites meet the city-appearance rules; standalone ones need planning approval instead
    expect(r.conditions.map((x: { code: string }) => x.code)).toContain('city_appearance_required');
  });

  it('forbids a new structure in a no-build zone, but not the existing one standing there', async () => {
    const at = aPlace();
    await givenAnOverlay(at, 'no_build_zone', -100, 100);
    const r = await conditionsOf(proposal(at));
    expect(r.verdict).toBe('forbidden');
    expect(r.conditions.find((x: { code: string }) => x.code === 'no_build_zone')).toMatchObject({ severity: 'forbidden' });
    expect(r.conditions.map((x: { code: string }) => x.code)).toContain('planning_approval_required');
    const s = await api.http
      .post('/api/v1/structures')
      .send({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at },
        properties: {
          code: uniqueCode('SIT'),
          name: 'existing',
          kind: 'monopole',
          ownerId: 'china-tower',
          heightM: 30,
          slotsTotal: 3,
          buildForm: 'standalone',
          status: 'built',
        },
      })
      .expect(201);
    const existing = await conditionsOf({ structureId: s.body.id });
    expect(existing.verdict).toBe('allowed');
    expect(existing.site).toMatchObject({ proposed: false, heightM: 30 });
  });

  it('keeps every version of an overlay, and retires it instead of deleting; a retired overlay no longer applies', async () => {
    const at = aPlace();
    const id = await givenAnOverlay(at, 'no_build_zone', -100, 100);
    expect((await conditionsOf(proposal(at))).verdict).toBe('forbidden');
    await api.http
      .patch(`/api/v1/overlays/${id}`)
      .send({ properties: { name: '测试禁建区（调整）' } })
      .expect(200);
    await api.http.delete(`/api/v1/overlays/${id}`).expect(204);
    const kept = await api.http.get(`/api/v1/overlays/${id}`).expect(200);
    expect(kept.body.properties).toMatchObject({ version: 3, retiredAt: expect.any(String), name: '测试禁建区（调整）' });
    const versions = (await api.http.get(`/api/v1/overlays/${id}/versions`).expect(200)).body;
    overlayVersions.parse(versions);
    expect(versions.map((v: { version: number; change: string }) => [v.version, v.change])).toEqual([
      [1, 'created'],
      [2, 'updated'],
      [3, 'retired'],
    ]);
    expect(versions[0].properties.name).toBe('测试no_build_zone');
    expect((await conditionsOf(proposal(at))).verdict).toBe('allowed_with_conditions');
    await api.http.delete(`/api/v1/overlays/${id}`).expect(409);
  });

  it('asks for aviation approval only above the clearance height', async () => {
    const at = aPlace();
    await givenAnOverlay(at, 'airport_clearance', -100, 100, { heightLimitM: 40 });
    const low = await conditionsOf(proposal(at, { heightM: 35 }));
    expect(low.conditions.map((x: { code: string }) => x.code)).not.toContain('aviation_approval_required');
    const high = await conditionsOf(proposal(at, { heightM: 50 }));
    expect(high.conditions.find((x: { code: string }) => x.code === 'aviation_approval_required')).toMatchObject({
      trigger: { heightM: 50, heightLimitM: 40 },
    });
  });

  it('computes the EMF at the nearest sensitive site as EIRP over 4πd², and fails a site above the project share', async () => {
    const at = aPlace();
    // a residential area whose edge is 50 m east; one sector at head height pointing at it, so the pattern gain is 1
    await givenAnOverlay(at, 'residential_area', 50, 400);
    const sector = { azimuthDeg: 90, bandMHz: 1800, antennaHeightM: 1.5, downtiltDeg: 0 };
    const ok = await conditionsOf(proposal(at, { sectors: [{ ...sector, eirpDbm: 60 }] }));
    // 1,000 W / (4π · 50²) = 0.03183 W/m²; limit 0.4 W/m² → 7.96 % of the limit, within the one-fifth share
    expect(ok.emf.sensitiveSite).toMatchObject({ kind: 'residential_area', inside: false });
    expect(ok.emf.sensitiveSite.distanceM).toBeCloseTo(50, 0);
    expect(ok.emf.powerDensityWm2 / (1000 / (4 * Math.PI * 2500))).toBeCloseTo(1, 2);
    expect(ok.emf.limitRatio).toBeCloseTo(1000 / (4 * Math.PI * 2500) / 0.4, 3);
    expect(ok.verdict).toBe('allowed_with_conditions');
    // ten times the power: 79.6 % of the limit, four times the share one project may take
    const hot = await conditionsOf(proposal(at, { sectors: [{ ...sector, eirpDbm: 70 }] }));
    expect(hot.verdict).toBe('forbidden');
    expect(hot.conditions.find((x: { code: string }) => x.code === 'emf_limit_exceeded')).toMatchObject({
      severity: 'forbidden',
      rule: 'emf.public_exposure',
      trigger: { kind: 'residential_area' },
    });
    // the compliance distance: where the main beam falls to the share: sqrt(10,000 W / (4π · 0.2 · 0.4 W/m²))
    expect(hot.emf.complianceDistanceM).toBeCloseTo(Math.sqrt(10_000 / (4 * Math.PI * 0.2 * 0.4)), 0);
  });

  it('counts the sectors already on an existing structure', async () => {
    const at = aPlace();
    await givenAnOverlay(at, 'school', 80, 300);
    const s = await api.http
      .post('/api/v1/structures')
      .send({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at },
        properties: {
          code: uniqueCode('SIT'),
          name: 'school-side tower',
          kind: 'monopole',
          ownerId: 'china-tower',
          heightM: 30,
          slotsTotal: 4,
          buildForm: 'standalone',
          status: 'built',
        },
      })
      .expect(201);
    await api.http
      .post('/api/v1/tenancies')
      .send({
        properties: {
          structureId: s.body.id,
          operatorId: 'china-mobile',
          technology: '5G',
          bandMhz: 3500,
          antennaHeightM: 28,
          azimuthDeg: 90,
          sectorCount: 3,
          eirpDbm: 72,
          slotsUsed: 1,
          loadKg: 100,
        },
      })
      .expect(201);
    const alone = await conditionsOf({ structureId: s.body.id });
    expect(alone.emf).toMatchObject({ existingSectors: 3, sectors: 3, sensitiveSite: { kind: 'school' } });
    const more = await conditionsOf({ structureId: s.body.id, sectors: [{ eirpDbm: 60, azimuthDeg: 90, bandMHz: 1800 }] });
    expect(more.emf).toMatchObject({ existingSectors: 3, sectors: 4 });
    expect(more.emf.limitRatio).toBeGreaterThan(alone.emf.limitRatio);
  });

  it('keeps every rule change with who and when, and the checks follow the change', async () => {
    const at = aPlace();
    await givenAnOverlay(at, 'residential_area', 50, 400);
    const hot = proposal(at, { sectors: [{ azimuthDeg: 90, bandMHz: 1800, antennaHeightM: 1.5, downtiltDeg: 0, eirpDbm: 70 }] });
    expect((await conditionsOf(hot)).verdict).toBe('forbidden');
    const before = (await api.http.get('/api/v1/rules/emf.public_exposure').expect(200)).body;
    try {
      const changed = await api.http
        .patch('/api/v1/rules/emf.public_exposure')
        .send({ params: { ...before.params, projectShare: 1 }, comment: 'test: whole limit for one project' })
        .expect(200);
      expect(changed.body).toMatchObject({ updatedBy: 'admin', params: { projectShare: 1 } });
      expect((await conditionsOf(hot)).verdict).toBe('allowed_with_conditions');
      const history = (await api.http.get('/api/v1/rules/emf.public_exposure/history').expect(200)).body;
      ruleHistory.parse(history);
      expect(history.at(-1)).toMatchObject({
        changedBy: 'admin',
        before: { params: { projectShare: 0.2 } },
        after: { params: { projectShare: 1 } },
        comment: 'test: whole limit for one project',
      });
      // a change that breaks a rule is refused, naming the field, and nothing is written
      const bad = await api.http
        .patch('/api/v1/rules/protection.tower')
        .send({ params: { widthM: -1 } })
        .expect(400);
      expect(bad.body.errors[0]).toMatchObject({ field: 'params.widthM' });
      expect((await api.http.get('/api/v1/rules/protection.tower').expect(200)).body.params.widthM).toBe(5);
      await api.http.patch('/api/v1/rules/works.planting').send({ outcome: 'allowed' }).expect(400);
    } finally {
      await api.http.patch('/api/v1/rules/emf.public_exposure').send({ params: before.params, comment: 'restore' }).expect(200);
    }
  });

  it('lists every rule with the regulation and article it comes from, as seeded', async () => {
    const rules = (await api.http.get('/api/v1/rules').expect(200)).body;
    ruleList.parse(rules);
    storedRule.parse((await api.http.get('/api/v1/rules/protection.tower').expect(200)).body);
    expect(rules).toHaveLength(REGULATION_RULES.length);
    expect(rules.every((r: { regulation: string }) => r.regulation.length > 0)).toBe(true);
    const works = (await api.http.get('/api/v1/rules').query({ subject: 'works_activity' }).expect(200)).body;
    expect(works.find((r: { code: string }) => r.code === 'works.pile_driving')).toMatchObject({ outcome: 'forbidden', article: 'art. 22' });
    expect(works.find((r: { code: string }) => r.code === 'works.building')).toMatchObject({ outcome: 'notify_owner', article: 'art. 21' });
    await api.http.get('/api/v1/rules/no.such.rule').expect(404);
  });

  it.each([
    [{ kind: 'lighthouse' }, 'kind', /one of/],
    [{ heightM: undefined }, 'heightM', /required/],
    [{ location: { lon: 30.85, lat: 108.6 } }, 'location', /swapped|outside/],
    [{ sectors: [{ eirpDbm: 200, bandMHz: 1800 }] }, 'sectors[0].eirpDbm', /between 0 and 100/],
    [{ structureId: 999999999, location: undefined, kind: undefined, heightM: undefined, buildForm: undefined }, 'structureId', /no structure/],
  ])('answers 400 for %o, naming %s', async (over, field, problem) => {
    const res = await api.http
      .post('/api/v1/siting/conditions')
      .send(proposal([108.6, 30.85], over))
      .expect(400);
    expect(res.body.errors[0].field).toBe(field);
    expect(res.body.errors[0].problem).toMatch(problem);
  });
});
