#!/usr/bin/env node
// Cosite's local set-up and launcher: `npm start`, `npm test`, `npm run bench` all come through here.
// Plain Node with no dependencies until `npm ci` has run, so it works on a fresh clone.
//
//   start  set up, then run API + worker + map UI on one port until Ctrl-C
//   test   set up a fresh `cosite_test` database, then run every test suite
//   bench  set up, then run backend/bench against the full sample
//   setup  set up only
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const mode = process.argv[2] ?? 'start';
const started = Date.now();
const say = (msg) => console.log(`[cosite] ${msg}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts, env: { ...process.env, ...(opts.env ?? {}) } });
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  }
  return r.status ?? 1;
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Runs a system command as root: directly when we are root, else through sudo. */
function asRoot(args) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) return run(args[0], args.slice(1), { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  if (!has('sudo')) throw new Error(`need root to run: ${args.join(' ')} (run as root, or install sudo)`);
  return run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', ...args]);
}

let aptUpdated = false;
function aptInstall(packages) {
  if (!has('apt-get')) throw new Error(`cannot install ${packages.join(' ')}: no apt-get on this machine`);
  if (!aptUpdated) {
    say('apt-get update');
    asRoot(['apt-get', 'update', '-qq']);
    aptUpdated = true;
  }
  say(`apt-get install ${packages.join(' ')}`);
  asRoot(['apt-get', 'install', '-y', '-qq', ...packages]);
}

function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function waitFor(what, check, seconds = 60) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up within ${seconds} s`);
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

// ---------------------------------------------------------------- dependencies

