import { type MigrationInterface, type QueryRunner } from 'typeorm';

const KINDS = `'lattice_tower','monopole','camouflaged_tower','rooftop','street_lamp_pole','utility_pole','traffic_sign_pole','camera_pole','smart_pole','indoor_distribution'`;

/**
 * Power-grid towers as structures (issue 19): China Tower shares the grid's towers for base stations, below the
 * conductors and with the grid owner's approval. The line's voltage class and the lowest conductor's height say how
 * high an antenna may go.
 */
export class PowerGridTowers1734912000000 implements MigrationInterface {
  name = 'PowerGridTowers1734912000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE structure DROP CONSTRAINT structure_kind_check`);
    await q.query(`ALTER TABLE structure ADD CONSTRAINT structure_kind_check CHECK (kind IN (${KINDS},'power_grid_tower'))`);
    await q.query(`
      ALTER TABLE structure
        ADD COLUMN voltage_kv numeric(6,1) CHECK (voltage_kv BETWEEN 0.4 AND 1100),
        ADD COLUMN conductor_height_m numeric(6,1) CHECK (conductor_height_m >= 0 AND conductor_height_m <= 200)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM structure WHERE kind = 'power_grid_tower' AND NOT EXISTS (SELECT 1 FROM tenancy t WHERE t.structure_id = structure.id)`);
    await q.query(`ALTER TABLE structure DROP COLUMN voltage_kv, DROP COLUMN conductor_height_m`);
    await q.query(`ALTER TABLE structure DROP CONSTRAINT structure_kind_check`);
    await q.query(`ALTER TABLE structure ADD CONSTRAINT structure_kind_check CHECK (kind IN (${KINDS}))`);
  }
}
