import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool } from 'pg';
import { ApiError, ApiErrorCode } from '../common/errors';
import { AUTH_DEFAULTS, SignedInUser } from './roles';
import { CoalescedByKey } from '../common/coalesced';
import type { Client } from '../audit/audit-trail';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = () => randomBytes(32).toString('base64url');

/** Password hashes: argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). */
export const hashPassword = (password: string) => hash(password);

/** One answer for an unknown user, a wrong password, a disabled or a locked account. */
export const WRONG_CREDENTIALS = 'wrong username or password, or too many failed attempts: try again later';

/** A hash of nothing anyone knows: verified against when there is no real hash to check, to keep the timing. */
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hash(randomBytes(32).toString('hex')));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The client as the sign-in counters key it: an IPv4 address, or an IPv6 address's /64 (one subscriber's whole
 * block: counting single IPv6 addresses would give an attacker 2^64 fresh clients).
 */
export function clientKey(ip: string | null): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

/** The answer to the n-th failure in a row from one client for one username waits longer each time. */
export const failureDelayMs = (failures: number) => Math.min(AUTH_DEFAULTS.failureDelayBaseMs * 2 ** Math.max(0, failures - 1), AUTH_DEFAULTS.failureDelayMaxMs);

const USER_COLUMNS = `u.id::int, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId", o.kind AS "organisationKind", u.role`;


/**
 * Sign-in, sessions and sign-out. A session token is random (256 bits) and stored only as its SHA-256; the CSRF
 * token goes with it. Failed sign-ins in a row from one client lock that username for that client only (never for its owner elsewhere),
 * each failure answers a little later, and a client failing across many usernames is refused; every attempt is logged.
 */
@Injectable()
export class SessionsService {
  private readonly pool: Pool;

  constructor(private readonly db: DataSource) {
    // session look-ups, on every authenticated request, go straight to the pg pool as a prepared statement
    this.pool = (db.driver as PostgresDriver).master as Pool;
  }

  async signIn(username: string, password: string, client: Client): Promise<{ user: SignedInUser; token: string; csrfToken: string; expiresAt: Date }> {
    const ip = clientKey(client.ip);
    const log = (event: string, userId: number | null) => this.logEvent(this.db, event, username, userId, client);
    // The attempt is counted before the password is checked, so parallel guesses cannot get past the limit.
    const [attempt] = await this.db.query(
      `INSERT INTO sign_in_failure AS f (username, ip, failures) VALUES ($1, $2, 1)
       ON CONFLICT (username, ip) DO UPDATE SET
         failures = CASE WHEN (f.locked_until IS NOT NULL AND f.locked_until <= now())
                           OR (f.locked_until IS NULL AND f.last_failure_at < now() - make_interval(mins => $3)) THEN 1 ELSE f.failures + 1 END,
         locked_until = CASE WHEN f.locked_until <= now() THEN NULL ELSE f.locked_until END,
         last_failure_at = now()
       RETURNING failures, locked_until > now() AS locked`,
      [username, ip, AUTH_DEFAULTS.lockMinutes],
    );
    // Password spraying: many usernames failing from one client. Counted after this attempt's own row is in, so
    // parallel guesses see each other; it says nothing about any account, so its answer may differ.
    const [spray] = await this.db.query(
      `SELECT count(*)::int AS n, ceil(extract(epoch FROM min(last_failure_at) + make_interval(mins => $2) - now()))::int AS "retryS"
         FROM sign_in_failure WHERE ip = $1 AND last_failure_at > now() - make_interval(mins => $2)`,
      [ip, AUTH_DEFAULTS.clientFailureWindowMinutes],
    );
    if (spray.n > AUTH_DEFAULTS.clientFailureLimit) {
      await log('sign_in_failed', null);
      throw new ApiError(ApiErrorCode.TooManyRequests, `too many failed sign-ins from this client; try again in ${Math.max(1, spray.retryS)} s`);
    }
    const locked = attempt.locked === true || attempt.failures > AUTH_DEFAULTS.lockAfterFailures;
    const [row] = await this.db.query(
      `SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash", u.disabled FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.username = $1`,
      [username],
    );
    // Unknown, disabled, locked and wrong all take one argon2 verification, so neither answer nor timing tells them apart.
    const real = !!row && !row.disabled && !locked;
    const verified = await verify(real ? row.passwordHash : await dummyHash(), password).catch(() => false);
    const ok = real && verified;
    if (!ok) {
      let event = 'sign_in_failed';
      if (!locked && attempt.failures >= AUTH_DEFAULTS.lockAfterFailures) {
        await this.db.query(`UPDATE sign_in_failure SET locked_until = now() + make_interval(mins => $3) WHERE username = $1 AND ip = $2`, [username, ip, AUTH_DEFAULTS.lockMinutes]);
        event = 'locked_out';
      }
      await log(event, row?.id ?? null);
      await sleep(failureDelayMs(attempt.failures));
      throw ApiError.unauthenticated(WRONG_CREDENTIALS);
    }
    const t = token();
    const csrfToken = token();
    const [s] = await this.db.transaction(async (em) => {
      await em.query(`DELETE FROM sign_in_failure WHERE username = $1 AND ip = $2`, [username, ip]);
      await this.logEvent(em, 'signed_in', username, row.id, client);
      return em.query(
        `INSERT INTO user_session (user_id, token_hash, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5, $6) RETURNING expires_at AS "expiresAt"`,
        [row.id, sha256(t), csrfToken, AUTH_DEFAULTS.absoluteHours, client.ip, client.userAgent?.slice(0, 300) ?? null],
      );
    });
    const { passwordHash: _h, disabled: _d, ...user } = row;
    return { user, token: t, csrfToken, expiresAt: s.expiresAt };
  }

