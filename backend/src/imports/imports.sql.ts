/** The import batches' SQL (imports.repository.ts runs it). Every parameter is cast, so each statement PREPAREs with no values. */

export const INSERT_BATCH = `
  INSERT INTO import_batch (layer, format, source_format, crs, upload, repair, uploaded_by, mapping, sheet, warnings)
  VALUES ($1::text, $2::text, $3::text, $4::text, $5::bytea, $6::boolean, $7::bigint, $8::jsonb, $9::text, $10::jsonb) RETURNING id`;

export const GET_BATCH = `
  SELECT id, layer, coalesce(source_format, format) AS format, crs, warnings, status, repaired, rows_total AS "rowsTotal", rows_loaded AS "rowsLoaded", rows_rejected AS "rowsRejected",
         rows_filtered AS "rowsFiltered",
         rejects, error, created_at AS "createdAt", finished_at AS "finishedAt"
    FROM import_batch WHERE id = $1::uuid`;

/** Claims a batch for a run (again after a crash); a completed one is never re-run. In a CTE: TypeORM answers [rows, count] to a bare UPDATE … RETURNING. */
export const CLAIM_BATCH = `
  WITH c AS (
    UPDATE import_batch SET status = 'running', attempts = attempts + 1, started_at = now()
     WHERE id = $1::uuid AND status IN ('queued','running','failed') RETURNING layer, format, coalesce(source_format, format) AS "sourceFormat", crs, repair, mapping, sheet)
  SELECT * FROM c`;

/** The file as uploaded, the batch locked (batches queued before uploads were kept as bytes have it as text). */
export const LOCK_UPLOAD = `SELECT coalesce(upload, convert_to(payload, 'UTF8')) AS upload FROM import_batch WHERE id = $1::uuid FOR UPDATE`;

export const COMPLETE_BATCH = `
  UPDATE import_batch SET status = 'completed', rows_total = $2::int, rows_loaded = $3::int, rows_rejected = $4::int, rejects = $5::jsonb, repaired = $6::jsonb,
         rows_filtered = $7::int, warnings = warnings || $8::jsonb,
         payload = NULL, upload = NULL, error = NULL, finished_at = now() WHERE id = $1::uuid`;

/** The batch's last word: failed with the reason, and its file no longer kept. */
export const FAIL_BATCH = `
  UPDATE import_batch SET status = 'failed', error = $2::text, upload = NULL, payload = NULL, finished_at = now() WHERE id = $1::uuid AND status <> 'completed'`;

/** Who uploaded a batch, as the user they are now. */
export const UPLOADER = `
  SELECT u.id::int, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId", o.kind AS "organisationKind", u.role
    FROM import_batch b JOIN app_user u ON u.id = b.uploaded_by JOIN organisation o ON o.id = u.organisation_id
   WHERE b.id = $1::uuid`;

/**
 * Invalid polygons of $1 (a JSON array of geometries) repaired with ST_MakeValid (polygonal part kept): each by
 * its 0-based index, with the reason it was invalid.
 */
export const REPAIR_POLYGONS = `
  SELECT (e.k - 1)::int AS k, ST_IsValidReason(g) AS reason, ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(g), 3), 9)::json AS geometry
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY e(f, k),
         LATERAL (SELECT ST_GeomFromGeoJSON(e.f) AS g) x
   WHERE GeometryType(g) IN ('POLYGON', 'MULTIPOLYGON') AND NOT ST_IsValid(g)`;

// savepoints: a repair PostGIS cannot even read, or a chunk of rows the database refuses, is undone alone
export const SAVEPOINT_REPAIR = `SAVEPOINT import_repair`;
export const RELEASE_REPAIR = `RELEASE SAVEPOINT import_repair`;
export const ROLLBACK_REPAIR = `ROLLBACK TO SAVEPOINT import_repair`;
export const SAVEPOINT_ROWS = `SAVEPOINT import_rows`;
export const RELEASE_ROWS = `RELEASE SAVEPOINT import_rows`;
export const ROLLBACK_ROWS = `ROLLBACK TO SAVEPOINT import_rows`;

// ---------- mapping profiles ----------

const PROFILE_COLUMNS = `id, name, layer, description, crs, mapping, false AS preset, organisation_id AS "organisationId", updated_at AS "updatedAt"`;

/** An organisation's profiles ($1), of one layer ($2) or all. */
export const LIST_PROFILES = `
  SELECT ${PROFILE_COLUMNS} FROM import_mapping_profile
   WHERE organisation_id = $1::text AND ($2::text IS NULL OR layer = $2::text) ORDER BY layer, name`;

export const GET_PROFILE = `SELECT ${PROFILE_COLUMNS} FROM import_mapping_profile WHERE id = $1::uuid AND organisation_id = $2::text`;

export const INSERT_PROFILE = `
  INSERT INTO import_mapping_profile (organisation_id, name, layer, description, crs, mapping, created_by)
  VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::jsonb, $7::bigint) RETURNING ${PROFILE_COLUMNS}`;

export const UPDATE_PROFILE = `
  WITH u AS (
    UPDATE import_mapping_profile SET name = $3::text, layer = $4::text, description = $5::text, crs = $6::text, mapping = $7::jsonb, updated_at = now()
     WHERE id = $1::uuid AND organisation_id = $2::text RETURNING ${PROFILE_COLUMNS})
  SELECT * FROM u`;

export const DELETE_PROFILE = `WITH d AS (DELETE FROM import_mapping_profile WHERE id = $1::uuid AND organisation_id = $2::text RETURNING id) SELECT id FROM d`;

// ---------- streets: an import replaces the streets of its area ----------

/**
 * Streets inside the extent of the rows about to load ($1, a JSON array of GeoJSON line strings; their bounding box
 * and 20 m around, so one straight street still has an area) are removed first, except those pole proposals still
 * point at (counted, kept): re-importing an area replaces its streets.
 */
export const REPLACE_STREETS_IN = `
  WITH area AS (
    SELECT ST_Expand(ST_Envelope(ST_Collect(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326))), 20 / 111320.0) AS geom FROM jsonb_array_elements_text($1::jsonb) g),
  doomed AS (
    SELECT s.id, EXISTS (SELECT 1 FROM pole_consolidation_proposal p WHERE p.street_id = s.id) AS referenced
      FROM street s, area WHERE s.geom && area.geom AND ST_Intersects(s.geom, area.geom)),
  gone AS (DELETE FROM street s USING doomed d WHERE s.id = d.id AND NOT d.referenced RETURNING s.id)
  SELECT (SELECT count(*) FROM gone)::int AS removed, (SELECT count(*) FROM doomed WHERE referenced)::int AS kept`;
