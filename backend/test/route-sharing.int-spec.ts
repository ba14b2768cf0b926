import { type ErrorBody, overlapCheckResult, type OverlapCheckResult } from '@cosite/contracts';
import { givenTheApi, uniqueCode } from './support/api';

/**
 * Route overlap checks on fixture routes in Wanzhou around (108.47, 30.97), where the sample has no routes: a
 * 400 m duct running east, and a pole line 50 m north of it. Shared lengths below are computed by hand.
 */
describe('route overlap checks (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  const origin: [number, number] = [108.47, 30.97];
  const at = (eastM: number, northM: number): [number, number] => [
    origin[0] + eastM / (111320 * Math.cos((origin[1] * Math.PI) / 180)),
    origin[1] + northM / 110574,
  ];
  const tag = uniqueCode('RSH');
  const ids: Record<string, number> = {};
  const near = (lon: number, lat: number) => `ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography, 2000)`;

  const givenARoute = async (name: string, kind: string, from: [number, number], to: [number, number], over: Record<string, unknown> = {}) => {
    const r = await api.http
      .post('/api/v1/routes')
      .send({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [at(...from), at(...to)] },
        properties: { code: `${tag}-${name}`, name, kind, ownerId: 'china-tower', capacityTotal: 6, capacityUsed: 2, ...over },
      })
      .expect(201);
    ids[name] = r.body.id;
  };
  const check = (from: [number, number], to: [number, number], over: Record<string, unknown> = {}) =>
    api.http
      .post('/api/v1/routes/overlap-checks')
      .send({ geometry: { type: 'LineString', coordinates: [at(...from), at(...to)] }, kind: 'duct', operator: 'china-mobile', ...over });

  beforeAll(async () => {
    api = await givenTheApi();
    await api.db.query(`DELETE FROM route_overlap_check WHERE ${near(...origin)}`);
    await givenARoute('duct', 'duct', [0, 0], [400, 0], { tenants: [{ operatorId: 'china-unicom', unitsUsed: 1 }] });
    await givenARoute('poles', 'pole_line', [0, 50], [400, 50]);
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM route_overlap_check WHERE ${near(...origin)}`);
    await api.db.query(`DELETE FROM route WHERE code LIKE $1`, [`${tag}%`]);
    await api.close();
  });

  it('measures the stretch a proposed duct runs along an existing one with room, and says it must share', async () => {
    // 700 m from 100 m west to 600 m east, 6 m north of the duct: along it from 0 to 400 m east
    const r = await check([-100, 6], [600, 6]).expect(201);
    expect(r.body.proposal.lengthM).toBeCloseTo(700, -0.5);
    expect(r.body.verdict).toBe('must_share');
    expect(r.body.rule).toMatchObject({ code: 'route_sharing.duct', article: expect.stringMatching(/without approval/) });
    const duct = (r.body as OverlapCheckResult).routes.find((x) => x.id === ids.duct)!;
    expect(duct.sharedLengthM).toBeGreaterThan(398);
    expect(duct.sharedLengthM).toBeLessThan(402);
    expect(duct).toMatchObject({ canCarry: true, capacityFree: 4, capacityUnit: 'subduct', tenants: [{ operatorId: 'china-unicom', unitsUsed: 1 }] });
    expect(r.body.share).toBeCloseTo(400 / 700, 2);
    // the pole line 44 m away is outside the 10 m corridor
    expect((r.body as OverlapCheckResult).routes.map((x) => x.id)).not.toContain(ids.poles);
    expect(r.body.shared.type).toBe('MultiLineString');
    // stored, and read back unchanged
    const back = await api.http.get(`/api/v1/routes/overlap-checks/${r.body.id}`).expect(200);
    overlapCheckResult.parse(r.body);
    overlapCheckResult.parse(back.body);
    expect(back.body).toMatchObject({ verdict: 'must_share', sharedLengthM: r.body.sharedLengthM });
  });

  it('a wider corridor finds the pole line too, which cannot carry a duct', async () => {
    const r = await check([-100, 6], [600, 6], { corridorM: 50 }).expect(201);
    const poles = (r.body as OverlapCheckResult).routes.find((x) => x.id === ids.poles)!;
    expect(poles).toMatchObject({ canCarry: false, kind: 'pole_line' });
    expect(poles.sharedLengthM).toBeGreaterThan(398);
    expect(r.body.sharedLengthM).toBeLessThan(402); // both run along the same 400 m of the proposal: counted once
  });

  it('a route that only crosses shares nothing, and lists the crossings', async () => {
    const r = await check([200, -300], [200, 300]).expect(201);
    expect(r.body.verdict).toBe('new_route_allowed');
    expect(r.body.sharedLengthM).toBe(0);
    expect((r.body as OverlapCheckResult).crossings.map((c) => c.routeId).sort()).toEqual([ids.duct, ids.poles].sort());
    expect(r.body.spacing).toMatchObject({ rule: 'spacing.pipelines', parallelM: { gas: 1 } });
  });

  it('a full duct along most of it asks for an upgrade instead', async () => {
    const r = await check([-100, 6], [600, 6], { capacityNeeded: 5 }).expect(201);
    expect(r.body.verdict).toBe('share_with_upgrade');
    expect(r.body.alongCarriersWithRoomShare).toBe(0);
  });

  it('another operator proposing the same new route within the window makes it a co-build', async () => {
    // 300 m north of everything: no existing route there
    const first = await check([0, 300], [500, 300], { operator: 'china-mobile' }).expect(201);
    expect(first.body.verdict).toBe('new_route_allowed');
    const second = await check([0, 304], [500, 304], { operator: 'china-telecom' }).expect(201);
    expect(second.body.verdict).toBe('co_build');
    expect(second.body.coBuildPartners).toEqual([expect.objectContaining({ checkId: first.body.id, operator: 'china-mobile' })]);
    expect(second.body.coBuildPartners[0].sharedLengthM).toBeGreaterThan(498);
    // an operator's own earlier proposal is not a partner
    const again = await check([0, 302], [500, 302], { operator: 'china-mobile' }).expect(201);
    expect((again.body as OverlapCheckResult).coBuildPartners.map((c) => c.operator)).toEqual(['china-telecom']);
  });

  it('refuses degenerate lines, bad corridors and unknown kinds, naming the problem', async () => {
    const bad = async (body: Record<string, unknown>, field: string, problem: RegExp) => {
      const r = await api.http
        .post('/api/v1/routes/overlap-checks')
        .send({ geometry: { type: 'LineString', coordinates: [at(0, 0), at(100, 0)] }, kind: 'duct', operator: 'china-mobile', ...body })
        .expect(400);
      const e = (r.body as ErrorBody).errors.find((x) => x.field.startsWith(field));
      expect(e).toBeDefined();
      expect(e!.problem).toMatch(problem);
    };
    await bad({ geometry: { type: 'LineString', coordinates: [at(0, 0)] } }, 'geometry', /at least 2 positions/);
    await bad({ geometry: { type: 'LineString', coordinates: [at(0, 0), at(0, 0)] } }, 'geometry', /2 distinct positions/);
    await bad({ geometry: { type: 'LineString', coordinates: [at(0, 0), at(0, 0.2)] } }, 'geometry', /no length/);
    await bad({ geometry: { type: 'LineString', coordinates: [at(0, 0), at(100, 0), at(50, 0)] } }, 'geometry', /runs back over itself/);
    await bad({ corridorM: 0 }, 'corridorM', /more than 0/);
    await bad({ corridorM: 101 }, 'corridorM', /at most 100/);
    await bad({ kind: 'sewer' }, 'kind', /must be one of duct, pole_line/);
    await bad({ operator: 'cq-lighting' }, 'operator', /no operator/);
  });
});
