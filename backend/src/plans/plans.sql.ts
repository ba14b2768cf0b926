/** The rollout plans' SQL, beside its repository (plans.repository.ts) and used only there. */

/** Districts $1 as one area, with the ids found, and those outside the coverage grid (not core). */
export const DISTRICTS_AREA = `
  SELECT ST_Multi(ST_Union(geom)) AS area, coalesce(array_agg(id ORDER BY id), '{}') AS found,
         coalesce(array_agg(id ORDER BY id) FILTER (WHERE NOT is_core), '{}') AS "notCore"
    FROM district WHERE id = ANY($1::int[])`;

/** A drawn polygon $1 (GeoJSON): why it is invalid (or 'Valid Geometry'), and the core districts it touches. */
export const POLYGON_AREA = `
  WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS geom)
  SELECT ST_IsValidReason(g.geom) AS validity, ST_Multi(g.geom) AS area,
         (SELECT coalesce(array_agg(d.id ORDER BY d.id), '{}') FROM district d WHERE d.is_core AND ST_Intersects(d.geom, g.geom)) AS districts,
         (SELECT count(*) FROM coverage_grid c WHERE c.geom && g.geom AND ST_Intersects(g.geom, c.geom))::int AS "gridCells"
    FROM g`;

export const INSERT_PLAN = `
  INSERT INTO rollout_plan (operator_id, technology, objective, district_ids, area, input, organisation_id, created_by)
  VALUES ($1::text, $2::text, $3::text, $4::int[], $5::geometry, $6::jsonb, $7::text, $8::text)
  RETURNING id`;

/** Takes a queued (or interrupted: a retried job) plan; nothing when it is finished or gone. */
export const CLAIM_PLAN = `
  UPDATE rollout_plan SET status = 'running', started_at = coalesce(started_at, now()), progress = 0, stage = NULL
   WHERE id = $1::uuid AND status IN ('queued', 'running')
  RETURNING input, district_ids AS "districtIds", area`;

export const PROGRESS = `UPDATE rollout_plan SET progress = $2::real, stage = $3::text WHERE id = $1::uuid AND status = 'running'`;

export const FINISH_PLAN = `
  UPDATE rollout_plan SET status = 'completed', progress = 100, stage = NULL, result = $2::jsonb, finished_at = now()
   WHERE id = $1::uuid AND status = 'running'`;

export const DELETE_PLAN_CELLS = `DELETE FROM rollout_plan_cell WHERE plan_id = $1::uuid`;

/** The cells a plan covers ($2 H3 as decimal text, $3 site order, $4 residents). */
export const INSERT_PLAN_CELLS = `
  INSERT INTO rollout_plan_cell (plan_id, h3, site_order, residents)
  SELECT $1::uuid, h::bigint, o, r FROM unnest($2::text[], $3::int[], $4::real[]) AS x(h, o, r)`;

export const FAIL_PLAN = `
  UPDATE rollout_plan SET status = 'failed', stage = NULL, error = $2::text, finished_at = now() WHERE id = $1::uuid AND status <> 'completed'`;

const PLAN_COLUMNS = `id, status, progress::float8 AS progress, stage, created_at AS "createdAt", finished_at AS "finishedAt", input, result, error`;

/** A plan; a planner ($2 the role) sees only their own organisation's ($3). */
export const GET_PLAN = `
  SELECT ${PLAN_COLUMNS} FROM rollout_plan
   WHERE id = $1::uuid AND ($2::text IS DISTINCT FROM 'planner' OR organisation_id IS NULL OR organisation_id = $3::text)`;

/** A page ($3 limit, $4 offset) of the plans a planner's organisation ($2) made, newest first; all for others ($1 role). */
export const LIST_PLANS = `
  SELECT id, status, created_at AS "createdAt", operator_id AS operator, technology, objective, district_ids AS "districtIds",
         (result->'totals'->>'sites')::int AS sites, (result->'totals'->>'cost')::float8 AS cost,
         CASE WHEN result IS NULL THEN NULL ELSE jsonb_array_length(result->'shortfalls') = 0 END AS "targetsMet",
         count(*) OVER ()::int AS total
    FROM rollout_plan
   WHERE $1::text IS DISTINCT FROM 'planner' OR organisation_id = $2::text
   ORDER BY created_at DESC, id LIMIT $3::int OFFSET $4::int`;

