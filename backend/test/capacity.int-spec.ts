import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { cellToParent } from 'h3-js';
import { givenTheApi, givenWorkerProcesses, uniqueCode, until } from './support/api';
import { QueueName } from '../src/jobs/queues';
import { bigintToH3, h3ToBigint, POPULATION_RESOLUTION } from '../src/radio/universe';
import { demandPerResidentMbps, loadSettingsOf, sectorLoadOf } from '../src/coverage/capacity-load';

/**
 * Sector load and capacity gaps on real coverage (issue 17). The suite builds its own scene: a China Broadnet 5G
 * site, loud enough to be the best server around it, which the worker computes by itself; the residents of the cells
 * it serves are then raised (and put back afterwards) so that its sectors are loaded in a known way.
 */
describe('sector load and capacity gaps (real PostGIS, Redis and a worker)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let worker: { stop: () => Promise<void> };
  let structureId: number;
  let tenancyId: number;
  let bbox: string;
  /** population_cell rows as they were before the scene raised them. */
  let saved: { h3: string; population: number }[] = [];

  /** The residents' res-9 parents of every cell the scene's tenancy serves best. */
  const parentsOfServedCells = async (): Promise<string[]> => {
    const rows: { h3: string }[] = await api.db.query(`SELECT DISTINCT h3::text FROM coverage_cell WHERE best_tenancy_id = $1`, [tenancyId]);
    return [...new Set(rows.map((r) => h3ToBigint(cellToParent(bigintToH3(r.h3), POPULATION_RESOLUTION))))];
  };
  const scale = (parents: string[], factor: number) =>
    api.db.query(`UPDATE population_cell SET population = population * $2::float8 WHERE h3 = ANY($1::bigint[])`, [parents, factor]);

  const loadOfScene = async (query: Record<string, unknown> = {}) => {
    const res = await api.http
      .get('/api/v1/coverage/sectors/load')
      .query({ technology: '5G', operator: 'china-broadnet', bbox, limit: 5000, ...query })
      .expect(200);
    return { body: res.body, mine: (res.body.sectors as { tenancyId: number }[]).filter((s) => s.tenancyId === tenancyId) as Record<string, number>[] };
  };

  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenWorkerProcesses(1);
    // coverage to keep current: a completed whole-city run, started and awaited here when the database has none
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM coverage_run WHERE kind = 'full' AND status = 'completed'`);
    if (n === 0) {
      const run = await api.http.post('/api/v1/coverage/runs').expect(202);
      const done = await until(
        () => api.http.get(`/api/v1/coverage/runs/${run.body.id}`).then((r) => r.body),
        (b) => b.status !== 'running',
        900,
      );
      expect(done.status).toBe('completed');
    }
    // a populated spot of the grid, the same every time
    const [spot] = await api.db.query(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM coverage_grid_population WHERE population > 20 ORDER BY h3 OFFSET 5000 LIMIT 1`,
    );
    const s = await api.http
      .post('/api/v1/structures')
      .send({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [spot.lon, spot.lat] },
        properties: {
          code: uniqueCode('LOAD'),
          name: 'load scene',
          kind: 'monopole',
          ownerId: 'china-tower',
          heightM: 35,
          slotsTotal: 3,
          loadCapacityKg: 800,
          buildForm: 'standalone',
          status: 'built',
        },
      })
      .expect(201);
    structureId = s.body.id;
    const t = await api.http
      .post('/api/v1/tenancies')
      .send({
        properties: {
          structureId,
          operatorId: 'china-broadnet',
          technology: '5G',
          bandMhz: 4900,
          antennaHeightM: 33,
          azimuthDeg: 0,
          sectorCount: 3,
          eirpDbm: 82,
          slotsUsed: 1,
          loadKg: 120,
        },
      })
      .expect(201);
    tenancyId = t.body.id;
    const served = await until(
      () => api.db.query(`SELECT count(*)::int AS n FROM coverage_cell WHERE best_tenancy_id = $1 AND technology = '5G'`, [tenancyId]),
      (r) => r[0].n > 0,
      180,
    );
    expect(served[0].n).toBeGreaterThan(0);
    const d = 0.03;
    bbox = [spot.lon - d, spot.lat - d, spot.lon + d, spot.lat + d].join(',');
    const parents = await parentsOfServedCells();
    saved = await api.db.query(`SELECT h3::text, population::float8 AS population FROM population_cell WHERE h3 = ANY($1::bigint[])`, [parents]);
    // a crowd around the site (Broadnet's 1.4 % of users): its sectors carry far more than the rest of its network
    await scale(parents, 2000);
  }, 1_000_000);

  afterAll(async () => {
    for (const p of saved) await api.db.query(`UPDATE population_cell SET population = $2::float8 WHERE h3 = $1::bigint`, [p.h3, p.population]);
    if (tenancyId) await api.db.query(`UPDATE tenancy SET status = 'decommissioned' WHERE id = $1`, [tenancyId]);
    // the worker recomputes the area without the scene's site before it goes
    if (tenancyId)
      await until(
        () => api.db.query(`SELECT count(*)::int AS n FROM coverage_cell WHERE best_tenancy_id = $1`, [tenancyId]),
        (r) => r[0].n === 0,
        120,
      );
    await worker?.stop();
    await api.app.get<Queue>(getQueueToken(QueueName.Coverage)).obliterate({ force: true });
    await api.close();
  }, 200_000);

  it('lists sectors with their utilisation, most utilised first, with the settings and their sources', async () => {
    const { body, mine } = await loadOfScene();
    expect(body.settings.penetration).toEqual({ value: 0.72, source: expect.stringMatching(/MIIT 2024/) });
    expect(body.settings.marketShare['china-broadnet'].value).toBeGreaterThan(0);
    expect(body.summary.sectors).toBeGreaterThanOrEqual(mine.length);
    expect(mine.length).toBeGreaterThan(0);
    const u = (body.sectors as { utilisationPct: number }[]).map((s) => s.utilisationPct);
    expect(u).toEqual([...u].sort((a, b) => b - a));
    expect(mine[0]).toMatchObject({ structureId, operator: 'china-broadnet', technology: '5G', bandMhz: 4900, cells: expect.any(Number) });
    expect([0, 120, 240]).toContain(mine[0].azimuthDeg);
  });

  it('sums what the formula says: Σ residents × penetration × share × rate ÷ throughput over the cells a sector serves best', async () => {
    const { mine } = await loadOfScene();
    const cells: { sector: number; residents: number; tp: number | null }[] = await api.db.query(
      `SELECT c.best_sector AS sector, g.population AS residents, c.throughput_mbps::float8 AS tp
         FROM coverage_cell c JOIN coverage_grid_population g ON g.h3 = c.h3
        WHERE c.best_tenancy_id = $1 AND c.technology = '5G' AND c.best_rsrp_dbm >= -105`,
      [tenancyId],
    );
    const perResident = demandPerResidentMbps(loadSettingsOf({ technology: '5G' }), 'china-broadnet');
    for (const s of mine) {
      const expected = sectorLoadOf(
        cells.filter((c) => c.sector === s.sectorIndex).map((c) => ({ residents: c.residents, throughputMbps: c.tp })),
        perResident,
        80,
      );
      expect(s.cells).toBe(expected.cells);
      expect(s.utilisationPct).toBeCloseTo(expected.utilisationPct, 1);
      expect(s.demandMbps).toBeCloseTo(expected.demandMbps, 1);
    }
  });

  it('shows twice the load when the residents its cells hold double', async () => {
    const before = await loadOfScene();
    const parents = await parentsOfServedCells();
    await scale(parents, 2);
    try {
      const after = await loadOfScene();
      for (const s of before.mine) {
        const a = after.mine.find((x) => x.sectorIndex === s.sectorIndex)!;
        expect(a.residents).toBeCloseTo(2 * s.residents, 0);
        expect(s.utilisationPct).toBeGreaterThan(10);
        expect(a.utilisationPct).toBeCloseTo(2 * s.utilisationPct, 0);
        expect(a.demandMbps).toBeCloseTo(2 * s.demandMbps, 0);
      }
    } finally {
      await scale(parents, 0.5);
    }
  });

  it('narrows to a district (the structure’s) and counts overloaded sectors against the threshold given', async () => {
    const [{ district_id: district }] = await api.db.query(`SELECT district_id FROM structure WHERE id = $1`, [structureId]);
    const { body } = await loadOfScene({ bbox: undefined, district, thresholdPct: 1 });
    expect(body.districtId).toBe(district);
    expect(body.sectors.every((s: { districtId: number }) => s.districtId === district)).toBe(true);
    expect(body.sectors.some((s: { tenancyId: number }) => s.tenancyId === tenancyId)).toBe(true);
    expect(body.truncated).toBe(false);
    expect(body.summary.overloaded).toBe(body.sectors.filter((s: { overloaded: boolean }) => s.overloaded).length);
    expect(body.summary.overloaded).toBeGreaterThan(0);
    // listed to 0.1 %: an overloaded sector shows at least the threshold, one that is not at most it
    expect(body.sectors.every((s: { overloaded: boolean; utilisationPct: number }) => (s.overloaded ? s.utilisationPct >= 1 : s.utilisationPct <= 1))).toBe(
      true,
    );
  });

  it.each([
    [{ technology: 'NB-IoT' }, 'technology', /one of 5G, 4G/],
    [{ limit: 0 }, 'limit', /between 1 and 5000/],
    [{ thresholdPct: -5 }, 'thresholdPct', /more than 0/],
    [{ penetration: 9 }, 'penetration', /at most 3/],
    [{ operator: 'nobody' }, 'operator', /no operator "nobody"/],
    [{ district: 'Yuzhong' }, 'district', /district id/],
    [{ bbox: '1,2,3' }, 'bbox', /.+/],
    [{ colour: 'red' }, 'colour', /not a parameter/],
  ])('answers 400 for %o naming %s', async (query, field, problem) => {
    const res = await api.http.get('/api/v1/coverage/sectors/load').query(query).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, problem: expect.stringMatching(problem) }));
  });

  it('finds the crowd as a capacity gap of Broadnet, and its analysis adds a band or sector on the serving site ahead of any new build', async () => {
    const gaps = await api.http.get('/api/v1/coverage/capacity-gaps').query({ technology: '5G', operator: 'china-broadnet', limit: 500 }).expect(200);
    const ours = (await api.db.query(`SELECT h3::text FROM coverage_cell WHERE best_tenancy_id = $1 AND technology = '5G'`, [tenancyId])).map(
      (r: { h3: string }) => r.h3,
    );
    const gap = gaps.body.gaps.find((g: { h3: string[] }) => g.h3.some((h) => ours.includes(h)));
    expect(gap).toBeDefined();
    expect(gap.sectors.some((s: { tenancyId: number }) => s.tenancyId === tenancyId)).toBe(true);
    expect(gap.sectors.every((s: { utilisationPct: number }) => s.utilisationPct > 80)).toBe(true);
    expect(gap.demand).toMatchObject({ operator: 'china-broadnet', technology: '5G', reason: 'capacity', servingStructureId: gap.sectors[0].structureId });
    const res = await api.http
      .post('/api/v1/colocation/analyses/from-capacity-gap')
      .send({ operator: 'china-broadnet', technology: '5G', h3: gap.h3[0] })
      .expect(201);
    const a = res.body;
    expect(a.demand).toMatchObject({ reason: 'capacity', servingStructureId: gap.demand.servingStructureId });
    expect(a.capacityGap).toMatchObject({ thresholdPct: 80, residents: gap.residents, cells: gap.cells });
    expect(a.decision).not.toBe('new_build');
    expect(a.candidates[0].structureId).toBe(gap.demand.servingStructureId);
    expect(a.candidates[0].feasible).toBe(true);
    expect(a.candidates[0].reasons[0]).toMatch(/^add_(band|sector)_on_serving_site$/);
    expect(a.best.structureId).toBe(gap.demand.servingStructureId);
    // on the scene's own site Broadnet has 4900 MHz; it radiates 700 MHz elsewhere, so the new band goes on the antennas there
    if (gap.demand.servingStructureId === structureId) {
      expect(a.demand.bandMHz).toBe(700);
      expect(a.candidates[0].reasons[0]).toBe('add_band_on_serving_site');
    }
    const stored = await api.http.get(`/api/v1/colocation/analyses/${a.id}`).expect(200);
    expect(stored.body.candidates[0].reasons[0]).toBe(a.candidates[0].reasons[0]);
  });

  it('refuses a cell no overloaded sector serves, naming h3', async () => {
    const res = await api.http
      .post('/api/v1/colocation/analyses/from-capacity-gap')
      .send({ operator: 'china-broadnet', technology: '5G', h3: '8a2a1072b59ffff' })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'h3', problem: expect.stringMatching(/not served by an overloaded 5G sector/) });
  });
});
