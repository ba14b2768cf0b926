import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ApiError, ApiErrorCode } from '../common/errors';
import { AUTH_DEFAULTS, SignedInUser } from './roles';
import { CoalescedByKey } from '../common/coalesced';
import type { Client } from '../audit/audit-trail';
import { type LiveSession, SessionsRepository } from './sessions.repository';

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
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

/** The answer to the n-th failure in a row from one client for one username waits longer each time. */
export const failureDelayMs = (failures: number) =>
  Math.min(AUTH_DEFAULTS.failureDelayBaseMs * 2 ** Math.max(0, failures - 1), AUTH_DEFAULTS.failureDelayMaxMs);

/**
 * Sign-in, sessions and sign-out. A session token is random (256 bits) and stored only as its SHA-256; the CSRF
 * token goes with it. Failed sign-ins in a row from one client lock that username for that client only (never for its owner elsewhere),
 * each failure answers a little later, and a client failing across many usernames is refused; every attempt is logged.
 */
@Injectable()
export class SessionsService {
  constructor(private readonly repo: SessionsRepository) {}

  async signIn(username: string, password: string, client: Client): Promise<{ user: SignedInUser; token: string; csrfToken: string; expiresAt: Date }> {
    const ip = clientKey(client.ip);
    const log = (event: string, userId: number | null) => this.repo.logEvent(event, username, userId, client);
    // The attempt is counted before the password is checked, so parallel guesses cannot get past the limit.
    const attempt = await this.repo.countAttempt(username, ip, AUTH_DEFAULTS.lockMinutes);
    // Password spraying: many usernames failing from one client. Counted after this attempt's own row is in, so
    // parallel guesses see each other; it says nothing about any account, so its answer may differ.
    const spray = await this.repo.clientFailures(ip, AUTH_DEFAULTS.clientFailureWindowMinutes);
    if (spray.n > AUTH_DEFAULTS.clientFailureLimit) {
      await log('sign_in_failed', null);
      throw new ApiError(ApiErrorCode.TooManyRequests, `too many failed sign-ins from this client; try again in ${Math.max(1, spray.retryS)} s`);
    }
    const locked = attempt.locked === true || attempt.failures > AUTH_DEFAULTS.lockAfterFailures;
    const row = await this.repo.credentials(username);
    // Unknown, disabled, locked and wrong all take one argon2 verification, so neither answer nor timing tells them apart.
    const real = !!row && !row.disabled && !locked;
    const verified = await verify(real ? row.passwordHash : await dummyHash(), password).catch(() => false);
    if (!real || !verified) {
      let event = 'sign_in_failed';
      if (!locked && attempt.failures >= AUTH_DEFAULTS.lockAfterFailures) {
        await this.repo.lock(username, ip, AUTH_DEFAULTS.lockMinutes);
        event = 'locked_out';
      }
      await log(event, row?.id ?? null);
      await sleep(failureDelayMs(attempt.failures));
      throw ApiError.unauthenticated(WRONG_CREDENTIALS);
    }
    const t = token();
    const csrfToken = token();
    const s = await this.repo.transaction(async (em) => {
      await this.repo.clearFailures(em, username, ip);
      await this.repo.logEvent('signed_in', username, row.id, client, em);
      return this.repo.insertSession(em, { userId: row.id, tokenHash: sha256(t), csrfToken, hours: AUTH_DEFAULTS.absoluteHours, client });
    });
    const { passwordHash: _h, disabled: _d, ...user } = row;
    return { user, token: t, csrfToken, expiresAt: s.expiresAt };
  }

  /** The user behind a session token, if the session is live; touches it (idle timeout slides). */
  async resolve(sessionToken: string): Promise<LiveSession | null> {
    return this.lookups.get(sha256(sessionToken));
  }

  /** Concurrent requests of one session (a map's burst of tiles) share one look-up; none is answered from an older one. */
  private readonly lookups = new CoalescedByKey((tokenHash: string) => this.repo.lookup(tokenHash, AUTH_DEFAULTS.idleMinutes));

  async signOut(sessionId: string, user: SignedInUser, client: Client): Promise<void> {
    await this.repo.revoke(sessionId);
    await this.repo.logEvent('signed_out', user.username, user.id, client);
  }
}
