/** Sign-in, sessions and sign-out: the SQL beside its repository (sessions.repository.ts) and used only there. */

/** The signed-in user's columns (app_user u joined to its organisation o). */
const USER_COLUMNS = `u.id::int, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId", o.kind AS "organisationKind", u.role`;

/**
 * Counts one failed attempt of a username from a client before the password is checked (a success deletes it):
 * a run of failures starts again after a lock has expired or after $3 minutes without one.
 */
export const COUNT_ATTEMPT = `
  INSERT INTO sign_in_failure AS f (username, ip, failures) VALUES ($1::text, $2::text, 1)
  ON CONFLICT (username, ip) DO UPDATE SET
    failures = CASE WHEN (f.locked_until IS NOT NULL AND f.locked_until <= now())
                      OR (f.locked_until IS NULL AND f.last_failure_at < now() - make_interval(mins => $3::int)) THEN 1 ELSE f.failures + 1 END,
    locked_until = CASE WHEN f.locked_until <= now() THEN NULL ELSE f.locked_until END,
    last_failure_at = now()
  RETURNING failures, locked_until > now() AS locked`;

/** Usernames failing from one client within $2 minutes, and the seconds until the oldest leaves the window. */
export const CLIENT_FAILURES = `
  SELECT count(*)::int AS n, ceil(extract(epoch FROM min(last_failure_at) + make_interval(mins => $2::int) - now()))::int AS "retryS"
    FROM sign_in_failure WHERE ip = $1::text AND last_failure_at > now() - make_interval(mins => $2::int)`;

export const USER_BY_USERNAME = `
  SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash", u.disabled
    FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.username = $1::text`;

export const LOCK = `UPDATE sign_in_failure SET locked_until = now() + make_interval(mins => $3::int) WHERE username = $1::text AND ip = $2::text`;

export const CLEAR_FAILURES = `DELETE FROM sign_in_failure WHERE username = $1::text AND ip = $2::text`;

export const INSERT_SESSION = `
  INSERT INTO user_session (user_id, token_hash, csrf_token, expires_at, ip, user_agent)
  VALUES ($1::bigint, $2::text, $3::text, now() + make_interval(hours => $4::int), $5::text, $6::text)
  RETURNING expires_at AS "expiresAt"`;

/**
 * The live session of a token hash and its user, in one round trip; the idle clock is written at most once a
 * minute, so a burst of tile requests only reads.
 */
export const LOOKUP_SESSION = `
  WITH s AS (
    SELECT id, user_id, csrf_token, last_seen_at FROM user_session
     WHERE token_hash = $1::text AND revoked_at IS NULL AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2::int)),
  touched AS (UPDATE user_session SET last_seen_at = now() WHERE id IN (SELECT id FROM s WHERE last_seen_at < now() - interval '1 minute'))
  SELECT s.id AS "sessionId", s.csrf_token AS "csrfToken", ${USER_COLUMNS}
    FROM s JOIN app_user u ON u.id = s.user_id AND NOT u.disabled JOIN organisation o ON o.id = u.organisation_id`;

export const REVOKE_SESSION = `UPDATE user_session SET revoked_at = now() WHERE id = $1::uuid`;

export const INSERT_AUTH_EVENT = `
  INSERT INTO auth_event (event, username, user_id, ip, user_agent) VALUES ($1::text, $2::text, $3::bigint, $4::text, $5::text)`;
