import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { QueueName } from '../src/jobs/queues';
import { aStructure, aTenancy, givenAWorker, givenTheApi, uniqueCode } from './support/api';

type Api = Awaited<ReturnType<typeof givenTheApi>>;
type Http = Api['http'];

/** Audit events of one row, oldest first, as the regulator's audit log shows them. */
async function auditOf(http: Http, entity: string, id: string | number) {
  const r = await http
    .get('/api/v1/audit-events')
    .query({ entityId: String(id) })
    .expect(200);
  return (
    r.body.events as {
      entity: string;
      actor: string;
      organisationId: string;
      action: string;
      before: { properties?: Record<string, unknown> } | null;
      after: { ids?: unknown; properties?: Record<string, unknown> } | null;
    }[]
  ).filter((e) => e.entity === entity);
}

describe('ownership of the inventory (real API, demo users of different organisations)', () => {
  let api: Api;
  let telecom: Http;
  let mobile: Http;
  let tower: Http;
  let mobileStructure: { id: number; properties: Record<string, unknown> };
  let mobileTenancy: { id: number };
  beforeAll(async () => {
    api = await givenTheApi();
    [telecom, mobile, tower] = await Promise.all(['planner.telecom', 'planner.mobile', 'planner.tower'].map((u) => api.as(u)));
    // China Mobile's own rooftop with China Mobile's base station on it (made by an administrator)
    mobileStructure = (
      await api.http
        .post('/api/v1/structures')
        .send(aStructure({ code: uniqueCode('OWN'), ownerId: 'china-mobile', kind: 'rooftop', buildForm: 'attached' }))
        .expect(201)
    ).body;
    mobileTenancy = (
      await api.http
        .post('/api/v1/tenancies')
        .send(aTenancy(mobileStructure.id, { code: uniqueCode('OWNT') }))
        .expect(201)
    ).body;
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM tenancy WHERE code LIKE 'OWN%'`);
    await api.db.query(`DELETE FROM tenancy WHERE structure_id IN (SELECT id FROM structure WHERE code LIKE 'OWN%')`);
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'OWN%'`);
    await api.close();
  });

  it("refuses China Telecom's planner a PATCH of China Mobile's structure (403 naming properties.ownerId), and changes nothing", async () => {
    const r = await telecom
      .patch(`/api/v1/structures/${mobileStructure.id}`)
      .send({ properties: { heightM: 12 } })
      .expect(403);
    expect(r.body).toMatchObject({
      statusCode: 403,
      error: 'forbidden',
      code: 'ownership_refused',
      errors: [{ field: 'properties.ownerId', problem: expect.stringMatching(/china-mobile.*planner of china-telecom/) }],
    });
    const after = await api.http.get(`/api/v1/structures/${mobileStructure.id}`).expect(200);
    expect(after.body.properties.heightM).toBe(mobileStructure.properties.heightM);
    expect((await auditOf(api.http, 'structure', mobileStructure.id)).map((e) => e.action)).toEqual(['created']);
  });

  it("refuses China Telecom's planner a tenancy created as China Mobile (403 naming properties.operatorId); nothing is written", async () => {
    const code = uniqueCode('OWNT');
    const r = await telecom
      .post('/api/v1/tenancies')
      .send(aTenancy(mobileStructure.id, { code, operatorId: 'china-mobile' }))
      .expect(403);
    expect(r.body.errors).toEqual([{ field: 'properties.operatorId', problem: expect.stringMatching(/china-mobile/) }]);
    expect(await api.db.query(`SELECT id FROM tenancy WHERE code = $1`, [code])).toEqual([]);
    // its own operator's tenancy on the same structure is fine
    const own = await telecom
      .post('/api/v1/tenancies')
      .send(aTenancy(mobileStructure.id, { code: uniqueCode('OWNT'), operatorId: 'china-telecom' }))
      .expect(201);
    expect(own.body.properties.operatorId).toBe('china-telecom');
  });

  it("refuses China Telecom's planner the DELETE of China Mobile's tenancy; China Mobile's planner may", async () => {
    const extra = (
      await api.http
        .post('/api/v1/tenancies')
        .send(aTenancy(mobileStructure.id, { code: uniqueCode('OWNT'), slotsUsed: 0, loadKg: 10 }))
        .expect(201)
    ).body;
    const r = await telecom.delete(`/api/v1/tenancies/${extra.id}`).expect(403);
    expect(r.body.errors[0].field).toBe('properties.operatorId');
    await api.http.get(`/api/v1/tenancies/${extra.id}`).expect(200);
    await mobile.delete(`/api/v1/tenancies/${extra.id}`).expect(204);
    await api.http.get(`/api/v1/tenancies/${extra.id}`).expect(404);
    const events = await auditOf(api.http, 'tenancy', extra.id);
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['created', 'admin'],
      ['deleted', 'planner.mobile'],
    ]);
    expect(events[1].before?.properties).toMatchObject({ operatorId: 'china-mobile', loadKg: 10 });
    expect(events[1].after).toBeNull();
  });

  it("refuses a PATCH that would hand one's own row to another organisation", async () => {
    const r = await mobile
      .patch(`/api/v1/tenancies/${mobileTenancy.id}`)
      .send({ properties: { operatorId: 'china-unicom' } })
      .expect(403);
    expect(r.body.errors[0]).toMatchObject({ field: 'properties.operatorId', problem: expect.stringMatching(/china-unicom/) });
    const mine = await tower
      .post('/api/v1/structures')
      .send(aStructure({ code: uniqueCode('OWN') }))
      .expect(201);
    await tower
      .patch(`/api/v1/structures/${mine.body.id}`)
      .send({ properties: { ownerId: 'china-mobile' } })
      .expect(403);
    // and creating one for another owner is refused too
    await tower
      .post('/api/v1/structures')
      .send(aStructure({ code: uniqueCode('OWN'), ownerId: 'china-unicom' }))
      .expect(403);
  });

  it('audits a PATCH by the owner: who, from which organisation, the row before and after, in the same transaction', async () => {
    const created = (
      await tower
        .post('/api/v1/structures')
        .send(aStructure({ code: uniqueCode('OWN'), heightM: 30 }))
        .expect(201)
    ).body;
    const patched = await tower
      .patch(`/api/v1/structures/${created.id}`)
      .send({ properties: { heightM: 35, name: 'Raised monopole' } })
      .expect(200);
    expect(patched.body.properties.heightM).toBe(35);
    const events = await auditOf(api.http, 'structure', created.id);
    expect(events.map((e) => e.action)).toEqual(['created', 'updated']);
    const update = events[1];
    expect(update).toMatchObject({ actor: 'planner.tower', organisationId: 'china-tower' });
    expect(update.before).toMatchObject({ id: created.id, properties: { heightM: 30, name: 'Test monopole', ownerId: 'china-tower' } });
    expect(update.after).toMatchObject({ id: created.id, properties: { heightM: 35, name: 'Raised monopole' } });
    // a write that fails leaves neither the change nor an event behind
    await tower
      .patch(`/api/v1/structures/${created.id}`)
      .send({ properties: { heightM: -1 } })
      .expect(400);
    expect(await auditOf(api.http, 'structure', created.id)).toHaveLength(2);
  });

  it('leaves the regulator and the bureau reading only', async () => {
    for (const who of ['regulator', 'bureau']) {
      const c = await api.as(who);
      await c.get(`/api/v1/structures/${mobileStructure.id}`).expect(200);
      await c
        .patch(`/api/v1/structures/${mobileStructure.id}`)
        .send({ properties: { heightM: 12 } })
        .expect(403);
      await c.delete(`/api/v1/tenancies/${mobileTenancy.id}`).expect(403);
    }
  });
});

