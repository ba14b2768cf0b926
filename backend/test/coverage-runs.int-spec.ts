import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { givenTheApi, givenWorkerProcesses, until } from './support/api';
import { QueueName } from '../src/jobs/queues';

/** A whole-city coverage run through BullMQ on the full sample, then KPIs, gaps, hexes and an incremental update. */
describe('coverage runs (real PostGIS, Redis and BullMQ)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let workers: { stop: () => Promise<void> };
  let runId: string;

  beforeAll(async () => {
    api = await givenTheApi();
    workers = await givenWorkerProcesses(2);
  }, 120_000);

  afterAll(async () => {
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Coverage));
    await workers.stop();
    await queue.obliterate({ force: true });
    await api.close();
  });

  it('runs a whole-city recompute in chunks to completion, with progress in %', async () => {
    // two starts at the same moment (a worker's first-start run and a user's): exactly one goes ahead
    const both = await Promise.all([api.http.post('/api/v1/coverage/runs'), api.http.post('/api/v1/coverage/runs')]);
    expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
    const start = both.find((r) => r.status === 202)!;
    runId = start.body.id;
    expect(start.body).toMatchObject({ status: 'running', kind: 'full', percent: 0 });
    expect(start.body.chunksTotal).toBeGreaterThan(100);
    // a second full run while one is going is refused
    const again = await api.http.post('/api/v1/coverage/runs').expect(409);
    expect(again.body).toMatchObject({ error: 'conflict', code: 'run_in_progress' });
    const mid = await until(
      () => api.http.get(`/api/v1/coverage/runs/${runId}`).then((r) => r.body),
      (b) => b.percent > 0,
      60,
    );
    expect(mid.percent).toBeGreaterThan(0);
    const done = await until(
      () => api.http.get(`/api/v1/coverage/runs/${runId}`).then((r) => r.body),
      (b) => b.status !== 'running',
      300,
    );
    expect(done).toMatchObject({ status: 'completed', percent: 100 });
  }, 320_000);

  it('stores one row per cell, operator and technology, never duplicated, with best ≥ runner-up', async () => {
    const [dup] = await api.db.query(
      `SELECT count(*)::int AS n FROM (SELECT h3, operator_id, technology FROM coverage_cell GROUP BY 1,2,3 HAVING count(*) > 1) x`,
    );
    expect(dup.n).toBe(0);
    const [bad] = await api.db.query(`SELECT count(*)::int AS n FROM coverage_cell WHERE second_rsrp_dbm > best_rsrp_dbm`);
    expect(bad.n).toBe(0);
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM coverage_cell c JOIN tenancy t ON t.id = c.best_tenancy_id AND t.operator_id = c.operator_id AND t.technology = c.technology`,
    );
    const [{ total }] = await api.db.query(`SELECT count(*)::int AS total FROM coverage_cell`);
    expect(n).toBe(total); // every best server is a tenancy of that operator and technology
  });

  it('keeps the SINR of every best server and the throughput the attenuated Shannon bound gives it', async () => {
    const [run] = (await api.http.get('/api/v1/coverage/runs').expect(200)).body;
    expect(run.loadFactor).toBe(0.5); // the default when the run does not say
    const [c] = await api.db.query(`SELECT count(*)::int AS n, count(sinr_db)::int AS sinr, count(throughput_mbps)::int AS tp FROM coverage_cell`);
    expect(c.sinr).toBe(c.n);
    expect(c.tp).toBe(c.n);
    // throughput = min(0.6·log2(1 + SINR), cap) × occupied bandwidth, 0 below −10 dB (5G: 98.28 MHz, cap 7.4063)
    const rows: { sinr: number; tp: number }[] = await api.db.query(
      `SELECT sinr_db::float8 AS sinr, throughput_mbps::float8 AS tp FROM coverage_cell WHERE technology = '5G' ORDER BY h3 LIMIT 2000`,
    );
    for (const r of rows) {
      const se = r.sinr < -10 ? 0 : Math.min(0.6 * Math.log2(1 + 10 ** (r.sinr / 10)), 7.4063);
      expect(Math.abs(r.tp - se * 98.28)).toBeLessThan(0.05 + 0.01 * r.tp);
    }
    // a dense city is interference-limited: some cells are below 0 dB, and SINR never exceeds what noise alone allows
    const [q] = await api.db.query(
      `SELECT count(*) FILTER (WHERE sinr_db < 0)::int AS below0, max(sinr_db - (best_rsrp_dbm + 122.23))::float8 AS over_noise
         FROM coverage_cell WHERE technology = '5G'`,
    );
    expect(q.below0).toBeGreaterThan(0);
    expect(q.over_noise).toBeLessThan(0.05);
  });

  it('refuses a load factor outside (0, 1], naming the field', async () => {
    for (const loadFactor of [0, 1.5, 'half']) {
      const res = await api.http.post('/api/v1/coverage/runs').send({ loadFactor }).expect(400);
      expect(res.body.errors[0].field).toBe('loadFactor');
    }
  });

  it('puts a cell right in front of a macro sector above the 5G threshold, served by that structure', async () => {
    const [s] = await api.db.query(`
      SELECT t.id, t.operator_id, ST_X(st.geom) lon, ST_Y(st.geom) lat, t.azimuth_deg::float8 AS az
        FROM tenancy t JOIN structure st ON st.id = t.structure_id
       WHERE t.technology = '5G' AND st.kind = 'monopole' AND st.status = 'built' AND t.status = 'active' AND t.azimuth_deg IS NOT NULL
       ORDER BY t.id LIMIT 1`);
    const d = 120; // metres out along the first sector
    const lon = s.lon + (d * Math.sin((s.az * Math.PI) / 180)) / (111320 * Math.cos((s.lat * Math.PI) / 180));
    const lat = s.lat + (d * Math.cos((s.az * Math.PI) / 180)) / 110574;
    const res = await api.http
      .get('/api/v1/coverage/cells')
      .query({ bbox: `${lon - 0.0008},${lat - 0.0008},${lon + 0.0008},${lat + 0.0008}`, technology: '5G', operator: s.operator_id })
      .expect(200);
    expect(res.body.features.length).toBeGreaterThan(0);
    expect(Math.max(...res.body.features.map((f: { properties: { rsrp: number } }) => f.properties.rsrp))).toBeGreaterThan(-105);
    expect(res.body.features[0].geometry.type).toBe('Polygon');
    // with its SINR band and throughput
    const p = res.body.features[0].properties;
    expect(typeof p.sinr).toBe('number');
    expect(['excellent', 'good', 'fair', 'poor', 'bad']).toContain(p.sinrBand);
    expect(p.throughputMbps).toBeGreaterThanOrEqual(0);
  });

  it('reports KPIs per district and city-wide, key sites and 5G density against their targets', async () => {
    const res = await api.http.get('/api/v1/coverage/kpis').query({ technology: '5G' }).expect(200);
    const city = res.body.area.find((a: { districtId: number | null; operator: string }) => a.districtId === null && a.operator === 'any');
    expect(city.cells).toBeGreaterThan(300_000);
    expect(city.populationCoveredPct).toBeGreaterThan(0);
    expect(city.populationCoveredPct).toBeLessThanOrEqual(100);
    // population on the grid adds up to the central districts' census (within rounding at the edges)
    expect(Math.abs(city.population - 10_343_462) / 10_343_462).toBeLessThan(0.01);
    const perDistrict = res.body.area.filter((a: { districtId: number | null; operator: string }) => a.districtId !== null && a.operator === 'any');
    expect(perDistrict).toHaveLength(9);
    expect(res.body.keySites.total).toBeGreaterThan(20);
    expect(res.body.keySites.targetPct).toBe(98);
    const d = res.body.fiveGDensity;
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM tenancy t JOIN structure s ON s.id = t.structure_id JOIN district d ON d.id = s.district_id WHERE d.is_core AND t.technology = '5G' AND t.status = 'active'`,
    );
    expect(d.city.stations).toBe(n);
    expect(d.city.per10k).toBeCloseTo((n * 10_000) / 10_343_462, 1);
    expect(d.city.target).toBe(47.8);
    expect(d.districts.find((x: { districtId: number }) => x.districtId === 500103).target).toBe(35);
    // link quality: usable SINR is a subset of coverage, the 5th percentile below the median, and for 'any' (the
    // best network at each cell) the median is at least every single operator's
    expect(res.body).toMatchObject({ sinrUsableDb: 0, goodThroughputMbps: 100 });
    expect(city.populationSinrUsable).toBeGreaterThan(0);
    expect(city.sinrUsableCells).toBeLessThanOrEqual(city.coveredCells);
    expect(city.p5ThroughputMbps).toBeLessThanOrEqual(city.medianThroughputMbps);
    expect(city.populationGoodThroughputPct).toBeGreaterThan(0);
    expect(city.populationGoodThroughputPct).toBeLessThan(100);
    const cityOf = (op: string) => res.body.area.find((a: { districtId: number | null; operator: string }) => a.districtId === null && a.operator === op);
    for (const op of ['china-mobile', 'china-telecom', 'china-unicom']) {
      expect(cityOf(op).medianThroughputMbps).toBeLessThanOrEqual(city.medianThroughputMbps);
      expect(cityOf(op).populationSinrUsable).toBeLessThanOrEqual(city.populationSinrUsable);
    }
  });

  it('takes a stricter threshold or indoor losses on request, and refuses an unknown model or an impossible threshold', async () => {
    const base = await api.http.get('/api/v1/coverage/kpis').query({ technology: '5G' }).expect(200);
    const strict = await api.http.get('/api/v1/coverage/kpis').query({ technology: '5G', thresholdDbm: -70 }).expect(200);
    const city = (b: { area: { districtId: number | null; operator: string; areaCoveredPct: number }[] }) =>
      b.area.find((a) => a.districtId === null && a.operator === 'any')!.areaCoveredPct;
    expect(strict.body.thresholdDbm).toBe(-70);
    expect(city(strict.body)).toBeLessThan(city(base.body));
    // indoors (TR 38.901 O2I): fewer people covered than outdoors, and fewer behind high-loss walls than low-loss
    const pop = (b: { area: { districtId: number | null; operator: string; populationCoveredPct: number }[] }) =>
      b.area.find((a) => a.districtId === null && a.operator === 'any')!.populationCoveredPct;
    const low = await api.http.get('/api/v1/coverage/kpis').query({ technology: '5G', indoor: 'low-loss' }).expect(200);
    const high = await api.http.get('/api/v1/coverage/kpis').query({ technology: '5G', indoor: 'high-loss' }).expect(200);
    expect(low.body.indoor).toBe('low-loss');
    expect(pop(low.body)).toBeLessThan(pop(base.body));
    expect(pop(high.body)).toBeLessThan(pop(low.body));
    expect((await api.http.get('/api/v1/coverage/kpis').query({ indoor: 'basement' }).expect(400)).body.errors[0].field).toBe('indoor');
    const bad = await api.http.get('/api/v1/coverage/kpis').query({ thresholdDbm: -10 }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'thresholdDbm', problem: expect.stringMatching(/-160 and -40/) });
    const model = await api.http.post('/api/v1/coverage/runs').send({ model: 'hata' }).expect(400);
    expect(model.body.errors[0].field).toBe('model');
  });

  it('finds gaps once the sites of an area are gone, and ranks them by residents', async () => {
    // Silence every 5G site of Broadnet within 3 km of Jiefangbei; the worker recomputes the area by itself.
    const ids: { id: number; structure_id: number }[] = await api.db.query(`
      SELECT t.id::int, t.structure_id::int FROM tenancy t JOIN structure s ON s.id = t.structure_id
       WHERE t.operator_id = 'china-broadnet' AND t.technology = '5G' AND t.status = 'active'
         AND ST_DWithin(s.geom::geography, ST_SetSRID(ST_MakePoint(106.577, 29.5575), 4326)::geography, 3000)`);
    expect(ids.length).toBeGreaterThan(5);
    try {
      await api.db.query(`UPDATE tenancy SET status = 'decommissioned' WHERE id = ANY($1)`, [ids.map((i) => i.id)]);
      const served = () => api.db.query(`SELECT count(*)::int AS n FROM coverage_cell WHERE best_tenancy_id = ANY($1)`, [ids.map((i) => i.id)]);
      const left = await until(served, (r) => r[0].n === 0, 60);
      // none of the silenced tenancies serves any cell any more
      expect(left[0].n).toBe(0);
      const gaps = await api.http.get('/api/v1/coverage/gaps').query({ technology: '5G', operator: 'china-broadnet', limit: 5 }).expect(200);
      expect(gaps.body.gaps.length).toBeGreaterThan(0);
      const g = gaps.body.gaps[0];
      expect(g.population).toBeGreaterThan(0);
      expect(gaps.body.gaps.every((x: { population: number }, k: number, a: { population: number }[]) => k === 0 || a[k - 1].population >= x.population)).toBe(
        true,
      );
      expect(g.demand).toMatchObject({ operator: 'china-broadnet', technology: '5G', location: { lon: expect.any(Number), lat: expect.any(Number) } });
      // the gap, picked by any of its cells, becomes a demand and is analysed in one step
      const fromGap = await api.http
        .post('/api/v1/colocation/analyses/from-gap')
        .send({ operator: 'china-broadnet', technology: '5G', h3: g.h3[g.h3.length - 1] })
        .expect(201);
      expect(fromGap.body.gap).toMatchObject({ rank: 1, population: g.population, cells: g.cells });
      expect(fromGap.body.demand).toMatchObject({
        operator: 'china-broadnet',
        technology: '5G',
        lon: g.demand.location.lon,
        lat: g.demand.location.lat,
        searchRadiusM: g.demand.searchRadiusM,
        bandMHz: 3500,
      });
      expect(['share', 'upgrade', 'new_build']).toContain(fromGap.body.decision);
      const stored = await api.http.get(`/api/v1/colocation/analyses/${fromGap.body.id}`).expect(200);
      expect(stored.body.gap.rank).toBe(1);
      // a covered cell is no gap
      const [covered] = await api.db.query(
        `SELECT h3::text FROM coverage_cell WHERE operator_id = 'china-broadnet' AND technology = '5G' AND best_rsrp_dbm >= -105 LIMIT 1`,
      );
      const no = await api.http.post('/api/v1/colocation/analyses/from-gap').send({ operator: 'china-broadnet', technology: '5G', h3: covered.h3 }).expect(400);
      expect(no.body.errors[0]).toMatchObject({ field: 'h3', problem: expect.stringMatching(/not in a populated 5G coverage gap/) });
      const bad = await api.http.post('/api/v1/colocation/analyses/from-gap').send({ operator: 'china-broadnet', technology: '5G', h3: 'zz' }).expect(400);
      expect(bad.body.errors[0].field).toBe('h3');
    } finally {
      await api.db.query(`UPDATE tenancy SET status = 'active' WHERE id = ANY($1)`, [ids.map((i) => i.id)]);
    }
  }, 90_000);

  it('recomputes by itself, within seconds, the cells near a tenancy that changed', async () => {
    // a 5G tenancy that is the best server of a good number of cells
    const [t] = await api.db.query(`
      SELECT c.best_tenancy_id::int AS id, max(t.eirp_dbm)::float8 AS eirp FROM coverage_cell c JOIN tenancy t ON t.id = c.best_tenancy_id
       WHERE c.technology = '5G' AND t.azimuth_deg IS NOT NULL GROUP BY 1 HAVING count(*) > 20 ORDER BY 1 LIMIT 1`);
    const before = await api.db.query(`SELECT count(*)::int AS n FROM coverage_cell WHERE best_tenancy_id = $1`, [t.id]);
    await api.http
      .patch(`/api/v1/tenancies/${t.id}`)
      .send({ properties: { eirpDbm: 20 } })
      .expect(200); // nearly switched off
    try {
      const after = await until(
        () => api.db.query(`SELECT count(*)::int AS n FROM coverage_cell WHERE best_tenancy_id = $1`, [t.id]),
        (r) => r[0].n < before[0].n,
        30,
      );
      expect(after[0].n).toBeLessThan(before[0].n);
    } finally {
      await api.db.query(`UPDATE tenancy SET eirp_dbm = $2 WHERE id = $1`, [t.id, t.eirp]);
    }
  }, 40_000);

  it('cancels a run (its waiting chunks are dropped) and retries it without redoing the chunks already done', async () => {
    const start = await api.http.post('/api/v1/coverage/runs').expect(202);
    const id = start.body.id;
    await until(
      () => api.http.get(`/api/v1/coverage/runs/${id}`).then((r) => r.body),
      (b) => b.chunksDone >= 3,
      60,
    );
    const cancelled = await api.http.post(`/api/v1/coverage/runs/${id}/cancel`).expect(201);
    expect(cancelled.body.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 1500)); // chunks in flight finish or see the cancel
    const doneAtCancel: { chunk: string; done_at: Date }[] = await api.db.query(`SELECT chunk::text, done_at FROM coverage_run_chunk WHERE run_id = $1`, [id]);
    const after = await api.http.get(`/api/v1/coverage/runs/${id}`).expect(200);
    expect(after.body.status).toBe('cancelled');
    expect(after.body.chunksDone).toBeLessThan(after.body.chunksTotal);
    const twice = await api.http.post(`/api/v1/coverage/runs/${id}/cancel`).expect(409);
    expect(twice.body.code).toBe('run_not_running');

    await api.http.post(`/api/v1/coverage/runs/${id}/retry`).expect(201);
    const done = await until(
      () => api.http.get(`/api/v1/coverage/runs/${id}`).then((r) => r.body),
      (b) => b.status !== 'running',
      180,
    );
    expect(done).toMatchObject({ status: 'completed', percent: 100 });
    const later: { chunk: string; done_at: Date }[] = await api.db.query(
      `SELECT chunk::text, done_at FROM coverage_run_chunk WHERE run_id = $1 AND chunk = ANY($2::bigint[])`,
      [id, doneAtCancel.map((c) => c.chunk)],
    );
    expect(later.map((c) => c.done_at.getTime()).sort()).toEqual(doneAtCancel.map((c) => c.done_at.getTime()).sort());
  }, 240_000);

  it('imports observed cells (OpenCelliD CSV), reports bad lines, shows them as a tile layer and compares them with the prediction', async () => {
    const csv = [
      'radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal',
      'NR,460,0,12345,987654321,0,106.5772,29.5578,500,12,1,1700000000,1710000000,-95',
      'NR,460,x,12345,987654322,0,106.5772,29.5578,500,12,1,1700000000,1710000000,-95',
      '5G,460,0,12345,987654323,0,106.5772,29.5578,500,12,1,1700000000,1710000000,-95',
      'NR,460,0,12345,987654324,0,29.5578,106.5772,500,12,1,1700000000,1710000000,-95',
      'NR,460,0,54321,111,0,106.2000,29.0000,800,3,1,1700000000,1710000000,0',
    ].join('\n');
    const sub = await api.http.post('/api/v1/imports').query({ layer: 'observed-cells' }).set('Content-Type', 'text/csv').send(csv).expect(202);
    // the import queue is served by the worker processes too
    const done = await until(
      () => api.http.get(`/api/v1/imports/${sub.body.id}`).then((r) => r.body),
      (b) => b.status !== 'queued' && b.status !== 'running',
      30,
    );
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 5, rowsLoaded: 2, rowsRejected: 3 });
    expect(done.rejects.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual([
      [3, 'properties.net'],
      [4, 'properties.radio'],
      [5, 'geometry.coordinates'],
    ]);
    const list = await api.http.get('/api/v1/observed-cells').query({ radio: 'NR' }).expect(200);
    expect(list.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(expect.arrayContaining(['NR-460-0-12345-987654321']));
    const cmp = await api.http.get('/api/v1/coverage/comparison').query({ technology: '5G', operator: 'china-mobile', radiusM: 300 }).expect(200);
    expect(cmp.body.observations).toBe(2);
    expect(cmp.body.predictedCoveredCells).toBeGreaterThan(cmp.body.predictedCoveredWithoutObservation);
    // the one far south of the analysed area has no prediction at all: reported as contradicted
    expect(cmp.body.observedWherePredictedBelowThreshold.map((o: { cell: string }) => o.cell)).toEqual(['111']);
    // re-importing the same file adds nothing (cells keyed by radio-mcc-net-area-cell)
    const again = await api.http.post('/api/v1/imports').query({ layer: 'observed-cells' }).set('Content-Type', 'text/csv').send(csv).expect(202);
    const done2 = await until(
      () => api.http.get(`/api/v1/imports/${again.body.id}`).then((r) => r.body),
      (b) => b.status === 'completed',
      30,
    );
    expect(done2.rowsLoaded).toBe(0);
  });

  it('answers 400 for an unknown technology, a bad bbox or resolution, and 404 for an unknown run', async () => {
    const tech = await api.http.get('/api/v1/coverage/kpis').query({ technology: '6G' }).expect(400);
    expect(tech.body.errors[0].field).toBe('technology');
    const res = await api.http.get('/api/v1/coverage/cells').query({ bbox: '106.5,29.5,106.6,29.6', resolution: 11 }).expect(400);
    expect(res.body.errors[0].field).toBe('resolution');
    await api.http.get('/api/v1/coverage/cells').query({ bbox: '29.5,106.5,29.6,106.6' }).expect(400);
    await api.http.get('/api/v1/coverage/runs/6a8f5a43-1c4e-4f1e-9a53-2f1b3f9d7e11').expect(404);
  });
});
