/** The regulator's indicators: the SQL beside its repository (kpi.repository.ts) and used only there. */

export const DISTRICT_EXISTS = `SELECT EXISTS (SELECT 1 FROM district WHERE id = $1::int) AS found`;

export const OPERATOR_EXISTS = `SELECT EXISTS (SELECT 1 FROM organisation WHERE id = $1::text AND kind = 'operator') AS found`;

/**
 * Every facility the rates measure, with its users (operators), district, build mode and date. Definitions (also in
 * the README): a structure's users are the operators with an active tenancy on it; a route's users are its tenants
 * with units in use, plus its owner when the owner is an operator using capacity of its own. Shared = two or more
 * users. Routes are measured by length, structures by count; a route belongs to the district holding its midpoint.
 * $1: the structure kinds that count as towers.
 */
const FACILITIES = `
  SELECT CASE WHEN s.kind = 'indoor_distribution' THEN 'indoor' ELSE 'tower' END AS family, 1::float8 AS measure,
         s.build_mode = 'co_build' AS cobuilt, s.built_on, s.district_id,
         array(SELECT DISTINCT t.operator_id FROM tenancy t WHERE t.structure_id = s.id AND t.status = 'active') AS users
    FROM structure s
   WHERE s.status = 'built' AND (s.kind = ANY($1::text[]) OR s.kind = 'indoor_distribution')
  UNION ALL
  SELECT CASE r.kind WHEN 'pole_line' THEN 'pole_route' ELSE 'duct' END, r.length_m, r.build_mode = 'co_build', r.built_on,
         (SELECT d.id FROM district d WHERE ST_Intersects(d.geom, ST_LineInterpolatePoint(r.geom, 0.5)) ORDER BY d.id LIMIT 1),
         array(SELECT t.operator_id FROM route_tenant t WHERE t.route_id = r.id AND t.units_used > 0
               UNION
               SELECT r.owner_id FROM organisation o
                WHERE o.id = r.owner_id AND o.kind = 'operator'
                  AND r.capacity_used > (SELECT coalesce(sum(t.units_used), 0) FROM route_tenant t WHERE t.route_id = r.id))
    FROM route r
   WHERE r.status = 'built' AND r.kind IN ('pole_line', 'duct')`;

/**
 * Per group key and family: facilities in use, shared, built in the period ($4..$5) and co-built, filtered by
 * district ($2) and operator ($3). The three groupings differ only in the key (and, per operator, one row per user).
 */
const familySums = (key: string, perOperator: boolean) => `
  WITH f AS (${FACILITIES})
  SELECT ${key} AS key, f.family,
         coalesce(sum(f.measure) FILTER (WHERE cardinality(f.users) >= 1), 0)::float8 AS "inUse",
         coalesce(sum(f.measure) FILTER (WHERE cardinality(f.users) >= 2), 0)::float8 AS shared,
         coalesce(sum(f.measure) FILTER (WHERE f.period), 0)::float8 AS built,
         coalesce(sum(f.measure) FILTER (WHERE f.period AND f.cobuilt), 0)::float8 AS "coBuilt"
    FROM (SELECT f.*, ($4::date IS NULL OR f.built_on >= $4::date) AND ($5::date IS NULL OR f.built_on <= $5::date) AS period FROM f) f
    ${perOperator ? 'CROSS JOIN LATERAL unnest(f.users) AS op' : ''}
   WHERE ($2::int IS NULL OR f.district_id = $2::int) AND ($3::text IS NULL OR $3::text = ANY(f.users))
     ${perOperator ? 'AND ($3::text IS NULL OR op = $3::text)' : ''}
   GROUP BY 1, 2
   ORDER BY 1, 2`;

export const FAMILY_SUMS = familySums(`'all'`, false);
export const FAMILY_SUMS_BY_DISTRICT = familySums('f.district_id::text', false);
export const FAMILY_SUMS_BY_OPERATOR = familySums('op', true);

/** Co-location analyses booked (and how many shared or upgraded) by district, operator and period. */
export const DECISIONS_BOOKED = `
  SELECT count(*)::int AS analyses, count(*) FILTER (WHERE decision IN ('share','upgrade'))::int AS shared
    FROM colocation_analysis
   WHERE ($1::int IS NULL OR district_id = $1::int) AND ($2::text IS NULL OR operator_id = $2::text)
     AND ($3::date IS NULL OR created_at >= $3::date) AND ($4::date IS NULL OR created_at < $4::date + 1)`;

/** Applications by state and kind, with the mean days from submission to decision, by district, operator and period. */
export const APPROVALS = `
  SELECT a.state, a.kind, count(*)::int AS n,
         avg(extract(epoch FROM (a.state_changed_at - s.submitted_at)) / 86400) FILTER (WHERE a.state IN ('approved','rejected'))::float8 AS "leadDays"
    FROM application a
    LEFT JOIN LATERAL (SELECT min(e.at) AS submitted_at FROM audit_event e
                        WHERE e.entity = 'application' AND e.entity_id = a.id::text AND e.action IN ('to_submitted','to_bureau_review')) s ON true
    LEFT JOIN colocation_analysis c ON c.id = a.analysis_id
   WHERE ($1::int IS NULL OR c.district_id = $1::int) AND ($2::text IS NULL OR a.operator_id = $2::text)
     AND ($3::date IS NULL OR a.created_at >= $3::date) AND ($4::date IS NULL OR a.created_at < $4::date + 1)
   GROUP BY a.state, a.kind`;
