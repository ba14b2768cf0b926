import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The spine of Cosite: organisations, districts, the shared inventory (structures, tenancies, routes),
 * zoning overlays, key sites, population on H3 and the generated basemap (rivers, streets).
 * Enumerations are CHECK constraints over text (easy to extend in a later migration);
 * the value lists mirror contracts/src/enums.ts. Every geometry is SRID 4326 with a GiST index.
 */
export class InventorySchema1732406400000 implements MigrationInterface {
  name = 'InventorySchema1732406400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS postgis`);

    await q.query(`
      CREATE TABLE organisation (
        id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{1,62}$'),
        kind        text NOT NULL CHECK (kind IN ('operator','tower_company','regulator','planning_bureau','administrator','municipal_department','property_owner')),
        name_zh     text NOT NULL,
        name_en     text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE district (
        id               integer PRIMARY KEY,           -- administrative code (adcode)
        name_zh          text NOT NULL,
        name_en          text,
        population       integer CHECK (population >= 0),
        population_year  smallint,
        is_core          boolean NOT NULL DEFAULT false, -- one of the nine central districts
        geom             geometry(MultiPolygon,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX district_geom_gist ON district USING gist (geom)`);

    await q.query(`
      CREATE TABLE structure (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code                text UNIQUE,
        name                text NOT NULL,
        kind                text NOT NULL CHECK (kind IN ('lattice_tower','monopole','camouflaged_tower','rooftop','street_lamp_pole','utility_pole','traffic_sign_pole','camera_pole','smart_pole','indoor_distribution')),
        owner_id            text NOT NULL REFERENCES organisation(id),
        height_m            numeric(6,2) NOT NULL CHECK (height_m >= 0 AND height_m <= 700),
        ground_elevation_m  numeric(7,2) CHECK (ground_elevation_m BETWEEN -500 AND 9000),
        slots_total         integer NOT NULL CHECK (slots_total >= 0 AND slots_total <= 64),
        load_capacity_kg    numeric(8,1) CHECK (load_capacity_kg >= 0),
        wind_area_m2        numeric(6,2) CHECK (wind_area_m2 >= 0),
        build_form          text NOT NULL CHECK (build_form IN ('standalone','attached')),
        status              text NOT NULL CHECK (status IN ('planned','approved','built','decommissioned')),
        built_on            date,
        public_institution  boolean NOT NULL DEFAULT false,
        address             text,
        district_id         integer REFERENCES district(id),
        source              text NOT NULL DEFAULT 'api',
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        geom                geometry(Point,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX structure_geom_gist ON structure USING gist (geom)`);
    await q.query(`CREATE INDEX structure_kind_idx ON structure (kind)`);
    await q.query(`CREATE INDEX structure_owner_idx ON structure (owner_id)`);
    await q.query(`CREATE INDEX structure_district_idx ON structure (district_id)`);

    await q.query(`
      CREATE TABLE tenancy (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code              text UNIQUE,
        structure_id      bigint NOT NULL REFERENCES structure(id) ON DELETE RESTRICT,
        operator_id       text NOT NULL REFERENCES organisation(id),
        technology        text NOT NULL CHECK (technology IN ('4G','5G','NB-IoT')),
        band_mhz          integer NOT NULL CHECK (band_mhz BETWEEN 400 AND 100000),
        antenna_height_m  numeric(6,2) NOT NULL CHECK (antenna_height_m >= 0),
        azimuth_deg       numeric(5,1) CHECK (azimuth_deg >= 0 AND azimuth_deg < 360),
        sector_count      smallint NOT NULL DEFAULT 1 CHECK (sector_count BETWEEN 1 AND 6),
        mech_tilt_deg     numeric(4,1) NOT NULL DEFAULT 0 CHECK (mech_tilt_deg BETWEEN -20 AND 30),
        elec_tilt_deg     numeric(4,1) NOT NULL DEFAULT 0 CHECK (elec_tilt_deg BETWEEN -20 AND 30),
        eirp_dbm          numeric(5,1) NOT NULL CHECK (eirp_dbm BETWEEN 0 AND 100),
        slots_used        integer NOT NULL DEFAULT 1 CHECK (slots_used >= 0),
        load_kg           numeric(7,1) NOT NULL DEFAULT 0 CHECK (load_kg >= 0),
        status            text NOT NULL DEFAULT 'active' CHECK (status IN ('planned','active','decommissioned')),
        source            text NOT NULL DEFAULT 'api',
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tenancy_structure_idx ON tenancy (structure_id)`);
    await q.query(`CREATE INDEX tenancy_operator_tech_idx ON tenancy (operator_id, technology)`);

    // Last line of defence behind the service checks: a structure never carries more equipment than its slots.
    await q.query(`
      CREATE FUNCTION tenancy_slots_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE over record;
      BEGIN
        SELECT s.id, s.slots_total, sum(t.slots_used) AS used INTO over
          FROM structure s JOIN tenancy t ON t.structure_id = s.id AND t.status <> 'decommissioned'
         WHERE s.id IN (SELECT DISTINCT structure_id FROM changed)
         GROUP BY s.id, s.slots_total
        HAVING sum(t.slots_used) > s.slots_total
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'structure % has % mount slots, tenancies would use %', over.id, over.slots_total, over.used
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tenancy_slots_within_structure';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tenancy_slots_guard_ins AFTER INSERT ON tenancy REFERENCING NEW TABLE AS changed
                   FOR EACH STATEMENT EXECUTE FUNCTION tenancy_slots_guard()`);
    await q.query(`CREATE TRIGGER tenancy_slots_guard_upd AFTER UPDATE ON tenancy REFERENCING NEW TABLE AS changed
                   FOR EACH STATEMENT EXECUTE FUNCTION tenancy_slots_guard()`);

