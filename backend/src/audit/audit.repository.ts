import { Injectable } from '@nestjs/common';
import type { AuditEvent, AuditQuery } from '@cosite/contracts';
import { DataSource } from 'typeorm';
import * as sql from './audit.sql';
export type { Queryable } from '../database/queryable';
import type { Queryable } from '../database/queryable';

/** Where a request came from. */
export interface Client {
  ip: string | null;
  userAgent: string | null;
}

/** Who acted: a signed-in user, or Cosite itself. */
export interface AuditActor {
  id: number | null;
  username: string;
  organisationId: string | null;
}

/** One change as the trail records it. */
export interface AuditEntry {
  entity: string;
  entityId: string | number;
  action: string;
  before: unknown;
  after: unknown;
  comment?: string;
  client?: Client;
}

/** Nothing (a row before it was created, after it was deleted) is stored as SQL NULL, not JSON null. */
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * One audit event (who, organisation, when, from where, what changed). Written in the caller's transaction, so an
 * action and its record stand or fall together; the table refuses every change afterwards.
 */
export async function recordAudit(db: Queryable, actor: AuditActor, e: AuditEntry): Promise<void> {
  await db.query(sql.INSERT_EVENT, [
    actor.id,
    actor.username,
    actor.organisationId,
    e.client?.ip ?? null,
    e.client?.userAgent?.slice(0, 300) ?? null,
    e.entity,
    String(e.entityId),
    e.action,
    json(e.before),
    json(e.after),
    e.comment ?? null,
  ]);
}

/** The log as the audit endpoint reads it (writes go through recordAudit, in each domain's transaction). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  list(q: Pick<AuditQuery, 'entity' | 'entityId' | 'from' | 'to'>): Promise<AuditEvent[]> {
    return this.db.query(sql.LIST_EVENTS, [q.entityId ?? null, q.from ?? null, q.entity ?? null, q.to ?? null]);
  }
}
