import { userList } from '@cosite/contracts';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { givenTheApi } from './support/api';
import { AUTH_DEFAULTS } from '../src/auth/roles';

const PASSWORD = 'cosite-demo-2026';

/**
 * Sign-in hardening, seen from several clients: each client is its own loopback address (127.0.0.x), as a stranger
 * elsewhere on the network would be.
 */
describe('sign-in: lock-out by account and client, progressive delay, spraying, one answer for every failure', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let port: number;
  const clients = new Set<string>();
  const run = process.pid % 200; // a loopback block of this run's own, so reruns within the window do not meet old counts
  const client = (k: number) => {
    const a = `127.0.${run + 20}.${k}`;
    clients.add(a);
    return a;
  };

  const signIn = (from: string, username: string, password: string) =>
    new Promise<{ status: number; body: { user?: { username: string }; message?: string; error?: string }; ms: number }>((resolve, reject) => {
      const t0 = performance.now();
      const payload = JSON.stringify({ username, password });
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          localAddress: from,
          method: 'POST',
          path: '/api/v1/auth/sign-in',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), ms: performance.now() - t0 }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  beforeAll(async () => {
    api = await givenTheApi();
    const server = api.app.getHttpServer() as http.Server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    // this run's failures must not count against the loopback clients of later suites
    await api.db.query(`DELETE FROM sign_in_failure WHERE ip = ANY($1)`, [[...clients]]);
    await api.db.query(`DELETE FROM auth_event WHERE ip = ANY($1)`, [[...clients]]);
    await api.close();
  });

  it("a stranger's wrong passwords lock only the stranger out: the account's owner still signs in from elsewhere", async () => {
    const stranger = client(1);
    const owner = client(2);
    for (let k = 0; k < AUTH_DEFAULTS.lockAfterFailures; k++) expect((await signIn(stranger, 'planner.unicom', `guess-${k}`)).status).toBe(401);
    // the stranger is locked out now, even with the right password…
    expect((await signIn(stranger, 'planner.unicom', PASSWORD)).status).toBe(401);
    // …and the owner is not
    const mine = await signIn(owner, 'planner.unicom', PASSWORD);
    expect(mine.status).toBe(200);
    expect(mine.body.user?.username).toBe('planner.unicom');
    const events = await api.db.query(`SELECT event FROM auth_event WHERE username = 'planner.unicom' AND ip = $1 ORDER BY id`, [stranger]);
    expect(events.map((e: { event: string }) => e.event)).toContain('locked_out');
    // the administrator sees the lock and can lift it
    const users = await api.http.get('/api/v1/users').expect(200);
    userList.parse(users.body);
    const unicom = users.body.users.find((u: { username: string }) => u.username === 'planner.unicom');
    expect(new Date(unicom.lockedUntil).getTime()).toBeGreaterThan(Date.now());
    await api.http.patch(`/api/v1/users/${unicom.id}`).send({ unlock: true }).expect(200);
    expect((await signIn(stranger, 'planner.unicom', PASSWORD)).status).toBe(200);
  });

  it('answers an unknown user, a wrong password and a locked account alike, in body and in time', async () => {
    const a = client(3);
    const unknown = await signIn(a, `nobody-${process.pid}`, 'x-password');
    const wrong = await signIn(client(4), 'planner.mobile', 'x-password');
    for (let k = 0; k < AUTH_DEFAULTS.lockAfterFailures; k++) await signIn(client(5), 'planner.telecom', `guess-${k}`);
    const locked = await signIn(client(5), 'planner.telecom', PASSWORD);
    for (const r of [unknown, wrong, locked]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual(wrong.body);
    }
    // no shortcut for unknown users: the first failure of each takes the same password check and the same delay
    expect(unknown.ms).toBeGreaterThan(AUTH_DEFAULTS.failureDelayBaseMs);
    expect(unknown.ms).toBeGreaterThan(wrong.ms * 0.6);
    expect(wrong.ms).toBeGreaterThan(unknown.ms * 0.6);
    await api.db.query(`DELETE FROM sign_in_failure WHERE username = 'planner.telecom'`);
  });

  it('waits longer after each failure in a row', async () => {
    const c = client(6);
    const times: number[] = [];
    for (let k = 0; k < 4; k++) times.push((await signIn(c, 'regulator', `guess-${k}`)).ms);
    expect(times[3]).toBeGreaterThan(AUTH_DEFAULTS.failureDelayBaseMs * 8);
    expect(times[3]).toBeGreaterThan(times[0] * 3);
    await api.db.query(`DELETE FROM sign_in_failure WHERE username = 'regulator'`);
  });

  it('refuses a client that fails across many usernames (password spraying), and only that client', async () => {
    const sprayer = client(7);
    const statuses: number[] = [];
    for (let k = 0; k <= AUTH_DEFAULTS.clientFailureLimit; k++) statuses.push((await signIn(sprayer, `spray-${process.pid}-${k}`, 'Winter2026!')).status);
    expect(statuses.slice(0, AUTH_DEFAULTS.clientFailureLimit).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // refused before any password is checked, even a right one
    const right = await signIn(sprayer, 'bureau', PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.message).toMatch(/try again in \d+ s/);
    // another client is not affected
    expect((await signIn(client(8), 'bureau', PASSWORD)).status).toBe(200);
  });
});
