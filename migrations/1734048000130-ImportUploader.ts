import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** An import batch knows who uploaded it: its rows are held to that user's organisation, and the load is audited as theirs. */
export class ImportUploader1734048000130 implements MigrationInterface {
  name = 'ImportUploader1734048000130';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch ADD COLUMN uploaded_by bigint REFERENCES app_user(id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch DROP COLUMN IF EXISTS uploaded_by`);
  }
}
