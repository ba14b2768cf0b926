import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Applications for co-location and new builds, their immutable audit trail and in-app notifications. An application
 * keeps the analysis it came from as a snapshot (later data changes do not rewrite the evidence) and a version for
 * optimistic locking; audit events cannot be changed or deleted, by the API or by SQL.
 */
export class Applications1733702400000 implements MigrationInterface {
  name = 'Applications1733702400000';

  public async up(q: QueryRunner): Promise<void> {
    // who made an analysis: an operator sees only its own drafts
    await q.query(`ALTER TABLE colocation_analysis ADD COLUMN organisation_id text REFERENCES organisation(id)`);
    await q.query(`CREATE SEQUENCE application_code_seq`);
    await q.query(`
      CREATE TABLE application (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code                   text NOT NULL UNIQUE DEFAULT 'APP-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('application_code_seq')::text, 6, '0'),
        kind                   text NOT NULL CHECK (kind IN ('share','upgrade','new_build')),
        state                  text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','submitted','bureau_review','in_review','approved','rejected','returned')),
        organisation_id        text NOT NULL REFERENCES organisation(id),
        operator_id            text NOT NULL REFERENCES organisation(id),
        analysis_id            uuid NOT NULL REFERENCES colocation_analysis(id),
        analysis_snapshot      jsonb NOT NULL,
        structure_id           bigint REFERENCES structure(id),
        conditions             jsonb NOT NULL DEFAULT '[]',
        justification          text,
        share_was_feasible     boolean NOT NULL,
        needs_bureau_review    boolean NOT NULL,
        bureau_cleared_at      timestamptz,
        result_structure_id    bigint REFERENCES structure(id),
        result_tenancy_id      bigint REFERENCES tenancy(id),
        version                integer NOT NULL DEFAULT 1,
        created_by             bigint NOT NULL REFERENCES app_user(id),
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        state_changed_at       timestamptz NOT NULL DEFAULT now(),
        proposed_structure     jsonb,
        proposed_site          geometry(Point,4326),
        CHECK ((kind = 'new_build') = (structure_id IS NULL))
      )`);
    await q.query(`CREATE INDEX application_org_state_idx ON application (organisation_id, state)`);
    await q.query(`CREATE INDEX application_proposed_site_gist ON application USING gist (proposed_site)`);

    await q.query(`
      CREATE TABLE audit_event (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at               timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id         bigint REFERENCES app_user(id),
        actor_username   text NOT NULL,
        organisation_id  text,
        ip               text,
        user_agent       text,
        entity           text NOT NULL,
        entity_id        text NOT NULL,
        action           text NOT NULL,
        before           jsonb,
        after            jsonb,
        comment          text
      )`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON audit_event (entity, entity_id, at)`);
    await q.query(`
      CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events cannot be changed or deleted' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_immutable()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable()`);

    await q.query(`
      CREATE TABLE notification (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id         bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        application_id  uuid REFERENCES application(id) ON DELETE CASCADE,
        kind            text NOT NULL,
        payload         jsonb NOT NULL DEFAULT '{}',
        created_at      timestamptz NOT NULL DEFAULT now(),
        read_at         timestamptz
      )`);
    await q.query(`CREATE INDEX notification_user_idx ON notification (user_id, read_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS notification`);
    await q.query(`DROP TABLE IF EXISTS audit_event`);
    await q.query(`DROP FUNCTION IF EXISTS audit_event_immutable()`);
    await q.query(`DROP TABLE IF EXISTS application`);
    await q.query(`DROP SEQUENCE IF EXISTS application_code_seq`);
    await q.query(`ALTER TABLE colocation_analysis DROP COLUMN IF EXISTS organisation_id`);
  }
}
