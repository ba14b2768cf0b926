import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Residents per coverage-grid cell, defined once: each resolution-9 population cell is shared equally among its
 * resolution-10 children on the grid. KPIs, gaps and the co-location coverage gain all read this view.
 */
export class GridPopulation1732924800000 implements MigrationInterface {
  name = 'GridPopulation1732924800000';

  public async up(q: QueryRunner): Promise<void> {
    // How many grid cells share each population cell: stored with the grid, so the view needs no window
    // function and a spatial filter on it still uses the GiST index.
    await q.query(`ALTER TABLE coverage_grid ADD COLUMN res9_cells smallint`);
    await q.query(
      `UPDATE coverage_grid g SET res9_cells = c.n FROM (SELECT h3_res9, count(*) AS n FROM coverage_grid GROUP BY 1) c WHERE c.h3_res9 = g.h3_res9`,
    );
    await q.query(`
      CREATE VIEW coverage_grid_population AS
      SELECT g.h3, g.h3_res9, g.chunk, g.district_id, g.geom,
             coalesce(p.population, 0)::float8 / greatest(g.res9_cells, 1) AS population
        FROM coverage_grid g LEFT JOIN population_cell p ON p.h3 = g.h3_res9`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS coverage_grid_population`);
    await q.query(`ALTER TABLE coverage_grid DROP COLUMN IF EXISTS res9_cells`);
  }
}