export const COUNT_PLANS = `SELECT count(*)::int AS total FROM rollout_plan WHERE $1::text IS DISTINCT FROM 'planner' OR organisation_id = $2::text`;

/** The cells a plan newly covers, as H3 (hex) with the order of the site that covers each first. */
export const PLAN_CELLS = `
  SELECT to_hex(h3) AS h3, site_order AS "order", residents::float8 AS residents FROM rollout_plan_cell WHERE plan_id = $1::uuid ORDER BY site_order, h3`;

/**
 * The grid cells of area $1 and those of the key sites in it, each with its residents and whether operator $2
 * already covers it with technology $3 at threshold $4 (dBm), and the key sites standing on it.
 */
export const AREA_CELLS = `
  WITH a AS (SELECT $1::geometry AS area),
  ks AS (SELECT k.id, ksc.h3 FROM key_site k JOIN key_site_cell ksc ON ksc.key_site_id = k.id, a WHERE k.geom && a.area AND ST_Intersects(a.area, k.geom)),
  cells AS (
    SELECT g.h3, g.population FROM coverage_grid_population g, a WHERE g.geom && a.area AND ST_Intersects(a.area, g.geom)
    UNION
    SELECT g.h3, g.population FROM coverage_grid_population g WHERE g.h3 IN (SELECT h3 FROM ks))
  SELECT to_hex(c.h3) AS h3, c.population::float8 AS residents,
         EXISTS (SELECT 1 FROM coverage_cell v WHERE v.h3 = c.h3 AND v.operator_id = $2::text AND v.technology = $3::text AND v.best_rsrp_dbm >= $4::real) AS covered,
         coalesce((SELECT array_agg(ks.id::int ORDER BY ks.id) FROM ks WHERE ks.h3 = c.h3), '{}') AS "keySites"
    FROM cells c ORDER BY c.h3`;

/** The key sites standing in area $1 (those with grid cells), with their names. */
export const AREA_KEY_SITES = `
  SELECT k.id::int, k.name_zh AS name FROM key_site k
   WHERE k.geom && $1::geometry AND ST_Intersects($1::geometry, k.geom) AND EXISTS (SELECT 1 FROM key_site_cell c WHERE c.key_site_id = k.id)
   ORDER BY k.id`;

/** Base stations of technology $2 (every operator: active tenancies) on structures in area $1. */
export const AREA_BASE_STATIONS = `
  SELECT count(*)::int AS n FROM tenancy t JOIN structure s ON s.id = t.structure_id
   WHERE t.technology = $2::text AND t.status = 'active' AND s.geom && $1::geometry AND ST_Intersects($1::geometry, s.geom)`;

/**
 * The structures standing in area $1 that could carry an outdoor sector, with what the co-location rules read
 * (room, load, tenants), the overlays they lie in, and whether they stand in another facility's protection zone.
 */
export const AREA_STRUCTURES = `
  WITH a AS (SELECT $1::geometry AS area),
  ov AS MATERIALIZED (SELECT o.kind, o.geom FROM overlay_in_force o, a WHERE o.geom && a.area)
  SELECT s.id::int, s.code, s.name, s.kind, s.status, s.replaced_by::int AS "replacedBy", s.height_m::float8 AS "heightM", s.slots_total AS "slotsTotal",
         coalesce(u.slots, 0)::int AS "slotsUsed", s.load_capacity_kg::float8 AS "loadCapacityKg", coalesce(u.load, 0)::float8 AS "loadUsedKg",
         s.public_institution AS "publicInstitution", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, s.district_id AS "districtId",
         s.ground_elevation_m::float8 AS "groundElevationM", s.voltage_kv::float8 AS "voltageKv", s.conductor_height_m::float8 AS "conductorHeightM",
         coalesce(u.ops, '{}') AS "operatorTechnologies", coalesce(u.bands, '{}') AS "operatorBands",
         coalesce((SELECT array_agg(DISTINCT ov.kind ORDER BY ov.kind) FROM ov WHERE ov.geom && s.geom AND ST_Intersects(ov.geom, s.geom)), '{}') AS "overlayKinds",
         EXISTS (SELECT 1 FROM protection_zone z WHERE z.geom && s.geom AND ST_Intersects(z.geom, s.geom)
                    AND NOT (z.facility_type = 'structure' AND z.facility_id = s.id)) AS "inProtectionZone"
    FROM a JOIN structure s ON s.geom && a.area AND ST_Intersects(a.area, s.geom)
    LEFT JOIN LATERAL (SELECT sum(t.slots_used) AS slots, sum(t.load_kg) AS load, array_agg(DISTINCT t.operator_id || '/' || t.technology) AS ops,
                              array_agg(DISTINCT t.operator_id || '/' || t.technology || '/' || t.band_mhz) AS bands
                         FROM tenancy t WHERE t.structure_id = s.id AND t.status <> 'decommissioned') u ON true
   WHERE s.status <> 'decommissioned' AND s.kind <> 'indoor_distribution'
   ORDER BY s.id`;