describe('ownership in bulk imports (real worker)', () => {
  let api: Api;
  let worker: INestApplicationContext;
  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenAWorker();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'OWNI-%'`);
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Imports));
    await worker.close();
    await queue.obliterate({ force: true });
    await api.close();
  });

  async function untilFinished(http: Http, id: string) {
    for (let k = 0; k < 200; k++) {
      const r = await http.get(`/api/v1/imports/${id}`).expect(200);
      if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('import did not finish');
  }

  it('rejects, by line, the rows a planner uploads for another organisation and loads the rest; the batch is one audit event', async () => {
    const telecom = await api.as('planner.telecom');
    const header = 'code,name,kind,owner_id,height_m,slots_total,build_form,lon,lat';
    const [own1, mobiles, own2] = [uniqueCode('OWNI'), uniqueCode('OWNI'), uniqueCode('OWNI')];
    const csv = [
      header,
      `${own1},电信杆,monopole,china-telecom,20,2,standalone,106.571,29.561`,
      `${mobiles},移动杆,monopole,china-mobile,20,2,standalone,106.572,29.561`,
      `${own2},电信杆2,monopole,china-telecom,20,2,standalone,106.573,29.561`,
    ].join('\n');
    const sub = await telecom.post('/api/v1/imports').query({ layer: 'structures' }).set('Content-Type', 'text/csv').send(csv).expect(202);
    const done = await untilFinished(telecom, sub.body.id);
    expect(done).toMatchObject({ status: 'completed', rowsLoaded: 2, rowsRejected: 1 });
    expect(done.rejects).toEqual([{ line: 3, field: 'properties.ownerId', problem: expect.stringMatching(/china-mobile.*planner of china-telecom/) }]);
    const loaded = await api.db.query(`SELECT code, owner_id FROM structure WHERE code = ANY($1) ORDER BY code`, [[own1, mobiles, own2]]);
    expect(loaded.map((r: { owner_id: string }) => r.owner_id)).toEqual(['china-telecom', 'china-telecom']);
    const ids = (await api.db.query(`SELECT id::int FROM structure WHERE code = ANY($1) ORDER BY id`, [[own1, own2]])).map((r: { id: number }) => r.id);
    const events = await auditOf(api.http, 'import_batch', sub.body.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'planner.telecom',
      organisationId: 'china-telecom',
      action: 'imported',
      after: { layer: 'structures', total: 3, loaded: 2, rejected: 1 },
    });
    expect((events[0].after?.ids as [number, number][]).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k))).toEqual(ids);
  });
});
