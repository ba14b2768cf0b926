import { MigrationInterface, QueryRunner } from 'typeorm';
import { REGULATION_RULES } from '../backend/src/zoning/regulation-rules';

/**
 * The rules table, seeded from backend/src/zoning/regulation-rules.ts (each rule with its regulation and article);
 * every later change is kept in regulation_rule_change with who and when. Overlays gain the airport clearance
 * kind and a height limit.
 */
export class RegulationRules1733097600000 implements MigrationInterface {
  name = 'RegulationRules1733097600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regulation_rule (
        code        text PRIMARY KEY,
        subject     text NOT NULL CHECK (subject IN ('overlay','build_form','emf','protection_width','works_activity','spacing')),
        applies_to  text NOT NULL,
        outcome     text NOT NULL,
        params      jsonb NOT NULL DEFAULT '{}',
        regulation  text NOT NULL,
        article     text,
        enabled     boolean NOT NULL DEFAULT true,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text NOT NULL DEFAULT 'seed',
        UNIQUE (subject, applies_to)
      )`);
    await q.query(`
      CREATE TABLE regulation_rule_change (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        rule_code   text NOT NULL REFERENCES regulation_rule(code),
        changed_at  timestamptz NOT NULL DEFAULT now(),
        changed_by  text NOT NULL,
        before      jsonb NOT NULL,
        after       jsonb NOT NULL,
        comment     text
      )`);
    await q.query(`CREATE INDEX regulation_rule_change_rule_idx ON regulation_rule_change (rule_code, changed_at)`);
    await q.query(
      `INSERT INTO regulation_rule (code, subject, applies_to, outcome, params, regulation, article)
       SELECT code, subject, "appliesTo", outcome, params, regulation, article
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, subject text, "appliesTo" text, outcome text, params jsonb, regulation text, article text)`,
      // the subjects this migration knows; later migrations seed the rules of the subjects they add
      [JSON.stringify(REGULATION_RULES.filter((r) => ['overlay', 'build_form', 'emf', 'protection_width', 'works_activity', 'spacing'].includes(r.subject)))],
    );
    await q.query(`ALTER TABLE overlay DROP CONSTRAINT overlay_kind_check`);
    await q.query(`ALTER TABLE overlay ADD CONSTRAINT overlay_kind_check CHECK (kind IN ('scenic_area','heritage_area','nature_reserve','reserved_telecom_land','flood_zone_100y','residential_area','school','hospital','no_build_zone','airport_clearance'))`);
    await q.query(`ALTER TABLE overlay ADD COLUMN height_limit_m numeric(6,1) CHECK (height_limit_m > 0)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE overlay DROP COLUMN IF EXISTS height_limit_m`);
    await q.query(`DELETE FROM overlay WHERE kind = 'airport_clearance'`);
    await q.query(`ALTER TABLE overlay DROP CONSTRAINT overlay_kind_check`);
    await q.query(`ALTER TABLE overlay ADD CONSTRAINT overlay_kind_check CHECK (kind IN ('scenic_area','heritage_area','nature_reserve','reserved_telecom_land','flood_zone_100y','residential_area','school','hospital','no_build_zone'))`);
    await q.query(`DROP TABLE IF EXISTS regulation_rule_change`);
    await q.query(`DROP TABLE IF EXISTS regulation_rule`);
  }
}
