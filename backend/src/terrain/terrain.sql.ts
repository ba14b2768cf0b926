/** The terrain module's SQL, beside its repository (terrain.repository.ts) and used only there. */

export const DELETE_TILE = `DELETE FROM terrain_tile WHERE source = $1::text AND name = $2::text`;

export const INSERT_TILE = `
  INSERT INTO terrain_tile (name, source, priority, west, south, cols, rows, step_deg, heights, min_m, max_m, voids_filled, import_id, envelope)
  VALUES ($1::text, $2::text, $3::int, $4::float8, $5::float8, $6::int, $7::int, $8::float8, $9::bytea, $10::real, $11::real, $12::int, $13::uuid,
          ST_MakeEnvelope($4::float8, $5::float8, $4::float8 + ($6::int - 1) * $8::float8, $5::float8 + ($7::int - 1) * $8::float8, 4326))
  RETURNING id::int`;

export const BUMP_VERSION = `UPDATE terrain_version SET version = version + 1 RETURNING version::int`;

export const VERSION = `SELECT version::int FROM terrain_version`;

/** Tiles in the order they win where they overlap: priority, then the newest. */
export const TILE_INDEX = `
  SELECT id::int, name, source, priority, west, south, cols, rows, step_deg AS "stepDeg"
    FROM terrain_tile ORDER BY priority DESC, imported_at DESC, id DESC`;

export const TILE_HEIGHTS = `SELECT heights FROM terrain_tile WHERE id = $1::bigint`;

export const LIST_TILES = `
  SELECT id::int, name, source, priority, west, south,
         west + (cols - 1) * step_deg AS east, south + (rows - 1) * step_deg AS north,
         cols, rows, step_deg AS "stepDeg", round((step_deg * 3600)::numeric, 3)::float8 AS "arcSeconds",
         min_m AS "minM", max_m AS "maxM", voids_filled AS "voidsFilled", import_id AS "importId", imported_at AS "importedAt"
    FROM terrain_tile ORDER BY priority DESC, south, west, id`;

export const INSERT_IMPORT = `
  INSERT INTO terrain_import (file_name, format, upload, uploaded_by, report) VALUES ($1::text, $2::text, $3::bytea, $4::int, $5::jsonb) RETURNING id`;

export const GET_IMPORT = `
  SELECT id, file_name AS "fileName", format, status, progress, report, error, created_at AS "createdAt", finished_at AS "finishedAt"
    FROM terrain_import WHERE id = $1::uuid`;

/** Claims a batch for a run (again after a crash); a completed one is never re-run. In a CTE: TypeORM answers [rows, count] to a bare UPDATE … RETURNING. */
export const CLAIM_IMPORT = `
  WITH c AS (
    UPDATE terrain_import SET status = 'running', progress = 0, attempts = attempts + 1, started_at = now(), error = NULL
     WHERE id = $1::uuid AND status IN ('queued', 'running', 'failed')
    RETURNING file_name AS "fileName", format, report->>'crs' AS crs)
  SELECT * FROM c`;

export const LOCK_UPLOAD = `SELECT upload FROM terrain_import WHERE id = $1::uuid FOR UPDATE`;

export const SET_PROGRESS = `UPDATE terrain_import SET progress = $2::real WHERE id = $1::uuid AND status = 'running'`;

export const COMPLETE_IMPORT = `
  UPDATE terrain_import SET status = 'completed', progress = 1, upload = NULL, report = $2::jsonb, error = NULL, finished_at = now() WHERE id = $1::uuid`;

export const FAIL_IMPORT = `
  UPDATE terrain_import SET status = 'failed', error = $2::text, finished_at = now() WHERE id = $1::uuid AND status <> 'completed'`;

/** Whether the import still holds its file, locking it (another attempt may have finished it meanwhile). */
export const LOCK_IMPORT = `SELECT upload IS NOT NULL AS upload FROM terrain_import WHERE id = $1::uuid FOR UPDATE`;
