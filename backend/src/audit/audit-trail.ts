/**
 * The audit trail every domain writes (recordAudit, in its own transaction) and what it keeps of a request. It
 * imports no domain: domains import it.
 */
import type { AuditActor, Client } from './audit.repository';

export { recordAudit, type AuditActor, type AuditEntry, type Client, type Queryable } from './audit.repository';

/** Where a request came from, as an audit event keeps it. */
export const clientOf = (req: { ip?: string; headers: Record<string, string | string[] | undefined> }): Client => ({
  ip: req.ip ?? null,
  userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
});

/** Changes made by Cosite itself (an import queued without an uploader, as the sample loader's). */
export const SYSTEM_ACTOR: AuditActor = { id: null, username: 'system', organisationId: null };
