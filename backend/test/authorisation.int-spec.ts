import type { AuditEvents } from '@cosite/contracts';
import type request from 'supertest';
import { aStructure, aTenancy, givenTheApi, JIEFANGBEI, uniqueCode } from './support/api';
import { PERMISSIONS } from '../src/auth/permissions';
import { LAYERS } from '../src/imports/layers';
import { ROLES } from '../src/auth/roles';

const PASSWORD = 'cosite-demo-2026';
const USER_OF_ROLE = { planner: 'planner.mobile', regulator: 'regulator', bureau: 'bureau', admin: 'admin' } as const;

/** Every route Express has from Nest: method and pattern, as the permission table names them. */
function routesOf(app: Awaited<ReturnType<typeof givenTheApi>>['app']): { method: string; path: string }[] {
  const instance = app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } };
  const stack = (instance.router ?? instance._router)!.stack as { route?: { path: unknown; methods: Record<string, boolean> } }[];
  return stack
    .filter(
      (l) =>
        l.route &&
        typeof l.route.path === 'string' &&
        /^\/(api\/v1|tiles)\//.test(l.route.path as string) &&
        !(l.route.path as string).startsWith('/api/docs') &&
        !(l.route.path as string).includes('{*') &&
        Object.keys(l.route.methods).length === 1,
    ) // one method: a Nest handler (middleware registers every method)
    .flatMap((l) => Object.keys(l.route!.methods).map((m) => ({ method: m.toUpperCase(), path: l.route!.path as string })));
}

/** A concrete URL for a pattern: ids that match nothing, so an allowed call changes nothing. */
const urlOf = (path: string) =>
  path
    .replace(':layer', 'structures')
    .replace(':z/:x/:file', '14/0/0.mvt')
    .replace(/:file/, 'structures.json')
    .replace(/:(id|code|ownerId)/g, (_m, p) => (p === 'code' ? 'no-such-rule' : p === 'ownerId' ? 'nobody' : '00000000-0000-0000-0000-000000000000'));

