import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Imports remember the format they came in (KML and Shapefiles are loaded as GeoJSON) and what was repaired. */
export class ImportFormats1733443200000 implements MigrationInterface {
  name = 'ImportFormats1733443200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch ADD COLUMN source_format text CHECK (source_format IN ('geojson','csv','kml','shapefile')),
                                            ADD COLUMN repaired jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch DROP COLUMN IF EXISTS repaired, DROP COLUMN IF EXISTS source_format`);
  }
}
