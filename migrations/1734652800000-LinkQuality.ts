import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Interference and capacity (issue 17): each stored cell keeps the SINR of its best server and the downlink
 * throughput that SINR gives one user (NULL until a run computes them: rows written before this migration), and
 * each run the network load factor its interference was scaled by (an incremental update reuses the latest full
 * run's, as it does the model).
 *
 * Also: at most one full run going at a time, held by the database. The service's check-then-insert let two starts
 * race (a worker's first-start run and a user's, within the same second, both went ahead and wrote every chunk twice).
 *
 * And: coverage_analyze(), which a completed full run calls. A run rewrites millions of coverage_cell rows; until the
 * table is analysed the planner works from no or stale statistics (the KPI, load and gap queries took 10–25 s instead
 * of 1–3 s), and autovacuum may be off or late. ANALYZE needs the table's owner, so the function runs as its owner.
 */
export class LinkQuality1734652800000 implements MigrationInterface {
  name = 'LinkQuality1734652800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE coverage_cell ADD COLUMN sinr_db real, ADD COLUMN throughput_mbps real CHECK (throughput_mbps >= 0)`);
    await q.query(`ALTER TABLE coverage_run ADD COLUMN load_factor real NOT NULL DEFAULT 0.5 CHECK (load_factor > 0 AND load_factor <= 1)`);
    await q.query(`CREATE UNIQUE INDEX coverage_run_one_full_running ON coverage_run ((true)) WHERE kind = 'full' AND status = 'running'`);
    await q.query(`
      CREATE FUNCTION coverage_analyze() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        ANALYZE coverage_cell;
        ANALYZE coverage_grid;
        ANALYZE population_cell;
      END $$`);
    await q.query(
      `COMMENT ON COLUMN coverage_cell.sinr_db IS 'SINR of the best server (dB): its operator''s other sectors on the band, scaled by the run''s load factor, plus kTB and the UE noise figure'`,
    );
    await q.query(
      `COMMENT ON COLUMN coverage_cell.throughput_mbps IS 'downlink Mbit/s of one user alone on the carrier: attenuated Shannon (TR 36.942 Annex A) × occupied bandwidth'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS coverage_analyze()`);
    await q.query(`DROP INDEX IF EXISTS coverage_run_one_full_running`);
    await q.query(`ALTER TABLE coverage_run DROP COLUMN load_factor`);
    await q.query(`ALTER TABLE coverage_cell DROP COLUMN sinr_db, DROP COLUMN throughput_mbps`);
  }
}
