import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The rules of the subjects this migration knows (overlay, build form, EMF, protection widths, works, spacing), as seeded.
 * A frozen copy, not an import of backend/src/zoning/regulation-rules.ts: this migration seeds what it seeded the day
 * it was written, whatever that file says later (a rule changed since is a later migration's, or an administrator's, edit).
 */
const SEEDED_RULES = [
  {
    code: 'overlay.scenic_area',
    subject: 'overlay',
    appliesTo: 'scenic_area',
    outcome: 'camouflage_required',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 10',
  },
  {
    code: 'overlay.heritage_area',
    subject: 'overlay',
    appliesTo: 'heritage_area',
    outcome: 'camouflage_required',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 10',
  },
  {
    code: 'overlay.nature_reserve',
    subject: 'overlay',
    appliesTo: 'nature_reserve',
    outcome: 'camouflage_required',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 10',
  },
  {
    code: 'overlay.residential_area',
    subject: 'overlay',
    appliesTo: 'residential_area',
    outcome: 'emf_notice_required',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 18',
  },
  {
    code: 'overlay.school',
    subject: 'overlay',
    appliesTo: 'school',
    outcome: 'emf_notice_required',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 18',
  },
  {
    code: 'overlay.hospital',
    subject: 'overlay',
    appliesTo: 'hospital',
    outcome: 'emf_notice_required',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 18',
  },
  {
    code: 'overlay.flood_zone_100y',
    subject: 'overlay',
    appliesTo: 'flood_zone_100y',
    outcome: 'flood_protection_required',
    params: {},
    regulation: '14th five-year plan for information and communication infrastructure',
    article: 'flood-prevention section: facilities below the 100-year flood line flood-proofed or moved',
  },
  {
    code: 'overlay.airport_clearance',
    subject: 'overlay',
    appliesTo: 'airport_clearance',
    outcome: 'aviation_approval_required',
    params: { defaultHeightLimitM: 45 },
    regulation: 'Civil aviation airport clearance protection (民用机场净空保护)',
    article: 'height limit of the clearance surface',
  },
  {
    code: 'overlay.no_build_zone',
    subject: 'overlay',
    appliesTo: 'no_build_zone',
    outcome: 'no_build_zone',
    params: {},
    regulation: 'planning bureau designation',
    article: null,
  },
  {
    code: 'overlay.reserved_telecom_land',
    subject: 'overlay',
    appliesTo: 'reserved_telecom_land',
    outcome: 'preferred_site',
    params: {},
    regulation: 'MIIT/MOHURD notice on telecom infrastructure in urban planning (2015)',
    article: 'reserved telecom land ("yellow line") for standalone sites',
  },
  {
    code: 'build_form.standalone',
    subject: 'build_form',
    appliesTo: 'standalone',
    outcome: 'planning_approval_required',
    params: {},
    regulation: 'MIIT/MOHURD notice on telecom infrastructure in urban planning (2015)',
    article: 'standalone towers and base stations on their own land need planning approval',
  },
  {
    code: 'build_form.attached',
    subject: 'build_form',
    appliesTo: 'attached',
    outcome: 'city_appearance_required',
    params: {},
    regulation: 'MIIT/MOHURD notice on telecom infrastructure in urban planning (2015)',
    article: 'attached facilities meet city-appearance rules',
  },
  {
    code: 'emf.public_exposure',
    subject: 'emf',
    appliesTo: 'sensitive_site',
    outcome: 'emf_limit_exceeded',
    params: {
      limitsWm2: [
        { fromMHz: 30, toMHz: 3000, wm2: 0.4 },
        { fromMHz: 3000, toMHz: 15000, perMHz: 0.00013333333333333334 },
        { fromMHz: 15000, toMHz: 300000, wm2: 2 },
      ],
      projectShare: 0.2,
      sensitiveOverlays: ['residential_area', 'school', 'hospital'],
      receptorHeightM: 1.5,
    },
    regulation: 'GB 8702-2014 Controlling limits for electromagnetic environment',
    article: 'table 1 (public exposure); one project commonly held to one fifth (HJ 1151-2020 practice)',
  },
  {
    code: 'protection.buried_duct',
    subject: 'protection_width',
    appliesTo: 'buried_duct',
    outcome: 'limit',
    params: { widthM: 1.5 },
    regulation: 'YD 5102 telecom line engineering design code',
    article: 'clearance to buried telecom ducts',
  },
  {
    code: 'protection.buried_cable',
    subject: 'protection_width',
    appliesTo: 'buried_cable',
    outcome: 'limit',
    params: { widthM: 1 },
    regulation: 'YD 5102 telecom line engineering design code',
    article: 'clearance to buried telecom cables',
  },
  {
    code: 'protection.aerial_line',
    subject: 'protection_width',
    appliesTo: 'aerial_line',
    outcome: 'limit',
    params: { widthM: 2 },
    regulation: 'YD 5102 telecom line engineering design code',
    article: 'clearance to aerial lines and poles',
  },
  {
    code: 'protection.tower',
    subject: 'protection_width',
    appliesTo: 'tower',
    outcome: 'limit',
    params: { widthM: 5 },
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21 (protection range set by the owner; 5 m is the common default)',
  },
  {
    code: 'protection.equipment_room',
    subject: 'protection_width',
    appliesTo: 'equipment_room',
    outcome: 'limit',
    params: { widthM: 3 },
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'protection.submarine_cable',
    subject: 'protection_width',
    appliesTo: 'submarine_cable',
    outcome: 'limit',
    params: { widthM: 100 },
    regulation: 'Submarine cable and pipeline protection provisions (海底电缆管道保护规定)',
    article: 'art. 7: 50 m either side in ports, 500 m at sea (100 m taken for rivers)',
  },
  {
    code: 'works.building',
    subject: 'works_activity',
    appliesTo: 'building',
    outcome: 'notify_owner',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'works.transport_works',
    subject: 'works_activity',
    appliesTo: 'transport_works',
    outcome: 'notify_owner',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'works.water_works',
    subject: 'works_activity',
    appliesTo: 'water_works',
    outcome: 'notify_owner',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'works.utility_line_laying',
    subject: 'works_activity',
    appliesTo: 'utility_line_laying',
    outcome: 'notify_owner',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'works.underwater_works',
    subject: 'works_activity',
    appliesTo: 'underwater_works',
    outcome: 'notify_owner',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'works.blasting',
    subject: 'works_activity',
    appliesTo: 'blasting',
    outcome: 'notify_owner',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'works.mining',
    subject: 'works_activity',
    appliesTo: 'mining',
    outcome: 'notify_owner',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'works.hazardous_plant',
    subject: 'works_activity',
    appliesTo: 'hazardous_plant',
    outcome: 'notify_owner',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 21',
  },
  {
    code: 'works.burning',
    subject: 'works_activity',
    appliesTo: 'burning',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.kiln',
    subject: 'works_activity',
    appliesTo: 'kiln',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.pile_driving',
    subject: 'works_activity',
    appliesTo: 'pile_driving',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.pipe_jacking',
    subject: 'works_activity',
    appliesTo: 'pipe_jacking',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.flammable_storage',
    subject: 'works_activity',
    appliesTo: 'flammable_storage',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.corrosive_dumping',
    subject: 'works_activity',
    appliesTo: 'corrosive_dumping',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.digging',
    subject: 'works_activity',
    appliesTo: 'digging',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.ditch_or_well',
    subject: 'works_activity',
    appliesTo: 'ditch_or_well',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.planting',
    subject: 'works_activity',
    appliesTo: 'planting',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.septic_tank',
    subject: 'works_activity',
    appliesTo: 'septic_tank',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.animal_pen',
    subject: 'works_activity',
    appliesTo: 'animal_pen',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.biogas_pit',
    subject: 'works_activity',
    appliesTo: 'biogas_pit',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.anchoring_trawling_dredging',
    subject: 'works_activity',
    appliesTo: 'anchoring_trawling_dredging',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'works.attaching_or_climbing',
    subject: 'works_activity',
    appliesTo: 'attaching_or_climbing',
    outcome: 'forbidden',
    params: {},
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 22',
  },
  {
    code: 'spacing.pipelines',
    subject: 'spacing',
    appliesTo: 'pipeline',
    outcome: 'limit',
    params: {
      parallelM: { power_cable: 0.5, gas: 1, water: 0.5, sewer: 1, heat: 1 },
      crossingM: { power_cable: 0.5, gas: 0.3, water: 0.15, sewer: 0.15, heat: 0.25 },
    },
    regulation: 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)',
    article: 'art. 14 (standard spacing per GB 50373)',
  },
];

