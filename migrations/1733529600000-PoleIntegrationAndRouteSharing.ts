import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The rules of the subjects this migration adds (pole integration, route sharing, KPI targets), as seeded.
 * A frozen copy, not an import of backend/src/zoning/regulation-rules.ts: this migration seeds what it seeded the day
 * it was written, whatever that file says later (a rule changed since is a later migration's, or an administrator's, edit).
 */
const SEEDED_RULES = [
  {
    code: 'pole_integration.street_poles',
    subject: 'pole_integration',
    appliesTo: 'street_pole',
    outcome: 'limit',
    params: {
      clusterDistanceM: 25,
      minReductionShare: 0.5,
      maxStreetDistanceM: 40,
      smartPoleSlots: 3,
      smartPoleHeightM: 12,
      smartPoleLoadKg: 150,
      smallCellMaxAntennaHeightM: 15,
    },
    regulation: '14th five-year plan for information and communication infrastructure',
    article:
      "multi-pole integration (多杆合一): street poles merged into shared smart poles, more than half of them removed; the 25 m cluster distance is Cosite's default",
  },
  {
    code: 'route_sharing.duct',
    subject: 'route_sharing',
    appliesTo: 'duct',
    outcome: 'approval_required',
    params: { hostKinds: ['duct'], corridorM: 10, maxAngleDeg: 30, mustShareMinShare: 0.5, coBuildWindowDays: 90 },
    regulation: 'MIIT/SASAC urgent notice on promoting co-build and sharing of telecom infrastructure (工信部联通〔2008〕235号)',
    article: 'existing pole routes and ducts must be shared; no new pole route or duct along an existing route without approval',
  },
  {
    code: 'route_sharing.buried_cable',
    subject: 'route_sharing',
    appliesTo: 'buried_cable',
    outcome: 'approval_required',
    params: { hostKinds: ['duct'], corridorM: 10, maxAngleDeg: 30, mustShareMinShare: 0.5, coBuildWindowDays: 90 },
    regulation: 'MIIT/SASAC urgent notice on promoting co-build and sharing of telecom infrastructure (工信部联通〔2008〕235号)',
    article: 'existing pole routes and ducts must be shared; no new pole route or duct along an existing route without approval',
  },
  {
    code: 'route_sharing.pole_line',
    subject: 'route_sharing',
    appliesTo: 'pole_line',
    outcome: 'approval_required',
    params: { hostKinds: ['pole_line', 'aerial_cable'], corridorM: 10, maxAngleDeg: 30, mustShareMinShare: 0.5, coBuildWindowDays: 90 },
    regulation: 'MIIT/SASAC urgent notice on promoting co-build and sharing of telecom infrastructure (工信部联通〔2008〕235号)',
    article: 'existing pole routes and ducts must be shared; no new pole route or duct along an existing route without approval',
  },
  {
    code: 'route_sharing.aerial_cable',
    subject: 'route_sharing',
    appliesTo: 'aerial_cable',
    outcome: 'approval_required',
    params: { hostKinds: ['pole_line', 'aerial_cable'], corridorM: 10, maxAngleDeg: 30, mustShareMinShare: 0.5, coBuildWindowDays: 90 },
    regulation: 'MIIT/SASAC urgent notice on promoting co-build and sharing of telecom infrastructure (工信部联通〔2008〕235号)',
    article: 'existing pole routes and ducts must be shared; no new pole route or duct along an existing route without approval',
  },
  {
    code: 'kpi.tower_sharing',
    subject: 'kpi_target',
    appliesTo: 'tower_sharing',
    outcome: 'target',
    params: { min: 0.55 },
    regulation: 'National telecom infrastructure co-build and sharing targets (电信基础设施共建共享年度工作要求)',
    article: 'average base-station sharing rate',
  },
  {
    code: 'kpi.pole_route_sharing',
    subject: 'kpi_target',
    appliesTo: 'pole_route_sharing',
    outcome: 'target',
    params: { min: 0.7 },
    regulation: 'National telecom infrastructure co-build and sharing targets (电信基础设施共建共享年度工作要求)',
    article: 'sharing rate of pole routes, ducts and indoor distribution',
  },
  {
    code: 'kpi.duct_sharing',
    subject: 'kpi_target',
    appliesTo: 'duct_sharing',
    outcome: 'target',
    params: { min: 0.45 },
    regulation: 'National telecom infrastructure co-build and sharing targets (电信基础设施共建共享年度工作要求)',
    article: 'sharing rate of pole routes, ducts and indoor distribution',
  },
  {
    code: 'kpi.indoor_sharing',
    subject: 'kpi_target',
    appliesTo: 'indoor_sharing',
    outcome: 'target',
    params: { min: 0.45 },
    regulation: 'National telecom infrastructure co-build and sharing targets (电信基础设施共建共享年度工作要求)',
    article: 'sharing rate of pole routes, ducts and indoor distribution',
  },
  {
    code: 'kpi.pole_route_cobuild',
    subject: 'kpi_target',
    appliesTo: 'pole_route_cobuild',
    outcome: 'target',
    params: { min: 0.3 },
    regulation: 'National telecom infrastructure co-build and sharing targets (电信基础设施共建共享年度工作要求)',
    article: 'co-build rate of new pole routes, ducts and indoor systems',
  },
  {
    code: 'kpi.duct_cobuild',
    subject: 'kpi_target',
    appliesTo: 'duct_cobuild',
    outcome: 'target',
    params: { min: 0.4 },
    regulation: 'National telecom infrastructure co-build and sharing targets (电信基础设施共建共享年度工作要求)',
    article: 'co-build rate of new pole routes, ducts and indoor systems',
  },
  {
    code: 'kpi.indoor_cobuild',
    subject: 'kpi_target',
    appliesTo: 'indoor_cobuild',
    outcome: 'target',
    params: { min: 0.35 },
    regulation: 'National telecom infrastructure co-build and sharing targets (电信基础设施共建共享年度工作要求)',
    article: 'co-build rate of new pole routes, ducts and indoor systems',
  },
];

