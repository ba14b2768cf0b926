/** The co-location module's SQL (analyses, co-build groups, the siting reads), beside its repository and used only there. */

/** The operator's existence ($3), the residents and the district at the point ($1 lon, $2 lat), in one round trip. */
export const PLACE = `
  SELECT EXISTS (SELECT 1 FROM organisation WHERE id = $3::text AND kind = 'operator') AS "operatorKnown",
         (SELECT population FROM population_cell p WHERE ST_Intersects(p.geom, pt) LIMIT 1) AS population,
         (SELECT id FROM district d WHERE ST_Intersects(d.geom, pt) ORDER BY id LIMIT 1) AS district
    FROM (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS pt) x`;

/**
 * Structures in the ring ($1 lon, $2 lat, $3 radius in metres) and those just outside it (to 1.25 × the radius), and
 * a capacity demand's serving structure ($4, or null) wherever it stands.
 */
export const STRUCTURES_AROUND = `
  WITH c AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS pt),
       -- the few overlays in force around the ring, read once (not one index probe per structure: 40 → 7 ms for 2,000 structures)
       ov AS MATERIALIZED (SELECT o.kind, o.geom FROM overlay_in_force o, c WHERE o.geom && ST_Expand(c.pt, $3::float8 * 1.25 / (111320 * cos(radians($2::float8))) * 1.01))
  SELECT s.id::int, s.code, s.name, s.kind, s.status, s.replaced_by::int AS "replacedBy", s.height_m::float8 AS "heightM", s.slots_total AS "slotsTotal",
         coalesce(u.slots, 0)::int AS "slotsUsed", s.load_capacity_kg::float8 AS "loadCapacityKg", coalesce(u.load, 0)::float8 AS "loadUsedKg",
         s.public_institution AS "publicInstitution", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
         s.voltage_kv::float8 AS "voltageKv", s.conductor_height_m::float8 AS "conductorHeightM",
         ST_Distance(s.geom::geography, c.pt::geography) AS "distanceM",
         coalesce(u.ops, '{}') AS "operatorTechnologies", coalesce(u.bands, '{}') AS "operatorBands",
         coalesce((SELECT array_agg(DISTINCT ov.kind ORDER BY ov.kind) FROM ov WHERE ov.geom && s.geom AND ST_Intersects(ov.geom, s.geom)), '{}') AS "overlayKinds"
    FROM c
    -- the box test uses the GiST index on geom; the geography test then measures in metres
    JOIN structure s ON (s.geom && ST_Expand(c.pt, $3::float8 * 1.25 / (111320 * cos(radians($2::float8))) * 1.01)
                     AND ST_DWithin(s.geom::geography, c.pt::geography, $3::float8 * 1.25))
                     OR s.id = $4::bigint
    LEFT JOIN LATERAL (SELECT sum(t.slots_used) AS slots, sum(t.load_kg) AS load, array_agg(DISTINCT t.operator_id || '/' || t.technology) AS ops,
                              array_agg(DISTINCT t.operator_id || '/' || t.technology || '/' || t.band_mhz) AS bands
                         FROM tenancy t WHERE t.structure_id = s.id AND t.status <> 'decommissioned') u ON true
   WHERE s.status <> 'decommissioned'
   ORDER BY s.id`;

/** A demand's ring ($1 lon, $2 lat, $3 radius in metres) as a geometry (hex EWKB). */
export const RING = `SELECT ST_Buffer(ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography, $3::float8)::geometry AS area`;

export const INSERT_ANALYSIS = `
  INSERT INTO colocation_analysis (operator_id, technology, decision, district_id, demand, result, geom, batch_id, line, organisation_id)
  VALUES ($1::text, $2::text, $3::text, $4::int, $5::jsonb, $6::jsonb, ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4326), $9::uuid, $10::int, $11::text)
  RETURNING id, created_at`;

/** An analysis; a planner ($2 the role) sees only their own organisation's ($3). */
export const GET_ANALYSIS = `
  SELECT id, created_at AS "createdAt", result FROM colocation_analysis
   WHERE id = $1::uuid AND ($2::text IS DISTINCT FROM 'planner' OR organisation_id IS NULL OR organisation_id = $3::text)`;

/**
 * A page ($3 limit, $4 offset) of the analyses a planner's organisation ($2) made, newest first; every one for an
 * administrator ($1 the role). Batch lines are left out (their batch lists them). With the total, and the newest
 * application filed from each.
 */