function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules/.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  say('installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// ---------------------------------------------------------------- PostgreSQL + PostGIS

async function ensurePostgres(dbUrl) {
  const u = new URL(dbUrl);
  const host = u.hostname;
  const port = Number(u.port || 5432);
  if (await reachable(host, port)) return;
  if (!isLocal(host)) throw new Error(`PostgreSQL at ${host}:${port} is not reachable (DATABASE_URL)`);
  say(`no PostgreSQL on ${host}:${port}: starting one`);
  if (!has('pg_ctlcluster')) {
    aptInstall(['postgresql']);
  }
  const clusters = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  if (!clusters.length) throw new Error('PostgreSQL is installed but has no cluster in /etc/postgresql');
  const version = clusters.sort().at(-1);
  allowLocalTrust(version);
  asRoot(['pg_ctlcluster', '--skip-systemctl-redirect', version, 'main', 'start']);
  await waitFor('PostgreSQL', () => reachable(host, port), 60);
}

/** A PostgreSQL we installed ourselves answers local TCP connections without a password (dev machines only). */
function allowLocalTrust(version) {
  const hba = `/etc/postgresql/${version}/main/pg_hba.conf`;
  if (!fs.existsSync(hba)) return;
  const text = fs.readFileSync(hba, 'utf8');
  if (text.includes('# cosite-local-trust')) return;
  const lines = '# cosite-local-trust: set by docker/local/cosite.mjs for local development\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n';
  try {
    fs.writeFileSync(hba, lines + text);
  } catch {
    asRoot(['sh', '-c', `printf '%s' "${lines}" | cat - ${hba} > ${hba}.new && mv ${hba}.new ${hba} && chown postgres:postgres ${hba}`]);
  }
}

async function pgClient(dbUrl, database) {
  const require = createRequire(path.join(ROOT, 'backend/package.json'));
  const { Client } = require('pg');
  const u = new URL(dbUrl);
  u.pathname = `/${database}`;
  const c = new Client({ connectionString: u.toString(), application_name: 'cosite-setup' });
  await c.connect();
  return c;
}

async function ensureDatabase(dbUrl, { fresh }) {
  const name = decodeURIComponent(new URL(dbUrl).pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" in DATABASE_URL: use letters, digits and _`);
  const admin = await pgClient(dbUrl, 'postgres');
  try {
    const { rows } = await admin.query(`SELECT current_setting('server_version_num')::int / 10000 AS major`);
    const major = rows[0].major;
    const avail = await admin.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`);
    if (!avail.rowCount) {
      const host = new URL(dbUrl).hostname;
      if (!isLocal(host)) throw new Error(`PostGIS is not available on ${host}; install postgresql-${major}-postgis-3 there`);
      say(`PostGIS missing for PostgreSQL ${major}: installing`);
      aptInstall([`postgresql-${major}-postgis-3`]);
    }
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (!exists.rowCount) {
      say(`creating database ${name}`);
      await admin.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await admin.end();
  }
  const db = await pgClient(dbUrl, name);
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
    const { rows } = await db.query('SELECT postgis_lib_version() AS v');
    say(`database ${name} ready (PostGIS ${rows[0].v})`);
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------- Redis

async function ensureRedis(redisUrl) {
  const u = new URL(redisUrl);
  const host = u.hostname;
  const port = Number(u.port || 6379);
  if (await reachable(host, port)) return;
  if (!isLocal(host)) throw new Error(`Redis at ${host}:${port} is not reachable (REDIS_URL)`);
  say(`no Redis on ${host}:${port}: starting one`);
  if (!has('redis-server')) aptInstall(['redis-server']);
  run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', '/tmp']);
  await waitFor('Redis', () => reachable(host, port), 30);
}

// ---------------------------------------------------------------- build

function newestMtime(dirs) {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const f of fs.readdirSync(p)) if (f !== 'node_modules' && f !== 'dist') walk(path.join(p, f));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  dirs.forEach((d) => walk(path.join(ROOT, d)));
  return newest;
}

function buildIfStale(name, sources, stampFile, cmd, args) {
  const stamp = path.join(ROOT, stampFile);
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built >= newestMtime(sources)) return;
  say(`building ${name}`);
  run(cmd, args);
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, new Date().toISOString());
}

function build() {
  buildIfStale(
    'contracts',
    ['contracts/src', 'contracts/tsconfig.json', 'contracts/tsconfig.build.json', 'tsconfig.base.json', 'package-lock.json'],
    'contracts/dist/.build-stamp',
    'npm',
    ['run', 'build', '-w', '@cosite/contracts'],
  );
  buildIfStale(
    'backend',
    [
      'contracts/src',
      'backend/src',
      'backend/bench',
      'migrations',
      'gis-data/src',
      'backend/tsconfig.json',
      'backend/tsconfig.build.json',
      'tsconfig.base.json',
      'package-lock.json',
    ],
    'backend/dist/.build-stamp',
    'npm',
    ['run', 'build', '-w', '@cosite/backend'],
  );
  buildIfStale(
    'frontend',
    ['contracts/src', 'frontend/src', 'frontend/index.html', 'frontend/public', 'frontend/vite.config.ts', 'package-lock.json'],
    'frontend/dist/.build-stamp',
    'npm',
    ['run', 'build', '-w', '@cosite/frontend'],
  );
}

// ---------------------------------------------------------------- set-up

async function setup(env, { freshDatabase, sample }) {
  ensureDependencies();
  await ensurePostgres(env.DATABASE_ADMIN_URL);
  await ensureRedis(env.REDIS_URL);
  ensureLetterFont();
  await ensureDatabase(env.DATABASE_ADMIN_URL, { fresh: freshDatabase });
  build();
  // the owner and application roles (and an older database handed to the owner), then the schema as its owner
  run('node', ['backend/dist/backend/src/database/roles.js'], { env });
  run('node', ['backend/dist/backend/src/database/migrate.js', 'up'], { env });
  // again, for what the first migration run created (the migrations' own table is read-only to the app)
  run('node', ['backend/dist/backend/src/database/roles.js'], { env });
  const t = Date.now();
  const asOwner = { ...env, DATABASE_URL: env.DATABASE_OWNER_URL };
  run('node', ['backend/dist/gis-data/src/cli.js', 'load-sample', ...(sample === 'small' ? ['--small'] : [])], { env: asOwner });
  run('node', ['backend/dist/gis-data/src/cli.js', 'seed-users'], { env: asOwner });
  say(`sample data ready in ${((Date.now() - t) / 1000).toFixed(1)} s; set-up took ${elapsed()}`);
}

/**
 * The database connections from the one the user gives (DATABASE_URL, a superuser such as postgres): that one only
 * creates the database and the roles; migrations and the sample load run as the owner role, the API and worker as
 * the application role (DATABASE_OWNER_URL / DATABASE_APP_URL override the derived ones, e.g. with passwords).
 */
function databaseEnv(adminUrl, given = {}) {
  const as = (role) => Object.assign(new URL(adminUrl), { username: role, password: '' }).toString();
  return {
    DATABASE_ADMIN_URL: adminUrl,
    DATABASE_OWNER_URL: given.owner ?? as('cosite_owner'),
    DATABASE_URL: given.app ?? as('cosite_app'),
  };
}

/** What the API and worker see: their own connection, never the administrator's or the owner's. */
function serviceEnv(env) {
  const out = { ...process.env, ...env };
  delete out.DATABASE_ADMIN_URL;
  delete out.DATABASE_OWNER_URL;
  return out;
}

function baseEnv(overrides = {}) {
  return {
    ...databaseEnv(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cosite', {
      owner: process.env.DATABASE_OWNER_URL,
      app: process.env.DATABASE_APP_URL,
    }),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    PORT: process.env.PORT ?? '3000',
    ...overrides,
  };
}

// ---------------------------------------------------------------- processes

/**
 * Starts the worker and the API as child processes and keeps them up: one that dies is started again after a
 * backoff (1 s doubling to 30 s, back to 1 s once it has stayed up a minute), each restart logged with its exit
 * code or signal. stop() ends both for good and resolves when they have exited.
 */
function startServices(env) {
  const services = [];
  let stopping = false;
  const launch = (name, script) => {
    const svc = { name, child: null, delayMs: RESTART_MIN_MS, timer: null, restarts: 0 };
    const spawnIt = () => {
      svc.timer = null;
      const upSince = Date.now();
      const child = spawn('node', [script], { cwd: ROOT, env: serviceEnv(env), stdio: ['ignore', 'inherit', 'inherit'] });
      svc.child = child;
      child.on('exit', (code, signal) => {
        if (stopping) return;
        const upMs = Date.now() - upSince;
        if (upMs >= RESTART_RESET_AFTER_MS) svc.delayMs = RESTART_MIN_MS;
        svc.restarts++;
        say(
          `${name} died (${signal ? `signal ${signal}` : `exit code ${code}`}) after ${(upMs / 1000).toFixed(1)} s: restart #${svc.restarts} in ${svc.delayMs / 1000} s`,
        );
        // a timer, never an immediate respawn: a Ctrl-C reaching the children first is then still a stop
        svc.timer = setTimeout(spawnIt, svc.delayMs);
        svc.delayMs = Math.min(RESTART_MAX_MS, svc.delayMs * 2);
      });
    };
    spawnIt();
    services.push(svc);
  };
  const stop = () => {
    stopping = true;
    for (const s of services) if (s.timer) clearTimeout(s.timer);
    const running = services.map((s) => s.child).filter((c) => c && c.exitCode === null && c.signalCode === null);
    for (const c of running) c.kill('SIGTERM');
    const force = setTimeout(() => running.forEach((c) => c.kill('SIGKILL')), 10000).unref();
    return Promise.all(running.map((c) => new Promise((r) => c.once('exit', r)))).then(() => clearTimeout(force));
  };
  launch('worker', 'backend/dist/backend/src/worker.js');
  launch('api', 'backend/dist/backend/src/main.js');
  return { stop };
}

