import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Measured coverage, kept apart from predictions: cells observed in the field (OpenCelliD export format), with
 * their own tile layer. Imported through the same bulk loader as the inventory (POST /imports?layer=observed-cells).
 */
export class ObservedCells1732665600000 implements MigrationInterface {
  name = 'ObservedCells1732665600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE observed_cell (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code            text UNIQUE,               -- radio-mcc-net-area-cell: one row per cell identity
        radio           text NOT NULL CHECK (radio IN ('GSM','UMTS','CDMA','LTE','NR','NBIOT')),
        mcc             integer NOT NULL CHECK (mcc BETWEEN 0 AND 999),
        net             integer NOT NULL CHECK (net BETWEEN 0 AND 999),
        area            integer NOT NULL CHECK (area >= 0),
        cell            bigint NOT NULL CHECK (cell >= 0),
        unit            integer,
        range_m         integer CHECK (range_m >= 0),
        samples         integer CHECK (samples >= 0),
        changeable      boolean,
        created         timestamptz,
        updated         timestamptz,
        average_signal  integer,                   -- dBm; OpenCelliD writes 0 for unknown
        source          text NOT NULL DEFAULT 'import',
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        geom            geometry(Point,4326) NOT NULL
      )`);
    await q.query(`CREATE INDEX observed_cell_geom_gist ON observed_cell USING gist (geom)`);
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_layer_check`);
    await q.query(
      `ALTER TABLE import_batch ADD CONSTRAINT import_batch_layer_check CHECK (layer IN ('structures','tenancies','routes','overlays','key-sites','observed-cells'))`,
    );
    await q.query(`INSERT INTO tile_layer_version (layer) VALUES ('observed-cells') ON CONFLICT DO NOTHING`);
    await q.query(`CREATE TRIGGER observed_cell_bumps_tile_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON observed_cell
                   FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layer_version('observed-cells')`);
    await q.query(`
      CREATE FUNCTION tile_observed_cells(z integer, x integer, y integer) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
        WITH bounds AS (SELECT ST_TileEnvelope(z, x, y) AS b3857, ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326) AS b4326),
        mvtgeom AS (
          SELECT ST_AsMVTGeom(ST_Transform(o.geom, 3857), bounds.b3857, 4096, 64, true) AS geom,
                 o.id, o.radio, o.mcc, o.net, o.area, o.cell, o.range_m, o.samples, o.average_signal
            FROM observed_cell o CROSS JOIN bounds
           WHERE z >= 10 AND o.geom && bounds.b4326)
        SELECT ST_AsMVT(mvtgeom, 'observed-cells', 4096, 'geom', 'id') FROM mvtgeom
      $fn$`);
    await q.query(`COMMENT ON FUNCTION tile_observed_cells(integer, integer, integer) IS 'Cells observed in the field (OpenCelliD format), z10 and above.'`);
    await q.query(`GRANT SELECT ON observed_cell TO cosite_tiles`);
    await q.query(`GRANT EXECUTE ON FUNCTION tile_observed_cells(integer, integer, integer) TO cosite_tiles`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS tile_observed_cells(integer, integer, integer)`);
    await q.query(`DELETE FROM tile_layer_version WHERE layer = 'observed-cells'`);
    await q.query(`DELETE FROM import_batch WHERE layer = 'observed-cells'`);
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_layer_check`);
    await q.query(
      `ALTER TABLE import_batch ADD CONSTRAINT import_batch_layer_check CHECK (layer IN ('structures','tenancies','routes','overlays','key-sites'))`,
    );
    await q.query(`DROP TABLE IF EXISTS observed_cell`);
  }
}
