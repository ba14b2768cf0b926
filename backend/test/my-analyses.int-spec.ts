import { analysisList, type AnalysisList } from '@cosite/contracts';
import { givenTheApi } from './support/api';

/**
 * "My analyses" (GET /colocation/analyses) on the real database: a planner lists its own organisation's analyses,
 * newest first, never another operator's; an administrator lists everyone's; a regulator and the bureau are refused
 * (they read analyses through the applications filed from them). Fixtures near (108.45, 30.85), Wanzhou.
 */
describe('my analyses: the list of earlier analyses (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  type Http = Awaited<ReturnType<typeof givenTheApi>>['http'];
  let mobile: Http;
  let unicom: Http;
  let regulator: Http;
  let bureau: Http;
  const origin: [number, number] = [108.45, 30.85];
  const demand = (eastM: number, operator: string) => ({
    location: { lon: origin[0] + eastM / (111320 * Math.cos((origin[1] * Math.PI) / 180)), lat: origin[1] },
    searchRadiusM: 200,
    operator,
    technology: '5G',
    bandMHz: 3500,
    antennaHeightM: 25,
  });
  const list = async (http: Http, query: Record<string, unknown> = {}): Promise<AnalysisList> => {
    const res = await http.get('/api/v1/colocation/analyses').query(query).expect(200);
    return analysisList.parse(res.body);
  };
  const created: string[] = [];

  beforeAll(async () => {
    api = await givenTheApi();
    [mobile, unicom, regulator, bureau] = await Promise.all(['planner.mobile', 'planner.unicom', 'regulator', 'bureau'].map((u) => api.as(u)));
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM application WHERE analysis_id = ANY($1::uuid[])`, [created]);
    await api.db.query(`DELETE FROM colocation_analysis WHERE id = ANY($1::uuid[])`, [created]);
    await api.db.query(`DELETE FROM colocation_batch WHERE demands = '"my-analyses test"'::jsonb`);
    await api.close();
  });

  it("lists a planner's own organisation's analyses, newest first, with the application filed from one; never another operator's", async () => {
    const before = await list(mobile);
    const first = (await mobile.post('/api/v1/colocation/analyses').send(demand(0, 'china-mobile')).expect(201)).body;
    const second = (await mobile.post('/api/v1/colocation/analyses').send(demand(400, 'china-mobile')).expect(201)).body;
    const theirs = (await unicom.post('/api/v1/colocation/analyses').send(demand(800, 'china-unicom')).expect(201)).body;
    created.push(first.id, second.id, theirs.id);
    const filed = (await mobile.post('/api/v1/applications').send({ analysisId: second.id }).expect(201)).body;

    const page = await list(mobile, { limit: 2 });
    expect(page.total).toBe(before.total + 2);
    expect(page).toMatchObject({ limit: 2, offset: 0 });
    // newest first, as summaries of what was asked and decided
    expect(page.analyses.map((a) => a.id)).toEqual([second.id, first.id]);
    expect(page.analyses[0]).toMatchObject({
      operator: 'china-mobile',
      technology: '5G',
      decision: second.decision,
      searchRadiusM: 200,
      verdict: second.siting?.verdict ?? null,
      fromGap: false,
      application: { id: filed.id, code: filed.code, state: 'draft' },
    });
    expect(page.analyses[0].location.lon).toBeCloseTo(second.demand.lon, 6);
    expect(page.analyses[1].application).toBeNull();
    // the next page goes on where the first stopped
    const next = await list(mobile, { limit: 2, offset: 2 });
    expect(next.analyses.map((a) => a.id)).not.toContain(first.id);
    // China Unicom's planner sees its own analysis, not China Mobile's; nor does China Mobile's see Unicom's
    const unicoms = await list(unicom, { limit: 100 });
    expect(unicoms.analyses.map((a) => a.id)).toContain(theirs.id);
    expect(unicoms.analyses.map((a) => a.id)).not.toContain(first.id);
    expect(unicoms.analyses.every((a) => a.operator === 'china-unicom')).toBe(true);
    expect((await list(mobile, { limit: 100 })).analyses.map((a) => a.id)).not.toContain(theirs.id);
    // an administrator sees everyone's
    const all = (await list(api.http, { limit: 100 })).analyses.map((a) => a.id);
    expect(all).toEqual(expect.arrayContaining([theirs.id, second.id, first.id]));
  });

  it('leaves batch lines out (their batch lists them)', async () => {
    const a = (await mobile.post('/api/v1/colocation/analyses').send(demand(1200, 'china-mobile')).expect(201)).body;
    created.push(a.id);
    expect((await list(mobile, { limit: 1 })).analyses[0].id).toBe(a.id);
    const [batch] = await api.db.query(
      `INSERT INTO colocation_batch (total, demands, organisation_id) VALUES (1, '"my-analyses test"'::jsonb, 'china-mobile') RETURNING id`,
    );
    await api.db.query(`UPDATE colocation_analysis SET batch_id = $1, line = 2 WHERE id = $2`, [batch.id, a.id]);
    expect((await list(mobile, { limit: 100 })).analyses.map((x) => x.id)).not.toContain(a.id);
  });

  it('refuses a regulator and the bureau, and names a bad page parameter', async () => {
    await regulator.get('/api/v1/colocation/analyses').expect(403);
    await bureau.get('/api/v1/colocation/analyses').expect(403);
    await api.anonymous.get('/api/v1/colocation/analyses').expect(401);
    const bad = await mobile.get('/api/v1/colocation/analyses').query({ limit: 0 }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    const unknown = await mobile.get('/api/v1/colocation/analyses').query({ sort: 'x' }).expect(400);
    expect(unknown.body.errors.length).toBeGreaterThan(0);
  });
});
