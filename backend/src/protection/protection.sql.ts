/** Works checks against the facility-protection zones: the SQL beside its repository (protection.repository.ts). */

/** Whether a GeoJSON geometry ($1) is valid, and its length in metres (a line's). */
export const SHAPE = `
  SELECT ST_IsValidReason(g) AS reason, ST_Length(g::geography) AS length FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g) x`;

/**
 * The protection zones within $3 metres of a works area ($1, GeoJSON; a line is buffered to its width $2), with
 * their facility, its owner, whether the works are inside the zone, how far the facility is and whether the works
 * cross it.
 */
export const ZONES_NEAR = `
  WITH w AS (
    SELECT g AS raw, CASE WHEN GeometryType(g) = 'LINESTRING' THEN ST_Buffer(g::geography, $2::float8 / 2.0)::geometry ELSE g END AS area
      FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g) x)
  SELECT z.facility_type AS "facilityType", z.facility_id::int AS "facilityId", z.facility_kind AS "facilityKind", coalesce(s.kind, r.kind) AS kind,
         coalesce(s.code, r.code) AS code, coalesce(s.name, r.name) AS name, z.width_m AS "widthM",
         o.id AS "ownerId", o.name_zh AS "ownerZh", o.name_en AS "ownerEn", o.contact,
         ST_Intersects(z.geom, w.area) AS "insideZone",
         ST_Distance(coalesce(s.geom, r.geom)::geography, w.area::geography) AS "distanceM",
         ST_Intersects(coalesce(s.geom, r.geom), w.raw) AS crossing,
         ST_AsGeoJSON(coalesce(s.geom, r.geom), 6)::json AS geometry
    FROM w
    JOIN protection_zone z ON z.geom && ST_Expand(w.area, $3::float8 / (111320 * cos(radians(ST_Y(ST_Centroid(w.area))))))
                          AND ST_DWithin(z.geom::geography, w.area::geography, $3::float8)
    JOIN organisation o ON o.id = z.owner_id
    LEFT JOIN structure s ON z.facility_type = 'structure' AND s.id = z.facility_id
    LEFT JOIN route r ON z.facility_type = 'route' AND r.id = z.facility_id
   ORDER BY "distanceM", "facilityType", "facilityId"`;

export const INSERT_CHECK = `
  INSERT INTO protection_check (request, result, geom) VALUES ($1::jsonb, $2::jsonb, ST_SetSRID(ST_GeomFromGeoJSON($3::text), 4326))
  RETURNING id, created_at AS "createdAt"`;

export const GET_CHECK = `
  SELECT id, created_at AS "createdAt", result, ST_AsGeoJSON(geom)::json AS area FROM protection_check WHERE id = $1::uuid`;
