import {
  applicationDetail,
  applicationList,
  applicationRecord,
  type ApplicationSummary,
  notificationList,
  notificationRead,
  type NotificationList,
  type ReviewClockEntry,
} from '@cosite/contracts';
import { aStructure, aTenancy, givenTheApi, uniqueCode } from './support/api';

type Notification = NotificationList['notifications'][number];

/**
 * Applications from draft to decision on the real database, as the demo users. Fixtures in Wanzhou around
 * (108.56, 30.96), where the sample has no structures, overlays or rivers.
 */
describe('applications: workflow, evidence, audit trail (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let mobile: Awaited<ReturnType<typeof givenTheApi>>['http'];
  let unicom: Awaited<ReturnType<typeof givenTheApi>>['http'];
  let regulator: Awaited<ReturnType<typeof givenTheApi>>['http'];
  let regulator2: Awaited<ReturnType<typeof givenTheApi>>['http'];
  let bureau: Awaited<ReturnType<typeof givenTheApi>>['http'];
  const tag = uniqueCode('APPT');
  const origin: [number, number] = [108.56, 30.96];
  const at = (eastM: number, northM: number): [number, number] => [
    origin[0] + eastM / (111320 * Math.cos((origin[1] * Math.PI) / 180)),
    origin[1] + northM / 110574,
  ];
  const demand = (eastM: number, northM: number, over: Record<string, unknown> = {}) => ({
    location: { lon: at(eastM, northM)[0], lat: at(eastM, northM)[1] },
    searchRadiusM: 300,
    operator: 'china-mobile',
    technology: '5G',
    bandMHz: 2600,
    antennaHeightM: 25,
    ...over,
  });
  const givenATower = async (eastM: number, northM: number, slotsTotal = 3) =>
    (
      await api.http
        .post('/api/v1/structures')
        .send(aStructure({ code: `${tag}-${eastM}-${northM}`, slotsTotal }, at(eastM, northM)))
        .expect(201)
    ).body.id as number;
  const move = (http: typeof mobile, id: string, to: string, version: number, comment?: string) =>
    http.post(`/api/v1/applications/${id}/transitions`).send({ to, version, comment });

  beforeAll(async () => {
    api = await givenTheApi();
    [mobile, unicom, regulator, regulator2, bureau] = await Promise.all(
      ['planner.mobile', 'planner.unicom', 'regulator', 'regulator', 'bureau'].map((u) => api.as(u)),
    );
  });
  afterAll(async () => {
    await api.db.query(
      `DELETE FROM application WHERE analysis_id IN (SELECT id FROM colocation_analysis WHERE ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 3000))`,
      origin,
    );
    await api.db.query(`DELETE FROM colocation_analysis WHERE ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 3000)`, origin);
    await api.db.query(`DELETE FROM tenancy WHERE structure_id IN (SELECT id FROM structure WHERE code LIKE $1 OR code LIKE 'APP-%')`, [`${tag}%`]);
    await api.db.query(
      `DELETE FROM structure WHERE code LIKE $1 OR (code LIKE 'APP-%' AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 3000))`,
      [`${tag}%`, ...origin],
    );
    await api.db.query(`DELETE FROM overlay WHERE code LIKE $1`, [`${tag}%`]);
    await api.close();
  });

  it('goes from draft to approval: the evidence is kept as it was, the inventory changes with the decision, and every step is audited', async () => {
    const towerId = await givenATower(0, 0);
    const analysis = await mobile.post('/api/v1/colocation/analyses').send(demand(50, 0)).expect(201);
    expect(analysis.body.decision).toBe('share');
    const created = await mobile.post('/api/v1/applications').send({ analysisId: analysis.body.id }).expect(201);
    const app = created.body;
    expect(app).toMatchObject({ kind: 'share', state: 'draft', structureId: towerId, organisationId: 'china-mobile', version: 1 });
    // later changes to the data do not rewrite the evidence
    await api.http
      .patch(`/api/v1/structures/${towerId}`)
      .send({ properties: { name: 'renamed after the analysis' } })
      .expect(200);
    const read = await mobile.get(`/api/v1/applications/${app.id}`).expect(200);
    // the answers are what the contract says they are
    applicationRecord.strict().parse(app);
    applicationDetail.strict().parse(read.body);
    applicationList.parse((await mobile.get('/api/v1/applications').expect(200)).body);
    expect(read.body.analysisSnapshot.best.name).toBe('Test monopole');

    const submitted = await move(mobile, app.id, 'submitted', 1).expect(201);
    expect(submitted.body.state).toBe('submitted');
    const note = await regulator.get('/api/v1/notifications').expect(200);
    expect(note.body.notifications.some((n: Notification) => n.applicationId === app.id && n.kind === 'submitted')).toBe(true);
    expect(note.body.unread).toBeGreaterThan(0);
    notificationList.parse(note.body);
    const first = note.body.notifications[0];
    expect(notificationRead.parse((await regulator.post(`/api/v1/notifications/${first.id}/read`).expect(201)).body)).toEqual({ id: first.id, read: true });
    // a comment that a spreadsheet would run as a formula, were it exported as it is
    const taken = await move(regulator, app.id, 'in_review', 2, '=HYPERLINK("http://evil.example","open")').expect(201);
    const approved = await move(regulator, app.id, 'approved', taken.body.version, 'shares the existing monopole').expect(201);
    expect(approved.body).toMatchObject({ state: 'approved', resultStructureId: towerId });
    applicationRecord.strict().parse(approved.body);
    const [t] = await api.db.query(`SELECT operator_id, status, technology FROM tenancy WHERE id = $1`, [approved.body.resultTenancyId]);
    expect(t).toEqual({ operator_id: 'china-mobile', status: 'planned', technology: '5G' });

    const audit = await regulator.get('/api/v1/audit-events').query({ entityId: app.id }).expect(200);
    expect(audit.body.events.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['created', 'planner.mobile'],
      ['to_submitted', 'planner.mobile'],
      ['to_in_review', 'regulator'],
      ['to_approved', 'regulator'],
    ]);
    expect(audit.body.events[3]).toMatchObject({ comment: 'shares the existing monopole', before: { state: 'in_review' }, after: { state: 'approved' } });
    const csv = await regulator.get('/api/v1/audit-events').query({ entityId: app.id, format: 'csv' }).expect(200);
    expect(csv.text.trim().split('\n')).toHaveLength(5);
    // it reaches the CSV as text: no cell starts with a formula character
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""open"")"`);
    expect(csv.text.split(/[\n,]/).some((cell) => /^"?[=+@]/.test(cell))).toBe(false);
    // the trail cannot be altered: no endpoint for it, and the database refuses
    await regulator.patch(`/api/v1/audit-events`).send({}).expect(404);
    await expect(api.db.query(`UPDATE audit_event SET actor_username = 'someone else' WHERE entity_id = $1`, [app.id])).rejects.toThrow(/cannot be changed/);
    // the applicant hears of the decision; the review clock shows the days in each state
    expect(
      (await mobile.get('/api/v1/notifications').expect(200)).body.notifications.some((n: Notification) => n.applicationId === app.id && n.kind === 'approved'),
    ).toBe(true);
    expect((await mobile.get(`/api/v1/applications/${app.id}`).expect(200)).body.clock.map((c: ReviewClockEntry) => c.state)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'approved',
    ]);
  });

  it("keeps an operator's applications and analyses from the others", async () => {
    await givenATower(600, 0);
    const analysis = await mobile.post('/api/v1/colocation/analyses').send(demand(650, 0)).expect(201);
    const app = (await mobile.post('/api/v1/applications').send({ analysisId: analysis.body.id }).expect(201)).body;
    await unicom.get(`/api/v1/applications/${app.id}`).expect(404);
    await unicom.get(`/api/v1/colocation/analyses/${analysis.body.id}`).expect(404);
    expect((await unicom.get('/api/v1/applications').expect(200)).body.applications.map((a: ApplicationSummary) => a.id)).not.toContain(app.id);
    await unicom.post('/api/v1/applications').send({ analysisId: analysis.body.id }).expect(404);
    await unicom.post('/api/v1/colocation/analyses').send(demand(650, 0)).expect(403); // a demand for another operator
    await regulator.get(`/api/v1/applications/${app.id}`).expect(200);
    // demand batches too: an operator's batch is its own, and it files demands for itself only
    const [lon, lat] = at(700, 0);
    const csv = [
      'lon,lat,search_radius_m,operator,technology,band_mhz,antenna_height_m',
      `${lon},${lat},300,china-mobile,5G,2600,25`,
      `${lon},${lat},300,china-unicom,5G,3500,25`,
    ].join('\n');
    const batch = await mobile.post('/api/v1/colocation/batches').set('Content-Type', 'text/csv').send(csv).expect(202);
    expect(batch.body).toMatchObject({ total: 2, valid: 1 });
    expect(batch.body.rejects).toEqual([expect.objectContaining({ line: 3, field: 'operator' })]);
    await mobile.get(`/api/v1/colocation/batches/${batch.body.id}`).expect(200);
    await unicom.get(`/api/v1/colocation/batches/${batch.body.id}`).expect(404);
    await unicom.get(`/api/v1/colocation/batches/${batch.body.id}/results`).expect(404);
  });

  it('refuses forbidden transitions: the wrong party 403, the wrong state 409, a stale version 409', async () => {
    await givenATower(1200, 0);
    const analysis = await mobile.post('/api/v1/colocation/analyses').send(demand(1250, 0)).expect(201);
    const app = (await mobile.post('/api/v1/applications').send({ analysisId: analysis.body.id }).expect(201)).body;
    expect((await move(regulator, app.id, 'approved', 1).expect(409)).body).toMatchObject({ error: 'conflict', code: 'transition_not_allowed' });
    expect((await move(regulator, app.id, 'submitted', 1).expect(403)).body).toMatchObject({ error: 'forbidden', code: 'not_your_step' });
    await move(mobile, app.id, 'submitted', 1).expect(201);
    await move(mobile, app.id, 'in_review', 2).expect(403);
    expect((await move(regulator, app.id, 'in_review', 1).expect(409)).body).toMatchObject({ error: 'conflict', code: 'version_conflict' }); // version 1 is gone
    await move(regulator, app.id, 'in_review', 2).expect(201);
    await move(regulator, app.id, 'returned', 3, 'add the wind-load calculation').expect(201);
    const resubmitted = await move(mobile, app.id, 'submitted', 4).expect(201);
    expect(resubmitted.body.state).toBe('submitted');
  });

  it('lets only one of two regulators deciding at once win', async () => {
    await givenATower(1800, 0);
    const analysis = await mobile.post('/api/v1/colocation/analyses').send(demand(1850, 0)).expect(201);
    const app = (await mobile.post('/api/v1/applications').send({ analysisId: analysis.body.id }).expect(201)).body;
    await move(mobile, app.id, 'submitted', 1).expect(201);
    await move(regulator, app.id, 'in_review', 2).expect(201);
    const [a, b] = await Promise.all([move(regulator, app.id, 'approved', 3), move(regulator2, app.id, 'rejected', 3, 'refused')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const final = (await regulator.get(`/api/v1/applications/${app.id}`).expect(200)).body;
    expect(final.state).toBe(a.status === 201 ? 'approved' : 'rejected');
    const decisions = await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action IN ('to_approved', 'to_rejected')`, [
      app.id,
    ]);
    expect(decisions[0].n).toBe(1);
  });

  it('changes nothing when the approval cannot be carried out (the structure filled up meanwhile)', async () => {
    const towerId = await givenATower(2400, 0, 1);
    const analysis = await mobile.post('/api/v1/colocation/analyses').send(demand(2450, 0)).expect(201);
    const app = (await mobile.post('/api/v1/applications').send({ analysisId: analysis.body.id }).expect(201)).body;
    await move(mobile, app.id, 'submitted', 1).expect(201);
    await move(regulator, app.id, 'in_review', 2).expect(201);
    await api.http
      .post('/api/v1/tenancies')
      .send(aTenancy(towerId, { operatorId: 'china-unicom' }))
      .expect(201); // takes the last slot
    const refused = await move(regulator, app.id, 'approved', 3).expect(409);
    expect(refused.body).toMatchObject({ error: 'conflict', code: 'structure_full' });
    expect(refused.body.errors[0].field).toBe('structureId');
    const after = (await regulator.get(`/api/v1/applications/${app.id}`).expect(200)).body;
    expect(after).toMatchObject({ state: 'in_review', version: 3, resultTenancyId: null });
    const mine = await api.db.query(`SELECT count(*)::int AS n FROM tenancy WHERE structure_id = $1 AND operator_id = 'china-mobile'`, [towerId]);
    expect(mine[0].n).toBe(0);
  });

  it('asks a justification of a new build where sharing was possible, and flags it', async () => {
    await givenATower(0, 1000);
    const analysis = await mobile.post('/api/v1/colocation/analyses').send(demand(50, 1000)).expect(201);
    const app = (
      await mobile
        .post('/api/v1/applications')
        .send({ analysisId: analysis.body.id, kind: 'new_build', site: { lon: at(80, 1040)[0], lat: at(80, 1040)[1] } })
        .expect(201)
    ).body;
    expect(app).toMatchObject({ kind: 'new_build', shareWasFeasible: true, structureId: null });
    const refused = await move(mobile, app.id, 'submitted', 1).expect(400);
    expect(refused.body).toMatchObject({ error: 'validation_failed', code: 'justification_required' });
    expect(refused.body.errors[0]).toMatchObject({ field: 'justification' });
    const edited = await mobile
      .patch(`/api/v1/applications/${app.id}`)
      .send({ version: 1, justification: 'the tower owner refuses a fourth tenant' })
      .expect(200);
    await move(mobile, app.id, 'submitted', edited.body.version).expect(201);
  });

  it('sends a new build inside a zoning overlay to the planning bureau before the regulator, and builds it on approval', async () => {
    const ring = [at(-600, 1400), at(600, 1400), at(600, 2600), at(-600, 2600), at(-600, 1400)];
    await bureau
      .post('/api/v1/overlays')
      .send({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [ring] },
        properties: { code: `${tag}-scenic`, kind: 'scenic_area', name: '测试风景区', authority: 'test' },
      })
      .expect(201);
    const analysis = await mobile.post('/api/v1/colocation/analyses').send(demand(0, 2000)).expect(201);
    expect(analysis.body.decision).toBe('new_build');
    const app = (await mobile.post('/api/v1/applications').send({ analysisId: analysis.body.id }).expect(201)).body;
    expect(app.needsBureauReview).toBe(true);
    const sent = await move(mobile, app.id, 'submitted', 1).expect(201);
    expect(sent.body.state).toBe('bureau_review');
    expect((await bureau.get('/api/v1/applications').expect(200)).body.applications.map((a: ApplicationSummary) => a.id)).toContain(app.id);
    await move(regulator, app.id, 'in_review', 2).expect(409);
    const cleared = await move(bureau, app.id, 'submitted', 2, 'camouflage as a tree').expect(201);
    await move(regulator, app.id, 'in_review', cleared.body.version).expect(201);
    const approved = await move(regulator, app.id, 'approved', cleared.body.version + 1).expect(201);
    const [s] = await api.db.query(`SELECT kind, status, owner_id FROM structure WHERE id = $1`, [approved.body.resultStructureId]);
    expect(s).toEqual({ kind: 'camouflaged_tower', status: 'approved', owner_id: 'china-mobile' });
  });
});
