import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Two triggers that made bulk writes (the sample load, a large import) slow; behaviour unchanged.
 *
 * 1. A layer's tile version moves once per transaction, not once per statement. Readers only see a change after its
 * commit, so one bump says all there is to say; but a bulk load fires the statement trigger tens of thousands of
 * times (each protection zone a structure's row trigger inserts is its own statement), and each UPDATE of the same
 * version row inside one transaction walks a longer chain of its own dead versions: loading the sample spent over
 * three minutes there. The transaction remembers what it has bumped in a transaction-local setting, which a rolled
 * back savepoint undoes with the bump itself.
 *
 * 2. The slots guard sums each changed structure's tenancies through the tenancy index (a lateral sum), where the
 *    grouped join it had could be planned as a nested loop over every tenancy per structure: 3 to 35 s per
 *    4,000-row chunk of the sample's tenancies, against 0.1 s now.
 */
export class BulkWriteTriggers1734523200000 implements MigrationInterface {
  name = 'BulkWriteTriggers1734523200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION bump_tile_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        one_layer text;
        marker text;
      BEGIN
        FOREACH one_layer IN ARRAY TG_ARGV LOOP
          -- a setting's name takes letters, digits and underscores only
          marker := 'cosite.tile_bumped_' || regexp_replace(one_layer, '[^a-z0-9]', '_', 'g');
          IF current_setting(marker, true) IS DISTINCT FROM 'yes' THEN
            UPDATE tile_layer_version SET version = version + 1, changed_at = now() WHERE layer = one_layer;
            PERFORM set_config(marker, 'yes', true);
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION tenancy_slots_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE over record;
      BEGIN
        SELECT s.id, s.slots_total, u.used INTO over
          FROM (SELECT DISTINCT structure_id FROM changed) c
          JOIN structure s ON s.id = c.structure_id
          CROSS JOIN LATERAL (SELECT sum(t.slots_used) AS used FROM tenancy t WHERE t.structure_id = c.structure_id AND t.status <> 'decommissioned') u
         WHERE u.used > s.slots_total
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'structure % has % mount slots, tenancies would use %', over.id, over.slots_total, over.used
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tenancy_slots_within_structure';
        END IF;
        RETURN NULL;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION bump_tile_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tile_layer_version SET version = version + 1, changed_at = now() WHERE layer = ANY(TG_ARGV);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION tenancy_slots_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE over record;
      BEGIN
        SELECT s.id, s.slots_total, sum(t.slots_used) AS used INTO over
          FROM structure s JOIN tenancy t ON t.structure_id = s.id AND t.status <> 'decommissioned'
         WHERE s.id IN (SELECT DISTINCT structure_id FROM changed)
         GROUP BY s.id, s.slots_total
        HAVING sum(t.slots_used) > s.slots_total
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'structure % has % mount slots, tenancies would use %', over.id, over.slots_total, over.used
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tenancy_slots_within_structure';
        END IF;
        RETURN NULL;
      END $$`);
  }
}