export const ROUTE_ALONG_MERGE = `
  CREATE FUNCTION route_along_merge(p geometry, parts geometry[]) RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_Multi(ST_Collect(ST_LineSubstring(p, lo, hi) ORDER BY lo))
      FROM (SELECT min(lo) AS lo, max(hi) AS hi
              FROM (SELECT lo, hi, sum(starts) OVER (ORDER BY lo, hi) AS island
                      FROM (SELECT lo, hi, CASE WHEN lo <= max(hi) OVER (ORDER BY lo, hi ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS starts
                              FROM (SELECT least(f0, f1) AS lo, greatest(f0, f1) AS hi
                                      FROM (SELECT ST_LineLocatePoint(p, ST_StartPoint(d.geom)) AS f0, ST_LineLocatePoint(p, ST_EndPoint(d.geom)) AS f1
                                              FROM unnest(parts) AS part, ST_Dump(part) AS d
                                             WHERE GeometryType(d.geom) = 'LINESTRING') e) f) g) h
             GROUP BY island) i
     WHERE hi > lo
  $$`;

/**
 * Multi-pole integration and route sharing: consolidation runs and their smart-pole proposals, route overlap checks,
 * how a structure or route was built (alone or co-built) and when, which pole a smart pole replaces, and the rules
 * (cluster distance, corridor, sharing targets) as data. `route_along` is the one definition of "runs along".
 */
