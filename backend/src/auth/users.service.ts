import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { AUTH_DEFAULTS, ROLE_OF_ORGANISATION_KIND, SignedInUser } from './roles';
import { hashPassword } from './sessions.service';
import { recordAudit } from '../audit/audit-trail';

const password = z.string().min(12, 'must be at least 12 characters').max(256);
const createSchema = z
  .object({
    username: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3–64 characters: lower-case letters, digits, dot, dash, underscore'),
    displayName: z.string().trim().min(1, 'is required').max(200),
    organisationId: z.string().min(1),
    password,
  })
  .strict();
const updateSchema = z
  .object({ displayName: z.string().trim().min(1).max(200).optional(), disabled: z.boolean().optional(), password: password.optional(), unlock: z.literal(true).optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

const COLUMNS = `u.id::int, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId", u.role, u.disabled,
  (SELECT coalesce(max(f.failures), 0)::int FROM sign_in_failure f WHERE f.username = u.username AND (f.locked_until > now() OR f.last_failure_at > now() - make_interval(mins => ${AUTH_DEFAULTS.lockMinutes}))) AS "failedAttempts",
  (SELECT max(f.locked_until) FROM sign_in_failure f WHERE f.username = u.username AND f.locked_until > now()) AS "lockedUntil",
  u.created_at AS "createdAt"`;

/** Users, managed by administrators: the role follows the organisation's kind; passwords are set, never read. */
@Injectable()
export class UsersService {
  constructor(private readonly db: DataSource) {}

  list() {
    return this.db.query(`SELECT ${COLUMNS} FROM app_user u ORDER BY u.username`).then((users) => ({ users }));
  }

  async create(body: unknown, admin: SignedInUser) {
    const input = parseOrThrow(createSchema, body ?? {});
    const [org] = await this.db.query(`SELECT kind FROM organisation WHERE id = $1`, [input.organisationId]);
    const role = org && ROLE_OF_ORGANISATION_KIND[org.kind];
    if (!role) throw ApiError.invalid([{ field: 'organisationId', problem: org ? `an organisation of kind ${org.kind} has no users` : `no organisation "${input.organisationId}"` }]);
    const hash = await hashPassword(input.password);
    return this.db.transaction(async (em) => {
      const rows = await em.query(
        `INSERT INTO app_user (username, display_name, organisation_id, role, password_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [input.username, input.displayName, input.organisationId, role, hash],
      );
      if (!rows.length) throw ApiError.conflict('username', `"${input.username}" is taken`);
      const [user] = await em.query(`SELECT ${COLUMNS} FROM app_user u WHERE u.id = $1`, [rows[0].id]);
      await recordAudit(em, admin, { entity: 'user', entityId: user.id, action: 'user_created', before: null, after: user });
      return user;
    });
  }

  async update(id: string, body: unknown, admin: SignedInUser) {
    const uid = parseOrThrow(z.coerce.number().int().positive({ error: 'must be a user id' }), id, 'id');
    const input = parseOrThrow(updateSchema, body ?? {});
    const hash = input.password ? await hashPassword(input.password) : null;
    return this.db.transaction(async (em) => {
      const [before] = await em.query(`SELECT ${COLUMNS} FROM app_user u WHERE u.id = $1 FOR UPDATE`, [uid]);
      if (!before) throw ApiError.notFound(`user ${id}`);
      await em.query(
        `UPDATE app_user SET display_name = coalesce($2, display_name), disabled = coalesce($3, disabled), password_hash = coalesce($4, password_hash),
                updated_at = now()
          WHERE id = $1`,
        [uid, input.displayName ?? null, input.disabled ?? null, hash],
      );
      // unlocking (or a new password) clears the username's lock-outs on every client
      if (input.unlock || hash) await em.query(`DELETE FROM sign_in_failure WHERE username = $1`, [before.username]);
      // a disabled account or a new password ends the user's sessions
      if (input.disabled || hash) await em.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [uid]);
      const [after] = await em.query(`SELECT ${COLUMNS} FROM app_user u WHERE u.id = $1`, [uid]);
      await recordAudit(em, admin, { entity: 'user', entityId: uid, action: input.password ? 'user_updated_password_reset' : 'user_updated', before, after });
      return after;
    });
  }
}
