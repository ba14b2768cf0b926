import { AUTH_DEFAULTS } from './roles';

/** Users as administrators manage them: the SQL beside its repository (users.repository.ts) and used only there. */

/** A user as administrators see it (never its hash), with its lock-out state over every client. */
const COLUMNS = `u.id::int, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId", u.role, u.disabled,
  (SELECT coalesce(max(f.failures), 0)::int FROM sign_in_failure f
    WHERE f.username = u.username AND (f.locked_until > now() OR f.last_failure_at > now() - make_interval(mins => ${AUTH_DEFAULTS.lockMinutes}))) AS "failedAttempts",
  (SELECT max(f.locked_until) FROM sign_in_failure f WHERE f.username = u.username AND f.locked_until > now()) AS "lockedUntil",
  u.created_at AS "createdAt"`;

export const LIST = `SELECT ${COLUMNS} FROM app_user u ORDER BY u.username`;

export const BY_ID = `SELECT ${COLUMNS} FROM app_user u WHERE u.id = $1::bigint`;

export const BY_ID_FOR_UPDATE = `SELECT ${COLUMNS} FROM app_user u WHERE u.id = $1::bigint FOR UPDATE`;

export const ORGANISATION_KIND = `SELECT kind FROM organisation WHERE id = $1::text`;

/** No row back when the username is taken. */
export const INSERT = `
  INSERT INTO app_user (username, display_name, organisation_id, role, password_hash) VALUES ($1::text, $2::text, $3::text, $4::text, $5::text)
  ON CONFLICT (username) DO NOTHING RETURNING id::int`;

/** What is null stays as it is. */
export const UPDATE = `
  UPDATE app_user SET display_name = coalesce($2::text, display_name), disabled = coalesce($3::boolean, disabled),
         password_hash = coalesce($4::text, password_hash), updated_at = now()
   WHERE id = $1::bigint`;

/** Clears the username's lock-outs on every client. */
export const CLEAR_FAILURES = `DELETE FROM sign_in_failure WHERE username = $1::text`;

/** Ends every live session of the user. */
export const REVOKE_SESSIONS = `UPDATE user_session SET revoked_at = now() WHERE user_id = $1::bigint AND revoked_at IS NULL`;
