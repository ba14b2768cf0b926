/**
 * The database roles' set-up (roles.ts): catalog reads as statements, and the DDL built from role and database
 * names that ident() has checked and quoted (DDL takes no bound parameters).
 */

/** A role or database name, checked and quoted as an identifier. */
export const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`role or database name "${name}": use lower-case letters, digits and _`);
  return `"${name}"`;
};
/** A string literal (a password: ALTER ROLE takes no parameters). */
export const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const ROLE_EXISTS = `SELECT 1 FROM pg_roles WHERE rolname = $1::text`;

/** Roles are cluster-wide: creating them races with another set-up on the same server, hence the lock. */
export const LOCK_ROLE_SETUP = `SELECT pg_advisory_xact_lock(hashtext('cosite.roles'))`;

const notExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/** Tables, views, sequences… of public not owned by $1 and not an extension's (a sequence owned by a column moves with its table). */
export const RELATIONS_NOT_OWNED = `
  SELECT format('%I', c.relname) AS name, c.relkind AS kind FROM pg_class c
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','p','v','m','f','S')
     AND c.relowner <> $1::regrole AND ${notExtension('pg_class', 'c.oid')}
     AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a','i')))
   ORDER BY c.relkind, c.relname`;

/** Functions and procedures of public not owned by $1 and not an extension's. */
export const ROUTINES_NOT_OWNED = `
  SELECT p.oid::regprocedure::text AS sig FROM pg_proc p
   WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> $1::regrole AND ${notExtension('pg_proc', 'p.oid')}`;

/** Enum, domain, range and multirange types of public not owned by $1 and not an extension's. */
export const TYPES_NOT_OWNED = `
  SELECT t.oid::regtype::text AS name FROM pg_type t
   WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e','d','r','m') AND t.typowner <> $1::regrole AND ${notExtension('pg_type', 't.oid')}`;

/** The ALTER keyword of each relkind. */
export const ALTER_OF_RELKIND: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', f: 'FOREIGN TABLE', S: 'SEQUENCE' };

/** The read-only tile role of the VectorTiles migration (the owner may not create roles, so it is made here). */
export const TILES_ROLE_EXISTS = `SELECT 1 FROM pg_roles WHERE rolname = 'cosite_tiles'`;
export const CREATE_TILES_ROLE = `CREATE ROLE cosite_tiles NOLOGIN`;

// DDL, from names quoted by ident() (O: owner, A: application, D: database)
export const createLoginRole = (role: string) => `CREATE ROLE ${role} LOGIN`;
export const alterOwnerRole = (O: string, password: string) => `ALTER ROLE ${O} LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS NOREPLICATION${password}`;
export const alterAppRole = (A: string, password: string) => `ALTER ROLE ${A} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION${password}`;

/** The database and its schema to the owner; the application may connect and use the schema, and create nothing. */
export const databaseGrants = (O: string, A: string, D: string) => [
  `ALTER DATABASE ${D} OWNER TO ${O}`,
  `ALTER SCHEMA public OWNER TO ${O}`,
  // before PostgreSQL 15 everyone may create in public: not the application
  `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
  // no temporary tables either: a temporary audit_event would shadow the real one for that session
  `REVOKE TEMPORARY ON DATABASE ${D} FROM PUBLIC`,
  `REVOKE TEMPORARY ON DATABASE ${D} FROM ${A}`,
  `GRANT CONNECT ON DATABASE ${D} TO ${A}`,
  `GRANT USAGE ON SCHEMA public TO ${A}`,
];

export const alterOwner = (what: string, name: string, O: string) => `ALTER ${what} ${name} OWNER TO ${O}`;

/** Rows only, on what exists and on what the owner's future migrations create. */
export const rowGrants = (O: string, A: string) => [
  `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${A}`,
  `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${A}`,
  `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${A}`,
  `ALTER DEFAULT PRIVILEGES FOR ROLE ${O} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${A}`,
  `ALTER DEFAULT PRIVILEGES FOR ROLE ${O} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${A}`,
  `ALTER DEFAULT PRIVILEGES FOR ROLE ${O} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${A}`,
  // PostGIS's reference table and the migrations' record are read, never written, by the application
  ...['spatial_ref_sys', 'typeorm_migration'].map(
    (t) => `DO $$ BEGIN IF to_regclass('public.${t}') IS NOT NULL THEN REVOKE INSERT, UPDATE, DELETE ON public.${t} FROM ${A}; END IF; END $$`,
  ),
];