/**
 * The rules table, seeded with the rules below (each with its regulation and article);
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
      [JSON.stringify(SEEDED_RULES)],
    );
    await q.query(`ALTER TABLE overlay DROP CONSTRAINT overlay_kind_check`);
    await q.query(
      `ALTER TABLE overlay ADD CONSTRAINT overlay_kind_check CHECK (kind IN ('scenic_area','heritage_area','nature_reserve','reserved_telecom_land','flood_zone_100y','residential_area','school','hospital','no_build_zone','airport_clearance'))`,
    );
    await q.query(`ALTER TABLE overlay ADD COLUMN height_limit_m numeric(6,1) CHECK (height_limit_m > 0)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE overlay DROP COLUMN IF EXISTS height_limit_m`);
    await q.query(`DELETE FROM overlay WHERE kind = 'airport_clearance'`);
    await q.query(`ALTER TABLE overlay DROP CONSTRAINT overlay_kind_check`);
    await q.query(
      `ALTER TABLE overlay ADD CONSTRAINT overlay_kind_check CHECK (kind IN ('scenic_area','heritage_area','nature_reserve','reserved_telecom_land','flood_zone_100y','residential_area','school','hospital','no_build_zone'))`,
    );
    await q.query(`DROP TABLE IF EXISTS regulation_rule_change`);
    await q.query(`DROP TABLE IF EXISTS regulation_rule`);
  }
}
