import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';
import { ensureRoles } from '../src/database/roles';

/**
 * The API and worker connect as a role that can read and write rows and nothing else: it cannot switch off or
 * drop the audit trail. These run on the connection the application itself uses (DATABASE_URL).
 */
describe('the application database role', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await createDataSource(loadConfig().database.url, 1).initialize();
  });
  afterAll(async () => ds.destroy());

  /** The database's error for a statement, or null when it succeeded (in a transaction rolled back either way). */
  const refusal = async (...sql: string[]): Promise<string | null> => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      for (const s of sql) await qr.query(s);
      return null;
    } catch (e) {
      return (e as Error).message;
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  };

  it('is not a superuser, cannot create roles or databases, and owns nothing in the schema', async () => {
    const [me] = await ds.query(`SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(me).toMatchObject({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    const [owned] = await ds.query(`
      SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner = current_user::regrole)::int
           + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proowner = current_user::regrole)::int
           + (SELECT count(*) FROM pg_namespace WHERE nspowner = current_user::regrole)::int AS n`);
    expect(owned.n).toBe(0);
    const [db] = await ds.query(`SELECT pg_get_userbyid(datdba) <> current_user AS not_mine FROM pg_database WHERE datname = current_database()`);
    expect(db.not_mine).toBe(true);
  });

  it('cannot disable, drop or truncate the audit trail, nor bypass triggers', async () => {
    expect(await refusal(`ALTER TABLE audit_event DISABLE TRIGGER ALL`)).toMatch(/must be owner/);
    expect(await refusal(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`)).toMatch(/must be owner/);
    expect(await refusal(`DROP TRIGGER audit_event_no_update ON audit_event`)).toMatch(/must be owner/);
    expect(await refusal(`DROP TABLE audit_event`)).toMatch(/must be owner/);
    expect(await refusal(`TRUNCATE audit_event`)).toMatch(/permission denied/);
    expect(await refusal(`SET session_replication_role = replica`)).toMatch(/permission denied/);
    expect(await refusal(`CREATE TABLE cosite_role_probe (a int)`)).toMatch(/permission denied for schema public/);
    // nor shadow it with a temporary table of the same name (pg_temp is searched first)
    expect(await refusal(`CREATE TEMP TABLE audit_event (id int)`)).toMatch(/permission denied to create temporary tables/);
    expect(await refusal(`CREATE OR REPLACE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`)).toMatch(
      /permission denied|must be owner/,
    );
  });

  it('writes audit events, and its trigger still refuses to change or delete them', async () => {
    const insert = `INSERT INTO audit_event (actor_username, entity, entity_id, action) VALUES ('role-test', 'probe', '1', 'create')`;
    expect(await refusal(insert)).toBeNull();
    expect(await refusal(insert, `UPDATE audit_event SET comment = 'rewritten' WHERE actor_username = 'role-test'`)).toMatch(
      /audit events cannot be changed or deleted/,
    );
    expect(await refusal(insert, `DELETE FROM audit_event WHERE actor_username = 'role-test'`)).toMatch(/audit events cannot be changed or deleted/);
  });

  it('reads and writes rows of every table, and uses sequences (what the API and worker do)', async () => {
    const missing = await ds.query(`
      SELECT c.relname FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','p') AND c.relname NOT IN ('spatial_ref_sys', 'typeorm_migration')
         AND NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))`);
    expect(missing).toEqual([]);
    const noSeq = await ds.query(
      `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND CASE WHEN relkind = 'S' THEN NOT has_sequence_privilege(oid, 'USAGE') ELSE false END`,
    );
    expect(noSeq).toEqual([]);
  });
});

/** Set-up (`npm start`, `npm test`) creates both roles and moves an older database, owned by its admin, to the owner. */
describe('ensureRoles on a database created by an earlier set-up', () => {
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  const scratch = `cosite_test_roles_${process.pid}`;
  const at = (url: string, user?: string) =>
    Object.assign(new URL(url), { pathname: `/${scratch}`, ...(user ? { username: user, password: '' } : {}) }).toString();
  let admin: Client;

  beforeAll(async () => {
    // creating a database and roles is the administrator's work: npm test passes its connection
    if (!adminUrl)
      throw new Error('DATABASE_ADMIN_URL is not set: run the integration tests through `npm test` (it sets the admin, owner and app connections)');
    admin = new Client({ connectionString: Object.assign(new URL(adminUrl), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${scratch}`);
    const old = new Client({ connectionString: at(adminUrl) });
    await old.connect();
    await old.query(`CREATE TABLE ledger (id bigserial PRIMARY KEY, note text)`);
    await old.query(`CREATE VIEW ledger_notes AS SELECT note FROM ledger`);
    await old.query(`CREATE FUNCTION ledger_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM ledger'`);
    await old.end();
  });
  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin?.end();
  });

  it('hands tables, views, sequences and functions to the owner, grants the app rows only, and can run again', async () => {
    const urls = { admin: adminUrl!, owner: at(adminUrl!, 'cosite_owner'), app: at(adminUrl!, 'cosite_app') };
    await ensureRoles(urls);
    await ensureRoles(urls); // idempotent
    const check = new Client({ connectionString: at(adminUrl!) });
    await check.connect();
    const app = new Client({ connectionString: urls.app });
    await app.connect();
    try {
      const { rows } = await check.query(`
        SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','v','S') ORDER BY 1`);
      expect(rows).toEqual([
        { relname: 'ledger', owner: 'cosite_owner' },
        { relname: 'ledger_id_seq', owner: 'cosite_owner' },
        { relname: 'ledger_notes', owner: 'cosite_owner' },
      ]);
      const [fn] = (await check.query(`SELECT pg_get_userbyid(proowner) AS owner FROM pg_proc WHERE proname = 'ledger_count'`)).rows;
      expect(fn.owner).toBe('cosite_owner');
      const [db] = (await check.query(`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`)).rows;
      expect(db.owner).toBe('cosite_owner');

      await app.query(`INSERT INTO ledger (note) VALUES ('a row')`);
      expect((await app.query(`SELECT ledger_count() AS n`)).rows[0].n).toBe('1');
      await expect(app.query(`ALTER TABLE ledger ADD COLUMN x int`)).rejects.toThrow(/must be owner/);
      await expect(app.query(`TRUNCATE ledger`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`CREATE TABLE other (a int)`)).rejects.toThrow(/permission denied/);

      // what the owner's next migration creates is the app's to use too (default privileges)
      const owner = new Client({ connectionString: urls.owner });
      await owner.connect();
      await owner.query(`CREATE TABLE later (id bigserial PRIMARY KEY)`);
      await owner.end();
      await app.query(`INSERT INTO later DEFAULT VALUES`);
      await expect(app.query(`DROP TABLE later`)).rejects.toThrow(/must be owner/);
    } finally {
      await app.end();
      await check.end();
    }
  });
});
