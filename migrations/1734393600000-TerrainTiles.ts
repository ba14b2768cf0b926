import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Terrain (issue 14): DEM tiles on a regular lon/lat grid, heights as little-endian Float32 rows from south to north,
 * so the engine and the profile API load them into typed arrays with one copy. Where tiles overlap, the higher
 * priority wins (an imported real DEM over the modelled sample). terrain_import is the upload → job → report batch;
 * terrain_version is bumped by every change so each process knows when its in-memory terrain is stale.
 */
export class TerrainTiles1734393600000 implements MigrationInterface {
  name = 'TerrainTiles1734393600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE terrain_import (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name     text NOT NULL,
        format        text NOT NULL CHECK (format IN ('hgt', 'zip', 'geotiff')),
        status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        progress      real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        upload        bytea,
        report        jsonb,
        error         text,
        attempts      integer NOT NULL DEFAULT 0,
        uploaded_by   integer REFERENCES app_user (id) ON DELETE SET NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        started_at    timestamptz,
        finished_at   timestamptz
      )`);
    await q.query(`
      CREATE TABLE terrain_tile (
        id            bigserial PRIMARY KEY,
        name          text NOT NULL,
        source        text NOT NULL,
        priority      integer NOT NULL,
        west          double precision NOT NULL CHECK (west >= -180 AND west < 180),
        south         double precision NOT NULL CHECK (south >= -90 AND south < 90),
        cols          integer NOT NULL CHECK (cols >= 2),
        rows          integer NOT NULL CHECK (rows >= 2),
        step_deg      double precision NOT NULL CHECK (step_deg > 0 AND step_deg <= 0.01),
        heights       bytea NOT NULL CHECK (octet_length(heights) = 4 * cols * rows),
        min_m         real NOT NULL,
        max_m         real NOT NULL,
        voids_filled  integer NOT NULL DEFAULT 0 CHECK (voids_filled >= 0),
        import_id     uuid REFERENCES terrain_import (id) ON DELETE SET NULL,
        imported_at   timestamptz NOT NULL DEFAULT now(),
        envelope      geometry(Polygon, 4326) NOT NULL,
        UNIQUE (source, name)
      )`);
    await q.query(`CREATE INDEX terrain_tile_envelope_idx ON terrain_tile USING gist (envelope)`);
    await q.query(`CREATE TABLE terrain_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), version bigint NOT NULL)`);
    await q.query(`INSERT INTO terrain_version (version) VALUES (0)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS terrain_version`);
    await q.query(`DROP TABLE IF EXISTS terrain_tile`);
    await q.query(`DROP TABLE IF EXISTS terrain_import`);
  }
}
