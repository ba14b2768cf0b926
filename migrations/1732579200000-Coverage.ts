import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Predicted coverage on H3. The grid is the set of resolution-10 cells of the analysed area (their centres, for
 * joins and bbox queries); coverage_cell keeps, per cell and per operator × technology, the best server and the
 * runner-up. Runs are split into chunks (resolution-6 parents) so several workers can share one, and a chunk's
 * rows and its "done" mark are written in one transaction: a rerun replaces rows, never duplicates them.
 */
export class Coverage1732579200000 implements MigrationInterface {
  name = 'Coverage1732579200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coverage_grid (
        h3           bigint PRIMARY KEY,          -- resolution 10
        h3_res9      bigint NOT NULL,
        chunk        bigint NOT NULL,             -- resolution-6 parent: the unit of work
        district_id  integer NOT NULL REFERENCES district(id),
        geom         geometry(Point,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX coverage_grid_geom_gist ON coverage_grid USING gist (geom)`);
    await q.query(`CREATE INDEX coverage_grid_chunk_idx ON coverage_grid (chunk)`);
    await q.query(`CREATE INDEX coverage_grid_res9_idx ON coverage_grid (h3_res9)`);
    await q.query(`CREATE INDEX coverage_grid_district_idx ON coverage_grid (district_id)`);

    await q.query(`
      CREATE TABLE coverage_cell (
        h3                 bigint NOT NULL,               -- a coverage_grid cell (no FK: millions of rows per run)
        chunk              bigint NOT NULL,
        operator_id        text NOT NULL REFERENCES organisation(id),
        technology         text NOT NULL CHECK (technology IN ('4G','5G','NB-IoT')),
        best_tenancy_id    bigint NOT NULL,
        best_sector        smallint NOT NULL,
        best_rsrp_dbm      real NOT NULL,
        second_tenancy_id  bigint,
        second_sector      smallint,
        second_rsrp_dbm    real,
        PRIMARY KEY (h3, operator_id, technology)
      )`);
    await q.query(`CREATE INDEX coverage_cell_chunk_idx ON coverage_cell (chunk)`);
    // Few indexes on purpose: a full run rewrites millions of rows, and every index is paid on each of them.
    await q.query(`CREATE INDEX coverage_cell_best_tenancy_idx ON coverage_cell (best_tenancy_id)`);

    await q.query(`
      CREATE TABLE key_site_cell (
        key_site_id  bigint NOT NULL REFERENCES key_site(id) ON DELETE CASCADE,
        h3           bigint NOT NULL,
        PRIMARY KEY (key_site_id, h3)
      )`);

    await q.query(`
      CREATE TABLE coverage_run (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind          text NOT NULL CHECK (kind IN ('full','incremental')),
        status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running','completed','failed','cancelled')),
        chunks_total  integer NOT NULL,
        model         text,                       -- path-loss model forced for every sector; NULL = by environment and mount
        sectors       integer,
        error         text,
        requested_by  text,
        started_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      )`);
    await q.query(`
      CREATE TABLE coverage_run_chunk (
        run_id       uuid NOT NULL REFERENCES coverage_run(id) ON DELETE CASCADE,
        chunk        bigint NOT NULL,
        cells        integer NOT NULL,
        rows         integer NOT NULL,
        evaluations  bigint NOT NULL,
        ms           integer NOT NULL,
        done_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, chunk)
      )`);

    // Any change to what radiates (a tenancy, or the structure carrying it) marks its surroundings for an
    // incremental recompute: the worker LISTENs and debounces.
    await q.query(`
      CREATE FUNCTION notify_coverage_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'tenancy' THEN
          PERFORM pg_notify('coverage_dirty', json_build_object('structureId', coalesce(NEW.structure_id, OLD.structure_id), 'tenancyId', coalesce(NEW.id, OLD.id))::text);
        ELSE
          PERFORM pg_notify('coverage_dirty', json_build_object('structureId', coalesce(NEW.id, OLD.id))::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tenancy_coverage_dirty AFTER INSERT OR UPDATE OR DELETE ON tenancy FOR EACH ROW EXECUTE FUNCTION notify_coverage_dirty()`);
    await q.query(
      `CREATE TRIGGER structure_coverage_dirty AFTER UPDATE OF geom, height_m, ground_elevation_m, status ON structure FOR EACH ROW EXECUTE FUNCTION notify_coverage_dirty()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS structure_coverage_dirty ON structure`);
    await q.query(`DROP TRIGGER IF EXISTS tenancy_coverage_dirty ON tenancy`);
    await q.query(`DROP FUNCTION IF EXISTS notify_coverage_dirty()`);
    for (const t of ['coverage_run_chunk', 'coverage_run', 'key_site_cell', 'coverage_cell', 'coverage_grid']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DELETE FROM dataset_load WHERE name = 'coverage-grid'`);
  }
}
