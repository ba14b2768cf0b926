import { Injectable } from '@nestjs/common';
import type { ManagedUser } from '@cosite/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import * as sql from './users.sql';
import type { Db } from '../database/queryable';

/** The one reader and writer of users (app_user), apart from sign-in's own reads. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  list(): Promise<ManagedUser[]> {
    return this.db.query(sql.LIST);
  }

  async byId(em: Db, id: number, forUpdate = false): Promise<ManagedUser | undefined> {
    const [user] = await em.query(forUpdate ? sql.BY_ID_FOR_UPDATE : sql.BY_ID, [id]);
    return user;
  }

  /** The kind of an organisation, or null when there is none of that id. */
  async organisationKind(id: string): Promise<string | null> {
    const [org] = await this.db.query(sql.ORGANISATION_KIND, [id]);
    return org?.kind ?? null;
  }

  /** The new user's id, or null when the username is taken. */
  async insert(em: Db, u: { username: string; displayName: string; organisationId: string; role: string; passwordHash: string }): Promise<number | null> {
    const rows = await em.query(sql.INSERT, [u.username, u.displayName, u.organisationId, u.role, u.passwordHash]);
    return rows[0]?.id ?? null;
  }

  async update(em: Db, id: number, change: { displayName: string | null; disabled: boolean | null; passwordHash: string | null }): Promise<void> {
    await em.query(sql.UPDATE, [id, change.displayName, change.disabled, change.passwordHash]);
  }

  async clearSignInFailures(em: Db, username: string): Promise<void> {
    await em.query(sql.CLEAR_FAILURES, [username]);
  }

  async revokeSessions(em: Db, userId: number): Promise<void> {
    await em.query(sql.REVOKE_SESSIONS, [userId]);
  }
}
