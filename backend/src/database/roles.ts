import { Client } from 'pg';
import { loadConfig } from '../config/config';

/**
 * Two roles, so the application cannot rewrite its own rules: the schema OWNER (migrations, sample loader) owns
 * every table, function and sequence; the APP role (API and worker) only reads and writes rows: no DDL, no
 * TRUNCATE, no trigger changes (ALTER TABLE … DISABLE TRIGGER needs ownership), not superuser. Idempotent: run on
 * every set-up, it also moves an older database (everything owned by the admin who created it) to the owner role.
 */
export interface RoleUrls {
  /** a superuser (or a role with CREATEROLE that owns the database) */
  admin: string;
  owner: string;
  app: string;
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`role or database name "${name}": use lower-case letters, digits and _`);
  return `"${name}"`;
};
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function ensureRoles(urls: RoleUrls): Promise<{ owner: string; app: string; database: string }> {
  const owner = decodeURIComponent(new URL(urls.owner).username);
  const app = decodeURIComponent(new URL(urls.app).username);
  const database = decodeURIComponent(new URL(urls.app).pathname.slice(1));
  if (!owner || !app || owner === app) throw new Error('the owner and the application need two different roles (DATABASE_OWNER_URL, DATABASE_URL)');
  const [O, A, D] = [ident(owner), ident(app), ident(database)];
  const password = (u: string) => (new URL(u).password ? ` PASSWORD ${literal(decodeURIComponent(new URL(u).password))}` : '');

  const c = new Client({ connectionString: Object.assign(new URL(urls.admin), { pathname: `/${database}` }).toString(), application_name: 'cosite-roles' });
  await c.connect();
  try {
    // roles are cluster-wide; creating them races with another set-up on the same server, hence the lock
    await c.query('BEGIN');
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('cosite.roles'))`);
    for (const r of [owner, app]) {
      const { rowCount } = await c.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [r]);
      if (!rowCount) await c.query(`CREATE ROLE ${ident(r)} LOGIN`);
    }
    // The read-only tile role of the VectorTiles migration: the owner may not create roles, so it is made here
    // (on a server where no earlier set-up left it, that migration failed with "permission denied to create role").
    if (!(await c.query(`SELECT 1 FROM pg_roles WHERE rolname = 'cosite_tiles'`)).rowCount) await c.query(`CREATE ROLE cosite_tiles NOLOGIN`);
    await c.query(`ALTER ROLE ${O} LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS NOREPLICATION${password(urls.owner)}`);
    await c.query(`ALTER ROLE ${A} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION${password(urls.app)}`);
    await c.query('COMMIT');

    await c.query('BEGIN');
    await c.query(`ALTER DATABASE ${D} OWNER TO ${O}`);
    await c.query(`ALTER SCHEMA public OWNER TO ${O}`);
    // before PostgreSQL 15 everyone may create in public: not the application
    await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    // no temporary tables either: a temporary audit_event would shadow the real one for that session
    await c.query(`REVOKE TEMPORARY ON DATABASE ${D} FROM PUBLIC`);
    await c.query(`REVOKE TEMPORARY ON DATABASE ${D} FROM ${A}`);
    await c.query(`GRANT CONNECT ON DATABASE ${D} TO ${A}`);
    await c.query(`GRANT USAGE ON SCHEMA public TO ${A}`);

    // An older database: hand everything not belonging to an extension (PostGIS keeps its own) to the owner.
    // (REASSIGN OWNED cannot move objects of the bootstrap superuser, so object by object.)
    const notExtension = (catalog: string, oid: string) => `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
    const relations = await c.query<{ name: string; kind: string }>(`
      SELECT format('%I', c.relname) AS name, c.relkind AS kind FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','p','v','m','f','S')
         AND c.relowner <> $1::regrole AND ${notExtension('pg_class', 'c.oid')}
         -- a sequence owned by a column moves with its table
         AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a','i')))
       ORDER BY c.relkind, c.relname`, [owner]);
    const alter = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', f: 'FOREIGN TABLE', S: 'SEQUENCE' } as Record<string, string>;
    for (const r of relations.rows) await c.query(`ALTER ${alter[r.kind]} ${r.name} OWNER TO ${O}`);
    const routines = await c.query<{ sig: string }>(`
      SELECT p.oid::regprocedure::text AS sig FROM pg_proc p
       WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> $1::regrole AND ${notExtension('pg_proc', 'p.oid')}`, [owner]);
    for (const r of routines.rows) await c.query(`ALTER ROUTINE ${r.sig} OWNER TO ${O}`);
    const types = await c.query<{ name: string }>(`
      SELECT t.oid::regtype::text AS name FROM pg_type t
       WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e','d','r','m') AND t.typowner <> $1::regrole AND ${notExtension('pg_type', 't.oid')}`, [owner]);
    for (const t of types.rows) await c.query(`ALTER TYPE ${t.name} OWNER TO ${O}`);

    // Rows only, on what exists and on what the owner's future migrations create.
    await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${A}`);
    await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${A}`);
    await c.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${A}`);
    await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${O} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${A}`);
    await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${O} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${A}`);
    await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${O} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${A}`);
    // PostGIS's reference table and the migrations' record are read, never written, by the application
    for (const t of ['spatial_ref_sys', 'typeorm_migration']) {
      await c.query(`DO $$ BEGIN IF to_regclass('public.${t}') IS NOT NULL THEN REVOKE INSERT, UPDATE, DELETE ON public.${t} FROM ${A}; END IF; END $$`);
    }
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await c.end();
  }
  return { owner, app, database };
}

/** `node roles.js`: DATABASE_ADMIN_URL creates the roles of DATABASE_OWNER_URL and DATABASE_URL for that database. */
async function main(): Promise<void> {
  const { database } = loadConfig();
  if (!database.adminUrl) throw new Error('DATABASE_ADMIN_URL is not set: the roles are created by an administrator');
  const r = await ensureRoles({ admin: database.adminUrl, owner: database.ownerUrl, app: database.url });
  console.log(`database roles: ${r.owner} owns ${r.database}, the application connects as ${r.app}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
