import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * The API as `npm start` runs it (the built process, logging at info), signed into with a cookie and a bearer
 * token: its whole log must not contain a session token, a CSRF token or a password.
 */
describe('secrets stay out of the logs', () => {
  const main = path.join(__dirname, '../dist/backend/src/main.js');
  let child: ChildProcess;
  let log = '';
  let base = '';

  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });

  beforeAll(async () => {
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: build the backend first (npm test does)`);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c) => (log += c));
    child.stderr!.on('data', (c) => (log += c));
    for (let k = 0; k < 240; k++) {
      const up = await fetch(`${base}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the API did not start:\n${log}`);
  }, 90_000);
  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
  });

  it('logs requests at info without the session cookie, the bearer token, the CSRF token or the password', async () => {
    const password = 'cosite-demo-2026';
    const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'planner.tower', password }),
    });
    expect(signIn.status).toBe(200);
    const { token, csrfToken } = (await signIn.json()) as { token: string; csrfToken: string };
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).toContain(token);
    // a cookie session, a bearer session, a CSRF-protected write and a refused one
    expect((await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
    const listed = await fetch(`${base}/api/v1/organisations`, { headers: { authorization: `Bearer ${token}` } });
    expect(`${listed.status} ${await listed.text()}`).toMatch(/^200 /);
    expect(
      (
        await fetch(`${base}/api/v1/routes/overlap-checks`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(400);
    expect((await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 500)); // let the logger flush
    // the requests were logged (so the test can fail), and no secret is in the log
    expect(log).toMatch(/"url":"\/api\/v1\/auth\/sign-in"/);
    expect(log).toMatch(/"url":"\/api\/v1\/organisations"/);
    for (const secret of [token, csrfToken, password]) expect(log).not.toContain(secret);
  });
});
