import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The approval portal (issue 16): an applicant may withdraw an undecided application; a regulator takes one on
 * (assignee); a decision gets a letter number once, in a sequence per year; documents filed with an application
 * (drawings, the landowner's consent, the EMF report) are kept in the database beside it, with their SHA-256.
 */
export class ApprovalPortal1734566400016 implements MigrationInterface {
  name = 'ApprovalPortal1734566400016';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP CONSTRAINT application_state_check`);
    await q.query(
      `ALTER TABLE application ADD CONSTRAINT application_state_check CHECK (state IN ('draft','submitted','bureau_review','in_review','approved','rejected','returned','withdrawn'))`,
    );
    await q.query(`
      ALTER TABLE application
        ADD COLUMN assignee_id   bigint REFERENCES app_user(id),
        ADD COLUMN letter_number text UNIQUE,
        ADD COLUMN decided_at    timestamptz`);
    await q.query(`CREATE INDEX application_assignee_idx ON application (assignee_id)`);
    // the last letter number given in each year (a row per year, bumped in the deciding transaction)
    await q.query(`
      CREATE TABLE decision_letter_counter (
        year  smallint PRIMARY KEY,
        last  integer NOT NULL CHECK (last > 0)
      )`);
    await q.query(`
      CREATE TABLE application_attachment (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id  uuid NOT NULL REFERENCES application(id) ON DELETE CASCADE,
        kind            text NOT NULL CHECK (kind IN ('drawing','land_consent','emf_report','other')),
        filename        text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
        content_type    text NOT NULL,
        size_bytes      integer NOT NULL CHECK (size_bytes >= 0),
        sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content         bytea NOT NULL,
        uploaded_by     bigint NOT NULL REFERENCES app_user(id),
        uploaded_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (octet_length(content) = size_bytes)
      )`);
    await q.query(`CREATE INDEX application_attachment_application_idx ON application_attachment (application_id, uploaded_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS application_attachment`);
    await q.query(`DROP TABLE IF EXISTS decision_letter_counter`);
    await q.query(`ALTER TABLE application DROP COLUMN IF EXISTS decided_at, DROP COLUMN IF EXISTS letter_number, DROP COLUMN IF EXISTS assignee_id`);
    // the older schema has no withdrawn state: such applications go back to their applicant as returned (nothing was decided)
    await q.query(`ALTER TABLE application DROP CONSTRAINT application_state_check`);
    await q.query(`UPDATE application SET state = 'returned' WHERE state = 'withdrawn'`);
    await q.query(
      `ALTER TABLE application ADD CONSTRAINT application_state_check CHECK (state IN ('draft','submitted','bureau_review','in_review','approved','rejected','returned'))`,
    );
  }
}
