import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Overlays keep every version and are retired, not deleted: a version row per create, change and retirement
 * (written by triggers, so no path can skip it), and `overlay_in_force` — not retired and valid today — is what
 * the rules, the co-location analysis and the map read.
 */
export class OverlayVersions1733356800000 implements MigrationInterface {
  name = 'OverlayVersions1733356800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE overlay ADD COLUMN retired_at timestamptz, ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await q.query(`
      CREATE TABLE overlay_version (
        overlay_id  bigint NOT NULL,
        version     integer NOT NULL,
        change      text NOT NULL CHECK (change IN ('created','updated','retired')),
        changed_at  timestamptz NOT NULL DEFAULT now(),
        properties  jsonb NOT NULL,
        geom        geometry(MultiPolygon,4326) NOT NULL,
        PRIMARY KEY (overlay_id, version)
      )`);
    await q.query(`CREATE INDEX overlay_version_geom_gist ON overlay_version USING gist (geom)`);
    await q.query(`
      CREATE FUNCTION overlay_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.version := OLD.version + 1;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION overlay_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO overlay_version (overlay_id, version, change, properties, geom)
        VALUES (NEW.id, NEW.version,
                CASE WHEN TG_OP = 'INSERT' THEN 'created' WHEN NEW.retired_at IS NOT NULL AND OLD.retired_at IS NULL THEN 'retired' ELSE 'updated' END,
                to_jsonb(NEW) - 'geom', NEW.geom);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER overlay_next_version BEFORE UPDATE ON overlay FOR EACH ROW EXECUTE FUNCTION overlay_next_version()`);
    await q.query(`CREATE TRIGGER overlay_keep_version AFTER INSERT OR UPDATE ON overlay FOR EACH ROW EXECUTE FUNCTION overlay_keep_version()`);
    await q.query(
      `INSERT INTO overlay_version (overlay_id, version, change, properties, geom) SELECT id, version, 'created', to_jsonb(o) - 'geom', geom FROM overlay o`,
    );
    await q.query(`
      CREATE VIEW overlay_in_force AS
        SELECT * FROM overlay
         WHERE retired_at IS NULL AND (valid_from IS NULL OR valid_from <= current_date) AND (valid_to IS NULL OR valid_to >= current_date)`);
    await q.query(`GRANT SELECT ON overlay_in_force TO cosite_tiles`);
    await q.query(`
      CREATE OR REPLACE FUNCTION tile_overlays(z integer, x integer, y integer) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
        WITH bounds AS (SELECT ST_TileEnvelope(z, x, y) AS b3857, ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326) AS b4326),
        mvtgeom AS (
          SELECT ST_AsMVTGeom(CASE WHEN z >= 14 THEN ST_Transform(o.geom, 3857) ELSE ST_SimplifyPreserveTopology(ST_Transform(o.geom, 3857), (40075016.68557849 / (256 * 2 ^ z))) END,
                              bounds.b3857, 4096, 64, true) AS geom,
                 o.id, o.code, o.kind, o.name, o.name_en, o.authority, o.height_limit_m, o.version
            FROM overlay_in_force o CROSS JOIN bounds
           WHERE o.geom && bounds.b4326)
        SELECT ST_AsMVT(mvtgeom, 'overlays', 4096, 'geom', 'id') FROM mvtgeom WHERE geom IS NOT NULL
      $fn$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION tile_overlays(z integer, x integer, y integer) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
        WITH bounds AS (SELECT ST_TileEnvelope(z, x, y) AS b3857, ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326) AS b4326),
        mvtgeom AS (
          SELECT ST_AsMVTGeom(CASE WHEN z >= 14 THEN ST_Transform(o.geom, 3857) ELSE ST_SimplifyPreserveTopology(ST_Transform(o.geom, 3857), (40075016.68557849 / (256 * 2 ^ z))) END,
                              bounds.b3857, 4096, 64, true) AS geom,
                 o.id, o.code, o.kind, o.name, o.name_en, o.authority
            FROM overlay o CROSS JOIN bounds
           WHERE o.geom && bounds.b4326 AND (valid_to IS NULL OR valid_to >= current_date))
        SELECT ST_AsMVT(mvtgeom, 'overlays', 4096, 'geom', 'id') FROM mvtgeom WHERE geom IS NOT NULL
      $fn$`);
    await q.query(`DROP VIEW IF EXISTS overlay_in_force`);
    await q.query(`DROP TRIGGER IF EXISTS overlay_keep_version ON overlay`);
    await q.query(`DROP TRIGGER IF EXISTS overlay_next_version ON overlay`);
    await q.query(`DROP FUNCTION IF EXISTS overlay_keep_version()`);
    await q.query(`DROP FUNCTION IF EXISTS overlay_next_version()`);
    await q.query(`DROP TABLE IF EXISTS overlay_version`);
    await q.query(`ALTER TABLE overlay DROP COLUMN IF EXISTS version, DROP COLUMN IF EXISTS retired_at`);
  }
}
