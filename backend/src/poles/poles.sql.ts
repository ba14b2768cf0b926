/** The multi-pole integration's SQL (runs and their proposals), run by poles.repository.ts only. */

const PROPOSAL_COLUMNS = `p.id::int, p.cluster_no AS "clusterNo", p.district_id AS "districtId", p.street_id::int AS "streetId", st.name_zh AS "streetZh", st.name_en AS "streetEn",
  p.street_side AS "streetSide", p.pole_ids::int[] AS "poleIds", p.site_pole_id::int AS "sitePoleId", p.existing_smart_pole AS "existingSmartPole",
  p.functions, p.owners, p.poles_removed AS "polesRemoved", p.slots_before AS "slotsBefore", p.slots_after AS "slotsAfter",
  p.slots_after - p.slots_before AS "slotsGained", p.small_cell_demands AS "smallCellDemands", p.status, p.accepted_structure_id::int AS "acceptedStructureId"`;

/** A run over district $1 (its outline is the area); none when there is no such district. */
export const INSERT_DISTRICT_RUN = `
  INSERT INTO pole_consolidation_run (scope, district_id, params, area) SELECT 'district', id, $2::jsonb, geom FROM district WHERE id = $1::int RETURNING id, status`;

export const AREA_VALIDITY = `SELECT ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)) AS reason`;

export const INSERT_AREA_RUN = `
  INSERT INTO pole_consolidation_run (scope, params, area) VALUES ('area', $1::jsonb, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326))) RETURNING id, status`;

export const INSERT_CITY_RUN = `INSERT INTO pole_consolidation_run (scope, params) VALUES ('city', $1::jsonb) RETURNING id, status`;

/** Marks a run running and answers its params; nothing for a run deleted or already done (a job delivered twice). */
export const CLAIM_RUN = `
  WITH u AS (UPDATE pole_consolidation_run SET status = 'running', started_at = now(), error = NULL WHERE id = $1::uuid AND status <> 'done' RETURNING params)
  SELECT params FROM u`;

export const DELETE_PROPOSALS = `DELETE FROM pole_consolidation_proposal WHERE run_id = $1::uuid`;

/**
 * Street poles of run $1's area placed on their kerb ($2 the pole kinds considered, $3 the cluster distance, $4 how
 * far from its street a pole may stand), in the order the clustering walks them.
 */
const kerbPoles = (area: string) => `
  WITH run AS (${area}),
  poles AS (
    SELECT s.id, s.kind, s.owner_id, s.slots_total, s.height_m, s.district_id, s.geom, st.id AS street_id, st.geom AS sgeom
      FROM run, structure s
      CROSS JOIN LATERAL (SELECT x.id, x.geom FROM street x ORDER BY x.geom <-> s.geom LIMIT 1) st
     WHERE (run.area IS NULL OR (s.geom && run.area AND ST_Intersects(run.area, s.geom)))
       AND s.kind = ANY($2::text[]) AND s.status = 'built' AND s.replaced_by IS NULL
       AND ST_DWithin(s.geom::geography, st.geom::geography, $4::float8)),
  placed AS (
    SELECT p.*, ST_LineLocatePoint(p.sgeom, p.geom) AS f FROM poles p),
  sided AS (
    -- the side: sign of the cross product of the street's direction at the pole and the pole's offset from it
    SELECT p.id, p.kind, p.owner_id, p.slots_total, p.height_m, p.district_id, p.geom, p.street_id,
           p.f * ST_Length(p.sgeom::geography) AS along,
           CASE WHEN (ST_X(e.b) - ST_X(e.a)) * (ST_Y(p.geom) - ST_Y(e.a)) - (ST_Y(e.b) - ST_Y(e.a)) * (ST_X(p.geom) - ST_X(e.a)) >= 0 THEN 1 ELSE -1 END AS side
      FROM placed p
      CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(p.sgeom, greatest(p.f - 0.001, 0)) AS a, ST_LineInterpolatePoint(p.sgeom, least(p.f + 0.001, 1)) AS b) e),
  ordered AS (
    SELECT s.*, lag(s.geom) OVER (PARTITION BY s.street_id, s.side ORDER BY s.along, s.id) AS prev FROM sided s)
  SELECT o.id::int, o.kind, o.owner_id AS "ownerId", o.slots_total AS "slotsTotal", o.height_m::float8 AS "heightM", o.district_id AS "districtId",
         o.street_id::int AS "streetId", o.side, o.along AS "alongM", ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
         -- only steps short enough to matter are tested against other streets and rivers
         (o.prev IS NOT NULL AND ST_DWithin(o.prev::geography, o.geom::geography, $3::float8)
            AND (EXISTS (SELECT 1 FROM river r WHERE ST_Intersects(r.geom, ST_MakeLine(o.prev, o.geom)))
                 OR EXISTS (SELECT 1 FROM street x WHERE x.id <> o.street_id AND ST_Intersects(x.geom, ST_MakeLine(o.prev, o.geom))))) AS "crossesFromPrevious"
    FROM ordered o
   ORDER BY o.street_id, o.side, o.along, o.id`;
export const KERB_POLES = kerbPoles('SELECT area FROM pole_consolidation_run WHERE id = $1::uuid');
/** The same in an area given as a geometry ($1), for a rollout plan's smart-pole candidates. */
export const KERB_POLES_IN_AREA = kerbPoles('SELECT $1::geometry AS area');

