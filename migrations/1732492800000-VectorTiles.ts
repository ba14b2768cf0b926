import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Vector tiles straight from PostGIS: one SQL function per layer (bounds → mvtgeom → ST_AsMVT, after
 * pg_tileserv's function layers), and a per-layer data version bumped by statement triggers on every write,
 * which the tile endpoint uses as its ETag.
 *
 * Zoom rules (why): a whole-city view at z10 must not ship every pole. Below z14 street furniture without
 * antennas is left out; below z12 only macro sites (towers, rooftops) remain; below z13 one structure per
 * 16-pixel cell is kept, the one with most tenants. Lines and polygons are simplified to about a pixel below z14.
 */
const STREET_POLES = `('street_lamp_pole','utility_pole','traffic_sign_pole','camera_pole')`;
const MACRO = `('lattice_tower','monopole','camouflaged_tower','rooftop')`;

// Tolerance of about one pixel at zoom z (metres in EPSG:3857; 256 px tiles).
const PIXEL_M = `(40075016.68557849 / (256 * 2 ^ z))`;

const BOUNDS = `bounds AS (
    SELECT ST_TileEnvelope(z, x, y) AS b3857,
           ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326) AS b4326)`;

const FUNCTIONS: { name: string; layer: string; body: string; comment: string }[] = [
  {
    name: 'tile_structures',
    layer: 'structures',
    comment: 'Structures (towers, poles, rooftops, indoor systems) with kind, height, owner, tenant count and free slots; thinned below z13.',
    body: `
      WITH ${BOUNDS},
      candidates AS (
        SELECT s.id, s.code, s.name, s.kind, s.height_m, s.owner_id, s.status, s.slots_total, s.geom,
               coalesce(u.tenants, 0) AS tenants, coalesce(u.slots, 0) AS slots_used
          FROM structure s CROSS JOIN bounds
          LEFT JOIN LATERAL (
            SELECT count(DISTINCT t.operator_id)::int AS tenants, sum(t.slots_used)::int AS slots
              FROM tenancy t WHERE t.structure_id = s.id AND t.status <> 'decommissioned') u ON true
         WHERE s.geom && bounds.b4326
           AND (z >= 14 OR s.kind NOT IN ${STREET_POLES} OR u.tenants > 0)
           AND (z >= 12 OR s.kind IN ${MACRO})
      ),
      thinned AS (
        SELECT DISTINCT ON (cell) *
          FROM (SELECT c.*, CASE WHEN z >= 13 THEN ST_MakePoint(c.id, 0)
                                 ELSE ST_SnapToGrid(ST_Transform(c.geom, 3857), 16 * ${PIXEL_M}) END AS cell
                  FROM candidates c) q
         ORDER BY cell, tenants DESC, id
      ),
      mvtgeom AS (
        SELECT ST_AsMVTGeom(ST_Transform(t.geom, 3857), bounds.b3857, 4096, 64, true) AS geom,
               t.id, t.code, t.name, t.kind, t.height_m::float8 AS height_m, t.owner_id AS owner, t.status,
               t.tenants AS tenant_count, t.slots_total, greatest(t.slots_total - t.slots_used, 0) AS free_slots
          FROM thinned t CROSS JOIN bounds
      )
      SELECT ST_AsMVT(mvtgeom, 'structures', 4096, 'geom', 'id') FROM mvtgeom`,
  },
  {
    name: 'tile_sectors',
    layer: 'sectors',
    comment: 'Tenancies (one operator base station per structure) with operator, technology, band and first-sector azimuth; z14 and above.',
    body: `
      WITH ${BOUNDS},
      mvtgeom AS (
        SELECT ST_AsMVTGeom(ST_Transform(s.geom, 3857), bounds.b3857, 4096, 64, true) AS geom,
               t.id, t.structure_id, t.operator_id AS operator, t.technology, t.band_mhz,
               t.azimuth_deg::float8 AS azimuth, t.sector_count, t.antenna_height_m::float8 AS antenna_height_m,
               t.eirp_dbm::float8 AS eirp_dbm, t.status
          FROM tenancy t JOIN structure s ON s.id = t.structure_id CROSS JOIN bounds
         WHERE z >= 14 AND s.geom && bounds.b4326 AND t.status <> 'decommissioned'
      )
      SELECT ST_AsMVT(mvtgeom, 'sectors', 4096, 'geom', 'id') FROM mvtgeom`,
  },
  {
    name: 'tile_routes',
    layer: 'routes',
    comment: 'Routes (ducts, pole lines, cables) with capacity total/used/free; z11 and above, simplified below z14.',
    body: `
      WITH ${BOUNDS},
      mvtgeom AS (
        SELECT ST_AsMVTGeom(CASE WHEN z >= 14 THEN ST_Transform(r.geom, 3857) ELSE ST_Simplify(ST_Transform(r.geom, 3857), ${PIXEL_M}) END,
                            bounds.b3857, 4096, 64, true) AS geom,
               r.id, r.code, r.name, r.kind, r.owner_id AS owner, r.status, r.capacity_unit,
               r.capacity_total, r.capacity_used, r.capacity_total - r.capacity_used AS capacity_free,
               round(r.length_m)::int AS length_m,
               (SELECT count(*)::int FROM route_tenant rt WHERE rt.route_id = r.id) AS tenant_count
          FROM route r CROSS JOIN bounds
         WHERE z >= 11 AND r.geom && bounds.b4326
      )
      SELECT ST_AsMVT(mvtgeom, 'routes', 4096, 'geom', 'id') FROM mvtgeom WHERE geom IS NOT NULL`,
  },
  {
    name: 'tile_overlays',
    layer: 'overlays',
    comment: 'Zoning overlays by kind with name and authority; simplified below z14.',
    body: `
      WITH ${BOUNDS},
      mvtgeom AS (
        SELECT ST_AsMVTGeom(CASE WHEN z >= 14 THEN ST_Transform(o.geom, 3857) ELSE ST_SimplifyPreserveTopology(ST_Transform(o.geom, 3857), ${PIXEL_M}) END,
                            bounds.b3857, 4096, 64, true) AS geom,
               o.id, o.code, o.kind, o.name, o.name_en, o.authority
          FROM overlay o CROSS JOIN bounds
         WHERE o.geom && bounds.b4326
           AND (valid_to IS NULL OR valid_to >= current_date)
      )
      SELECT ST_AsMVT(mvtgeom, 'overlays', 4096, 'geom', 'id') FROM mvtgeom WHERE geom IS NOT NULL`,
  },
  {
    name: 'tile_key_sites',
    layer: 'key-sites',
    comment: 'Key sites (hospitals, transport hubs, business districts, scenic areas…) as points, with Chinese and English names.',
    body: `
      WITH ${BOUNDS},
      mvtgeom AS (
        SELECT ST_AsMVTGeom(ST_Transform(ST_PointOnSurface(k.geom), 3857), bounds.b3857, 4096, 64, true) AS geom,
               k.id, k.code, k.category, k.name_zh, k.name_en, k.coordinate_quality
          FROM key_site k CROSS JOIN bounds
         WHERE k.geom && bounds.b4326
      )
      SELECT ST_AsMVT(mvtgeom, 'key-sites', 4096, 'geom', 'id') FROM mvtgeom`,
  },
  {
    name: 'tile_districts',
    layer: 'districts',
    comment: 'District boundaries (layer districts) and one label point each (layer district-labels), with census population.',
    body: `
      WITH ${BOUNDS},
      polys AS (
        SELECT ST_AsMVTGeom(ST_SimplifyPreserveTopology(ST_Transform(d.geom, 3857), ${PIXEL_M}), bounds.b3857, 4096, 64, true) AS geom,
               d.id, d.name_zh, d.name_en, d.population, d.is_core
          FROM district d CROSS JOIN bounds
         WHERE d.geom && bounds.b4326
      ),
      labels AS (
        SELECT ST_AsMVTGeom(ST_Transform(ST_PointOnSurface(d.geom), 3857), bounds.b3857, 4096, 0, true) AS geom,
               d.id, d.name_zh, d.name_en, d.population, d.is_core
          FROM district d CROSS JOIN bounds
         WHERE d.geom && bounds.b4326
      )
      SELECT (SELECT ST_AsMVT(polys, 'districts', 4096, 'geom', 'id') FROM polys WHERE geom IS NOT NULL)
          || (SELECT ST_AsMVT(labels, 'district-labels', 4096, 'geom', 'id') FROM labels WHERE geom IS NOT NULL)`,
  },
  {
    name: 'tile_streets',
    layer: 'streets',
    comment: 'Generated street network: primary from z10, secondary from z12, local from z13.',
    body: `
      WITH ${BOUNDS},
      mvtgeom AS (
        SELECT ST_AsMVTGeom(ST_Simplify(ST_Transform(s.geom, 3857), ${PIXEL_M} / 2), bounds.b3857, 4096, 64, true) AS geom,
               s.id, s.name_zh, s.name_en, s.class
          FROM street s CROSS JOIN bounds
         WHERE s.geom && bounds.b4326
           AND (s.class = 'primary' AND z >= 10 OR s.class = 'secondary' AND z >= 12 OR s.class = 'local' AND z >= 13)
      )
      SELECT ST_AsMVT(mvtgeom, 'streets', 4096, 'geom', 'id') FROM mvtgeom WHERE geom IS NOT NULL`,
  },
  {
    name: 'tile_rivers',
    layer: 'rivers',
    comment: 'Rivers (the Yangtze and the Jialing) as water polygons.',
    body: `
      WITH ${BOUNDS},
      mvtgeom AS (
        SELECT ST_AsMVTGeom(ST_SimplifyPreserveTopology(ST_Transform(r.geom, 3857), ${PIXEL_M}), bounds.b3857, 4096, 64, true) AS geom,
               r.id, r.code, r.name_zh, r.name_en
          FROM river r CROSS JOIN bounds
         WHERE r.geom && bounds.b4326
      )
      SELECT ST_AsMVT(mvtgeom, 'rivers', 4096, 'geom', 'id') FROM mvtgeom WHERE geom IS NOT NULL`,
  },
];

/** Which tile layers a write to each table changes. */
const TRIGGERS: { table: string; layers: string[] }[] = [
  { table: 'structure', layers: ['structures', 'sectors'] },
  { table: 'tenancy', layers: ['structures', 'sectors'] },
  { table: 'route', layers: ['routes'] },
  { table: 'route_tenant', layers: ['routes'] },
  { table: 'overlay', layers: ['overlays'] },
  { table: 'key_site', layers: ['key-sites'] },
  { table: 'district', layers: ['districts'] },
  { table: 'street', layers: ['streets'] },
  { table: 'river', layers: ['rivers'] },
];

export class VectorTiles1732492800000 implements MigrationInterface {
  name = 'VectorTiles1732492800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tile_layer_version (
        layer       text PRIMARY KEY,
        version     bigint NOT NULL DEFAULT 1,
        changed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO tile_layer_version (layer) SELECT unnest($1::text[])`, [FUNCTIONS.map((f) => f.layer)]);
    await q.query(`
      CREATE FUNCTION bump_tile_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tile_layer_version SET version = version + 1, changed_at = now() WHERE layer = ANY(TG_ARGV);
        RETURN NULL;
      END $$`);
    for (const t of TRIGGERS) {
      await q.query(`CREATE TRIGGER ${t.table}_bumps_tile_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t.table}
                     FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layer_version(${t.layers.map((l) => `'${l}'`).join(', ')})`);
    }
    for (const f of FUNCTIONS) {
      await q.query(`CREATE FUNCTION ${f.name}(z integer, x integer, y integer) RETURNS bytea
                     LANGUAGE sql STABLE PARALLEL SAFE AS $fn$ ${f.body} $fn$`);
      await q.query(`COMMENT ON FUNCTION ${f.name}(integer, integer, integer) IS '${f.comment.replace(/'/g, "''")}'`);
    }
    // A read-only role for tile serving, as pg_tileserv recommends (used when DATABASE_TILES_URL logs in as it).
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cosite_tiles') THEN CREATE ROLE cosite_tiles NOLOGIN; END IF;
    END $$`);
    await q.query(`GRANT SELECT ON structure, tenancy, route, route_tenant, overlay, key_site, district, street, river, tile_layer_version TO cosite_tiles`);
    for (const f of FUNCTIONS) await q.query(`GRANT EXECUTE ON FUNCTION ${f.name}(integer, integer, integer) TO cosite_tiles`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const f of FUNCTIONS) await q.query(`DROP FUNCTION IF EXISTS ${f.name}(integer, integer, integer)`);
    for (const t of TRIGGERS) await q.query(`DROP TRIGGER IF EXISTS ${t.table}_bumps_tile_version ON ${t.table}`);
    await q.query(`DROP FUNCTION IF EXISTS bump_tile_layer_version()`);
    await q.query(`DROP TABLE IF EXISTS tile_layer_version`);
    await q.query(`REVOKE ALL ON structure, tenancy, route, route_tenant, overlay, key_site, district, street, river FROM cosite_tiles`);
  }
}
