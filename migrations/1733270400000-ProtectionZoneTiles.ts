import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Facility-protection zones as a vector tile layer (z13 and above: the zones are metres wide). */
export class ProtectionZoneTiles1733270400000 implements MigrationInterface {
  name = 'ProtectionZoneTiles1733270400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO tile_layer_version (layer) VALUES ('protection-zones') ON CONFLICT DO NOTHING`);
    await q.query(`CREATE TRIGGER protection_zone_bumps_tile_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON protection_zone
                   FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layer_version('protection-zones')`);
    await q.query(`
      CREATE FUNCTION tile_protection_zones(z integer, x integer, y integer) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
        WITH bounds AS (SELECT ST_TileEnvelope(z, x, y) AS b3857, ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326) AS b4326),
        mvtgeom AS (
          SELECT ST_AsMVTGeom(ST_Transform(p.geom, 3857), bounds.b3857, 4096, 64, true) AS geom,
                 p.facility_type, p.facility_id, p.facility_kind, p.owner_id AS owner, p.width_m
            FROM protection_zone p CROSS JOIN bounds
           WHERE z >= 13 AND p.geom && bounds.b4326)
        SELECT ST_AsMVT(mvtgeom, 'protection-zones', 4096, 'geom') FROM mvtgeom
      $fn$`);
    await q.query(
      `COMMENT ON FUNCTION tile_protection_zones(integer, integer, integer) IS 'Facility-protection zones (art. 21/22 of the Chongqing rules), z13 and above.'`,
    );
    await q.query(`GRANT SELECT ON protection_zone TO cosite_tiles`);
    await q.query(`GRANT EXECUTE ON FUNCTION tile_protection_zones(integer, integer, integer) TO cosite_tiles`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS tile_protection_zones(integer, integer, integer)`);
    await q.query(`DROP TRIGGER IF EXISTS protection_zone_bumps_tile_version ON protection_zone`);
    await q.query(`DELETE FROM tile_layer_version WHERE layer = 'protection-zones'`);
  }
}
