import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { aStructure, aTenancy, givenTheApi, givenWorkerProcesses, JIEFANGBEI, until } from './support/api';
import { QueueName } from '../src/jobs/queues';

describe('GET /api/v1/coverage/path-loss', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => api.close());

  it('answers a UMa NLOS link at 3.5 GHz (131.835 dB at 560 m, from TR 38.901 by hand)', async () => {
    const res = await api.http
      .get('/api/v1/coverage/path-loss')
      .query({ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 560, bsHeightM: 25, ueHeightM: 1.5 })
      .expect(200);
    expect(res.body).toEqual({ pathLossDb: 131.835, model: '3gpp-uma', los: false, valid: true, outOfRange: [] });
  });

  it('takes los=true and defaults the UE to 1.5 m', async () => {
    const res = await api.http
      .get('/api/v1/coverage/path-loss')
      .query({ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 560, bsHeightM: 25, los: 'true' })
      .expect(200);
    expect(res.body).toMatchObject({ pathLossDb: 99.35, los: true, valid: true });
  });

  it('computes outside a model’s range but says so (COST-231 at 3.5 GHz)', async () => {
    const res = await api.http
      .get('/api/v1/coverage/path-loss')
      .query({ model: 'cost231-urban', frequencyMHz: 3500, distanceM: 2000, bsHeightM: 40 })
      .expect(200);
    expect(res.body).toMatchObject({ valid: false, outOfRange: [{ parameter: 'frequencyMHz', value: 3500, min: 1500, max: 2000 }] });
  });

  it.each([
    [{ model: 'hata', frequencyMHz: 1800, distanceM: 100, bsHeightM: 30 }, 'model', /one of 3gpp-uma/],
    [{ model: '3gpp-uma', frequencyMHz: -5, distanceM: 100, bsHeightM: 30 }, 'frequencyMHz', /between 1 and 300000 MHz/],
    [{ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 'far', bsHeightM: 30 }, 'distanceM', /between|number/],
    [{ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 100, bsHeightM: 3000 }, 'bsHeightM', /between 0 and 1000 m/],
    [{ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 100, bsHeightM: 30, los: 'maybe' }, 'los', /true or false/],
  ])('answers 400 for %o naming %s', async (query, field, problem) => {
    const res = await api.http.get('/api/v1/coverage/path-loss').query(query).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, problem: expect.stringMatching(problem) }));
  });
});

/** Incremental coverage survives a lost database connection: nothing changed meanwhile is missed, and /health tells. */
describe('the coverage listener after its connection is killed', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let worker: { stop: () => Promise<void> };
  let noCoverageBefore = false;

  beforeAll(async () => {
    api = await givenTheApi();
    [{ none: noCoverageBefore }] = await api.db.query(`SELECT NOT EXISTS (SELECT 1 FROM coverage_cell) AS none`);
    // a real worker process (the recompute is CPU-bound: in Jest's sandbox it would outlast its BullMQ lock), with a
    // first reconnect wait wide enough to look at /health while the listener is away
    const retry = process.env.COVERAGE_LISTENER_RETRY_MS;
    process.env.COVERAGE_LISTENER_RETRY_MS = '4000';
    try {
      worker = await givenWorkerProcesses(1);
    } finally {
      if (retry === undefined) delete process.env.COVERAGE_LISTENER_RETRY_MS;
      else process.env.COVERAGE_LISTENER_RETRY_MS = retry;
    }
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await api.app.get<Queue>(getQueueToken(QueueName.Coverage)).obliterate({ force: true });
    // on a database with no coverage, the cells this test computed would look like a partial run to later suites
    if (noCoverageBefore) await api.db.query(`DELETE FROM coverage_cell`);
    await api.close();
  });

  const listenerState = async () => {
    const res = await api.http.get('/api/v1/health');
    const l = res.body.info.coverageListener ?? res.body.error.coverageListener;
    return { http: res.status, status: res.body.status as string, states: (l?.listeners ?? []).map((x: { state: string }) => x.state) as string[] };
  };

  it('reconnects, recomputes the cells of a tenancy added while it was away, and shows degraded meanwhile', async () => {
    // Incremental updates keep a full run current: this run row stands for one finished just now.
    const [run] = await api.db.query(
      `INSERT INTO coverage_run (kind, status, chunks_total, started_at, finished_at) VALUES ('full', 'completed', 0, now(), now()) RETURNING id`,
    );
    const site = await api.http
      .post('/api/v1/structures')
      .send(aStructure({ heightM: 35 }, [JIEFANGBEI[0] + 0.004, JIEFANGBEI[1] + 0.003]))
      .expect(201);
    const structureId = Number(site.body.id);
    let tenancyId: number | undefined;
    try {
      expect(await until(listenerState, (s) => s.status === 'ok', 60)).toEqual({ http: 200, status: 'ok', states: ['listening'] });

      const killed = await api.db.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'cosite-coverage-listener' AND datname = current_database()`,
      );
      // (another Cosite worker on this database, say a developer's, would lose its listener too; it reconnects alike)
      expect(killed.length).toBeGreaterThan(0);
      expect(killed.every((k: { ok: boolean }) => k.ok)).toBe(true);
      // a change nobody hears: its NOTIFY goes nowhere
      const t = await api.http
        .post('/api/v1/tenancies')
        .send(aTenancy(structureId, { operatorId: 'china-broadnet', technology: '5G', bandMhz: 700, eirpDbm: 78, antennaHeightM: 33 }))
        .expect(201);
      tenancyId = Number(t.body.id);

      const down = await until(listenerState, (s) => s.status === 'degraded', 3, 100);
      expect(down).toEqual({ http: 200, status: 'degraded', states: ['reconnecting'] });

      // after the reconnect the log is read and the new antenna's cells computed
      const served = () => api.db.query(`SELECT count(*)::int AS n FROM coverage_cell WHERE best_tenancy_id = $1`, [tenancyId]);
      const after = await until(served, (r) => r[0].n > 0, 60);
      expect(after[0].n).toBeGreaterThan(0);
      expect(await until(listenerState, (s) => s.status === 'ok', 10)).toEqual({ http: 200, status: 'ok', states: ['listening'] });
      const [{ left }] = await api.db.query(`SELECT count(*)::int AS left FROM coverage_change WHERE tenancy_id = $1`, [tenancyId]);
      expect(left).toBe(0);
    } finally {
      if (tenancyId) await api.db.query(`DELETE FROM coverage_cell WHERE best_tenancy_id = $1 OR second_tenancy_id = $1`, [tenancyId]);
      await api.db.query(`DELETE FROM tenancy WHERE structure_id = $1`, [structureId]);
      await api.db.query(`DELETE FROM structure WHERE id = $1`, [structureId]);
      await api.db.query(`DELETE FROM coverage_run WHERE id = $1`, [run.id]);
    }
  }, 150_000);
});
