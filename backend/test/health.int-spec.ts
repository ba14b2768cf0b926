import { INestApplicationContext } from '@nestjs/common';
import { givenAWorker, givenTheApi } from './support/api';

describe('GET /api/v1/health', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => api.close());

  it('reports the queue down while no worker consumes it', async () => {
    const res = await api.http.get('/api/v1/health').expect(503);
    expect(res.body.error.queue).toMatchObject({ status: 'down', workers: 0 });
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
    } finally {
      await worker.close();
    }
  });
});
