import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { givenAWorker, givenTheApi, uniqueCode } from './support/api';
import { QueueName } from '../src/jobs/queues';
import { analysisResult, colocationSummary, demandBatch, demandBatchResultsGeoJson } from '@cosite/contracts';
import type { z } from 'zod';
import { DemandBatchesService } from '../src/colocation/demand-batches.service';

/** The body is what the contract says, and no more: parsing it (which drops unknown keys) gives it back whole. */
const inContract = (schema: z.ZodType, body: unknown) => expect(schema.parse(body)).toEqual(body);

/**
 * Scenario tests in Wanzhou (no generated inventory there), so each ring holds only the fixtures a test puts in it.
 */
describe('co-location analysis (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  // Analyses left at these spots by an earlier run on the same database would become co-build partners.
  const forgetEarlierAnalyses = async () => {
    await api.db.query(`DELETE FROM colocation_analysis WHERE geom && ST_MakeEnvelope(108.25, 30.65, 108.6, 30.85, 4326)`);
    await api.db.query(`DELETE FROM colocation_cobuild_group g WHERE NOT EXISTS (SELECT 1 FROM colocation_analysis a WHERE a.cobuild_group_id = g.id)`);
  };
  beforeAll(async () => {
    api = await givenTheApi();
    await forgetEarlierAnalyses();
  });
  afterAll(async () => {
    await forgetEarlierAnalyses();
    await api.db.query(`DELETE FROM tenancy WHERE structure_id IN (SELECT id FROM structure WHERE code LIKE 'COL-%')`);
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'COL-%'`);
    await api.db.query(`DELETE FROM overlay WHERE code LIKE 'COL-%'`);
    await api.db.query(`DELETE FROM route WHERE code LIKE 'COL-%'`);
    await api.close();
  });

  // Each scenario gets its own spot, 5 km apart, around (108.30, 30.70) in Wanzhou.
  let spot = 0;
  const aPlace = (): [number, number] => {
    spot++;
    return [108.3 + (spot % 5) * 0.05, 30.7 + Math.floor(spot / 5) * 0.05];
  };
  const offset = ([lon, lat]: [number, number], eastM: number, northM = 0): [number, number] => [
    lon + eastM / (111320 * Math.cos((lat * Math.PI) / 180)),
    lat + northM / 110574,
  ];

  const givenAStructure = async (at: [number, number], props: Record<string, unknown>) => {
    const res = await api.http
      .post('/api/v1/structures')
      .send({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at },
        properties: {
          code: uniqueCode('COL'),
          name: 'fixture',
          kind: 'monopole',
          ownerId: 'china-tower',
          heightM: 35,
          slotsTotal: 3,
          loadCapacityKg: 800,
          buildForm: 'standalone',
          ...props,
        },
      })
      .expect(201);
    return res.body.id as number;
  };
  const givenATenancy = (structureId: number, operatorId: string) =>
    api.http
      .post('/api/v1/tenancies')
      .send({
        properties: {
          structureId,
          operatorId,
          technology: '5G',
          bandMhz: 3500,
          antennaHeightM: 30,
          azimuthDeg: 0,
          sectorCount: 3,
          eirpDbm: 75,
          slotsUsed: 1,
          loadKg: 120,
        },
      })
      .expect(201);
  const demandAt = (at: [number, number], over: Record<string, unknown> = {}) => ({
    location: { lon: at[0], lat: at[1] },
    searchRadiusM: 500,
    operator: 'china-mobile',
    technology: '5G',
    bandMHz: 2600,
    antennaHeightM: 30,
    slots: 1,
    loadKg: 120,
    ...over,
  });

  it('shares a power-grid tower below its conductors, with the grid owner’s approval as a condition; refuses one whose conductors hang too low', async () => {
    const at = aPlace();
    // a 220 kV line: the antenna (30 m) must stay 3 m below the lowest conductor (GB 26859-2011)
    const pylon = await givenAStructure(offset(at, 120), {
      kind: 'power_grid_tower',
      ownerId: 'state-grid-cq',
      heightM: 48,
      voltageKv: 220,
      conductorHeightM: 36,
      loadCapacityKg: null,
    });
    const res = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    expect(res.body.decision).toBe('share');
    expect(res.body.best).toMatchObject({ structureId: pylon, kind: 'power_grid_tower', option: 'share', reasons: [] });
    expect(res.body.best.conditions).toContainEqual(expect.objectContaining({ condition: 'grid_owner_approval_required' }));
    // the analysis exports as a table a planner files: the power tower first, its condition with its source
    const csv = await api.http.get(`/api/v1/colocation/analyses/${res.body.id}/candidates`).query({ format: 'csv' }).expect(200);
    const [header, first] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header.split(',').slice(0, 4)).toEqual(['rank', 'decision', 'structureId', 'code']);
    expect(first).toContain('power_grid_tower');
    expect(first).toContain('grid_owner_approval_required');
    await api.http.get(`/api/v1/colocation/analyses/${res.body.id}/candidates`).query({ format: 'gpkg' }).expect(400);

    const low = aPlace();
    const lowPylon = await givenAStructure(offset(low, 120), {
      kind: 'power_grid_tower',
      ownerId: 'state-grid-cq',
      heightM: 40,
      voltageKv: 220,
      conductorHeightM: 32,
    });
    const refused = await api.http.post('/api/v1/colocation/analyses').send(demandAt(low)).expect(201);
    expect(refused.body.decision).toBe('new_build');
    expect(refused.body.candidates.find((c: { structureId: number }) => c.structureId === lowPylon)).toMatchObject({
      option: null,
      reasons: ['too_close_to_conductors'],
    });

    const bad = await api.http.post('/api/v1/structures').send({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: offset(low, 300) },
      properties: {
        code: uniqueCode('COL'),
        name: 'x',
        kind: 'power_grid_tower',
        ownerId: 'state-grid-cq',
        heightM: 40,
        slotsTotal: 2,
        buildForm: 'standalone',
        voltageKv: 5000,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'properties.voltageKv', problem: 'must be at most 1,100 kV' });
  });

  it('shares a tower with free slots in the ring', async () => {
    const at = aPlace();
    const id = await givenAStructure(offset(at, 150), {});
    const res = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    expect(res.body.decision).toBe('share');
    expect(res.body.best).toMatchObject({ structureId: id, option: 'share', feasible: true, reasons: [] });
    expect(res.body.best.distanceM).toBeCloseTo(150, -1);
    // the chosen structure's siting, with the demand's three sectors counted for EMF
    expect(res.body.siting).toMatchObject({ site: { structureId: id, proposed: false }, emf: { sectors: 3, existingSectors: 0 } });
    const again = await api.http.get(`/api/v1/colocation/analyses/${res.body.id}`).expect(200);
    expect(again.body.best).toEqual(res.body.best);
    inContract(analysisResult, res.body);
    inContract(analysisResult, again.body);
  });

  it('upgrades the only tower when it is full, with no_free_slot', async () => {
    const at = aPlace();
    const id = await givenAStructure(offset(at, 100), { slotsTotal: 1 });
    await givenATenancy(id, 'china-telecom');
    const res = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    expect(res.body.decision).toBe('upgrade');
    expect(res.body.best).toMatchObject({ structureId: id, option: 'upgrade', reasons: ['no_free_slot'] });
  });

  it('builds new when only a lamp pole stands in the ring (unsuitable_kind), sized for three tenants', async () => {
    const at = aPlace();
    await givenAStructure(offset(at, 80), {
      kind: 'street_lamp_pole',
      heightM: 10,
      slotsTotal: 1,
      loadCapacityKg: 40,
      buildForm: 'attached',
      ownerId: 'cq-lighting',
    });
    const res = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    expect(res.body.decision).toBe('new_build');
    expect(res.body.candidates[0].reasons).toContain('unsuitable_kind');
    expect(res.body.newBuild.structure).toMatchObject({ kind: 'monopole', tenantsDesignedFor: 3 });
    // the new site passes the siting rule engine: a standalone structure needs planning approval
    expect(res.body.siting.site).toMatchObject({ proposed: true, buildForm: 'standalone', kind: 'monopole' });
    expect(res.body.siting.conditions.map((c: { code: string }) => c.code)).toContain('planning_approval_required');
    expect(res.body.newBuild.structure.slotsTotal).toBeGreaterThanOrEqual(3);
    inContract(analysisResult, res.body);
  });

  it('does not count a tower already hosting the operator, and reports one just outside the ring', async () => {
    const at = aPlace();
    const hosting = await givenAStructure(offset(at, 100), { slotsTotal: 4 });
    await givenATenancy(hosting, 'china-mobile');
    const outside = await givenAStructure(offset(at, 560), {});
    const res = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    const byId = Object.fromEntries(res.body.candidates.map((c: { structureId: number }) => [c.structureId, c]));
    expect(byId[hosting]).toMatchObject({ feasible: false, reasons: ['already_hosts_operator'] });
    expect(byId[outside]).toMatchObject({ feasible: false, reasons: ['outside_ring'] });
    expect(res.body.decision).toBe('new_build');
  });

  it('never suggests a new build inside a no-build zone', async () => {
    const at = aPlace();
    // A no-build square over the centre and the eastern half of the ring.
    const [w, s] = offset(at, -100, -600);
    const [e, n] = offset(at, 600, 600);
    await api.http
      .post('/api/v1/overlays')
      .send({
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
        properties: { code: uniqueCode('COL'), kind: 'no_build_zone', name: '测试禁建区', authority: '测试' },
      })
      .expect(201);
    const res = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    expect(res.body.decision).toBe('new_build');
    const { lon, lat } = res.body.newBuild.location;
    const [inside] = await api.db.query(
      `SELECT count(*)::int AS n FROM overlay WHERE kind = 'no_build_zone' AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`,
      [lon, lat],
    );
    expect(inside.n).toBe(0);
    expect(lon).toBeLessThan(w);
  });

  it('never suggests a new build inside a facility-protection zone', async () => {
    const at = aPlace();
    // a duct straight through the nominal point: the ring's centre line lies in its zone
    await api.http
      .post('/api/v1/routes')
      .send({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [offset(at, 0, -800), offset(at, 0, 800)] },
        properties: { code: uniqueCode('COL'), kind: 'duct', ownerId: 'china-telecom', capacityTotal: 4, capacityUsed: 1 },
      })
      .expect(201);
    const res = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    expect(res.body.decision).toBe('new_build');
    const { lon, lat } = res.body.newBuild.location;
    const [inside] = await api.db.query(`SELECT count(*)::int AS n FROM protection_zone WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`, [
      lon,
      lat,
    ]);
    expect(inside.n).toBe(0);
    expect(res.body.newBuild.distanceM).toBeGreaterThan(0);
  });

  it('puts the zoning conditions in force on each candidate, as the rules table says today', async () => {
    const at = aPlace();
    const id = await givenAStructure(offset(at, 100), {});
    const [w, s] = offset(at, 50, -100);
    const [e, n] = offset(at, 150, 100);
    await api.http
      .post('/api/v1/overlays')
      .send({
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
        properties: { code: uniqueCode('COL'), kind: 'scenic_area', name: '测试风景区', authority: '测试' },
      })
      .expect(201);
    const res = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    const candidate = res.body.candidates.find((c: { structureId: number }) => c.structureId === id);
    expect(candidate.conditions).toEqual([
      expect.objectContaining({ condition: 'camouflage_required', overlay: 'scenic_area', source: expect.stringContaining('art. 10') }),
    ]);
    // an administrator switches the rule off: the next analysis no longer carries it
    await api.http.patch('/api/v1/rules/overlay.scenic_area').send({ enabled: false }).expect(200);
    try {
      const again = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
      expect(again.body.candidates.find((c: { structureId: number }) => c.structureId === id).conditions).toEqual([]);
    } finally {
      await api.http.patch('/api/v1/rules/overlay.scenic_area').send({ enabled: true }).expect(200);
    }
  });

  it('gives the same answer to the same demand', async () => {
    const at = aPlace();
    await givenAStructure(offset(at, 200), {});
    await givenAStructure(offset(at, -200), { kind: 'rooftop', buildForm: 'attached', publicInstitution: true });
    const a = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    const b = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    expect(b.body.candidates).toEqual(a.body.candidates);
    expect(b.body.decision).toBe(a.body.decision);
  });

  it('offers two operators with overlapping new-build rings one shared structure (co-build), never two of one operator', async () => {
    const at = aPlace();
    const a = await api.http.post('/api/v1/colocation/analyses').send(demandAt(at)).expect(201);
    expect(a.body).toMatchObject({ decision: 'new_build', coBuild: null });
    const b = await api.http
      .post('/api/v1/colocation/analyses')
      .send(demandAt(offset(at, 400), { operator: 'china-telecom', slots: 2, loadKg: 200 }))
      .expect(201);
    expect(b.body.decision).toBe('new_build');
    expect(b.body.coBuild).toMatchObject({ towersAvoided: 1, structure: { tenantsDesignedFor: 3 } });
    expect(b.body.coBuild.members.map((m: { operator: string }) => m.operator)).toEqual(['china-mobile', 'china-telecom']);
    inContract(analysisResult, b.body);
    // room for both members and one more tenant
    expect(b.body.coBuild.structure.slotsTotal).toBeGreaterThanOrEqual(1 + 2 + 2);
    // the shared site lies inside both rings
    const { lon, lat } = b.body.coBuild.location;
    const [d] = await api.db.query(
      `SELECT ST_Distance(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography) AS da,
              ST_Distance(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, ST_SetSRID(ST_MakePoint($5, $6), 4326)::geography) AS db`,
      [lon, lat, at[0], at[1], ...offset(at, 400)],
    );
    expect(d.da).toBeLessThanOrEqual(500);
    expect(d.db).toBeLessThanOrEqual(500);
    // the first analysis now shows the same group
    const again = await api.http.get(`/api/v1/colocation/analyses/${a.body.id}`).expect(200);
    expect(again.body.coBuild.groupId).toBe(b.body.coBuild.groupId);
    // a second demand of an operator already in the group is not a co-build partner
    const c = await api.http
      .post('/api/v1/colocation/analyses')
      .send(demandAt(offset(at, 200)))
      .expect(201);
    expect(c.body.coBuild).toBeNull();
    // a third operator joins where its ring overlaps both
    const u = await api.http
      .post('/api/v1/colocation/analyses')
      .send(demandAt(offset(at, 200, 150), { operator: 'china-unicom' }))
      .expect(201);
    expect(u.body.coBuild).toMatchObject({ groupId: b.body.coBuild.groupId, towersAvoided: 2 });
    // a demand whose ring does not reach the others stays alone
    const far = await api.http
      .post('/api/v1/colocation/analyses')
      .send(demandAt(offset(at, 1500), { operator: 'china-broadnet', searchRadiusM: 300 }))
      .expect(201);
    expect(far.body.coBuild).toBeNull();
  });

  it('refuses a planner a demand for another operator (403 operator_mismatch), and stores nothing', async () => {
    const unicom = await api.as('planner.unicom');
    const [before] = await api.db.query(`SELECT count(*)::int AS n FROM colocation_analysis`);
    const res = await unicom
      .post('/api/v1/colocation/analyses')
      .send(demandAt([108.3, 30.7]))
      .expect(403);
    expect(res.body).toMatchObject({
      error: 'forbidden',
      code: 'operator_mismatch',
      message: 'a planner of china-unicom cannot file demands for china-mobile',
    });
    const [after] = await api.db.query(`SELECT count(*)::int AS n FROM colocation_analysis`);
    expect(after.n).toBe(before.n);
  });

  it.each([
    [{ location: { lon: 30.7, lat: 108.3 } }, 'location', /swapped|outside/],
    [{ searchRadiusM: 0 }, 'searchRadiusM', /more than 0/],
    [{ searchRadiusM: 20000 }, 'searchRadiusM', /10,000/],
    [{ operator: 'acme' }, 'operator', /no operator "acme"/],
    [{ technology: '6G' }, 'technology', /one of/],
    [{ antennaHeightM: 500 }, 'antennaHeightM', /between 1 and 150/],
  ])('answers 400 for %o, naming %s, and stores nothing', async (over, field, problem) => {
    const [before] = await api.db.query(`SELECT count(*)::int AS n FROM colocation_analysis`);
    const res = await api.http
      .post('/api/v1/colocation/analyses')
      .send(demandAt([108.3, 30.7], over))
      .expect(400);
    expect(res.body.errors[0].field).toBe(field);
    expect(res.body.errors[0].problem).toMatch(problem);
    const [after] = await api.db.query(`SELECT count(*)::int AS n FROM colocation_analysis`);
    expect(after.n).toBe(before.n);
  });

  it('analyses a batch of demands in the worker, reports bad rows by line, and exports CSV and GeoJSON', async () => {
    const worker: INestApplicationContext = await givenAWorker();
    try {
      const at = aPlace();
      await givenAStructure(offset(at, 120), {});
      const [lon, lat] = at;
      const csv = [
        'lon,lat,search_radius_m,operator,technology,band_mhz,antenna_height_m,slots,load_kg',
        `${lon},${lat},500,china-mobile,5G,2600,30,1,120`,
        `${lon},${lat},500,acme,5G,2600,30,1,120`,
        `${lat},${lon},500,china-unicom,5G,3500,30,1,120`,
        `${lon + 0.05},${lat},500,china-unicom,4G,1800,30,1,80`,
        `${lon},${lat},0,china-telecom,5G,3500,30,1,120`,
        `${lon + 0.053},${lat},500,china-telecom,5G,3500,30,1,120`,
      ].join('\n');
      const sub = await api.http.post('/api/v1/colocation/batches').set('Content-Type', 'text/csv').send(csv).expect(202);
      expect(sub.body).toMatchObject({ total: 6, valid: 4 });
      inContract(demandBatch, sub.body);
      expect(sub.body.rejects.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual([
        [4, 'location'],
        [6, 'searchRadiusM'],
      ]);
      let b = sub.body;
      for (let k = 0; k < 120 && b.status !== 'completed'; k++) {
        await new Promise((r) => setTimeout(r, 250));
        b = (await api.http.get(`/api/v1/colocation/batches/${sub.body.id}`).expect(200)).body;
      }
      expect(b).toMatchObject({ status: 'completed', analysed: 3, percent: 100 });
      inContract(demandBatch, b);
      // the unknown operator is caught when analysed, and reported by its line
      expect(b.rejects.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual(expect.arrayContaining([[3, 'operator']]));
      const csvOut = await api.http.get(`/api/v1/colocation/batches/${sub.body.id}/results`).expect(200);
      expect(csvOut.headers['content-type']).toMatch(/text\/csv/);
      const lines = csvOut.text.trim().split('\n');
      expect(lines[0]).toMatch(/^line,lon,lat,operator,technology,searchRadiusM,decision/);
      expect(lines.slice(1).map((l: string) => l.split(',')[0])).toEqual(['2', '5', '7']);
      expect(lines[1]).toContain(',share,');
      const geo = await api.http.get(`/api/v1/colocation/batches/${sub.body.id}/results`).query({ format: 'geojson' }).expect(200);
      const features = JSON.parse(geo.text).features;
      inContract(demandBatchResultsGeoJson, JSON.parse(geo.text));
      expect(features).toHaveLength(3);
      // lines 5 and 7: two operators' new builds ~290 m apart, grouped into one co-build once the batch was analysed
      expect(features[1].properties).toMatchObject({ decision: 'new_build', coBuildOperators: 'china-telecom china-unicom' });
      expect(features[2].properties.coBuildGroupId).toBe(features[1].properties.coBuildGroupId);
      // a redelivered job adds nothing
      await worker.get(DemandBatchesService).run(sub.body.id);
      const [n] = await api.db.query(`SELECT count(*)::int AS n FROM colocation_analysis WHERE batch_id = $1`, [sub.body.id]);
      expect(n.n).toBe(3);
    } finally {
      const queue = api.app.get<Queue>(getQueueToken(QueueName.Colocation));
      await worker.close();
      await queue.obliterate({ force: true });
    }
  }, 60_000);

  it('books every decision: towers avoided and land saved at 9.6 m² each', async () => {
    const res = await api.http.get('/api/v1/colocation/summary').expect(200);
    const [t] = await api.db.query(`SELECT count(*) FILTER (WHERE decision IN ('share','upgrade'))::int AS avoided FROM colocation_analysis`);
    expect(res.body.towersAvoided).toBe(t.avoided);
    expect(res.body.towersAvoided).toBeGreaterThan(0);
    expect(res.body.landSavedM2).toBeCloseTo(t.avoided * 9.6, 5);
    expect(res.body.byOperator.find((o: { key: string }) => o.key === 'china-mobile')).toBeDefined();
    const [g] = await api.db.query(`SELECT count(DISTINCT cobuild_group_id)::int AS groups, count(cobuild_group_id)::int AS grouped FROM colocation_analysis`);
    expect(res.body.coBuild).toMatchObject({ groups: g.groups, towersAvoided: g.grouped - g.groups });
    expect(res.body.coBuild.towersAvoided).toBeGreaterThanOrEqual(3);
    inContract(colocationSummary, res.body);
  });
});
