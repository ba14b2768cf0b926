import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { ApiError, ApiErrorCode } from '../common/errors';
import { AUTH_DEFAULTS, SignedInUser } from './roles';
import type { Client } from '../audit/audit-trail';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = () => randomBytes(32).toString('base64url');

/** Password hashes: argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). */
export const hashPassword = (password: string) => hash(password);

const USER_COLUMNS = `u.id::int, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId", o.kind AS "organisationKind", u.role`;


/**
 * Sign-in, sessions and sign-out. A session token is random (256 bits) and stored only as its SHA-256; the CSRF
 * token goes with it. Failed sign-ins in a row lock the account for a while; every attempt is logged.
 */
@Injectable()
export class SessionsService {
  constructor(private readonly db: DataSource) {}

  async signIn(username: string, password: string, client: Client): Promise<{ user: SignedInUser; token: string; csrfToken: string; expiresAt: Date }> {
    const [row] = await this.db.query(
      `SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash", u.disabled, u.locked_until AS "lockedUntil" FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.username = $1`,
      [username],
    );
    const log = (event: string, userId: number | null) => this.logEvent(this.db, event, username, userId, client);
    if (row?.lockedUntil && new Date(row.lockedUntil) > new Date()) {
      await log('sign_in_failed', row.id);
      throw new ApiError(ApiErrorCode.Locked, `the account is locked after ${AUTH_DEFAULTS.lockAfterFailures} failed sign-ins; try again after ${new Date(row.lockedUntil).toISOString()}`);
    }
    // the same answer for an unknown user and a wrong password, so sign-in does not tell which usernames exist
    const ok = row && !row.disabled ? await verify(row.passwordHash, password).catch(() => false) : false;
    if (!ok) {
      if (row) {
        const [u] = await this.db.query(
          `WITH u AS (UPDATE app_user SET failed_attempts = failed_attempts + 1,
                        locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
                      WHERE id = $1 RETURNING failed_attempts, locked_until) SELECT failed_attempts AS n, locked_until AS "lockedUntil" FROM u`,
          [row.id, AUTH_DEFAULTS.lockAfterFailures, AUTH_DEFAULTS.lockMinutes],
        );
        await log(u.lockedUntil ? 'locked_out' : 'sign_in_failed', row.id);
      } else await log('sign_in_failed', null);
      throw ApiError.unauthenticated('wrong username or password');
    }
    const t = token();
    const csrfToken = token();
    const [s] = await this.db.transaction(async (em) => {
      await em.query(`UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [row.id]);
      await this.logEvent(em, 'signed_in', username, row.id, client);
      return em.query(
        `INSERT INTO user_session (user_id, token_hash, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5, $6) RETURNING expires_at AS "expiresAt"`,
        [row.id, sha256(t), csrfToken, AUTH_DEFAULTS.absoluteHours, client.ip, client.userAgent?.slice(0, 300) ?? null],
      );
    });
    const { passwordHash: _h, disabled: _d, lockedUntil: _l, ...user } = row;
    return { user, token: t, csrfToken, expiresAt: s.expiresAt };
  }

  /** The user behind a session token, if the session is live; touches it (idle timeout slides). */
  async resolve(sessionToken: string): Promise<{ user: SignedInUser; csrfToken: string; sessionId: string } | null> {
    // one round trip; the idle clock is written at most once a minute, so a burst of tile requests reads only
    const [s] = await this.db.query(
      `WITH s AS (
         SELECT id, user_id, csrf_token, last_seen_at FROM user_session
          WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2)),
       touched AS (UPDATE user_session SET last_seen_at = now() WHERE id IN (SELECT id FROM s WHERE last_seen_at < now() - interval '1 minute'))
       SELECT s.id AS "sessionId", s.csrf_token AS "csrfToken", ${USER_COLUMNS}
         FROM s JOIN app_user u ON u.id = s.user_id AND NOT u.disabled JOIN organisation o ON o.id = u.organisation_id`,
      [sha256(sessionToken), AUTH_DEFAULTS.idleMinutes],
    );
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
