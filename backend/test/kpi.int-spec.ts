import { kpiDashboard, type KpiDashboard, type KpiRateValue, kpiSharingResult } from '@cosite/contracts';
import { aStructure, aTenancy, givenTheApi, uniqueCode } from './support/api';

/**
 * Sharing and co-build rates on a small inventory with known answers: a test operator of its own, so the sample
 * city's figures do not mix in (every rate filtered to an operator counts only facilities that operator uses).
 * Fixtures in Wanzhou around (108.49, 30.93).
 */
describe('sharing KPIs (real PostGIS)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  const op = `kpi-op-${process.pid}`;
  const tag = uniqueCode('KPI');
  const origin: [number, number] = [108.49, 30.93];
  const at = (eastM: number, northM: number): [number, number] => [
    origin[0] + eastM / (111320 * Math.cos((origin[1] * Math.PI) / 180)),
    origin[1] + northM / 110574,
  ];
  let n = 0;

  const givenAStructure = async (kind: string, operators: string[], over: Record<string, unknown> = {}) => {
    const s = await api.http
      .post('/api/v1/structures')
      .send(aStructure({ code: `${tag}-${++n}`, kind, slotsTotal: 6, ...over }, at(n * 50, 0)))
      .expect(201);
    for (const o of operators)
      await api.http
        .post('/api/v1/tenancies')
        .send(aTenancy(s.body.id, { operatorId: o, loadKg: 0 }))
        .expect(201);
  };
  const givenARoute = async (kind: string, lengthM: number, props: Record<string, unknown>) => {
    const y = ++n * 30;
    await api.http
      .post('/api/v1/routes')
      .send({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [at(0, y), at(lengthM, y)] },
        properties: { code: `${tag}-${n}`, kind, capacityTotal: 6, ...props },
      })
      .expect(201);
  };

  beforeAll(async () => {
    api = await givenTheApi();
    await api.db.query(`INSERT INTO organisation (id, kind, name_zh, name_en) VALUES ($1, 'operator', '测试运营商', 'KPI test operator')`, [op]);
    // towers: shared, alone, shared by three; one the operator is not on
    await givenAStructure('monopole', [op, 'china-mobile']);
    await givenAStructure('monopole', [op]);
    await givenAStructure('rooftop', [op, 'china-unicom', 'china-telecom']);
    await givenAStructure('monopole', ['china-mobile']);
    // indoor systems: one co-built in 2024 and used alone, one built alone in 2024 and shared
    await givenAStructure('indoor_distribution', [op], { buildMode: 'co_build', builtOn: '2024-03-01', buildForm: 'attached' });
    await givenAStructure('indoor_distribution', [op, 'china-mobile'], { buildMode: 'single', builtOn: '2024-05-01', buildForm: 'attached' });
    // ducts: 300 m the operator owns and uses with a tenant (co-built 2023); 100 m of the tower company's it rents alone (2024)
    await givenARoute('duct', 300, {
      ownerId: op,
      capacityUsed: 3,
      tenants: [{ operatorId: 'china-mobile', unitsUsed: 1 }],
      buildMode: 'co_build',
      builtOn: '2023-06-01',
    });
    await givenARoute('duct', 100, { ownerId: 'china-tower', capacityUsed: 1, tenants: [{ operatorId: op, unitsUsed: 1 }], builtOn: '2024-06-01' });
    // pole lines: 200 m shared with another operator, 100 m the operator's own
    await givenARoute('pole_line', 200, {
      ownerId: 'china-tower',
      capacityUsed: 2,
      tenants: [
        { operatorId: op, unitsUsed: 1 },
        { operatorId: 'china-unicom', unitsUsed: 1 },
      ],
    });
    await givenARoute('pole_line', 100, { ownerId: op, capacityUsed: 1 });
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM tenancy WHERE structure_id IN (SELECT id FROM structure WHERE code LIKE $1)`, [`${tag}%`]);
    await api.db.query(`DELETE FROM structure WHERE code LIKE $1`, [`${tag}%`]);
    await api.db.query(`DELETE FROM route WHERE code LIKE $1`, [`${tag}%`]);
    await api.db.query(`DELETE FROM organisation WHERE id = $1`, [op]);
    await api.close();
  });

  const rateOf = (rates: KpiRateValue[], rate: string) => rates.find((r) => r.rate === rate)!;

  it('computes each rate by its definition, against its target', async () => {
    const r = await api.http.get(`/api/v1/kpis/sharing?operator=${op}`).expect(200);
    kpiSharingResult.parse(r.body);
    const rates = r.body.rates;
    expect(rateOf(rates, 'tower_sharing')).toMatchObject({ numerator: 2, denominator: 3, unit: 'count', target: 0.55, meetsTarget: true });
    expect(rateOf(rates, 'tower_sharing').value).toBeCloseTo(2 / 3, 3);
    expect(rateOf(rates, 'indoor_sharing')).toMatchObject({ value: 0.5, numerator: 1, denominator: 2, target: 0.45, meetsTarget: true });
    expect(rateOf(rates, 'indoor_cobuild')).toMatchObject({ value: 0.5, target: 0.35, meetsTarget: true });
    // ducts by length: the 300 m one has two users (the owner with units of its own, and a tenant)
    const duct = rateOf(rates, 'duct_sharing');
    expect(duct.value).toBeCloseTo(0.75, 2);
    expect(duct.denominator).toBeCloseTo(400, -0.5);
    expect(duct.meetsTarget).toBe(true);
    expect(rateOf(rates, 'duct_cobuild').value).toBeCloseTo(0.75, 2);
    // pole lines: 200 of 300 m shared, under the 70 % target
    expect(rateOf(rates, 'pole_route_sharing').value).toBeCloseTo(2 / 3, 2);
    expect(rateOf(rates, 'pole_route_sharing')).toMatchObject({ target: 0.7, meetsTarget: false });
    expect(rateOf(rates, 'pole_route_cobuild').value).toBe(0);
  });

  it('co-build rates count what was built in the period', async () => {
    const r = await api.http.get(`/api/v1/kpis/sharing?operator=${op}&from=2024-01-01&to=2024-12-31`).expect(200);
    expect(rateOf(r.body.rates, 'duct_cobuild')).toMatchObject({ value: 0, unit: 'm' });
    expect(rateOf(r.body.rates, 'duct_cobuild').denominator).toBeCloseTo(100, -0.5);
    expect(rateOf(r.body.rates, 'indoor_cobuild')).toMatchObject({ value: 0.5, denominator: 2 });
    // sharing is a snapshot of the inventory: the period does not change it
    expect(rateOf(r.body.rates, 'tower_sharing').denominator).toBe(3);
  });

  it('breaks the rates down per operator and per district', async () => {
    const byOp = await api.http.get(`/api/v1/kpis/sharing?groupBy=operator&operator=${op}`).expect(200);
    expect(byOp.body.groups).toHaveLength(1);
    expect(byOp.body.groups[0].operator).toBe(op);
    expect(rateOf(byOp.body.groups[0].rates, 'tower_sharing').denominator).toBe(3);
    const city = await api.http.get('/api/v1/kpis/sharing?groupBy=district').expect(200);
    kpiSharingResult.parse(byOp.body);
    kpiSharingResult.parse(city.body);
    expect(city.body.groups.length).toBeGreaterThan(5);
    for (const g of city.body.groups)
      for (const rate of g.rates as KpiRateValue[]) {
        if (rate.value === null) continue;
        expect(rate.value).toBeGreaterThanOrEqual(0);
        expect(rate.value).toBeLessThanOrEqual(1);
      }
  });

  it("gives the regulator's dashboard in one answer, each figure against its target, and as CSV", async () => {
    const r = await api.http.get(`/api/v1/kpis?operator=${op}`).expect(200);
    kpiDashboard.parse(r.body);
    // the same sharing rates as the sharing endpoint
    const sharing = await api.http.get(`/api/v1/kpis/sharing?operator=${op}`).expect(200);
    expect(r.body.sharing).toEqual(sharing.body.rates);
    expect(r.body.fiveGDensity.city).toMatchObject({ target: 47.8, gigabitCityTarget: 12 });
    expect((r.body as KpiDashboard).fiveGDensity.districts.find((d) => d.districtId === 500103)).toMatchObject({ target: 35 });
    expect(r.body.keySites).toMatchObject({ operator: op, targetPct: 98 });
    const [apps] = await api.db.query(`SELECT count(*)::int AS n FROM application WHERE operator_id = $1`, [op]);
    expect(Object.values(r.body.approvals.byState).reduce((a: number, n) => a + (n as number), 0)).toBe(apps.n);
    expect(r.body.newSites.landPerAvoidedTowerM2).toBeCloseTo(9.6, 1);
    const csv = await api.http.get(`/api/v1/kpis?operator=${op}&format=csv`).expect(200);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('indicator,scope,value,unit,target,meetsTarget');
    expect(lines.find((l) => l.startsWith('tower_sharing,'))).toMatch(/^tower_sharing,filter,0\.6667,rate,0\.55,true$/);
    expect(lines.some((l) => l.startsWith('5g_per_10k,city,'))).toBe(true);
    await api.http.get('/api/v1/kpis?period=2024').expect(400);
  });

  it('refuses unknown filters, naming them', async () => {
    expect((await api.http.get('/api/v1/kpis/sharing?groupBy=street').expect(400)).body.errors[0].field).toBe('groupBy');
    expect((await api.http.get('/api/v1/kpis/sharing?operator=nobody').expect(400)).body.errors[0].field).toBe('operator');
    expect((await api.http.get('/api/v1/kpis/sharing?from=2024-13-01').expect(400)).body.errors[0].field).toBe('from');
  });
});
