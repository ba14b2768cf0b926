import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Facility-protection zones: a geography buffer around every telecom facility, as wide as the rules table says for
 * its kind, kept current by triggers when a facility changes (and rebuilt for a kind when its width rule changes);
 * works checks against them are stored. Organisations gain a contact, which a works notice names.
 */
export class ProtectionZones1733184000000 implements MigrationInterface {
  name = 'ProtectionZones1733184000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation ADD COLUMN contact text`);
    await q.query(`
      CREATE TABLE protection_zone (
        facility_type  text NOT NULL CHECK (facility_type IN ('structure','route')),
        facility_id    bigint NOT NULL,
        facility_kind  text NOT NULL CHECK (facility_kind IN ('buried_duct','buried_cable','aerial_line','tower','equipment_room','submarine_cable')),
        owner_id       text NOT NULL REFERENCES organisation(id),
        width_m        double precision NOT NULL CHECK (width_m > 0),
        geom           geometry(MultiPolygon,4326) NOT NULL,
        PRIMARY KEY (facility_type, facility_id)
      )`);
    await q.query(`CREATE INDEX protection_zone_geom_gist ON protection_zone USING gist (geom)`);
    await q.query(`CREATE INDEX protection_zone_kind_idx ON protection_zone (facility_kind)`);
    // Which protected kind a structure or route is (towers, rooms at rooftop and indoor sites, ducts, cables, lines).
    await q.query(`
      CREATE FUNCTION protected_facility_kind(facility_type text, kind text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN facility_type = 'route' THEN CASE kind WHEN 'duct' THEN 'buried_duct' WHEN 'buried_cable' THEN 'buried_cable'
                                                      WHEN 'aerial_cable' THEN 'aerial_line' WHEN 'pole_line' THEN 'aerial_line' END
          WHEN kind IN ('lattice_tower','monopole','camouflaged_tower') THEN 'tower'
          WHEN kind IN ('rooftop','indoor_distribution') THEN 'equipment_room'
        END
      $$`);
    // Rebuilds every zone of one protected kind (all kinds when null): after a width rule changes.
    await q.query(`
      CREATE FUNCTION protection_zones_refresh(p_kind text) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE n integer;
      BEGIN
        DELETE FROM protection_zone z WHERE p_kind IS NULL OR z.facility_kind = p_kind;
        INSERT INTO protection_zone (facility_type, facility_id, facility_kind, owner_id, width_m, geom)
        SELECT f.facility_type, f.id, f.pkind, f.owner_id, (r.params->>'widthM')::float8,
               ST_Multi(ST_Buffer(f.geom::geography, (r.params->>'widthM')::float8)::geometry)
          FROM (SELECT 'structure'::text AS facility_type, s.id, protected_facility_kind('structure', s.kind) AS pkind, s.owner_id, s.geom
                  FROM structure s WHERE s.status <> 'decommissioned'
                UNION ALL
                SELECT 'route', r.id, protected_facility_kind('route', r.kind), r.owner_id, r.geom
                  FROM route r WHERE r.status <> 'decommissioned') f
          JOIN regulation_rule r ON r.subject = 'protection_width' AND r.applies_to = f.pkind AND r.enabled
         WHERE p_kind IS NULL OR f.pkind = p_kind;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
      END $$`);
    // One facility's zone follows the facility (row by row: cheap, the width comes by the rules' unique key).
    await q.query(`
      CREATE FUNCTION protection_zone_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM protection_zone WHERE facility_type = TG_ARGV[0] AND facility_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status <> 'decommissioned' THEN
          INSERT INTO protection_zone (facility_type, facility_id, facility_kind, owner_id, width_m, geom)
          SELECT TG_ARGV[0], NEW.id, r.applies_to, NEW.owner_id, (r.params->>'widthM')::float8,
                 ST_Multi(ST_Buffer(NEW.geom::geography, (r.params->>'widthM')::float8)::geometry)
            FROM regulation_rule r
           WHERE r.subject = 'protection_width' AND r.applies_to = protected_facility_kind(TG_ARGV[0], NEW.kind) AND r.enabled;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER structure_protection_zone AFTER INSERT OR DELETE OR UPDATE OF geom, kind, status, owner_id ON structure FOR EACH ROW EXECUTE FUNCTION protection_zone_follow('structure')`,
    );
    await q.query(
      `CREATE TRIGGER route_protection_zone AFTER INSERT OR DELETE OR UPDATE OF geom, kind, status, owner_id ON route FOR EACH ROW EXECUTE FUNCTION protection_zone_follow('route')`,
    );
    await q.query(`SELECT protection_zones_refresh(NULL)`);

    await q.query(`
      CREATE TABLE protection_check (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at  timestamptz NOT NULL DEFAULT now(),
        request     jsonb NOT NULL,
        result      jsonb NOT NULL,
        geom        geometry(Geometry,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX protection_check_geom_gist ON protection_check USING gist (geom)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS protection_check`);
    await q.query(`DROP TRIGGER IF EXISTS route_protection_zone ON route`);
    await q.query(`DROP TRIGGER IF EXISTS structure_protection_zone ON structure`);
    await q.query(`DROP FUNCTION IF EXISTS protection_zone_follow()`);
    await q.query(`DROP FUNCTION IF EXISTS protection_zones_refresh(text)`);
    await q.query(`DROP FUNCTION IF EXISTS protected_facility_kind(text, text)`);
    await q.query(`DROP TABLE IF EXISTS protection_zone`);
    await q.query(`ALTER TABLE organisation DROP COLUMN IF EXISTS contact`);
  }
}
