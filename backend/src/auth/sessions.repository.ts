import { Injectable } from '@nestjs/common';
import type { SignedInUser } from '@cosite/contracts';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Client } from '../audit/audit-trail';
import * as sql from './sessions.sql';
import type { Db } from '../database/queryable';

/** A user as sign-in reads it: with the hash to verify and whether the account is disabled. */
export interface UserCredentials extends SignedInUser {
  passwordHash: string;
  disabled: boolean;
}

export interface LiveSession {
  user: SignedInUser;
  csrfToken: string;
  sessionId: string;
}

/** The one reader and writer of sessions, sign-in failures and the sign-in log. */
@Injectable()
export class SessionsRepository {
  private readonly pool: Pool;

  constructor(private readonly db: DataSource) {
    // session look-ups, on every authenticated request, go straight to the pg pool as a prepared statement
    this.pool = (db.driver as PostgresDriver).master as Pool;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** One more failure of the username from the client (counted before the password is checked). */
  async countAttempt(username: string, ip: string, lockMinutes: number): Promise<{ failures: number; locked: boolean | null }> {
    const [attempt] = await this.db.query(sql.COUNT_ATTEMPT, [username, ip, lockMinutes]);
    return attempt;
  }

  async clientFailures(ip: string, windowMinutes: number): Promise<{ n: number; retryS: number }> {
    const [spray] = await this.db.query(sql.CLIENT_FAILURES, [ip, windowMinutes]);
    return spray;
  }

  async credentials(username: string): Promise<UserCredentials | undefined> {
    const [row] = await this.db.query(sql.USER_BY_USERNAME, [username]);
    return row;
  }

  async lock(username: string, ip: string, lockMinutes: number): Promise<void> {
    await this.db.query(sql.LOCK, [username, ip, lockMinutes]);
  }

  async clearFailures(em: Db, username: string, ip: string): Promise<void> {
    await em.query(sql.CLEAR_FAILURES, [username, ip]);
  }

  async insertSession(em: Db, s: { userId: number; tokenHash: string; csrfToken: string; hours: number; client: Client }): Promise<{ expiresAt: Date }> {
    const [row] = await em.query(sql.INSERT_SESSION, [s.userId, s.tokenHash, s.csrfToken, s.hours, s.client.ip, s.client.userAgent?.slice(0, 300) ?? null]);
    return row;
  }

  /** One round trip, a prepared statement straight on the pool (every request of every user comes through here). */
  async lookup(tokenHash: string, idleMinutes: number): Promise<LiveSession | null> {
    const {
      rows: [s],
    } = await this.pool.query({ name: 'session-lookup', text: sql.LOOKUP_SESSION, values: [tokenHash, idleMinutes] });
    if (!s) return null;
    const { sessionId, csrfToken, ...user } = s;
    return { user, csrfToken, sessionId };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.query(sql.REVOKE_SESSION, [sessionId]);
  }

  /** One line of the sign-in log, in a transaction when given one. */
  async logEvent(event: string, username: string, userId: number | null, client: Client, em: Db = this.db): Promise<void> {
    await em.query(sql.INSERT_AUTH_EVENT, [event, username.slice(0, 64), userId, client.ip, client.userAgent?.slice(0, 300) ?? null]);
  }
}