export const LIST_ANALYSES = `
  WITH mine AS (
    SELECT a.* FROM colocation_analysis a
     WHERE a.batch_id IS NULL AND ($1::text = 'admin' OR a.organisation_id = $2::text))
  SELECT m.id, m.created_at AS "createdAt", m.operator_id AS operator, m.technology, m.decision,
         ST_X(m.geom) AS lon, ST_Y(m.geom) AS lat, (m.demand->>'searchRadiusM')::float8 AS "searchRadiusM",
         m.result->'best'->>'structureId' AS "structureId", m.result->'best'->>'name' AS "siteName", m.result->'best'->>'code' AS "siteCode",
         m.result->'siting'->>'verdict' AS verdict, (m.result ? 'gap' OR m.result ? 'capacityGap') AS "fromGap",
         app.id AS "applicationId", app.code AS "applicationCode", app.state AS "applicationState",
         count(*) OVER ()::int AS total
    FROM mine m
    LEFT JOIN LATERAL (SELECT p.id, p.code, p.state FROM application p WHERE p.analysis_id = m.id ORDER BY p.created_at DESC LIMIT 1) app ON true
   ORDER BY m.created_at DESC, m.id
   LIMIT $3::int OFFSET $4::int`;

/** How many analyses LIST_ANALYSES would list in all (for a page past the end, which has no row to carry the total). */
export const COUNT_ANALYSES = `
  SELECT count(*)::int AS total FROM colocation_analysis a
   WHERE a.batch_id IS NULL AND ($1::text = 'admin' OR a.organisation_id = $2::text)`;

/** Decisions booked per value of `key` (an expression over colocation_analysis). */
const decisionsBy = (key: string) => `
  SELECT ${key} AS key, count(*) FILTER (WHERE decision = 'share')::int AS share, count(*) FILTER (WHERE decision = 'upgrade')::int AS upgrade,
         count(*) FILTER (WHERE decision = 'new_build')::int AS "newBuild" FROM colocation_analysis GROUP BY 1 ORDER BY 1`;
export const DECISIONS_BY_OPERATOR = decisionsBy('operator_id');
export const DECISIONS_BY_DISTRICT = decisionsBy('district_id');
export const DECISIONS_BY_MONTH = decisionsBy(`to_char(created_at, 'YYYY-MM')`);

export const DECISION_TOTALS = `
  SELECT count(*) FILTER (WHERE decision IN ('share','upgrade'))::int AS avoided, count(*)::int AS total,
         count(DISTINCT cobuild_group_id)::int AS groups, count(cobuild_group_id)::int AS grouped
    FROM colocation_analysis`;

// ---- co-build ----

/** Grouping reads and rewrites groups: one transaction at a time, so two workers cannot form overlapping groups. */
export const LOCK_COBUILD = `SELECT pg_advisory_xact_lock(hashtext('cosite.cobuild'))`;

/** A new-build analysis with its suggested site (null when it is not a new build). */
export const NEW_BUILD_ANALYSIS = `
  SELECT id, operator_id AS operator, cobuild_group_id AS "groupId", demand, result->>'environment' AS environment, result->'newBuild'->'location' AS site
    FROM colocation_analysis WHERE id = $1::uuid AND decision = 'new_build'`;

/**
 * Co-build partners of analysis $1: new builds of other operators within $2 metres (and within both rings), analysed
 * within $3 days of it, with a suggested site; those already grouped first, then the nearest.
 */
export const COBUILD_PARTNERS = `
  SELECT a.id, a.operator_id AS operator, a.cobuild_group_id AS "groupId", a.demand, a.result->>'environment' AS environment
    FROM colocation_analysis m
    JOIN colocation_analysis a
      ON a.decision = 'new_build' AND a.id <> m.id AND a.operator_id <> m.operator_id
     AND a.geom && ST_Expand(m.geom, $2::float8 / (111320 * cos(radians(ST_Y(m.geom)))))
     AND ST_DWithin(a.geom::geography, m.geom::geography, least($2::float8, (a.demand->>'searchRadiusM')::float8 + (m.demand->>'searchRadiusM')::float8))
     AND a.created_at BETWEEN m.created_at - make_interval(days => $3::int) AND m.created_at + make_interval(days => $3::int)
     AND a.result->'newBuild'->'location' <> 'null'::jsonb
   WHERE m.id = $1::uuid
   ORDER BY a.cobuild_group_id IS NULL, ST_Distance(a.geom::geography, m.geom::geography), a.id`;

export const COBUILD_MEMBERS = `
  SELECT id, operator_id AS operator, cobuild_group_id AS "groupId", demand, result->>'environment' AS environment
    FROM colocation_analysis WHERE cobuild_group_id = $1::uuid ORDER BY created_at, id`;

/** The group analysis $1 belongs to, with its members in the order they came. */
export const COBUILD_VIEW = `
  SELECT g.id, g.proposal, ST_X(g.site) AS lon, ST_Y(g.site) AS lat,
         (SELECT jsonb_agg(jsonb_build_object('analysisId', a.id, 'operator', a.operator_id, 'technology', a.technology, 'line', a.line, 'batchId', a.batch_id) ORDER BY a.created_at, a.id)
            FROM colocation_analysis a WHERE a.cobuild_group_id = g.id) AS members
    FROM colocation_analysis me JOIN colocation_cobuild_group g ON g.id = me.cobuild_group_id
   WHERE me.id = $1::uuid`;

