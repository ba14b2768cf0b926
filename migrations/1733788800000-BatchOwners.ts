import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Demand batches belong to the organisation that uploaded them: an operator's batch is private to it. */
export class BatchOwners1733788800000 implements MigrationInterface {
  name = 'BatchOwners1733788800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE colocation_batch ADD COLUMN organisation_id text REFERENCES organisation(id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE colocation_batch DROP COLUMN IF EXISTS organisation_id`);
  }
}