describe('authorisation (real API, seeded demo users)', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM tenancy WHERE code LIKE 'AUTHZ-%'`);
    await api.db.query(`DELETE FROM route WHERE code LIKE 'AUTHZ-%'`);
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'AUTHZ-%'`);
    await api.close();
  });

  it('has a rule for every endpoint: a new endpoint without one fails here', () => {
    const routes = routesOf(api.app);
    expect(routes.length).toBeGreaterThan(60);
    const missing = routes.filter((r) => PERMISSIONS[`${r.method} ${r.path}`] === undefined).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    // and no rule for an endpoint that no longer exists
    const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(PERMISSIONS).filter((k) => !known.has(k))).toEqual([]);
  });

  it('walks the whole matrix: each role on each endpoint is allowed or refused with 403, and nobody without a session gets past 401', async () => {
    const clients = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await api.as(USER_OF_ROLE[r])] as const)));
    const wrong: string[] = [];
    for (const { method, path } of routesOf(api.app)) {
      if (path === '/api/v1/auth/sign-out' || path === '/api/v1/auth/sign-in') continue; // tested below: they change the session
      const url = urlOf(path);
      const rule = PERMISSIONS[`${method} ${path}`];
      if (rule === undefined) continue; // reported by the test above
      const allowedRoles = rule === 'public' ? ROLES : typeof rule === 'function' ? rule({ query: {} } as never) : rule;
      const call = (c: ReturnType<typeof request>) => {
        const t = (c as unknown as Record<string, (u: string) => request.Test>)[method.toLowerCase()](url);
        // an invalid body for anything that writes: allowed calls stop at validation and change nothing
        return method === 'GET' ? t : t.set('Content-Type', 'application/json').send({ __probe: true });
      };
      const anon = await call(api.anonymous);
      if (rule !== 'public' && anon.status !== 401) wrong.push(`anonymous ${method} ${path} → ${anon.status}`);
      for (const role of ROLES) {
        const res = await call(clients[role]);
        const allowed = allowedRoles.includes(role);
        if (allowed && (res.status === 401 || res.status === 403)) wrong.push(`${role} ${method} ${path} → ${res.status}, should be allowed`);
        if (!allowed && res.status !== 403) wrong.push(`${role} ${method} ${path} → ${res.status}, should be 403`);
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000); // every route × every role, one request at a time: about a minute on a busy 2-core machine

  it("holds every inventory write to the row's owner: another organisation's planner gets 403, the owner's planner succeeds", async () => {
    const owned = Object.values(LAYERS).filter((s) => s.owner);
    expect(owned.map((s) => s.name).sort()).toEqual(['routes', 'structures', 'tenancies']);
    const [owner, other] = await Promise.all([api.as('planner.mobile'), api.as('planner.telecom')]);
    const host = (
      await api.http
        .post('/api/v1/structures')
        .send(aStructure({ code: uniqueCode('AUTHZ'), slotsTotal: 10 }))
        .expect(201)
    ).body;
    // a valid new row owned by China Mobile, for each layer
    const [lon, lat] = JIEFANGBEI;
    const bodyOf: Record<string, () => object> = {
      structures: () => aStructure({ code: uniqueCode('AUTHZ'), ownerId: 'china-mobile' }),
      tenancies: () => aTenancy(host.id, { code: uniqueCode('AUTHZ'), operatorId: 'china-mobile' }),
      routes: () => ({
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [
            [lon, lat],
            [lon + 0.002, lat + 0.001],
          ],
        },
        properties: { code: uniqueCode('AUTHZ'), kind: 'duct', ownerId: 'china-mobile', capacityTotal: 6 },
      }),
    };
    const wrong: string[] = [];
    let checked = 0;
    for (const spec of owned) {
      const writes = Object.keys(PERMISSIONS).filter((k) => new RegExp(`^(POST|PATCH|DELETE) /api/v1/${spec.name}(/:id)?$`).test(k));
      expect(writes).toHaveLength(3);
      for (const key of writes) {
        const [method, path] = key.split(' ');
        const id = method === 'POST' ? null : (await api.http.post(`/api/v1/${spec.name}`).send(bodyOf[spec.name]()).expect(201)).body.id;
        const url = path.replace(':id', String(id));
        const call = (c: typeof owner) =>
          method === 'POST'
            ? c.post(url).send(bodyOf[spec.name]())
            : method === 'PATCH'
              ? c.patch(url).send({ properties: { code: uniqueCode('AUTHZ') } })
              : c.delete(url);
        const refused = await call(other);
        if (refused.status !== 403 || refused.body.errors?.[0]?.field !== `properties.${spec.owner}`)
          wrong.push(`another planner ${key} → ${refused.status} ${JSON.stringify(refused.body.errors)}`);
        const allowed = await call(owner);
        if (allowed.status >= 300) wrong.push(`the owner's planner ${key} → ${allowed.status} ${JSON.stringify(allowed.body.errors)}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(9);
  });

  it('signs in with a password, sets HttpOnly SameSite cookies, and answers who is signed in', async () => {
    const r = await api.anonymous.post('/api/v1/auth/sign-in').send({ username: 'planner.tower', password: PASSWORD }).expect(200);
    expect(r.body.user).toMatchObject({ username: 'planner.tower', organisationId: 'china-tower', role: 'planner' });
    expect(JSON.stringify(r.body)).not.toMatch(/password|\$argon2/);
    const cookies = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('cosite_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    const csrf = cookies.find((c) => c.startsWith('cosite_csrf='))!;
    expect(csrf).not.toMatch(/HttpOnly/);
    const cookieHeader = [session, csrf].map((c) => c.split(';')[0]).join('; ');
    const me = await api.anonymous.get('/api/v1/auth/me').set('Cookie', cookieHeader).expect(200);
    expect(me.body.user.username).toBe('planner.tower');
    // a cookie session must send its CSRF token to change anything
    await api.anonymous.post('/api/v1/routes/overlap-checks').set('Cookie', cookieHeader).send({}).expect(403);
    await api.anonymous.post('/api/v1/routes/overlap-checks').set('Cookie', cookieHeader).set('X-CSRF-Token', r.body.csrfToken).send({}).expect(400);
    // signing out ends the session
    await api.anonymous.post('/api/v1/auth/sign-out').set('Cookie', cookieHeader).set('X-CSRF-Token', r.body.csrfToken).expect(204);
    await api.anonymous.get('/api/v1/auth/me').set('Cookie', cookieHeader).expect(401);
  });

  it('ends a session after 30 minutes idle, or 12 hours after sign-in', async () => {
    const r = await api.anonymous.post('/api/v1/auth/sign-in').send({ username: 'bureau', password: PASSWORD }).expect(200);
    const bearer = (t: string) => api.anonymous.get('/api/v1/auth/me').set('Authorization', `Bearer ${t}`);
    await bearer(r.body.token).expect(200);
    await api.db.query(
      `UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE id = (SELECT id FROM user_session ORDER BY created_at DESC LIMIT 1)`,
    );
    await bearer(r.body.token).expect(401);
    const again = await api.anonymous.post('/api/v1/auth/sign-in').send({ username: 'bureau', password: PASSWORD }).expect(200);
    await api.db.query(
      `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE id = (SELECT id FROM user_session ORDER BY created_at DESC LIMIT 1)`,
    );
    await bearer(again.body.token).expect(401);
  });

  it('lets administrators manage users: the role follows the organisation, disabling ends the sessions, a reset unlocks', async () => {
    const username = `test.user.${process.pid}`;
    const created = await api.http
      .post('/api/v1/users')
      .send({ username, displayName: 'Test user', organisationId: 'china-telecom', password: 'a-long-password-1' })
      .expect(201);
    expect(created.body).toMatchObject({ username, role: 'planner', organisationId: 'china-telecom', disabled: false });
    expect(JSON.stringify(created.body)).not.toMatch(/password|argon2/);
    const taken = await api.http
      .post('/api/v1/users')
      .send({ username, displayName: 'again', organisationId: 'china-telecom', password: 'a-long-password-1' })
      .expect(409);
    expect(taken.body).toMatchObject({ error: 'conflict', code: 'username_taken' });
    expect(
      (
        await api.http
          .post('/api/v1/users')
          .send({ username: `${username}x`, displayName: 'x', organisationId: 'cq-lighting', password: 'a-long-password-1' })
          .expect(400)
      ).body.errors[0].field,
    ).toBe('organisationId');
    expect(
      (
        await api.http
          .post('/api/v1/users')
          .send({ username: `${username}y`, displayName: 'y', organisationId: 'china-telecom', password: 'short' })
          .expect(400)
      ).body.errors[0].field,
    ).toBe('password');
    const signedIn = await api.anonymous.post('/api/v1/auth/sign-in').send({ username, password: 'a-long-password-1' }).expect(200);
    await api.anonymous.get('/api/v1/auth/me').set('Authorization', `Bearer ${signedIn.body.token}`).expect(200);
    await api.http.patch(`/api/v1/users/${created.body.id}`).send({ disabled: true }).expect(200);
    await api.anonymous.get('/api/v1/auth/me').set('Authorization', `Bearer ${signedIn.body.token}`).expect(401);
    await api.anonymous.post('/api/v1/auth/sign-in').send({ username, password: 'a-long-password-1' }).expect(401);
    const audit = await api.http
      .get('/api/v1/audit-events')
      .query({ entityId: String(created.body.id) })
      .expect(200);
    // entity ids are per table: another table's row (an observed cell, say) may share this user's id
    expect((audit.body as AuditEvents).events.filter((e) => e.entity === 'user').map((e) => e.action)).toEqual(['user_created', 'user_updated']);
    await api.db.query(`DELETE FROM user_session WHERE user_id = $1`, [created.body.id]);
  });

  it('sends security headers, and error bodies without stack traces', async () => {
    const r = await api.anonymous.get('/api/v1/structures').expect(401);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(r.body).toEqual({ statusCode: 401, error: 'unauthenticated', code: 'unauthenticated', message: 'sign in first', errors: [] });
  });
});
