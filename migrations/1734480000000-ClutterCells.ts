import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Clutter (land-use) class per coverage-grid cell (issue 14): H3 resolution 10, stored as bigint like coverage_cell.
 * The classes are the engine's (backend/src/coverage/propagation/clutter.ts CLUTTER_CLASSES); a cell is either
 * derived by the sample loader ('sample') or taken from an imported classified GeoTIFF ('import'). clutter_import is
 * the upload → job → report batch, like terrain_import. Every change bumps tile_layer_version 'clutter' (a statement
 * trigger), which is the version the engine reads to know its cached classes are stale.
 */
export class ClutterCells1734480000000 implements MigrationInterface {
  name = 'ClutterCells1734480000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clutter_import (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name     text NOT NULL,
        status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        progress      real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        upload        bytea,
        crs           integer,
        report        jsonb,
        error         text,
        attempts      integer NOT NULL DEFAULT 0,
        uploaded_by   integer REFERENCES app_user (id) ON DELETE SET NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        started_at    timestamptz,
        finished_at   timestamptz
      )`);
    await q.query(`
      CREATE TABLE clutter_cell (
        h3         bigint PRIMARY KEY,  -- resolution 10, a coverage_grid cell (no FK: the grid is rewritten when districts change)
        class      text NOT NULL CHECK (class IN ('water', 'open', 'forest', 'suburban', 'urban', 'dense_urban')),
        source     text NOT NULL CHECK (source IN ('sample', 'import')),
        import_id  uuid REFERENCES clutter_import (id) ON DELETE SET NULL,
        CHECK (source = 'import' OR import_id IS NULL)
      )`);
    await q.query(`CREATE INDEX clutter_cell_import_idx ON clutter_cell (import_id) WHERE import_id IS NOT NULL`);
    await q.query(`INSERT INTO tile_layer_version (layer) VALUES ('clutter') ON CONFLICT DO NOTHING`);
    await q.query(`CREATE TRIGGER clutter_cell_bumps_tile_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clutter_cell
                   FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layer_version('clutter')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS clutter_cell`);
    await q.query(`DROP TABLE IF EXISTS clutter_import`);
    await q.query(`DELETE FROM tile_layer_version WHERE layer = 'clutter'`);
  }
}
