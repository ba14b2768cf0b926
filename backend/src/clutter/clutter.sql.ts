/** The clutter module's SQL, beside its repository (clutter.repository.ts) and used only there. */

/**
 * Class codes of the given cells (decimal bigint texts) in the order given, as one array in one row: the class's
 * index in $2 (CLUTTER_CLASSES), $3 (CLUTTER_UNKNOWN) where a cell has none.
 */
export const CODES_OF_CELLS = `
  SELECT coalesce(array_agg(coalesce(array_position($2::text[], c.class) - 1, $3::int) ORDER BY h.k), '{}') AS codes
    FROM unnest($1::bigint[]) WITH ORDINALITY AS h(h3, k) LEFT JOIN clutter_cell c ON c.h3 = h.h3`;

export const VERSION = `SELECT coalesce((SELECT version::text FROM tile_layer_version WHERE layer = 'clutter'), '0') AS version`;

/**
 * Writes an import's classes: the cells it covers take them (source 'import'), whatever they had; the rest keep theirs.
 * One statement, so the version moves once. Returns per earlier source how many cells it replaced.
 */
export const UPSERT_IMPORTED = `
  WITH incoming AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS t(h3, class)),
  earlier AS (SELECT c.source, count(*)::int AS n FROM clutter_cell c JOIN incoming i USING (h3) GROUP BY c.source),
  written AS (
    INSERT INTO clutter_cell (h3, class, source, import_id) SELECT h3, class, 'import', $3::uuid FROM incoming
    ON CONFLICT (h3) DO UPDATE SET class = excluded.class, source = 'import', import_id = excluded.import_id
    RETURNING 1)
  SELECT (SELECT count(*)::int FROM written) AS written, coalesce((SELECT jsonb_object_agg(source, n) FROM earlier), '{}'::jsonb) AS replaced`;

export const COUNTS = `
  SELECT class, source, count(*)::int AS cells FROM clutter_cell GROUP BY class, source ORDER BY class, source`;

/** Residents of the resolution-9 population cells (decimal bigint texts). */
export const POPULATION_OF = `SELECT h3::text AS h3, population::float8 AS population FROM population_cell WHERE h3 = ANY($1::bigint[])`;

/** Whether a lon/lat box touches any of the analysed (core) districts. */
export const TOUCHES_CITY = `
  SELECT EXISTS (SELECT 1 FROM district WHERE is_core AND ST_Intersects(geom, ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326))) AS touches`;

export const INSERT_IMPORT = `
  INSERT INTO clutter_import (file_name, upload, crs, uploaded_by) VALUES ($1::text, $2::bytea, $3::int, $4::int) RETURNING id`;

export const GET_IMPORT = `
  SELECT id, file_name AS "fileName", status, progress, crs, report, error, created_at AS "createdAt", finished_at AS "finishedAt"
    FROM clutter_import WHERE id = $1::uuid`;

/** Claims an import for a run (again after a crash); a completed one is never re-run. In a CTE: TypeORM answers [rows, count] to a bare UPDATE … RETURNING. */
export const CLAIM_IMPORT = `
  WITH c AS (
    UPDATE clutter_import SET status = 'running', progress = 0, attempts = attempts + 1, started_at = now(), error = NULL
     WHERE id = $1::uuid AND status IN ('queued', 'running', 'failed')
    RETURNING file_name AS "fileName", crs)
  SELECT * FROM c`;

export const UPLOAD = `SELECT upload FROM clutter_import WHERE id = $1::uuid`;

export const LOCK_IMPORT = `SELECT upload IS NOT NULL AS upload FROM clutter_import WHERE id = $1::uuid FOR UPDATE`;

export const SET_PROGRESS = `UPDATE clutter_import SET progress = $2::real WHERE id = $1::uuid AND status = 'running'`;

export const COMPLETE_IMPORT = `
  UPDATE clutter_import SET status = 'completed', progress = 1, upload = NULL, report = $2::jsonb, error = NULL, finished_at = now() WHERE id = $1::uuid`;

/** Adds what happened to the coverage recompute to a completed import's report. */
export const NOTE_RECOMPUTE = `UPDATE clutter_import SET report = coalesce(report, '{}'::jsonb) || jsonb_build_object('recompute', $2::jsonb) WHERE id = $1::uuid`;

export const FAIL_IMPORT = `
  UPDATE clutter_import SET status = 'failed', error = $2::text, finished_at = now() WHERE id = $1::uuid AND status <> 'completed'`;

/** The database's clock, read inside the import's transaction: when its writes became the data. */
export const TRANSACTION_TIME = `SELECT now() AS now`;
