import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Data in the way planning offices keep it (issue 19): imports through a column mapping (kept on the batch, and as
 * named profiles per organisation), xlsx files, coordinate systems by EPSG code (CGCS2000, Xian 1980, Beijing 1954
 * Gauss-Krüger), and streets loaded into the basemap, so pole integration works in any city.
 */
export class ImportMapping1734825600000 implements MigrationInterface {
  name = 'ImportMapping1734825600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_crs_check`);
    await q.query(`ALTER TABLE import_batch ADD CONSTRAINT import_batch_crs_check CHECK (crs IN ('wgs84','gcj02','bd09') OR crs ~ '^EPSG:[0-9]{4,5}$')`);
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_source_format_check`);
    await q.query(
      `ALTER TABLE import_batch ADD CONSTRAINT import_batch_source_format_check CHECK (source_format IN ('geojson','csv','kml','shapefile','xlsx'))`,
    );
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_layer_check`);
    await q.query(
      `ALTER TABLE import_batch ADD CONSTRAINT import_batch_layer_check CHECK (layer IN ('structures','tenancies','routes','overlays','key-sites','observed-cells','streets'))`,
    );
    await q.query(`
      ALTER TABLE import_batch
        ADD COLUMN mapping jsonb,
        ADD COLUMN sheet text,
        ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN rows_filtered integer`);

    await q.query(`
      CREATE TABLE import_mapping_profile (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id text NOT NULL REFERENCES organisation(id),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        layer           text NOT NULL CHECK (layer IN ('structures','tenancies','routes','overlays','key-sites','observed-cells','streets')),
        description     text,
        crs             text CHECK (crs IN ('wgs84','gcj02','bd09') OR crs ~ '^EPSG:[0-9]{4,5}$'),
        mapping         jsonb NOT NULL,
        created_by      bigint REFERENCES app_user(id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organisation_id, name)
      )`);

    // streets from an import: where they came from, an English name only when the source has one, and the district
    // found from the street itself (a street outside every district, in a new city, has none)
    await q.query(
      `ALTER TABLE street ALTER COLUMN name_en DROP NOT NULL, ADD COLUMN source text NOT NULL DEFAULT 'sample' CHECK (source IN ('api','import','sample')), ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(`
      CREATE FUNCTION street_district() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.district_id IS NULL THEN
          SELECT d.id INTO NEW.district_id FROM district d WHERE ST_Intersects(d.geom, ST_LineInterpolatePoint(NEW.geom, 0.5)) LIMIT 1;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER street_district BEFORE INSERT ON street FOR EACH ROW EXECUTE FUNCTION street_district()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS street_district ON street`);
    await q.query(`DROP FUNCTION IF EXISTS street_district()`);
    await q.query(`DELETE FROM street WHERE source <> 'sample' AND NOT EXISTS (SELECT 1 FROM pole_consolidation_proposal p WHERE p.street_id = street.id)`);
    await q.query(`UPDATE street SET name_en = name_zh WHERE name_en IS NULL`);
    await q.query(`ALTER TABLE street DROP COLUMN source, DROP COLUMN updated_at, ALTER COLUMN name_en SET NOT NULL`);
    await q.query(`DROP TABLE IF EXISTS import_mapping_profile`);
    await q.query(`DELETE FROM import_batch WHERE layer = 'streets' OR source_format = 'xlsx' OR crs LIKE 'EPSG:%'`);
    await q.query(`ALTER TABLE import_batch DROP COLUMN mapping, DROP COLUMN sheet, DROP COLUMN warnings, DROP COLUMN rows_filtered`);
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_layer_check`);
    await q.query(
      `ALTER TABLE import_batch ADD CONSTRAINT import_batch_layer_check CHECK (layer IN ('structures','tenancies','routes','overlays','key-sites','observed-cells'))`,
    );
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_source_format_check`);
    await q.query(`ALTER TABLE import_batch ADD CONSTRAINT import_batch_source_format_check CHECK (source_format IN ('geojson','csv','kml','shapefile'))`);
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_crs_check`);
    await q.query(`ALTER TABLE import_batch ADD CONSTRAINT import_batch_crs_check CHECK (crs IN ('wgs84','gcj02','bd09'))`);
  }
}
