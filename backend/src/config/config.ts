import { z } from 'zod';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The one place that reads process.env. Validated at start: a bad value stops the process with a message
 * naming the variable, instead of failing later somewhere else.
 */
const byteSize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'a size such as 512kb, 5mb or 1gb')
  .transform((s) => {
    const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(s)!;
    const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
    return Math.round(Number(m[1]) * unit);
  });

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `a URL starting with ${protocols.join(' or ')}//`,
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/cosite'),
  // the owner of the schema (migrations, sample loader) and the admin that creates both roles (database/roles.ts);
  // DATABASE_URL is the application's own least-privilege role
  DATABASE_OWNER_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_ADMIN_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -')
    .default('cosite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // who may say where a request came from (X-Forwarded-For): sign-in counters and audit events key on the client,
  // so behind a reverse proxy this must name it, or every user looks like the proxy
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*|loopback|linklocal|uniquelocal)$/,
      'false, true, a number of hops, loopback, or addresses/CIDRs separated by commas',
    )
    .default('false'),
  BODY_LIMIT: byteSize.default(2 * 1024 * 1024),
  IMPORT_LIMIT: byteSize.default(64 * 1024 * 1024),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(200_000),
  // a demand batch (CSV or GeoJSON) is parsed by the API: 20,000 demands fit in well under this
  BATCH_LIMIT: byteSize.default(8 * 1024 * 1024),
  // caps on what an upload may unpack to (the worker counts real bytes; a zip's declared sizes can lie)
  IMPORT_MAX_MEMBER_BYTES: byteSize.default(256 * 1024 * 1024),
  IMPORT_MAX_TOTAL_BYTES: byteSize.default(512 * 1024 * 1024),
  IMPORT_MAX_ENTRIES: z.coerce.number().int().min(1).default(1000),
  IMPORT_MAX_DEPTH: z.coerce.number().int().min(8).max(10_000).default(64),
  IMPORT_MAX_VERTICES: z.coerce.number().int().min(1).default(1_000_000),
  IMPORT_MAX_FEATURE_VERTICES: z.coerce.number().int().min(1).default(250_000),
  // rendered vector tiles kept in memory per API process (stamped with the layer's data version)
  TILE_CACHE_BYTES: byteSize.default(128 * 1024 * 1024),
  LIST_MAX_LIMIT: z.coerce.number().int().min(1).max(10_000).default(1000),
  COVERAGE_AUTORUN: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  // first wait before the coverage listener reconnects after losing its connection (then doubling up to 30 s)
  COVERAGE_LISTENER_RETRY_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  // days an application may spend in each state before it is overdue: "submitted=5,bureau_review=10,in_review=20,returned=30"
  APPLICATION_REVIEW_DAYS: z
    .string()
    .regex(
      /^(submitted|bureau_review|in_review|returned)=\d{1,3}(,(submitted|bureau_review|in_review|returned)=\d{1,3})*$/,
      'must be state=days pairs, e.g. submitted=5,in_review=20',
    )
    .default('submitted=5,bureau_review=10,in_review=20,returned=30'),
  // files attached to an application (drawings, consents, EMF reports), each at most this large
  APPLICATION_ATTACHMENT_LIMIT: byteSize.default(20 * 1024 * 1024),
  // the decision letter's font: Chinese needs CJK glyphs (Debian's fonts-noto-cjk; its face for Simplified Chinese)
  LETTER_FONT_PATH: z.string().default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  LETTER_FONT_NAME: z.string().default('NotoSansCJKsc-Regular'),
  FRONTEND_DIST: z.string().default(path.join(repoRoot(), 'frontend/dist')),
});

/** The repository root, from source (backend/src/config) or compiled (backend/dist/backend/src/config). */
function repoRoot(): string {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'frontend')) && fs.existsSync(path.join(dir, 'backend'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export type AppConfig = ReturnType<typeof toAppConfig>;

function toAppConfig(env: z.infer<typeof envSchema>) {
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT, bodyLimitBytes: env.BODY_LIMIT, frontendDist: env.FRONTEND_DIST, trustProxy: trustProxyOf(env.TRUST_PROXY) },
    database: {
      url: env.DATABASE_URL,
      ownerUrl: env.DATABASE_OWNER_URL ?? env.DATABASE_URL,
      adminUrl: env.DATABASE_ADMIN_URL,
      poolSize: env.DATABASE_POOL_SIZE,
    },
    redis: { url: env.REDIS_URL },
    queue: { prefix: env.QUEUE_PREFIX },
    log: { level: env.LOG_LEVEL },
    imports: {
      maxBytes: env.IMPORT_LIMIT,
      maxBatchBytes: env.BATCH_LIMIT,
      maxRows: env.IMPORT_MAX_ROWS,
      maxMemberBytes: env.IMPORT_MAX_MEMBER_BYTES,
      maxTotalBytes: env.IMPORT_MAX_TOTAL_BYTES,
      maxEntries: env.IMPORT_MAX_ENTRIES,
      maxDepth: env.IMPORT_MAX_DEPTH,
      maxVertices: env.IMPORT_MAX_VERTICES,
      maxFeatureVertices: env.IMPORT_MAX_FEATURE_VERTICES,
    },
    api: { listMaxLimit: env.LIST_MAX_LIMIT },
    tiles: { cacheBytes: env.TILE_CACHE_BYTES },
    coverage: { autorun: env.COVERAGE_AUTORUN === 'true', listenerRetryMs: env.COVERAGE_LISTENER_RETRY_MS },
    applications: {
      reviewDays: Object.fromEntries(env.APPLICATION_REVIEW_DAYS.split(',').map((p) => [p.split('=')[0], Number(p.split('=')[1])])) as Record<string, number>,
      attachmentMaxBytes: env.APPLICATION_ATTACHMENT_LIMIT,
      letterFont: { path: env.LETTER_FONT_PATH, name: env.LETTER_FONT_NAME },
    },
  };
}

/** Express's `trust proxy` setting from its text form. */
function trustProxyOf(v: string): boolean | number | string {
  if (v === 'true' || v === 'false') return v === 'true';
  return /^\d+$/.test(v) ? Number(v) : v;
}

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]);
      return `  ${key}=${JSON.stringify(source[key] ?? '')}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return toAppConfig(parsed.data);
}

/** Redis connection options for BullMQ from a redis:// URL. */
export function redisConnection(redisUrl: string) {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