export class PoleIntegrationAndRouteSharing1733529600000 implements MigrationInterface {
  name = 'PoleIntegrationAndRouteSharing1733529600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE regulation_rule DROP CONSTRAINT regulation_rule_subject_check`);
    await q.query(`ALTER TABLE regulation_rule ADD CONSTRAINT regulation_rule_subject_check
                   CHECK (subject IN ('overlay','build_form','emf','protection_width','works_activity','spacing','pole_integration','route_sharing','kpi_target'))`);
    await q.query(
      `INSERT INTO regulation_rule (code, subject, applies_to, outcome, params, regulation, article)
       SELECT code, subject, "appliesTo", outcome, params, regulation, article
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, subject text, "appliesTo" text, outcome text, params jsonb, regulation text, article text)
       ON CONFLICT (code) DO NOTHING`,
      [JSON.stringify(SEEDED_RULES)],
    );

    // A merged pole stays until its smart pole stands; replaced_by says which one takes over.
    await q.query(`ALTER TABLE structure ADD COLUMN replaced_by bigint REFERENCES structure(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX structure_replaced_by_idx ON structure (replaced_by) WHERE replaced_by IS NOT NULL`);
    // Co-built: built jointly by several operators from the start (the co-build rates count these).
    await q.query(`ALTER TABLE structure ADD COLUMN build_mode text NOT NULL DEFAULT 'single' CHECK (build_mode IN ('single','co_build'))`);
    await q.query(`ALTER TABLE route ADD COLUMN build_mode text NOT NULL DEFAULT 'single' CHECK (build_mode IN ('single','co_build'))`);
    await q.query(`ALTER TABLE route ADD COLUMN built_on date`);

    await q.query(`
      CREATE TABLE pole_consolidation_run (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
        scope        text NOT NULL CHECK (scope IN ('district','area','city')),
        district_id  integer REFERENCES district(id),
        params       jsonb NOT NULL,
        summary      jsonb,
        error        text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        started_at   timestamptz,
        finished_at  timestamptz,
        area         geometry(MultiPolygon,4326),  -- null for the whole city
        CHECK ((scope = 'city') = (area IS NULL))
      )`);
    await q.query(`
      CREATE TABLE pole_consolidation_proposal (
        id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id                 uuid NOT NULL REFERENCES pole_consolidation_run(id) ON DELETE CASCADE,
        cluster_no             integer NOT NULL,
        district_id            integer REFERENCES district(id),
        street_id              bigint NOT NULL REFERENCES street(id),
        street_side            smallint NOT NULL CHECK (street_side IN (-1, 1)),
        pole_ids               bigint[] NOT NULL,
        site_pole_id           bigint NOT NULL REFERENCES structure(id),
        existing_smart_pole    boolean NOT NULL,
        functions              text[] NOT NULL,
        owners                 text[] NOT NULL,
        poles_removed          integer NOT NULL CHECK (poles_removed >= 0),
        slots_before           integer NOT NULL,
        slots_after            integer NOT NULL,
        small_cell_demands     jsonb NOT NULL DEFAULT '[]',
        status                 text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','accepted')),
        accepted_structure_id  bigint REFERENCES structure(id),
        accepted_at            timestamptz,
        geom                   geometry(Point,4326) NOT NULL,
        members                geometry(MultiPoint,4326) NOT NULL,
        UNIQUE (run_id, cluster_no),
        CHECK (cardinality(pole_ids) >= 2)
      )`);
    await q.query(`CREATE INDEX pole_consolidation_run_area_gist ON pole_consolidation_run USING gist (area)`);
    await q.query(`CREATE INDEX pole_consolidation_proposal_geom_gist ON pole_consolidation_proposal USING gist (geom)`);
    await q.query(`CREATE INDEX pole_consolidation_proposal_members_gist ON pole_consolidation_proposal USING gist (members)`);
    await q.query(`CREATE INDEX pole_consolidation_proposal_run_idx ON pole_consolidation_proposal (run_id)`);

