/** The siting rule engine's reads: the SQL beside its repository (siting.repository.ts) and used only there. */

/** The overlays in force at a point ($1 lon, $2 lat). */
export const OVERLAYS_AT = `
  SELECT id::int, kind, name, height_limit_m::float8 AS "heightLimitM" FROM overlay_in_force
   WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326))
   ORDER BY id`;

export const STRUCTURE = `
  SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, kind, height_m::float8 AS "heightM", build_form AS "buildForm", status FROM structure WHERE id = $1::bigint`;

/** The radio of a structure's tenancies still standing (planned or active), as EMF counts them. */
export const TENANCY_SECTORS = `
  SELECT eirp_dbm::float8 AS "eirpDbm", azimuth_deg::float8 AS "azimuthDeg", sector_count AS "sectorCount", band_mhz AS "bandMHz",
         antenna_height_m::float8 AS "antennaHeightM", (mech_tilt_deg + elec_tilt_deg)::float8 AS "tiltDeg"
    FROM tenancy WHERE structure_id = $1::bigint AND status <> 'decommissioned' ORDER BY id`;

/**
 * The nearest overlay of the kinds $3 within $4 metres of a point ($1 lon, $2 lat), with its closest point. Metres
 * from Web Mercator scaled by cos(latitude): within a kilometre as exact as geography, and far cheaper.
 */
export const NEAREST_SENSITIVE = `
  SELECT * FROM (
    SELECT o.id::int, o.kind, o.name, ST_Distance(ST_Transform(o.geom, 3857), ST_Transform(p.pt, 3857)) * cos(radians($2::float8)) AS "distanceM",
           ST_X(ST_ClosestPoint(o.geom, p.pt)) AS lon, ST_Y(ST_ClosestPoint(o.geom, p.pt)) AS lat
      FROM (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS pt) p
      JOIN overlay_in_force o ON o.kind = ANY($3::text[]) AND o.geom && ST_Expand(p.pt, $4::float8 / (111320 * cos(radians($2::float8))))) c
   WHERE "distanceM" <= $4::float8
   ORDER BY "distanceM", id LIMIT 1`;
