import { healthResult } from '@cosite/contracts';
import { type INestApplicationContext } from '@nestjs/common';
import { givenAWorker, givenTheApi } from './support/api';

describe('GET /api/v1/health', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => api.close());

  it('is degraded, not down, while no worker runs: the API itself still serves (200), the queue and listener are named', async () => {
    const res = await api.http.get('/api/v1/health').expect(200);
    healthResult.parse(res.body);
    expect(res.body.status).toBe('degraded');
    expect(res.body.error.queue).toMatchObject({ status: 'down', workers: 0 });
    expect(res.body.error.coverageListener).toMatchObject({ status: 'down', message: expect.stringMatching(/no coverage listener/) });
    expect(res.body.info.database.status).toBe('up');
  });

  it('is green with a worker: database, PostGIS version, Redis and the queue', async () => {
    const worker: INestApplicationContext = await givenAWorker();
    try {
      let res = await api.http.get('/api/v1/health');
      for (let k = 0; k < 40 && res.status !== 200; k++) {
        await new Promise((r) => setTimeout(r, 100));
        res = await api.http.get('/api/v1/health');
      }
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.info.database).toMatchObject({ status: 'up', version: expect.stringMatching(/^1[5-9]/) });
      expect(res.body.info.postgis).toMatchObject({ status: 'up', version: expect.stringMatching(/^3\./) });
      expect(res.body.info.redis).toMatchObject({ status: 'up', ping: 'PONG' });
      expect(res.body.info.queue.workers).toBeGreaterThanOrEqual(1);
      expect(res.body.info.coverageListener.listeners).toEqual([expect.objectContaining({ state: 'listening', caughtUpAt: expect.any(String) })]);
      expect(res.body.error).toEqual({});
    } finally {
      await worker.close();
    }
  });
});
