import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Uploaded files waiting for, or done with, the bulk loader (run by the BullMQ worker). */
export class ImportBatches1732406460000 implements MigrationInterface {
  name = 'ImportBatches1732406460000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_batch (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        layer          text NOT NULL CHECK (layer IN ('structures','tenancies','routes','overlays','key-sites')),
        format         text NOT NULL CHECK (format IN ('geojson','csv')),
        crs            text NOT NULL CHECK (crs IN ('wgs84','gcj02','bd09')),
        status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','completed','failed')),
        payload        text,               -- cleared once the batch has completed
        rows_total     integer,
        rows_loaded    integer,
        rows_rejected  integer,
        rejects        jsonb NOT NULL DEFAULT '[]',
        error          text,
        attempts       integer NOT NULL DEFAULT 0,
        created_at     timestamptz NOT NULL DEFAULT now(),
        started_at     timestamptz,
        finished_at    timestamptz
      )`);
    await q.query(`CREATE INDEX import_batch_status_idx ON import_batch (status, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS import_batch`);
  }
}