  /** The user behind a session token, if the session is live; touches it (idle timeout slides). */
  async resolve(sessionToken: string): Promise<{ user: SignedInUser; csrfToken: string; sessionId: string } | null> {
    return this.lookups.get(sha256(sessionToken));
  }

  /** Concurrent requests of one session (a map's burst of tiles) share one look-up; none is answered from an older one. */
  private readonly lookups = new CoalescedByKey((tokenHash: string) => this.lookup(tokenHash));

  private async lookup(tokenHash: string): Promise<{ user: SignedInUser; csrfToken: string; sessionId: string } | null> {
    // one round trip, a prepared statement straight on the pool (every request of every user comes through here);
    // the idle clock is written at most once a minute, so a burst of tile requests reads only
    const { rows: [s] } = await this.pool.query({
      name: 'session-lookup',
      text: `WITH s AS (
         SELECT id, user_id, csrf_token, last_seen_at FROM user_session
          WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2)),
       touched AS (UPDATE user_session SET last_seen_at = now() WHERE id IN (SELECT id FROM s WHERE last_seen_at < now() - interval '1 minute'))
       SELECT s.id AS "sessionId", s.csrf_token AS "csrfToken", ${USER_COLUMNS}
         FROM s JOIN app_user u ON u.id = s.user_id AND NOT u.disabled JOIN organisation o ON o.id = u.organisation_id`,
      values: [tokenHash, AUTH_DEFAULTS.idleMinutes],
    });
    if (!s) return null;
    const { sessionId, csrfToken, ...user } = s;
    return { user, csrfToken, sessionId };
  }

  async signOut(sessionId: string, user: SignedInUser, client: Client): Promise<void> {
    await this.db.query(`UPDATE user_session SET revoked_at = now() WHERE id = $1`, [sessionId]);
    await this.logEvent(this.db, 'signed_out', user.username, user.id, client);
  }

  private logEvent(db: { query: DataSource['query'] }, event: string, username: string, userId: number | null, client: Client) {
    return db.query(`INSERT INTO auth_event (event, username, user_id, ip, user_agent) VALUES ($1, $2, $3, $4, $5)`, [event, username.slice(0, 64), userId, client.ip, client.userAgent?.slice(0, 300) ?? null]);
  }
}
