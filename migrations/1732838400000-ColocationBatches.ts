import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Batches of demands analysed by the worker; each analysis remembers its batch and line, so a rerun skips it. */
export class ColocationBatches1732838400000 implements MigrationInterface {
  name = 'ColocationBatches1732838400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE colocation_batch (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','completed','failed')),
        total        integer NOT NULL,
        demands      jsonb NOT NULL,        -- the valid demands with their line numbers
        rejects      jsonb NOT NULL DEFAULT '[]',
        error        text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        finished_at  timestamptz
      )`);
    await q.query(`ALTER TABLE colocation_analysis ADD COLUMN batch_id uuid REFERENCES colocation_batch(id) ON DELETE CASCADE, ADD COLUMN line integer`);
    await q.query(`CREATE UNIQUE INDEX colocation_analysis_batch_line_idx ON colocation_analysis (batch_id, line) WHERE batch_id IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS colocation_analysis_batch_line_idx`);
    await q.query(`ALTER TABLE colocation_analysis DROP COLUMN IF EXISTS line, DROP COLUMN IF EXISTS batch_id`);
    await q.query(`DROP TABLE IF EXISTS colocation_batch`);
  }
}
