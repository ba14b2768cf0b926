import { type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { poleAcceptResult, poleRun, type PoleRun, poleRunStarted, smartPoleProposals, type SmartPoleProposals } from '@cosite/contracts';
import { givenAWorker, givenTheApi, uniqueCode } from './support/api';
import AdmZip from 'adm-zip';
import * as shapefile from 'shapefile';
import { QueueName } from '../src/jobs/queues';
import { ConsolidationService } from '../src/poles/consolidation.service';

/**
 * Multi-pole integration on fixture streets in Wanzhou around (108.45, 30.95), where the sample has no streets,
 * poles or rivers: an east–west primary street, a north–south street crossing it at 100 m east, and a 10 m stream
 * crossing it at 155 m west. Poles stand on the kerbs, 11 m either side of the centre line.
 */
const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('multi-pole integration (real PostGIS and BullMQ)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let worker: INestApplicationContext;
  const origin: [number, number] = [108.45, 30.95];
  const at = (eastM: number, northM: number): [number, number] => [
    origin[0] + eastM / (111320 * Math.cos((origin[1] * Math.PI) / 180)),
    origin[1] + northM / 110574,
  ];
  const tag = uniqueCode('POLE');
  const poles: Record<string, number> = {};
  const area = { type: 'Polygon', coordinates: [[at(-400, -250), at(400, -250), at(400, 250), at(-400, 250), at(-400, -250)]] };

  const givenAPole = async (name: string, kind: string, eastM: number, northM: number, over: Record<string, unknown> = {}) => {
    const owner = { street_lamp_pole: 'cq-lighting', camera_pole: 'cq-public-security', traffic_sign_pole: 'cq-traffic-police', utility_pole: 'state-grid-cq' }[
      kind
    ]!;
    const r = await api.http
      .post('/api/v1/structures')
      .send({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at(eastM, northM) },
        properties: { code: `${tag}-${name}`, name, kind, ownerId: owner, heightM: 10, slotsTotal: 0, buildForm: 'attached', status: 'built', ...over },
      })
      .expect(201);
    poles[name] = r.body.id;
  };

  const runUntilDone = async (body: Record<string, unknown>) => {
    const started = await api.http.post('/api/v1/poles/consolidation-runs').send(body).expect(202);
    poleRunStarted.strict().parse(started.body);
    for (let i = 0; i < 200; i++) {
      const r = await api.http.get(`/api/v1/poles/consolidation-runs/${started.body.id}`).expect(200);
      if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('consolidation run did not finish');
  };

  const smallCellDemand = {
    location: { lon: at(8, 40)[0], lat: at(8, 40)[1] },
    searchRadiusM: 100,
    operator: 'china-unicom',
    technology: '5G',
    bandMHz: 3500,
    antennaHeightM: 10,
  };
  let demandId: string;
  let run: PoleRun;
  let proposals: SmartPoleProposals;

  beforeAll(async () => {
    api = await givenTheApi();
    worker = await givenAWorker();
    await api.db.query(
      `INSERT INTO street (code, name_zh, name_en, class, geom) VALUES
         ($1 || '-A', '测试大道', 'Test Avenue', 'primary', ST_SetSRID(ST_MakeLine(ST_MakePoint($2, $3), ST_MakePoint($4, $5)), 4326)),
         ($1 || '-B', '测试支路', 'Test Lane', 'local', ST_SetSRID(ST_MakeLine(ST_MakePoint($6, $7), ST_MakePoint($8, $9)), 4326))`,
      [tag, ...at(-300, 0), ...at(300, 0), ...at(100, -200), ...at(100, 200)],
    );
    const [w, s, e, n] = [...at(-160, -100), ...at(-150, 100)];
    await api.db.query(
      `INSERT INTO river (code, name_zh, name_en, geom) VALUES ($1, '测试溪', 'Test Creek', ST_Multi(ST_MakeEnvelope($2, $3, $4, $5, 4326)))`,
      [`${tag}-creek`, w, s, e, n],
    );

    // north kerb, 0–18 m: lamp, camera and sign of three departments → one smart pole
    await givenAPole('lamp-0', 'street_lamp_pole', 0, 11);
    await givenAPole('camera-8', 'camera_pole', 8, 11);
    await givenAPole('sign-18', 'traffic_sign_pole', 18, 11);
    // south kerb, opposite: 22 m from the lamp at 0 but across the carriageway
    await givenAPole('south-lamp-4', 'street_lamp_pole', 4, -11);
    // south kerb, −60 and −45 m: lamp and utility pole → a second smart pole
    await givenAPole('south-lamp-m60', 'street_lamp_pole', -60, -11);
    await givenAPole('south-utility-m45', 'utility_pole', -45, -11, { heightM: 15 });
    // 24.5 m apart on the north kerb, but the lane runs between them
    await givenAPole('lamp-88', 'street_lamp_pole', 88, 11);
    await givenAPole('camera-112', 'camera_pole', 112.5, 11);
    // 21 m apart on the north kerb, but the creek runs between them
    await givenAPole('lamp-m166', 'street_lamp_pole', -166, 11);
    await givenAPole('sign-m145', 'traffic_sign_pole', -145, 11);
    // alone
    await givenAPole('lamp-250', 'street_lamp_pole', 250, 11);

    // a small cell the co-location analysis could not place on anything standing (the poles have no free slot)
    const a = await api.http.post('/api/v1/colocation/analyses').send(smallCellDemand).expect(201);
    expect({ decision: a.body.decision, best: a.body.best }).toEqual({ decision: 'new_build', best: null });
    demandId = a.body.id;

    run = await runUntilDone({ area });
    proposals = (await api.http.get(`/api/v1/poles/consolidation-runs/${run.id}/proposals`).expect(200)).body;
  }, 60_000);

  afterAll(async () => {
    await api.db.query(
      `DELETE FROM pole_consolidation_run WHERE id IN (SELECT run_id FROM pole_consolidation_proposal WHERE street_id IN (SELECT id FROM street WHERE code LIKE $1))`,
      [`${tag}%`],
    );
    await api.db.query(`DELETE FROM colocation_analysis WHERE id = $1`, [demandId]);
    await api.db.query(`UPDATE structure SET replaced_by = NULL WHERE code LIKE $1`, [`${tag}%`]);
    await api.db.query(
      `DELETE FROM structure WHERE code LIKE $1 OR code LIKE 'SP-%' AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 500)`,
      [`${tag}%`, ...origin],
    );
    await api.db.query(`DELETE FROM street WHERE code LIKE $1`, [`${tag}%`]);
    await api.db.query(`DELETE FROM river WHERE code LIKE $1`, [`${tag}%`]);
    await worker.get<Queue>(getQueueToken(QueueName.Poles)).obliterate({ force: true });
    await worker.close();
    await api.close();
  });

  const findHolding = (name: string) => proposals.features.find((f) => f.properties.poleIds.includes(poles[name]));
  const proposalHolding = (name: string) => findHolding(name)!;

  it('merges the lamp, camera and sign on one kerb into one smart pole standing on the middle one', () => {
    expect({ status: run.status, error: run.error }).toEqual({ status: 'done', error: null });
    // the answers are what the contract says they are
    poleRun.strict().parse(run);
    smartPoleProposals.parse(proposals);
    const p = proposalHolding('lamp-0');
    expect(p.properties.poleIds.sort()).toEqual([poles['lamp-0'], poles['camera-8'], poles['sign-18']].sort());
    expect(p.properties.sitePoleId).toBe(poles['camera-8']);
    expect(p.properties.functions).toEqual(['camera', 'lighting', 'small_cell', 'traffic_signal_sign']);
    expect(p.properties.owners).toEqual(['cq-lighting', 'cq-public-security', 'cq-traffic-police']);
    expect(p.properties).toMatchObject({ polesRemoved: 3, slotsBefore: 0, slotsAfter: 3, slotsGained: 3, existingSmartPole: false });
    expect(p.geometry.coordinates[0]).toBeCloseTo(at(8, 11)[0], 6);
    expect(p.properties.members.coordinates).toHaveLength(3);
  });

  it('puts the smart pole on the pavement, never in the carriageway', async () => {
    for (const f of proposals.features) {
      const [d] = await api.db.query(
        `SELECT ST_Distance(s.geom::geography, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography) AS m FROM street s WHERE s.id = $2`,
        [JSON.stringify(f.geometry), f.properties.streetId],
      );
      expect(d.m).toBeGreaterThan(9);
    }
  });

  it('keeps the two sides of the street apart, does not cross the lane or the creek, and leaves a lone pole alone', () => {
    for (const name of ['south-lamp-4', 'lamp-88', 'camera-112', 'lamp-m166', 'sign-m145', 'lamp-250']) expect(findHolding(name)).toBeUndefined();
    expect(proposalHolding('south-lamp-m60').properties.poleIds).toEqual(expect.arrayContaining([poles['south-lamp-m60'], poles['south-utility-m45']]));
    expect(proposals.features).toHaveLength(2);
  });

  it('names the small-cell demand the smart pole can serve', () => {
    const p = proposalHolding('lamp-0');
    expect(p.properties.smallCellDemands).toEqual([expect.objectContaining({ analysisId: demandId, operator: 'china-unicom' })]);
    expect(proposalHolding('south-lamp-m60').properties.smallCellDemands.map((d) => d.analysisId)).toContain(demandId); // its smart pole stands 85 m from the demand: inside the 100 m ring
  });

  it('sums up per district: poles before and after, share removed against "more than half", sites gained', () => {
    const total = run.summary!.total;
    // 11 poles; 5 of them merge into 2 smart poles → 8 poles after
    expect(total).toMatchObject({
      polesBefore: 11,
      polesInClusters: 5,
      polesRemoved: 5,
      smartPolesProposed: 2,
      polesAfter: 8,
      clusteredReductionShare: 0.6,
      smallCellSitesGained: 2,
      meetsPolicy: true,
    });
    expect(run.summary!.districts.reduce((a: number, d) => a + d.polesBefore, 0)).toBe(11);
  });

  it('exports the proposals as CSV', async () => {
    const r = await api.http.get(`/api/v1/poles/consolidation-runs/${run.id}/proposals?format=csv`).expect(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    const lines = r.text.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^id,clusterNo,districtId,streetZh,streetSide,lon,lat,/);
    expect(lines.some((l) => l.includes(`${poles['lamp-0']}`) && l.includes('测试大道'))).toBe(true);
  });

  it('exports the proposals as a Shapefile a GIS desktop reads: a point per smart pole, the merged poles listed, no JSON cut at 254 bytes', async () => {
    const r = await api.http
      .get(`/api/v1/poles/consolidation-runs/${run.id}/proposals?format=shapefile`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const zip = new AdmZip(r.body as Buffer);
    const file = (ext: string) =>
      zip
        .getEntries()
        .find((e) => e.entryName.endsWith(ext))!
        .getData();
    expect(file('.cpg').toString()).toBe('UTF-8');
    const source = await shapefile.open(toArrayBuffer(file('.shp')), toArrayBuffer(file('.dbf')), { encoding: 'utf-8' });
    type Read = { geometry: { type: string }; properties: Record<string, unknown> };
    const fc = { features: [] as Read[] };
    for (let x = await source.read(); !x.done; x = await source.read()) fc.features.push(x.value as Read);
    expect(fc.features).toHaveLength(2);
    const lamp = fc.features.find((f) => String(f.properties.poleIds).split(';').includes(`${poles['lamp-0']}`))!;
    expect(lamp.geometry.type).toBe('Point');
    expect(lamp.properties).toMatchObject({ streetZh: '测试大道' });
    // every attribute is a plain value a planner can read in the attribute table
    for (const f of fc.features) for (const v of Object.values(f.properties)) expect(String(v)).not.toMatch(/^[[{]/);
  });

  it('accepts a proposal into the inventory: the smart pole becomes a candidate, the merged poles are not', async () => {
    const p = proposalHolding('lamp-0');
    // an operator's planner cannot build smart poles for the tower company (nor merge others' poles on its behalf)
    const mobile = await api.as('planner.mobile');
    const refused = await mobile
      .post(`/api/v1/poles/consolidation-runs/${run.id}/accept`)
      .send({ proposalIds: [p.properties.id], ownerId: 'china-tower' })
      .expect(403);
    expect(refused.body).toMatchObject({ error: 'forbidden', code: 'ownership_refused' });
    expect(refused.body.errors[0].field).toBe('ownerId');
    const r = await api.http
      .post(`/api/v1/poles/consolidation-runs/${run.id}/accept`)
      .send({ proposalIds: [p.properties.id] })
      .expect(201);
    const [event] = await api.db.query(`SELECT actor_username, action, after FROM audit_event WHERE entity = 'pole_consolidation_run' AND entity_id = $1`, [
      run.id,
    ]);
    expect(event).toMatchObject({
      actor_username: 'admin',
      action: 'proposals_accepted',
      after: { ownerId: 'china-tower', accepted: [{ proposalId: p.properties.id }] },
    });
    poleAcceptResult.strict().parse(r.body);
    const smartPoleId = r.body.accepted[0].structureId;
    const s = (await api.http.get(`/api/v1/structures/${smartPoleId}`).expect(200)).body.properties;
    expect(s).toMatchObject({ kind: 'smart_pole', status: 'approved', slotsTotal: 3, ownerId: 'china-tower' });
    const merged = await api.db.query(`SELECT count(*)::int AS n FROM structure WHERE replaced_by = $1`, [smartPoleId]);
    expect(merged[0].n).toBe(3);

    const again = await api.http.post('/api/v1/colocation/analyses').send(smallCellDemand).expect(201);
    expect(again.body.decision).toBe('share');
    expect(again.body.best.structureId).toBe(smartPoleId);
    const camera = again.body.candidates.find((c: { structureId: number }) => c.structureId === poles['camera-8']);
    expect(camera.reasons).toContain('replaced_by_smart_pole');
    await api.db.query(`DELETE FROM colocation_analysis WHERE id = $1`, [again.body.id]);

    // the same proposal cannot be accepted twice
    await api.http
      .post(`/api/v1/poles/consolidation-runs/${run.id}/accept`)
      .send({ proposalIds: [p.properties.id] })
      .expect(400);
  });

  it('a later run leaves merged poles out', async () => {
    const later = await runUntilDone({ area });
    expect(later.summary.total).toMatchObject({ polesBefore: 8, polesInClusters: 2 });
  });

  it('a job delivered again neither duplicates proposals nor undoes an acceptance; a failed run retried gives the same proposals', async () => {
    const service = worker.get(ConsolidationService);
    await service.run(run.id); // already done: left alone
    const same = (await api.http.get(`/api/v1/poles/consolidation-runs/${run.id}/proposals`).expect(200)).body;
    expect(same.features).toHaveLength(2);
    expect((same as SmartPoleProposals).features.filter((f) => f.properties.status === 'accepted')).toHaveLength(1);
    // a run whose attempt failed is retried from scratch: its proposals are rewritten, not added to
    const later = await runUntilDone({ area });
    await api.db.query(`UPDATE pole_consolidation_run SET status = 'failed' WHERE id = $1`, [later.id]);
    await service.run(later.id);
    const retried = (await api.http.get(`/api/v1/poles/consolidation-runs/${later.id}`).expect(200)).body;
    expect(retried).toMatchObject({ status: 'done', proposals: 1 });
  });

  it('refuses bad runs, naming the field', async () => {
    const bad = async (body: object, field: string) => {
      const r = await api.http.post('/api/v1/poles/consolidation-runs').send(body).expect(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad({}, 'districtId');
    await bad({ districtId: 500101, area }, 'districtId');
    await bad({ districtId: 999999 }, 'districtId');
    await bad({ area, clusterDistanceM: 0 }, 'clusterDistanceM');
    await bad({ area, clusterDistanceM: 150 }, 'clusterDistanceM');
    await bad({ area: { type: 'Polygon', coordinates: [[at(0, 0), at(100, 100), at(100, 0), at(0, 100), at(0, 0)]] } }, 'area');
    await bad({ scope: 'planet' }, 'scope');
  });
});