const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;
const RESTART_RESET_AFTER_MS = 60_000;

async function waitHealthy(port, seconds = 60) {
  await waitFor(
    'the API health check',
    async () => {
      try {
        // "ok", not only 200: the worker and its coverage listener are up too ("degraded" is a 200 as well)
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        return r.status === 200 && (await r.json()).status === 'ok';
      } catch {
        return false;
      }
    },
    seconds,
  );
}

// ---------------------------------------------------------------- tests

/** Passed/failed counts from a Jest or Vitest JSON report (both use the same field names). */
function jsonSummary(file) {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    return { passed: j.numPassedTests, failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? j.numFailedTestSuites ?? 0) };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

function tapSummary(file) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const n = (k) => Number(new RegExp(`^# ${k} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { passed: n('pass'), failed: n('fail') + n('cancelled') };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

/** The decision letters (PDF) are set in Noto Sans CJK: the API and its tests need Debian's fonts-noto-cjk. */
function ensureLetterFont() {
  if (fs.existsSync(process.env.LETTER_FONT_PATH ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')) return;
  say('installing Debian fonts-noto-cjk for the decision letters');
  aptInstall(['fonts-noto-cjk']);
}

/** Debian's Chromium (never a downloaded browser) and CJK fonts so Chinese labels render. */
function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (fs.existsSync(chromium)) return;
  say('installing Debian chromium for the browser tests');
  aptInstall(['chromium', 'fonts-noto-cjk']);
}

async function runTests() {
  const out = path.join(ROOT, 'test-output');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const env = baseEnv({
    ...databaseEnv(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cosite_test'),
    PORT: process.env.TEST_PORT ?? '3999',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    // Queues of this run only; obliterated by the suites that use them.
    QUEUE_PREFIX: `cosite-test-${process.pid}`,
  });
  await setup(env, { freshDatabase: true, sample: 'full' });

  const results = [];
  const step = (name, fn) => {
    say(`--- ${name}`);
    const code = fn();
    results.push({ name, code });
  };
  step('lint and format', () => run('npm', ['run', 'lint'], { env, allowFail: true }));
  step('typecheck', () => run('npm', ['run', 'typecheck'], { env, allowFail: true }));
  step('backend unit tests', () =>
    run('npx', ['jest', '--selectProjects', 'unit', '--json', `--outputFile=${out}/jest-unit.json`], { cwd: path.join(ROOT, 'backend'), env, allowFail: true }),
  );
  step('backend integration tests', () =>
    run('npx', ['jest', '--selectProjects', 'integration', '--runInBand', '--json', `--outputFile=${out}/jest-integration.json`], {
      cwd: path.join(ROOT, 'backend'),
      env,
      allowFail: true,
    }),
  );
  step('frontend tests', () =>
    run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/vitest.json`], {
      cwd: path.join(ROOT, 'frontend'),
      env,
      allowFail: true,
    }),
  );

  // Browser tests against the server as `npm start` runs it (API + worker + built UI), in Debian's Chromium.
  ensureChromium();
  const services = startServices(env);
  try {
    await waitHealthy(env.PORT);
    step('browser tests', () =>
      run(
        'node',
        [
          '--test',
          '--test-reporter=spec',
          '--test-reporter-destination=stdout',
          '--test-reporter=tap',
          `--test-reporter-destination=${out}/e2e.tap`,
          'frontend/e2e/',
        ],
        {
          env: { ...env, COSITE_E2E_URL: `http://127.0.0.1:${env.PORT}`, COSITE_TEST_OUTPUT: out },
          allowFail: true,
        },
      ),
    );
  } finally {
    await services.stop();
  }

  const counts = [
    jsonSummary(`${out}/jest-unit.json`),
    jsonSummary(`${out}/jest-integration.json`),
    jsonSummary(`${out}/vitest.json`),
    tapSummary(`${out}/e2e.tap`),
  ];
  const passed = counts.reduce((a, c) => a + c.passed, 0);
  const failed = counts.reduce((a, c) => a + c.failed, 0) + results.filter((r) => r.code !== 0 && ['lint and format', 'typecheck'].includes(r.name)).length;
  for (const r of results) say(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name}`);
  say(`all tests done in ${elapsed()}`);
  console.log(`${passed} passed, ${failed} failed`);
  return results.every((r) => r.code === 0) && failed === 0 ? 0 : 1;
}

// ---------------------------------------------------------------- main

async function main() {
  if (mode === 'test') {
    process.exit(await runTests());
  }
  const env = baseEnv();
  await setup(env, { freshDatabase: false, sample: 'full' });
  if (mode === 'setup') return;
  if (mode === 'bench') {
    // SPLAT! (and its srtm2sdf) for the side-by-side terrain benchmark; only the bench needs it, so start/test skip it
    if (!has('splat') || !has('srtm2sdf')) {
      try {
        aptInstall(['splat']);
      } catch (err) {
        say(`SPLAT! not installed (${err.message}): the splat bench prints only Cosite's figures`);
      }
    }
    // `npm run bench -- colocation` runs only the benchmarks whose name contains the word
    // the bench inflates the inventory with triggers off (session_replication_role) and VACUUMs: administrator's work
    process.exit(
      run('node', ['backend/dist/backend/bench/run.js', ...process.argv.slice(3)], {
        env: { ...env, DATABASE_URL: env.DATABASE_ADMIN_URL, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
        allowFail: true,
      }),
    );
  }
  let stopping = false;
  const shutdown = (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping API and worker');
    services.stop().then(() => process.exit(code));
  };
  const services = startServices(env);
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  try {
    await waitHealthy(env.PORT);
  } catch (e) {
    say(String(e.message));
    shutdown(1);
    return;
  }
  say(`Cosite is running (set-up and start took ${elapsed()})`);
  say(`  map UI   http://localhost:${env.PORT}/`);
  say(`  API      http://localhost:${env.PORT}/api/v1   (OpenAPI: http://localhost:${env.PORT}/api/docs)`);
  say(`  health   http://localhost:${env.PORT}/api/v1/health`);
  // the demo accounts as the seed defines them (compiled with the backend)
  const { DEMO_USERS, DEMO_PASSWORD } = createRequire(import.meta.url)(path.join(ROOT, 'backend/dist/gis-data/src/sample/demo-users.js'));
  say(`  sign in as ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}`);
  say(`  each with the demo password ${DEMO_PASSWORD}`);
  say('Ctrl-C stops API and worker.');
}

main().catch((err) => {
  console.error(`[cosite] ${err.message ?? err}`);
  process.exit(1);
});
