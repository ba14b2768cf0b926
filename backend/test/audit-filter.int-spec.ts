import { aStructure, givenTheApi, uniqueCode } from './support/api';

type Api = Awaited<ReturnType<typeof givenTheApi>>;

/** The audit viewer's filters (issue 16): by kind of entity and by a date range, the same for JSON and CSV. */
describe('the audit log filtered by entity and dates (real API)', () => {
  let api: Api;
  let id: number;
  beforeAll(async () => {
    api = await givenTheApi();
    id = (
      await api.http
        .post('/api/v1/structures')
        .send(aStructure({ code: uniqueCode('AUDF') }))
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'AUDF%'`);
    await api.close();
  });

  it('keeps only the entity asked for, between from and to (a bare date up to its end), in JSON and CSV', async () => {
    const regulator = await api.as('regulator');
    const today = new Date().toISOString().slice(0, 10);
    const q = { entity: 'structure', entityId: String(id), from: today, to: today };
    const r = await regulator.get('/api/v1/audit-events').query(q).expect(200);
    expect(r.body.events.map((e: { entity: string; action: string }) => [e.entity, e.action])).toEqual([['structure', 'created']]);
    expect(
      (
        await regulator
          .get('/api/v1/audit-events')
          .query({ ...q, entity: 'overlay' })
          .expect(200)
      ).body.events,
    ).toEqual([]);
    expect(
      (
        await regulator
          .get('/api/v1/audit-events')
          .query({ ...q, to: '2000-01-01' })
          .expect(200)
      ).body.events,
    ).toEqual([]);
    const csv = await regulator
      .get('/api/v1/audit-events')
      .query({ ...q, format: 'csv' })
      .expect(200);
    expect(csv.text.trim().split('\n')).toHaveLength(2);
    const bad = await regulator.get('/api/v1/audit-events').query({ to: 'yesterday' }).expect(400);
    expect(bad.body.errors[0].field).toBe('to');
  });
});
