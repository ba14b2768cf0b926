import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Uploads are stored as the bytes received (a zip stays a zip; text with a null byte is still storable) and
 * unpacked by the worker, which also repairs polygons when asked: the API no longer parses anything.
 */
export class ImportUploads1734307200000 implements MigrationInterface {
  name = 'ImportUploads1734307200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch ADD COLUMN upload bytea, ADD COLUMN repair boolean NOT NULL DEFAULT false`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // batches still waiting keep their file where the old code reads it (text formats; a zip cannot be text)
    await q.query(
      `UPDATE import_batch SET payload = convert_from(upload, 'UTF8') WHERE upload IS NOT NULL AND payload IS NULL AND source_format IS DISTINCT FROM 'shapefile' AND position('\\x00'::bytea in upload) = 0`,
    );
    await q.query(
      `UPDATE import_batch SET status = 'failed', error = 'unloaded when the upload column was removed', finished_at = now() WHERE upload IS NOT NULL AND payload IS NULL AND status IN ('queued','running')`,
    );
    await q.query(`ALTER TABLE import_batch DROP COLUMN IF EXISTS repair, DROP COLUMN IF EXISTS upload`);
  }
}