/** Analysis $1's ring, intersected with the area $2 so far (the whole ring when $2 is null). */
export const RING_WITHIN = `
  SELECT CASE WHEN $2::geometry IS NULL THEN ring ELSE ST_Intersection($2::geometry, ring) END AS area
    FROM (SELECT ST_Buffer(geom::geography, (demand->>'searchRadiusM')::float8)::geometry AS ring FROM colocation_analysis WHERE id = $1::uuid) x`;

export const AREA_SHAPE = `SELECT ST_IsEmpty($1::geometry) AS empty, ST_Dimension($1::geometry) AS dim`;

/** A group's area ($1), site ($2 lon, $3 lat) and proposal ($4). */
export const INSERT_COBUILD_GROUP = `
  INSERT INTO colocation_cobuild_group (area, site, proposal) VALUES ($1::geometry, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326), $4::jsonb) RETURNING id`;

/** The same for an existing group ($5). (UPDATE … RETURNING through TypeORM answers [rows, count]: a CTE makes it answer rows.) */
export const UPDATE_COBUILD_GROUP = `
  WITH u AS (UPDATE colocation_cobuild_group SET area = $1::geometry, site = ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326), proposal = $4::jsonb, updated_at = now()
              WHERE id = $5::uuid RETURNING id)
  SELECT id FROM u`;

export const JOIN_COBUILD_GROUP = `UPDATE colocation_analysis SET cobuild_group_id = $1::uuid WHERE id = ANY($2::uuid[])`;

// ---- new-build siting ----

/**
 * Populated grid cells in a box ($1..$4: west, south, east, north) whose best signal for operator $5 and
 * technology $6 is below the threshold $7 (real, as the column) or absent.
 */
export const UNCOVERED_CELLS = `
  SELECT ST_X(g.geom) AS lon, ST_Y(g.geom) AS lat, g.population
    FROM coverage_grid_population g
   WHERE g.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326) AND g.population > 0
     AND NOT EXISTS (SELECT 1 FROM coverage_cell v WHERE v.h3 = g.h3 AND v.operator_id = $5::text AND v.technology = $6::text AND v.best_rsrp_dbm >= $7::real)`;

/**
 * A 9 × 9 grid over the bounding box of area $1, kept where it falls inside the area and outside no-build zones,
 * water and facility-protection zones, each point with the overlay kinds it lies in.
 */
export const BUILDABLE_GRID = `
  WITH a AS (SELECT $1::geometry AS area),
  box AS (SELECT area, ST_XMin(area) AS x0, ST_YMin(area) AS y0, ST_XMax(area) AS x1, ST_YMax(area) AS y1 FROM a),
  grid AS (
    SELECT row_number() OVER (ORDER BY i, j)::int AS id, ST_SetSRID(ST_MakePoint(x0 + (x1 - x0) * i / 8.0, y0 + (y1 - y0) * j / 8.0), 4326) AS pt, area
      FROM box, generate_series(0, 8) i, generate_series(0, 8) j)
  SELECT g.id, ST_X(g.pt) AS lon, ST_Y(g.pt) AS lat,
         coalesce((SELECT array_agg(DISTINCT o.kind ORDER BY o.kind) FROM overlay_in_force o WHERE ST_Intersects(o.geom, g.pt)), '{}') AS kinds
    FROM grid g
   WHERE ST_Intersects(g.area, g.pt)
     AND NOT EXISTS (SELECT 1 FROM overlay_in_force o WHERE o.kind = 'no_build_zone' AND ST_Intersects(o.geom, g.pt))
     AND NOT EXISTS (SELECT 1 FROM river r WHERE ST_Intersects(r.geom, g.pt))
     -- nor inside another facility's protection zone (a tower's footprint would be works there)
     AND NOT EXISTS (SELECT 1 FROM protection_zone z WHERE ST_Intersects(z.geom, g.pt))
   ORDER BY g.id`;

/** The bands operator $1 radiates technology $2 on anywhere in the city, and those on structure $3. */
export const OPERATOR_BANDS = `
  SELECT coalesce(array_agg(DISTINCT t.band_mhz ORDER BY t.band_mhz DESC), '{}') AS city,
         coalesce(array_agg(DISTINCT t.band_mhz ORDER BY t.band_mhz DESC) FILTER (WHERE t.structure_id = $3::bigint), '{}') AS site
    FROM tenancy t WHERE t.operator_id = $1::text AND t.technology = $2::text AND t.status = 'active'`;
