import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A durable log of changes to what radiates, written by the same triggers that NOTIFY coverage_dirty. A NOTIFY
 * sent while the worker's listener is disconnected is lost; the row is not: the listener claims (deletes) rows
 * as it queues their recompute, and on every (re)connect it catches up on what is left, deletes included.
 */
export class CoverageChangeLog1733875200000 implements MigrationInterface {
  name = 'CoverageChangeLog1733875200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coverage_change (
        id            bigserial PRIMARY KEY,
        structure_id  bigint NOT NULL,
        tenancy_id    bigint,
        changed_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE OR REPLACE FUNCTION notify_coverage_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        s bigint;
        t bigint;
      BEGIN
        IF TG_TABLE_NAME = 'tenancy' THEN
          s := coalesce(NEW.structure_id, OLD.structure_id);
          t := coalesce(NEW.id, OLD.id);
          -- a tenancy moved to another structure changes both places
          IF TG_OP = 'UPDATE' AND OLD.structure_id IS DISTINCT FROM NEW.structure_id THEN
            INSERT INTO coverage_change (structure_id, tenancy_id) VALUES (OLD.structure_id, t);
          END IF;
        ELSE
          s := coalesce(NEW.id, OLD.id);
        END IF;
        INSERT INTO coverage_change (structure_id, tenancy_id) VALUES (s, t);
        PERFORM pg_notify('coverage_dirty', json_build_object('structureId', s, 'tenancyId', t)::text);
        RETURN NULL;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION notify_coverage_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'tenancy' THEN
          PERFORM pg_notify('coverage_dirty', json_build_object('structureId', coalesce(NEW.structure_id, OLD.structure_id), 'tenancyId', coalesce(NEW.id, OLD.id))::text);
        ELSE
          PERFORM pg_notify('coverage_dirty', json_build_object('structureId', coalesce(NEW.id, OLD.id))::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TABLE IF EXISTS coverage_change`);
  }
}
