import { Client } from 'pg';
import { loadConfig } from '../config/config';
import * as sql from './roles.sql';

const { ident, literal } = sql;

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
    await c.query('BEGIN');
    await c.query(sql.LOCK_ROLE_SETUP);
    for (const r of [owner, app]) {
      const { rowCount } = await c.query(sql.ROLE_EXISTS, [r]);
      if (!rowCount) await c.query(sql.createLoginRole(ident(r)));
    }
    // (on a server where no earlier set-up left the tile role, the VectorTiles migration failed with "permission denied to create role")
    if (!(await c.query(sql.TILES_ROLE_EXISTS)).rowCount) await c.query(sql.CREATE_TILES_ROLE);
    await c.query(sql.alterOwnerRole(O, password(urls.owner)));
    await c.query(sql.alterAppRole(A, password(urls.app)));
    await c.query('COMMIT');

    await c.query('BEGIN');
    for (const s of sql.databaseGrants(O, A, D)) await c.query(s);

    // An older database: hand everything not belonging to an extension (PostGIS keeps its own) to the owner.
    // (REASSIGN OWNED cannot move objects of the bootstrap superuser, so object by object.)
    const relations = await c.query<{ name: string; kind: string }>(sql.RELATIONS_NOT_OWNED, [owner]);
    for (const r of relations.rows) await c.query(sql.alterOwner(sql.ALTER_OF_RELKIND[r.kind], r.name, O));
    const routines = await c.query<{ sig: string }>(sql.ROUTINES_NOT_OWNED, [owner]);
    for (const r of routines.rows) await c.query(sql.alterOwner('ROUTINE', r.sig, O));
    const types = await c.query<{ name: string }>(sql.TYPES_NOT_OWNED, [owner]);
    for (const t of types.rows) await c.query(sql.alterOwner('TYPE', t.name, O));

    for (const s of sql.rowGrants(O, A)) await c.query(s);
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
