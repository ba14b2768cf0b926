import { z } from 'zod';
import { timestamp } from './zod';

/** The audit log, read only: who did what to which entity, when and from where. */

export const auditQuery = z
  .object({
    /** The kind of entity (application, overlay, structure…). */
    entity: z.string().trim().min(1).max(60).optional(),
    entityId: z.string().max(100).optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    /** Up to this time (a date alone means to the end of that day). */
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEvent = z.object({
  id: z.number().int(),
  at: timestamp,
  actor: z.string().meta({ description: "the actor's username, or system" }),
  organisationId: z.string().nullable(),
  ip: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown().meta({ description: 'the row before the change (null when it was created)' }),
  after: z.unknown().meta({ description: 'the row after the change (null when it was deleted)' }),
  comment: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const auditEvents = z.object({ events: z.array(auditEvent) });
export type AuditEvents = z.infer<typeof auditEvents>;

/** The CSV export's columns, in order. */
export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor', 'organisationId', 'ip', 'entity', 'entityId', 'action', 'before', 'after', 'comment'] as const;
