import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Co-build groups: new-build demands of different operators whose rings overlap, offered one shared structure.
 * A batch gains a `grouping` state: its demands are analysed in chunks, then grouped once, in line order.
 */
export class CoBuild1733011200000 implements MigrationInterface {
  name = 'CoBuild1733011200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE colocation_cobuild_group (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        area        geometry(Geometry,4326) NOT NULL,   -- where every member's ring overlaps
        site        geometry(Point,4326) NOT NULL,      -- the one shared structure's suggested place
        proposal    jsonb NOT NULL                      -- structure, conditions, population gain
      )`);
    await q.query(`CREATE INDEX colocation_cobuild_group_area_gist ON colocation_cobuild_group USING gist (area)`);
    await q.query(`CREATE INDEX colocation_cobuild_group_site_gist ON colocation_cobuild_group USING gist (site)`);
    await q.query(`ALTER TABLE colocation_analysis ADD COLUMN cobuild_group_id uuid REFERENCES colocation_cobuild_group(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX colocation_analysis_cobuild_idx ON colocation_analysis (cobuild_group_id) WHERE cobuild_group_id IS NOT NULL`);
    await q.query(`CREATE INDEX colocation_analysis_new_build_idx ON colocation_analysis USING gist (geom) WHERE decision = 'new_build'`);
    await q.query(`ALTER TABLE colocation_batch DROP CONSTRAINT colocation_batch_status_check`);
    await q.query(
      `ALTER TABLE colocation_batch ADD CONSTRAINT colocation_batch_status_check CHECK (status IN ('queued','running','grouping','completed','failed'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE colocation_batch SET status = 'running' WHERE status = 'grouping'`);
    await q.query(`ALTER TABLE colocation_batch DROP CONSTRAINT colocation_batch_status_check`);
    await q.query(`ALTER TABLE colocation_batch ADD CONSTRAINT colocation_batch_status_check CHECK (status IN ('queued','running','completed','failed'))`);
    await q.query(`DROP INDEX IF EXISTS colocation_analysis_new_build_idx`);
    await q.query(`DROP INDEX IF EXISTS colocation_analysis_cobuild_idx`);
    await q.query(`ALTER TABLE colocation_analysis DROP COLUMN IF EXISTS cobuild_group_id`);
    await q.query(`DROP TABLE IF EXISTS colocation_cobuild_group`);
  }
}
