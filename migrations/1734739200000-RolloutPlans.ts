import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Rollout plans (issue 18): a plan's request as accepted, its job's progress, and its result (the chosen sites, the
 * KPIs before and after, the solver's bound) as one document, written once when the job finishes. The cells a plan
 * newly covers are kept beside it (the map's before/after), written in the same transaction as the result.
 */
export class RolloutPlans1734739200000 implements MigrationInterface {
  name = 'RolloutPlans1734739200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollout_plan (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','completed','failed')),
        progress        real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
        stage           text,
        operator_id     text NOT NULL REFERENCES organisation(id),
        technology      text NOT NULL CHECK (technology IN ('4G','5G','NB-IoT')),
        objective       text NOT NULL CHECK (objective IN ('min_cost','max_coverage')),
        district_ids    integer[] NOT NULL,
        area            geometry(MultiPolygon,4326) NOT NULL,
        input           jsonb NOT NULL,
        result          jsonb,
        error           text,
        work            jsonb,        -- the analyses and draft applications made from it (once)
        organisation_id text REFERENCES organisation(id),
        created_by      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        started_at      timestamptz,
        finished_at     timestamptz,
        CHECK ((status = 'completed') = (result IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX rollout_plan_org_created ON rollout_plan (organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX rollout_plan_area_gist ON rollout_plan USING gist (area)`);
    await q.query(`
      CREATE TABLE rollout_plan_cell (
        plan_id    uuid NOT NULL REFERENCES rollout_plan(id) ON DELETE CASCADE,
        h3         bigint NOT NULL,
        site_order integer NOT NULL CHECK (site_order > 0),
        residents  real NOT NULL CHECK (residents >= 0),
        PRIMARY KEY (plan_id, h3)
      )`);
    await q.query(`COMMENT ON TABLE rollout_plan IS 'rollout plans (issue 18): request, job progress, result document'`);
    await q.query(`COMMENT ON TABLE rollout_plan_cell IS 'grid cells a plan newly covers, with the build order of the site that covers each first'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rollout_plan_cell`);
    await q.query(`DROP TABLE IF EXISTS rollout_plan`);
  }
}