/**
 * Points ($2 lon, $3 lat) of the new-build lattice with what rules them out or conditions them: outside area $1,
 * on water, in a facility's protection zone; the overlays they lie in; their district.
 */
export const LATTICE_FACTS = `
  WITH p AS (SELECT i::int AS i, ST_SetSRID(ST_MakePoint(x, y), 4326) AS pt FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS u(x, y, i))
  SELECT p.i - 1 AS i,
         ST_Intersects($1::geometry, p.pt) AS inside,
         EXISTS (SELECT 1 FROM river r WHERE r.geom && p.pt AND ST_Intersects(r.geom, p.pt)) AS water,
         EXISTS (SELECT 1 FROM protection_zone z WHERE z.geom && p.pt AND ST_Intersects(z.geom, p.pt)) AS "inProtectionZone",
         coalesce((SELECT array_agg(DISTINCT o.kind ORDER BY o.kind) FROM overlay_in_force o WHERE o.geom && p.pt AND ST_Intersects(o.geom, p.pt)), '{}') AS kinds,
         (SELECT d.id FROM district d WHERE d.geom && p.pt AND ST_Intersects(d.geom, p.pt) ORDER BY d.id LIMIT 1) AS "districtId"
    FROM p ORDER BY p.i`;

/** Whether each point ($1 lon, $2 lat) stands in a facility's protection zone or lies in overlays (smart-pole sites). */
export const POINT_FACTS = `
  WITH p AS (SELECT i::int AS i, ST_SetSRID(ST_MakePoint(x, y), 4326) AS pt, sid FROM unnest($1::float8[], $2::float8[], $3::bigint[]) WITH ORDINALITY AS u(x, y, sid, i))
  SELECT p.i - 1 AS i,
         EXISTS (SELECT 1 FROM protection_zone z WHERE z.geom && p.pt AND ST_Intersects(z.geom, p.pt)
                    AND NOT (z.facility_type = 'structure' AND z.facility_id = p.sid)) AS "inProtectionZone",
         coalesce((SELECT array_agg(DISTINCT o.kind ORDER BY o.kind) FROM overlay_in_force o WHERE o.geom && p.pt AND ST_Intersects(o.geom, p.pt)), '{}') AS kinds
    FROM p ORDER BY p.i`;

/**
 * New-build demands of other operators than $1 within $2 metres of each point ($4 lon, $5 lat), analysed within
 * $3 days: partners to build a tower with.
 */
export const CO_BUILD_NEAR = `
  WITH p AS (SELECT i::int AS i, ST_SetSRID(ST_MakePoint(x, y), 4326) AS pt FROM unnest($4::float8[], $5::float8[]) WITH ORDINALITY AS u(x, y, i))
  SELECT p.i - 1 AS i, a.id AS "analysisId", a.operator_id AS operator, round(ST_Distance(a.geom::geography, p.pt::geography))::float8 AS "distanceM"
    FROM p JOIN colocation_analysis a
      ON a.decision = 'new_build' AND a.operator_id <> $1::text AND a.created_at > now() - make_interval(days => $3::int)
     AND a.geom && ST_Expand(p.pt, $2::float8 / (111320 * cos(radians(ST_Y(p.pt)))))
     AND ST_DWithin(a.geom::geography, p.pt::geography, $2::float8)
   ORDER BY p.i, ST_Distance(a.geom::geography, p.pt::geography), a.id`;

/** Marks plan $1 as being turned into work; nothing when it was already (or is not completed). */
export const CLAIM_WORK = `
  WITH c AS (UPDATE rollout_plan SET work = '{"state":"running"}'::jsonb WHERE id = $1::uuid AND status = 'completed' AND work IS NULL RETURNING id)
  SELECT id FROM c`;

export const SET_WORK = `UPDATE rollout_plan SET work = $2::jsonb WHERE id = $1::uuid`;

export const GET_WORK = `SELECT work FROM rollout_plan WHERE id = $1::uuid`;
