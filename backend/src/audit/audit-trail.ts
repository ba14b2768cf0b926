import type { DataSource } from 'typeorm';
import type { SignedInUser } from '../auth/roles';

export interface Client {
  ip: string | null;
  userAgent: string | null;
}

/** Where a request came from, as an audit event keeps it. */
export const clientOf = (req: { ip?: string; headers: Record<string, string | string[] | undefined> }): Client => ({
  ip: req.ip ?? null,
  userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
});

/** Anything that runs SQL: the data source or a transaction's entity manager. */
type Queryable = { query: DataSource['query'] };

/** Who acted: a signed-in user, or Cosite itself. */
export type AuditActor = Pick<SignedInUser, 'username'> & { id: number | null; organisationId: string | null };

/** Changes made by Cosite itself (an import queued without an uploader, as the sample loader's). */
export const SYSTEM_ACTOR: AuditActor = { id: null, username: 'system', organisationId: null };

/**
 * One audit event (who, organisation, when, from where, what changed). Written in the caller's transaction, so an
 * action and its record stand or fall together; the table refuses every change afterwards.
 */
export function recordAudit(
  db: Queryable,
  actor: AuditActor,
  e: { entity: string; entityId: string | number; action: string; before: unknown; after: unknown; comment?: string; client?: Client },
) {
  return db.query(
    `INSERT INTO audit_event (actor_id, actor_username, organisation_id, ip, user_agent, entity, entity_id, action, before, after, comment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      actor.id, actor.username, actor.organisationId, e.client?.ip ?? null, e.client?.userAgent?.slice(0, 300) ?? null, e.entity, String(e.entityId), e.action,
      json(e.before), json(e.after), e.comment ?? null,
    ],
  );
}

/** Nothing (a row before it was created, after it was deleted) is stored as SQL NULL, not JSON null. */
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