    await q.query(`
      CREATE TABLE route_overlap_check (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operator_id      text NOT NULL REFERENCES organisation(id),
        kind             text NOT NULL CHECK (kind IN ('duct','pole_line','aerial_cable','buried_cable')),
        capacity_needed  integer NOT NULL CHECK (capacity_needed >= 1),
        corridor_m       double precision NOT NULL CHECK (corridor_m > 0 AND corridor_m <= 100),
        verdict          text NOT NULL CHECK (verdict IN ('must_share','share_with_upgrade','co_build','new_route_allowed')),
        result           jsonb NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        geom             geometry(LineString,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX route_overlap_check_geom_gist ON route_overlap_check USING gist (geom)`);
    await q.query(`CREATE INDEX route_overlap_check_created_idx ON route_overlap_check (created_at)`);

    // The stretches of line p that run along line o: inside o's corridor (flat ends, so a stretch ends where o ends)
    // and heading within max_angle_deg of o's direction there, so a route that merely crosses o shares nothing.
    await q.query(`
      CREATE FUNCTION route_along(p geometry, o geometry, corridor_m double precision, max_angle_deg double precision)
      RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT ST_Multi(ST_LineMerge(ST_Collect(piece ORDER BY ST_LineLocatePoint(p, ST_StartPoint(piece)))))
          FROM (SELECT (ST_Dump(ST_Intersection(p, ST_Buffer(o::geography, corridor_m, 'endcap=flat join=round')::geometry))).geom AS piece) x
         WHERE GeometryType(piece) = 'LINESTRING' AND ST_Length(piece::geography) >= 0.5
           AND (SELECT least(d, 180 - d) <= max_angle_deg
                  FROM (SELECT t - 180 * floor(t / 180) AS d
                          FROM (SELECT abs(degrees(
                                         ST_Azimuth(ST_StartPoint(piece)::geography, ST_EndPoint(piece)::geography)
                                       - ST_Azimuth(ST_LineInterpolatePoint(o, greatest(f - h, 0))::geography, ST_LineInterpolatePoint(o, least(f + h, 1))::geography))) AS t
                                  FROM (SELECT ST_LineLocatePoint(o, ST_LineInterpolatePoint(piece, 0.5)) AS f,
                                               least(0.5, 5 / greatest(ST_Length(o::geography), 1)) AS h) w) u) a)
      $$`);
    // The stretches of p covered by any of the parts (each a result of route_along on p), merged along p: parts
    // that overlap count once however their nodes fall, so a shared length never exceeds the route's own.
    await q.query(ROUTE_ALONG_MERGE);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS route_along_merge(geometry, geometry[])`);
    await q.query(`DROP FUNCTION IF EXISTS route_along(geometry, geometry, double precision, double precision)`);
    await q.query(`DROP TABLE IF EXISTS route_overlap_check`);
    await q.query(`DROP TABLE IF EXISTS pole_consolidation_proposal`);
    await q.query(`DROP TABLE IF EXISTS pole_consolidation_run`);
    await q.query(`ALTER TABLE route DROP COLUMN IF EXISTS built_on`);
    await q.query(`ALTER TABLE route DROP COLUMN IF EXISTS build_mode`);
    await q.query(`ALTER TABLE structure DROP COLUMN IF EXISTS build_mode`);
    await q.query(`DROP INDEX IF EXISTS structure_replaced_by_idx`);
    await q.query(`ALTER TABLE structure DROP COLUMN IF EXISTS replaced_by`);
    await q.query(
      `DELETE FROM regulation_rule_change WHERE rule_code IN (SELECT code FROM regulation_rule WHERE subject IN ('pole_integration','route_sharing','kpi_target'))`,
    );
    await q.query(`DELETE FROM regulation_rule WHERE subject IN ('pole_integration','route_sharing','kpi_target')`);
    await q.query(`ALTER TABLE regulation_rule DROP CONSTRAINT regulation_rule_subject_check`);
    await q.query(`ALTER TABLE regulation_rule ADD CONSTRAINT regulation_rule_subject_check
                   CHECK (subject IN ('overlay','build_form','emf','protection_width','works_activity','spacing'))`);
  }
}
