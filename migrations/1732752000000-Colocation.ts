import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Co-location analyses: the demand, the evidence (candidates and reasons) and the decision, kept as booked. */
export class Colocation1732752000000 implements MigrationInterface {
  name = 'Colocation1732752000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE colocation_analysis (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operator_id  text NOT NULL REFERENCES organisation(id),
        technology   text NOT NULL CHECK (technology IN ('4G','5G','NB-IoT')),
        decision     text NOT NULL CHECK (decision IN ('share','upgrade','new_build')),
        district_id  integer REFERENCES district(id),
        demand       jsonb NOT NULL,
        result       jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        geom         geometry(Point,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX colocation_analysis_geom_gist ON colocation_analysis USING gist (geom)`);
    await q.query(`CREATE INDEX colocation_analysis_booking_idx ON colocation_analysis (operator_id, district_id, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS colocation_analysis`);
  }
}
