import { type DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { loadSample } from '../../gis-data/src/load-sample';
import { FULL_SAMPLE } from '../../gis-data/src/sample/generate';

/** The full Chongqing sample as `npm test`'s set-up loaded it into the test database. */
describe('the Chongqing sample data', () => {
  let ds: DataSource;
  const one = async (sql: string) => Object.values((await ds.query(sql))[0])[0] as string | number;
  beforeAll(async () => {
    ds = await createDataSource(process.env.DATABASE_URL!, 2).initialize();
  });
  afterAll(async () => ds.destroy());

  it('has the 38 districts and counties of Chongqing with census populations for the 26 districts', async () => {
    expect(Number(await one(`SELECT count(*) FROM district`))).toBe(38);
    expect(Number(await one(`SELECT count(*) FROM district WHERE population IS NOT NULL`))).toBe(26);
    expect(Number(await one(`SELECT population FROM district WHERE id = 500103`))).toBe(588717);
  });

  it('spreads each central district census total over H3 cells exactly', async () => {
    const rows = await ds.query(`SELECT d.id, d.population, sum(p.population)::int AS on_cells, count(*)::int AS cells
                                   FROM district d JOIN population_cell p ON p.district_id = d.id GROUP BY d.id ORDER BY d.id`);
    expect(rows).toHaveLength(9);
    for (const r of rows) {
      expect(r.on_cells).toBe(r.population);
      expect(r.cells).toBeGreaterThan(100);
    }
    expect(Number(await one(`SELECT count(DISTINCT resolution) FROM population_cell`))).toBe(1);
  });

  it('holds an inventory at the scale of the real city', async () => {
    const fiveG = Number(await one(`SELECT count(*) FROM tenancy WHERE technology = '5G'`));
    expect(fiveG).toBeGreaterThan(40000);
    expect(fiveG).toBeLessThan(52000);
    const antennaStructures = Number(await one(`SELECT count(DISTINCT structure_id) FROM tenancy`));
    expect(antennaStructures).toBeGreaterThan(20000);
    const tenantsPerTower = Number(
      await one(
        `SELECT avg(n) FROM (SELECT count(DISTINCT operator_id) n FROM tenancy t JOIN structure s ON s.id = t.structure_id WHERE s.kind IN ('lattice_tower','monopole','camouflaged_tower','rooftop') GROUP BY structure_id) x`,
      ),
    );
    expect(tenantsPerTower).toBeGreaterThan(1.6);
    expect(tenantsPerTower).toBeLessThan(2.2);
    expect(
      Number(await one(`SELECT count(*) FROM structure WHERE kind IN ('street_lamp_pole','utility_pole','traffic_sign_pole','camera_pole')`)),
    ).toBeGreaterThan(20000);
    expect(Number(await one(`SELECT count(*) FROM route WHERE kind = 'duct'`))).toBeGreaterThan(200);
    // some towers are full: every slot taken
    expect(
      Number(
        await one(
          `SELECT count(*) FROM structure s WHERE slots_total > 0 AND slots_total = (SELECT sum(slots_used) FROM tenancy t WHERE t.structure_id = s.id)`,
        ),
      ),
    ).toBeGreaterThan(500);
  });

  it('is denser in the core than at the edge (Yuzhong vs Banan, per km²)', async () => {
    const rows = await ds.query(`SELECT d.id, count(s.*) / (ST_Area(d.geom::geography) / 1e6) AS per_km2
                                   FROM district d JOIN structure s ON s.district_id = d.id WHERE d.id IN (500103, 500113) GROUP BY d.id, d.geom`);
    const by = Object.fromEntries(rows.map((r: { id: number; per_km2: string }) => [r.id, Number(r.per_km2)]));
    expect(by[500103]).toBeGreaterThan(10 * by[500113]);
  });

  it('puts every structure inside a Chongqing district and none in the rivers', async () => {
    expect(Number(await one(`SELECT count(*) FROM structure s WHERE NOT EXISTS (SELECT 1 FROM district d WHERE ST_Intersects(d.geom, s.geom))`))).toBe(0);
    expect(Number(await one(`SELECT count(*) FROM structure s JOIN river r ON ST_Intersects(r.geom, s.geom) WHERE s.source = 'sample'`))).toBe(0);
  });

  it('keeps every polygon valid', async () => {
    for (const table of ['district', 'overlay', 'river', 'population_cell']) {
      expect({ table, invalid: Number(await one(`SELECT count(*) FROM ${table} WHERE NOT ST_IsValid(geom)`)) }).toEqual({ table, invalid: 0 });
    }
    expect(Number(await one(`SELECT count(*) FROM key_site WHERE NOT ST_IsValid(geom)`))).toBe(0);
  });

  it('has the named key sites at their places (Jiefangbei in Yuzhong, the airport in Yubei)', async () => {
    const rows = await ds.query(
      `SELECT k.name_zh, d.id AS district FROM key_site k JOIN district d ON ST_Intersects(d.geom, k.geom) WHERE k.name_zh IN ('解放碑商圈', '重庆江北国际机场')`,
    );
    expect(Object.fromEntries(rows.map((r: { name_zh: string; district: number }) => [r.name_zh, r.district]))).toEqual({
      解放碑商圈: 500103,
      重庆江北国际机场: 500112,
    });
  });

  it('loading again adds nothing and takes little time', async () => {
    const before = Number(await one(`SELECT count(*) FROM structure`));
    const t = Date.now();
    const again = await loadSample(ds, FULL_SAMPLE);
    expect(again.alreadyLoaded).toBe(true);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(Number(await one(`SELECT count(*) FROM structure`))).toBe(before);
  });
});
