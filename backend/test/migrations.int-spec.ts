import { Client } from 'pg';
import { createDataSource } from '../src/database/data-source';

/** Migrations run up → down → up on a scratch database this test creates and drops. */
describe('migrations', () => {
  // creating a database (with PostGIS) is the administrator's work, not the application role's
  const base = new URL(process.env.DATABASE_ADMIN_URL ?? process.env.DATABASE_URL!);
  const scratch = `cosite_test_migrations_${process.pid}`;
  const admin = new Client({ connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString() });
  const url = Object.assign(new URL(base), { pathname: `/${scratch}` }).toString();

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${scratch}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
  });

  it('apply, revert completely and apply again', async () => {
    const ds = await createDataSource(url, 2).initialize();
    const tables = async () =>
      (
        await ds.query(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migration' AND tablename <> 'spatial_ref_sys' ORDER BY 1`,
        )
      ).map((r: { tablename: string }) => r.tablename);
    try {
      const ran = await ds.runMigrations();
      expect(ran.length).toBeGreaterThanOrEqual(2);
      const all = await tables();
      expect(all).toEqual(expect.arrayContaining(['structure', 'tenancy', 'route', 'overlay', 'key_site', 'district', 'population_cell', 'import_batch']));
      // every geometry column of a table has a GiST index (views read their tables' indexed columns)
      const unindexed = await ds.query(`
        SELECT c.table_name, c.column_name FROM information_schema.columns c
          JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
         WHERE c.table_schema = 'public' AND c.udt_name = 'geometry'
           AND NOT EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = c.table_name AND i.indexdef ILIKE '%USING gist (' || c.column_name || ')%')`);
      expect(unindexed).toEqual([]);
      for (let k = 0; k < ran.length; k++) await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
      await ds.runMigrations();
      expect(await tables()).toEqual(all);
    } finally {
      await ds.destroy();
    }
  });
});
