import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Lock-out by account *and* client: failed sign-ins are counted per (username, client address), so a stranger who
 * types five wrong passwords locks only themselves out, not the account's owner. The account-wide counters go.
 * Failures per client across usernames (password spraying) are counted from the same rows, by client.
 */
export class SignInLockouts1734220800000 implements MigrationInterface {
  name = 'SignInLockouts1734220800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_failure (
        username         text NOT NULL,
        ip               text NOT NULL,
        failures         integer NOT NULL CHECK (failures > 0),
        last_failure_at  timestamptz NOT NULL DEFAULT now(),
        locked_until     timestamptz,
        PRIMARY KEY (username, ip)
      )`);
    await q.query(`CREATE INDEX sign_in_failure_ip_idx ON sign_in_failure (ip, last_failure_at)`);
    await q.query(`ALTER TABLE app_user DROP COLUMN failed_attempts, DROP COLUMN locked_until`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE app_user ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0), ADD COLUMN locked_until timestamptz`,
    );
    await q.query(`DROP TABLE IF EXISTS sign_in_failure`);
  }
}
