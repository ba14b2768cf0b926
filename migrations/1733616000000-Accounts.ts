import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Accounts: users of an organisation with the role its kind gives them, password hashes (argon2id), sessions
 * (only a hash of the token is stored), lock-out after failed sign-ins, and a log of sign-in events.
 */
export class Accounts1733616000000 implements MigrationInterface {
  name = 'Accounts1733616000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username         text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
        display_name     text NOT NULL,
        organisation_id  text NOT NULL REFERENCES organisation(id),
        role             text NOT NULL CHECK (role IN ('planner','regulator','bureau','admin')),
        password_hash    text NOT NULL,
        failed_attempts  integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until     timestamptz,
        disabled         boolean NOT NULL DEFAULT false,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE user_session (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id       bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash    text NOT NULL UNIQUE,
        csrf_token    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL,
        revoked_at    timestamptz,
        ip            text,
        user_agent    text
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id)`);
    await q.query(`
      CREATE TABLE auth_event (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        event       text NOT NULL CHECK (event IN ('signed_in','sign_in_failed','locked_out','signed_out')),
        username    text NOT NULL,
        user_id     bigint REFERENCES app_user(id) ON DELETE SET NULL,
        ip          text,
        user_agent  text
      )`);
    await q.query(`CREATE INDEX auth_event_at_idx ON auth_event (at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS auth_event`);
    await q.query(`DROP TABLE IF EXISTS user_session`);
    await q.query(`DROP TABLE IF EXISTS app_user`);
  }
}
