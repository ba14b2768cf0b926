import type { ImportBatchView } from '@cosite/contracts';
import 'reflect-metadata';
import request from 'supertest';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { createApi, createWorker } from '../../src/bootstrap';

type Http = ReturnType<typeof request>;

/** A session for a seeded user, made directly in the database (sign-in itself is tested through the API). */
export async function sessionFor(db: DataSource, username: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const rows = await db.query(
    `INSERT INTO user_session (user_id, token_hash, csrf_token, expires_at) SELECT id, $2, 'test', now() + interval '12 hours' FROM app_user WHERE username = $1 RETURNING id`,
    [username, createHash('sha256').update(token).digest('hex')],
  );
  if (!rows.length) throw new Error(`no user ${username}: the demo users are seeded by npm test's set-up (cli seed-users)`);
  return token;
}

/** Supertest whose every request carries the bearer token. */
export function signedIn(server: unknown, token: string): Http {
  const agent = request(server as Parameters<typeof request>[0]) as unknown as Record<string, (url: string) => { set: (k: string, v: string) => unknown }>;
  return new Proxy(agent, {
    get(target, prop: string) {
      const f = target[prop];
      if (['get', 'post', 'put', 'patch', 'delete', 'head'].includes(prop)) return (url: string) => f.call(target, url).set('Authorization', `Bearer ${token}`);
      return f;
    },
  }) as unknown as Http;
}

/**
 * The real API (real PostGIS, real Redis) mounted in-process for supertest, signed in as the demo administrator
 * (`as` for another demo user); `anonymous` sends no session, `as(username)` signs in someone else.
 */
export async function givenTheApi(
  opts: { as?: string } = {},
): Promise<{ app: NestExpressApplication; http: Http; anonymous: Http; as: (username: string) => Promise<Http>; db: DataSource; close: () => Promise<void> }> {
  const app = await createApi();
  await app.init();
  const server = app.getHttpServer();
  const db = app.get(DataSource);
  return {
    app,
    http: signedIn(server, await sessionFor(db, opts.as ?? 'admin')),
    anonymous: request(server) as unknown as Http,
    as: async (username: string) => signedIn(server, await sessionFor(db, username)),
    db,
    close: () => app.close(),
  };
}

/** A BullMQ worker process's modules, in-process. */
export async function givenAWorker(): Promise<INestApplicationContext> {
  return createWorker();
}

export const JIEFANGBEI: [number, number] = [106.577, 29.5575];

/** A unique code so tests never collide with the sample data or each other. */
export function uniqueCode(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
}

export function aStructure(overrides: Record<string, unknown> = {}, coordinates: [number, number] = JIEFANGBEI) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: {
      code: uniqueCode('TST'),
      name: 'Test monopole',
      kind: 'monopole',
      ownerId: 'china-tower',
      heightM: 30,
      slotsTotal: 3,
      loadCapacityKg: 800,
      buildForm: 'standalone',
      status: 'built',
      ...overrides,
    },
  };
}

export function aTenancy(structureId: string | number, overrides: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: null,
    properties: {
      structureId: Number(structureId),
      operatorId: 'china-mobile',
      technology: '5G',
      bandMhz: 2600,
      antennaHeightM: 28,
      azimuthDeg: 30,
      sectorCount: 3,
      eirpDbm: 75,
      slotsUsed: 1,
      loadKg: 120,
      ...overrides,
    },
  };
}

/**
 * Real worker processes (the compiled `node backend/dist/backend/src/worker.js`, as `npm start` runs it), for
 * suites whose jobs are CPU-heavy: Jest's module sandbox slows hot numeric loops several times over.
 */
export async function givenWorkerProcesses(count: number): Promise<{ stop: () => Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const path = await import('node:path');
  const fs = await import('node:fs');
  const script = path.resolve(__dirname, '../../dist/backend/src/worker.js');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: build the backend first (npm test does)`);
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, [script], { env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] }),
  );
  return {
    stop: () =>
      Promise.all(
        children.map((c) =>
          c.exitCode !== null
            ? null
            : new Promise((resolve) => {
                c.once('exit', resolve);
                c.kill('SIGTERM');
              }),
        ),
      ).then(() => undefined),
  };
}

/** Polls `fn` until `ok` holds or `seconds` pass, and answers its last value (the caller asserts on it). */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, seconds: number, everyMs = 250): Promise<T> {
  const end = Date.now() + seconds * 1000;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, everyMs));
    v = await fn();
  }
  return v;
}

/** An import batch once the worker has finished it (completed or failed), polled every 100 ms for up to 30 s. */
export async function untilImported(http: Http, id: string): Promise<ImportBatchView> {
  for (let k = 0; k < 300; k++) {
    const r = await http.get(`/api/v1/imports/${id}`).expect(200);
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`import ${id} did not finish`);
}
