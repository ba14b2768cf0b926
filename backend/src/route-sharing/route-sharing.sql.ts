/** Route overlap checks: the SQL beside its repository (route-sharing.repository.ts) and used only there. */

/** The length, simplicity and validity of a proposed route ($1, GeoJSON), and whether $2 is an operator. */
export const SHAPE = `
  SELECT ST_Length(g::geography) AS "lengthM", ST_IsSimple(g) AS simple, ST_IsValidReason(g) AS reason,
         EXISTS (SELECT 1 FROM organisation WHERE id = $2::text AND kind = 'operator') AS "operatorKnown"
    FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g) x`;

/**
 * What a proposed route ($1, GeoJSON) runs along, within the corridor $2 (metres) and heading within $3 degrees:
 * each existing route with its shared stretch and tenants; the length along any route, along routes that can carry
 * it (kinds $4) and along those with $5 units free; the merged shared stretches; other operators' ($6 excluded)
 * recent checks of its family ($7, within $8 days) running along at least $9 × $10 metres of it; and the routes it
 * crosses. route_along is the one definition of "runs along" (migration PoleIntegrationAndRouteSharing).
 */
export const ALONG = `
  WITH p AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g, $2::float8 AS corridor, $3::float8 AS angle),
   near AS MATERIALIZED (
     SELECT r.id, r.code, r.name, r.kind, r.owner_id, r.capacity_unit, r.capacity_total, r.capacity_used, r.status, r.length_m,
            route_along(p.g, r.geom, p.corridor, p.angle) AS along
       FROM p
       -- the box test uses the GiST index; the geography test then measures in metres
       JOIN route r ON r.geom && ST_Expand(p.g, p.corridor / (111320 * cos(radians(ST_YMax(p.g)))) * 1.01)
                   AND ST_DWithin(r.geom::geography, p.g::geography, p.corridor)
      WHERE r.status <> 'decommissioned'),
   along AS (SELECT * FROM near WHERE along IS NOT NULL AND NOT ST_IsEmpty(along))
   SELECT
     (SELECT coalesce(json_agg(json_build_object(
               'id', a.id, 'code', a.code, 'name', a.name, 'kind', a.kind, 'ownerId', a.owner_id, 'status', a.status,
               'canCarry', a.kind = ANY($4::text[]), 'capacityUnit', a.capacity_unit, 'capacityTotal', a.capacity_total, 'capacityUsed', a.capacity_used,
               'capacityFree', a.capacity_total - a.capacity_used, 'lengthM', round(a.length_m::numeric, 1),
               'sharedLengthM', ST_Length(a.along::geography),
               'tenants', (SELECT coalesce(json_agg(json_build_object('operatorId', t.operator_id, 'unitsUsed', t.units_used) ORDER BY t.operator_id), '[]')
                             FROM route_tenant t WHERE t.route_id = a.id),
               'shared', ST_AsGeoJSON(a.along, 7)::json) ORDER BY ST_Length(a.along::geography) DESC, a.id), '[]') FROM along a) AS routes,
     (SELECT ST_Length(route_along_merge(p.g, array_agg(a.along))::geography) FROM p, along a GROUP BY p.g) AS "alongAnyM",
     (SELECT ST_Length(route_along_merge(p.g, array_agg(a.along))::geography) FROM p, along a WHERE a.kind = ANY($4::text[]) GROUP BY p.g) AS "alongHostsM",
     (SELECT ST_Length(route_along_merge(p.g, array_agg(a.along))::geography) FROM p, along a WHERE a.kind = ANY($4::text[]) AND a.status = 'built' AND a.capacity_total - a.capacity_used >= $5::int GROUP BY p.g) AS "alongHostsWithRoomM",
     (SELECT ST_AsGeoJSON(route_along_merge(p.g, array_agg(a.along)), 7)::json FROM p, along a GROUP BY p.g) AS shared,
     (SELECT coalesce(json_agg(json_build_object('checkId', c.id, 'operator', c.operator_id, 'kind', c.kind, 'createdAt', c.created_at, 'sharedLengthM', c.shared) ORDER BY c.created_at), '[]')
        FROM (SELECT c.id, c.operator_id, c.kind, c.created_at, ST_Length(route_along(p.g, c.geom, p.corridor, p.angle)::geography) AS shared
                FROM p JOIN route_overlap_check c ON c.geom && ST_Expand(p.g, p.corridor / (111320 * cos(radians(ST_YMax(p.g)))) * 1.01)
                                                 AND ST_DWithin(c.geom::geography, p.g::geography, p.corridor)
               WHERE c.operator_id <> $6::text AND c.kind = ANY($7::text[]) AND c.created_at > now() - make_interval(days => $8::int)) c
       WHERE c.shared >= $9::float8 * $10::float8) AS "coBuildPartners",
     (SELECT coalesce(json_agg(json_build_object('routeId', r.id, 'kind', r.kind, 'ownerId', r.owner_id, 'at', ST_AsGeoJSON(ST_PointOnSurface(ST_Intersection(r.geom, p.g)), 7)::json) ORDER BY r.id), '[]')
        FROM p JOIN route r ON r.geom && p.g AND ST_Crosses(r.geom, p.g) WHERE r.status <> 'decommissioned') AS crossings`;

export const INSERT_CHECK = `
  INSERT INTO route_overlap_check (operator_id, kind, capacity_needed, corridor_m, verdict, result, geom)
  VALUES ($1::text, $2::text, $3::int, $4::float8, $5::text, $6::jsonb, ST_SetSRID(ST_GeomFromGeoJSON($7::text), 4326))
  RETURNING id, created_at AS "createdAt"`;

export const GET_CHECK = `
  SELECT id, created_at AS "createdAt", ST_AsGeoJSON(geom, 7)::json AS geometry, result FROM route_overlap_check WHERE id = $1::uuid`;