    await q.query(`
      CREATE TABLE route (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code            text UNIQUE,
        name            text,
        kind            text NOT NULL CHECK (kind IN ('duct','pole_line','aerial_cable','buried_cable')),
        owner_id        text NOT NULL REFERENCES organisation(id),
        capacity_unit   text NOT NULL CHECK (capacity_unit IN ('subduct','cable_slot')),
        capacity_total  integer NOT NULL CHECK (capacity_total >= 0),
        capacity_used   integer NOT NULL DEFAULT 0 CHECK (capacity_used >= 0),
        status          text NOT NULL DEFAULT 'built' CHECK (status IN ('planned','approved','built','decommissioned')),
        source          text NOT NULL DEFAULT 'api',
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        geom            geometry(LineString,4326) NOT NULL,
        length_m        double precision GENERATED ALWAYS AS (ST_Length(geom::geography)) STORED,
        CONSTRAINT route_capacity_used_within_total CHECK (capacity_used <= capacity_total)
      )`);
    await q.query(`CREATE INDEX route_geom_gist ON route USING gist (geom)`);
    await q.query(`CREATE INDEX route_kind_idx ON route (kind)`);

    await q.query(`
      CREATE TABLE route_tenant (
        route_id     bigint NOT NULL REFERENCES route(id) ON DELETE CASCADE,
        operator_id  text NOT NULL REFERENCES organisation(id),
        units_used   integer NOT NULL CHECK (units_used >= 0),
        PRIMARY KEY (route_id, operator_id)
      )`);

    await q.query(`
      CREATE TABLE overlay (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code        text UNIQUE,
        kind        text NOT NULL CHECK (kind IN ('scenic_area','heritage_area','nature_reserve','reserved_telecom_land','flood_zone_100y','residential_area','school','hospital','no_build_zone')),
        name        text NOT NULL,
        name_en     text,
        authority   text NOT NULL,
        valid_from  date,
        valid_to    date,
        source      text NOT NULL DEFAULT 'api',
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        geom        geometry(MultiPolygon,4326) NOT NULL,
        CONSTRAINT overlay_validity_ordered CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX overlay_geom_gist ON overlay USING gist (geom)`);
    await q.query(`CREATE INDEX overlay_kind_idx ON overlay (kind)`);

    await q.query(`
      CREATE TABLE key_site (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code                text UNIQUE,
        category            text NOT NULL CHECK (category IN ('hospital','airport','rail_station','bus_station','port','business_district','scenic_area','government_service_hall','university','stadium','venue')),
        name_zh             text NOT NULL,
        name_en             text,
        coordinate_quality  text NOT NULL DEFAULT 'surveyed' CHECK (coordinate_quality IN ('surveyed','approximate')),
        source              text NOT NULL DEFAULT 'api',
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        geom                geometry(Geometry,4326) NOT NULL
                            CHECK (GeometryType(geom) IN ('POINT','POLYGON','MULTIPOLYGON'))
      )`);
    await q.query(`CREATE INDEX key_site_geom_gist ON key_site USING gist (geom)`);

    await q.query(`
      CREATE TABLE population_cell (
        h3           bigint PRIMARY KEY,      -- H3 index (resolution 9) as a 64-bit integer
        resolution   smallint NOT NULL CHECK (resolution BETWEEN 0 AND 15),
        district_id  integer NOT NULL REFERENCES district(id),
        population   integer NOT NULL CHECK (population >= 0),
        geom         geometry(Polygon,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX population_cell_geom_gist ON population_cell USING gist (geom)`);
    await q.query(`CREATE INDEX population_cell_district_idx ON population_cell (district_id)`);

    await q.query(`
      CREATE TABLE river (
        id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code     text UNIQUE NOT NULL,
        name_zh  text NOT NULL,
        name_en  text NOT NULL,
        geom     geometry(MultiPolygon,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX river_geom_gist ON river USING gist (geom)`);

    await q.query(`
      CREATE TABLE street (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code         text UNIQUE NOT NULL,
        name_zh      text NOT NULL,
        name_en      text NOT NULL,
        class        text NOT NULL CHECK (class IN ('primary','secondary','local')),
        district_id  integer REFERENCES district(id),
        geom         geometry(LineString,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX street_geom_gist ON street USING gist (geom)`);

    // Which versions of which bundled datasets are loaded: lets a warm start skip the sample load.
    await q.query(`
      CREATE TABLE dataset_load (
        name       text PRIMARY KEY,
        version    text NOT NULL,
        counts     jsonb NOT NULL,
        loaded_at  timestamptz NOT NULL DEFAULT now()
      )`);

    // Structures take the district that contains them: computed here so API writes and bulk loads agree.
    await q.query(`
      CREATE FUNCTION structure_assign_district() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.district_id := (SELECT d.id FROM district d WHERE ST_Intersects(d.geom, NEW.geom) ORDER BY d.id LIMIT 1);
        NEW.updated_at := now();
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER structure_assign_district BEFORE INSERT OR UPDATE OF geom ON structure
                   FOR EACH ROW EXECUTE FUNCTION structure_assign_district()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS structure_assign_district ON structure`);
    await q.query(`DROP FUNCTION IF EXISTS structure_assign_district()`);
    for (const t of ['dataset_load', 'street', 'river', 'population_cell', 'key_site', 'overlay', 'route_tenant', 'route']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP TABLE IF EXISTS tenancy`);
    await q.query(`DROP FUNCTION IF EXISTS tenancy_slots_guard()`);
    await q.query(`DROP TABLE IF EXISTS structure`);
    await q.query(`DROP TABLE IF EXISTS district`);
    await q.query(`DROP TABLE IF EXISTS organisation`);
  }
}