/** Run $1's proposals, from a JSON array of them (lists as PostgreSQL array literals); geometries from the poles. */
export const INSERT_PROPOSALS = `
  INSERT INTO pole_consolidation_proposal (run_id, cluster_no, district_id, street_id, street_side, pole_ids, site_pole_id, existing_smart_pole,
                                           functions, owners, poles_removed, slots_before, slots_after, geom, members)
  SELECT $1::uuid, r."clusterNo", r."districtId", r."streetId", r.side, r."poleIds", r."sitePoleId", r."existingSmartPole", r.functions, r.owners,
         r."polesRemoved", r."slotsBefore", r."slotsAfter",
         (SELECT geom FROM structure WHERE id = r."sitePoleId"),
         (SELECT ST_Multi(ST_Collect(geom ORDER BY id)) FROM structure WHERE id = ANY(r."poleIds"))
    FROM jsonb_to_recordset($2::jsonb) AS r("clusterNo" int, "districtId" int, "streetId" bigint, side smallint, "poleIds" bigint[], "sitePoleId" bigint,
         "existingSmartPole" boolean, functions text[], owners text[], "polesRemoved" int, "slotsBefore" int, "slotsAfter" int)`;

/** Small-cell demands the co-location analysis could not place on anything standing, whose ring holds the smart pole ($2: the highest small-cell antenna). */
export const ATTACH_SMALL_CELL_DEMANDS = `
  UPDATE pole_consolidation_proposal p SET small_cell_demands = d.list
    FROM (SELECT p2.id, jsonb_agg(jsonb_build_object('analysisId', a.id, 'operator', a.operator_id, 'technology', a.technology,
                                                     'distanceM', round(ST_Distance(a.geom::geography, p2.geom::geography)::numeric, 1)) ORDER BY a.created_at, a.id) AS list
            FROM pole_consolidation_proposal p2
            JOIN colocation_analysis a ON a.decision = 'new_build'
             AND a.geom && ST_Expand(p2.geom, 10000 / (111320 * cos(radians(ST_Y(p2.geom)))))
             AND NOT coalesce((a.demand->>'indoor')::boolean, false)
             AND (a.demand->>'antennaHeightM')::float8 <= $2::float8
             AND ST_DWithin(a.geom::geography, p2.geom::geography, (a.demand->>'searchRadiusM')::float8)
           WHERE p2.run_id = $1::uuid
           GROUP BY p2.id) d
   WHERE p.id = d.id`;

export const SMALL_CELL_DEMAND_COUNTS = `
  SELECT cluster_no AS "clusterNo", jsonb_array_length(small_cell_demands) AS "smallCellDemands" FROM pole_consolidation_proposal WHERE run_id = $1::uuid ORDER BY cluster_no`;

export const FINISH_RUN = `UPDATE pole_consolidation_run SET status = 'done', finished_at = clock_timestamp(), summary = $2::jsonb WHERE id = $1::uuid`;

export const FAIL_RUN = `UPDATE pole_consolidation_run SET status = 'failed', finished_at = now(), error = $2::text WHERE id = $1::uuid`;

export const GET_RUN = `
  SELECT id, status, scope, district_id AS "districtId", params, summary, error, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
         (SELECT count(*)::int FROM pole_consolidation_proposal p WHERE p.run_id = r.id) AS proposals,
         (SELECT count(*)::int FROM pole_consolidation_proposal p WHERE p.run_id = r.id AND p.status = 'accepted') AS accepted
    FROM pole_consolidation_run r WHERE id = $1::uuid`;

/** Run $1's proposals with their geometries (GeoJSON) and the poles each merges. */
export const PROPOSALS = `
  SELECT ${PROPOSAL_COLUMNS}, ST_AsGeoJSON(p.geom, 7)::json AS geometry, ST_AsGeoJSON(p.members, 7)::json AS members,
         (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'kind', s.kind, 'ownerId', s.owner_id, 'slotsTotal', s.slots_total) ORDER BY s.id)
            FROM structure s WHERE s.id = ANY(p.pole_ids)) AS poles
    FROM pole_consolidation_proposal p JOIN street st ON st.id = p.street_id
   WHERE p.run_id = $1::uuid ORDER BY p.cluster_no`;

export const ORGANISATION_EXISTS = `SELECT id FROM organisation WHERE id = $1::text`;

/** Run $1's open proposals (those of $2, or all when null), locked for their acceptance. */
export const LOCK_OPEN_PROPOSALS = `
  SELECT p.id::int, p.cluster_no AS "clusterNo", p.status, p.site_pole_id::int AS "sitePoleId", p.existing_smart_pole AS "existingSmartPole",
         p.pole_ids::int[] AS "poleIds", p.slots_after AS "slotsAfter", st.name_zh AS "streetZh",
         (SELECT max(height_m)::float8 FROM structure WHERE id = ANY(p.pole_ids)) AS "heightM"
    FROM pole_consolidation_proposal p JOIN street st ON st.id = p.street_id
   WHERE p.run_id = $1::uuid AND ($2::int[] IS NULL OR p.id = ANY($2::int[])) AND p.status = 'proposed'
   ORDER BY p.cluster_no FOR UPDATE OF p`;

export const MARK_ACCEPTED = `UPDATE pole_consolidation_proposal SET status = 'accepted', accepted_structure_id = $2::bigint, accepted_at = now() WHERE id = $1::bigint`;
