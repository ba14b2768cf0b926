import ExcelJS from 'exceljs';
import { aStructure, givenTheApi, givenWorkerProcesses, uniqueCode, until } from './support/api';
import { CoverageService } from '../src/coverage/coverage.service';

/**
 * Rollout plans end to end (issue 18): the API, a real worker process, PostGIS and Redis. The scene is a square of
 * about 800 m around a populated spot of Banan with no structure within 1 km, planned for China Broadnet's 4G
 * (which has no 4G network: every cell starts uncovered), so what the plan chooses is known in advance.
 */
describe('rollout plans (real PostGIS, Redis and a worker)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let worker: { stop: () => Promise<void> };
  let spot: { lon: number; lat: number };
  let square: { type: 'Polygon'; coordinates: number[][][] };
  const made: { overlays: number[]; structures: number[] } = { overlays: [], structures: [] };

  const plan = async (body: Record<string, unknown>, http = api.http) => {
    const started = await http.post('/api/v1/plans').send(body).expect(202);
    expect(started.body.status).toBe('queued');
    const done = await until(
      () => http.get(`/api/v1/plans/${started.body.id}`).then((r) => r.body),
      (b) => b.status === 'completed' || b.status === 'failed',
      180,
    );
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    return done;
  };
  const scene = (extra: Record<string, unknown> = {}) => ({ area: { polygon: square }, operator: 'china-broadnet', technology: '4G', ...extra });

  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenWorkerProcesses(1);
    await api.app.get(CoverageService).grid();
    [spot] = await api.db.query(
      `SELECT ST_X(g.geom) AS lon, ST_Y(g.geom) AS lat FROM coverage_grid_population g
        WHERE g.district_id = 500113 AND g.population > 5
          AND NOT EXISTS (SELECT 1 FROM structure s WHERE s.geom && ST_Expand(g.geom, 0.02) AND s.status <> 'decommissioned'
                            AND ST_DWithin(s.geom::geography, g.geom::geography, 1000))
          AND NOT EXISTS (SELECT 1 FROM overlay_in_force o WHERE o.geom && ST_Expand(g.geom, 0.005))
        ORDER BY g.h3 LIMIT 1`,
    );
    const d = 0.004;
    square = {
      type: 'Polygon',
      coordinates: [
        [
          [spot.lon - d, spot.lat - d],
          [spot.lon + d, spot.lat - d],
          [spot.lon + d, spot.lat + d],
          [spot.lon - d, spot.lat + d],
          [spot.lon - d, spot.lat - d],
        ],
      ],
    };
  }, 120_000);

  afterAll(async () => {
    await api.db.query(`DELETE FROM rollout_plan WHERE operator_id = 'china-broadnet' AND technology = '4G'`);
    for (const id of made.overlays) await api.db.query(`DELETE FROM overlay WHERE id = $1`, [id]).catch(() => undefined);
    // a structure an application was filed on stays (the application refers to it): taken out of service instead
    for (const id of made.structures) {
      const del = await api.http.delete(`/api/v1/structures/${id}`);
      if (del.status >= 300) await api.db.query(`UPDATE structure SET status = 'decommissioned' WHERE id = $1`, [id]);
    }
    await worker?.stop();
    await api?.close();
  });

  it('refuses a bad request naming the field: unknown or non-core districts, a broken polygon, unknown fields, a plan with nothing to aim at', async () => {
    const bad = async (body: Record<string, unknown>, field: string, problem: RegExp) => {
      const res = await api.http.post('/api/v1/plans').send(body).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem: expect.stringMatching(problem) })]));
    };
    const target = { targets: { populationCoveragePct: 90 } };
    await bad({ area: { districtIds: [999999] }, operator: 'china-broadnet', ...target }, 'area.districtIds', /no district 999999/);
    await bad({ area: { districtIds: [500101] }, operator: 'china-broadnet', ...target }, 'area.districtIds', /outside the coverage grid/);
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [106.55, 29.55],
          [106.56, 29.56],
          [106.56, 29.55],
          [106.55, 29.56],
          [106.55, 29.55],
        ],
      ],
    };
    await bad({ area: { polygon: bowtie }, operator: 'china-broadnet', ...target }, 'area.polygon', /Self-intersection/);
    await bad({ area: { districtIds: [500103] }, operator: 'nobody', ...target }, 'operator', /no operator/);
    await bad({ area: { districtIds: [500103] }, operator: 'china-broadnet' }, 'targets', /needs at least one target/);
    await bad({ area: { districtIds: [500103] }, operator: 'china-broadnet', objective: 'max_coverage' }, 'limits', /budget or maxNewBuilds/);
    await bad({ area: { districtIds: [500103] }, operator: 'china-broadnet', ...target, colour: 'red' }, 'colour', /not a known field/);
    await bad(
      { area: { districtIds: [500103] }, operator: 'china-broadnet', targets: { populationCoveragePct: 120 } },
      'targets.populationCoveragePct',
      /at most 100/,
    );
    await bad({ area: { districtIds: [500103] }, operator: 'china-broadnet', ...target, limits: { budget: -1 } }, 'limits.budget', /0 or more/);
    // an operator's planner plans for its own operator only
    const mobile = await api.as('planner.mobile');
    const res = await mobile
      .post('/api/v1/plans')
      .send({ area: { districtIds: [500103] }, operator: 'china-broadnet', ...target })
      .expect(403);
    expect(res.body.code).toBe('operator_mismatch');
    expect(Number((await api.db.query(`SELECT count(*) AS n FROM rollout_plan WHERE district_ids = '{500103}' AND operator_id = 'china-broadnet'`))[0].n)).toBe(
      0,
    );
  });

  it('never builds in a no-build zone or a protection zone, and keeps to the budget and the cap on new builds', async () => {
    // the bureau's no-build zone over the east half of the square
    const d = 0.004;
    const zone = {
      type: 'Polygon',
      coordinates: [
        [
          [spot.lon, spot.lat - d],
          [spot.lon + d, spot.lat - d],
          [spot.lon + d, spot.lat + d],
          [spot.lon, spot.lat + d],
          [spot.lon, spot.lat - d],
        ],
      ],
    };
    const o = await api.http
      .post('/api/v1/overlays')
      .send({ type: 'Feature', geometry: zone, properties: { code: uniqueCode('NBZ'), kind: 'no_build_zone', name: '测试禁建区', authority: '巴南区规划局' } })
      .expect(201);
    made.overlays.push(o.body.id);
    const p = await plan(scene({ objective: 'max_coverage', limits: { budget: 1_000_000, maxNewBuilds: 2 } }));
    const r = p.result;
    expect(r.candidates.excluded.no_build_zone).toBeGreaterThan(0);
    expect(r.candidates.newBuild).toBeGreaterThan(0);
    expect(r.totals.newBuilds).toBeGreaterThan(0);
    expect(r.totals.newBuilds).toBeLessThanOrEqual(2);
    expect(r.totals.cost).toBeLessThanOrEqual(1_000_000);
    expect(r.totals.cost).toBe(r.sites.reduce((a: number, s: { cost: number }) => a + s.cost, 0));
    for (const s of r.sites.filter((x: { option: string }) => x.option === 'new_build')) {
      const [where] = await api.db.query(
        `SELECT EXISTS (SELECT 1 FROM overlay_in_force o WHERE o.kind = 'no_build_zone' AND ST_Intersects(o.geom, pt)) AS "noBuild",
                EXISTS (SELECT 1 FROM protection_zone z WHERE ST_Intersects(z.geom, pt)) AS protected
           FROM (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS pt) x`,
        [s.location.lon, s.location.lat],
      );
      expect(where).toEqual({ noBuild: false, protected: false });
    }
    // the coverage it reports is what its cells add up to, and the map's hexagons are those cells
    const cells = await api.http.get(`/api/v1/plans/${p.id}/cells`).expect(200);
    expect(cells.body.features).toHaveLength(r.sites.reduce((a: number, s: { cells: number }) => a + s.cells, 0));
    expect(cells.body.features[0].geometry.type).toBe('Polygon');
    const kpi = r.kpis.find((k: { target: string }) => k.target === 'populationCoveragePct');
    expect(kpi.before).toBe(0);
    // (both head counts are rounded to whole residents: a few hundred here, so within half a point)
    expect(Math.abs(kpi.after - (100 * r.totals.residents) / r.area.residents)).toBeLessThan(0.5);
  });

  it('says which target falls short, by how much and why: the budget, the cap on new builds', async () => {
    const byBudget = await plan(scene({ targets: { populationCoveragePct: 100 }, limits: { budget: 100_000 } }));
    expect(byBudget.result.sites).toHaveLength(0);
    expect(byBudget.result.shortfalls).toEqual([
      expect.objectContaining({
        target: 'populationCoveragePct',
        required: 100,
        achieved: 0,
        short: 100,
        reason: 'budget',
        message: expect.stringMatching(/budget/),
      }),
    ]);
    const byCap = await plan(scene({ targets: { populationCoveragePct: 100 }, limits: { maxNewBuilds: 0 } }));
    expect(byCap.result.totals.newBuilds).toBe(0);
    expect(byCap.result.shortfalls[0]).toMatchObject({ target: 'populationCoveragePct', reason: 'max_new_builds' });
    expect(byCap.result.kpis.find((k: { target: string }) => k.target === 'populationCoveragePct').met).toBe(false);
  });

  it('shares a free structure before building, counts the towers it avoids, and gives the same plan for the same request', async () => {
    const s = await api.http
      .post('/api/v1/structures')
      // its own code prefix: an application will refer to it, so the structures suite's clean-up of TST-… must not touch it
      .send(aStructure({ code: uniqueCode('PLAN'), kind: 'monopole', heightM: 35, slotsTotal: 4, name: '规划测试铁塔' }, [spot.lon, spot.lat]))
      .expect(201);
    made.structures.push(s.body.id);
    const body = scene({ targets: { populationCoveragePct: 60 } });
    const p = await plan(body);
    const r = p.result;
    expect(r.sites[0]).toMatchObject({ order: 1, option: 'share', structureId: Number(s.body.id), cost: 30_000 });
    expect(r.totals.newBuilds).toBe(0);
    expect(r.totals.sharedPct).toBe(100);
    expect(r.shortfalls).toEqual([]);
    expect(r.kpis.find((k: { target: string }) => k.target === 'populationCoveragePct')).toMatchObject({ required: 60, met: true, short: 0 });
    // a plan of new builds alone needs at least one tower for the same target: one avoided, 9.6 m² of land saved each
    expect(r.newBuildOnly.newBuilds).toBeGreaterThanOrEqual(1);
    expect(r.newBuildOnly.towersAvoided).toBe(r.newBuildOnly.newBuilds);
    expect(r.newBuildOnly.landSavedM2).toBeCloseTo(r.newBuildOnly.towersAvoided * 9.6, 5);
    expect(r.solver.lpBound).toBeLessThanOrEqual(r.solver.objective + 1e-6);

    const again = await plan(body);
    expect(again.result.sites).toEqual(r.sites);

    // downloads: CSV and XLSX as a planning office files them, GeoJSON for a GIS
    const csv = await api.http.get(`/api/v1/plans/${p.id}/sites`).query({ format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^order,option,structure_id/);
    expect(lines).toHaveLength(r.sites.length + 1);
    const geo = await api.http.get(`/api/v1/plans/${p.id}/sites`).expect(200);
    expect(JSON.parse(geo.text).features[0].properties).toMatchObject({ order: 1, option: 'share' });
    const xlsx = await api.http
      .get(`/api/v1/plans/${p.id}/sites`)
      .query({ format: 'xlsx' })
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sites', 'KPIs', 'Summary']);
    expect(wb.getWorksheet('Sites')!.getRow(2).getCell(2).value).toBe('share');
    // KML for Google Earth: the CSV's columns as plain values, no nested JSON (a Shapefile's dBASE gets the same)
    const kml = await api.http.get(`/api/v1/plans/${p.id}/sites`).query({ format: 'kml' }).expect(200);
    expect(kml.text.match(/<Placemark>/g)).toHaveLength(r.sites.length);
    expect(kml.text).toContain('<SimpleData name="option">share</SimpleData>');
    expect(kml.text).not.toMatch(/<SimpleData name="[^"]*">[[{]/);
    await api.http.get(`/api/v1/plans/${p.id}/sites`).query({ format: 'pdf' }).expect(400);
  });

  it('turns a plan into co-location analyses and draft applications, once, for the tower company planning for an operator', async () => {
    const tower = await api.as('planner.tower');
    const p = await plan(scene({ targets: { populationCoveragePct: 60 } }), tower);
    const work = await tower.post(`/api/v1/plans/${p.id}/analyses`).send({ applications: true }).expect(201);
    expect(work.body.analyses).toHaveLength(p.result.sites.length);
    for (const a of work.body.analyses) {
      const analysis = await tower.get(`/api/v1/colocation/analyses/${a.analysisId}`).expect(200);
      expect(analysis.body.demand.operator).toBe('china-broadnet');
      expect(a.applicationId).toEqual(expect.any(String));
    }
    // the first site is the share of the test tower: its analysis and application say so
    const first = await tower.get(`/api/v1/colocation/analyses/${work.body.analyses[0].analysisId}`).expect(200);
    expect(first.body.best.structureId).toBe(p.result.sites[0].structureId);
    const again = await tower.post(`/api/v1/plans/${p.id}/analyses`).send({ applications: true }).expect(201);
    expect(again.body).toEqual(work.body);
    // another operator's planner does not see the plan
    const mobile = await api.as('planner.mobile');
    await mobile.get(`/api/v1/plans/${p.id}`).expect(404);
    const mine = await tower.get('/api/v1/plans').expect(200);
    expect(mine.body.plans.map((x: { id: string }) => x.id)).toContain(p.id);
  });
});
