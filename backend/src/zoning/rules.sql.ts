/** The regulation rules table and the overlays' history: the SQL beside its repository (rules.repository.ts). */

const RULE_COLUMNS = `code, subject, applies_to AS "appliesTo", outcome, params, regulation, article, enabled, updated_at AS "updatedAt", updated_by AS "updatedBy"`;

export const LIST = `SELECT ${RULE_COLUMNS} FROM regulation_rule WHERE ($1::text IS NULL OR subject = $1::text) ORDER BY subject, code`;

export const ENABLED = `SELECT ${RULE_COLUMNS} FROM regulation_rule WHERE enabled AND subject = ANY($1::text[]) ORDER BY code`;

export const GET = `SELECT ${RULE_COLUMNS} FROM regulation_rule WHERE code = $1::text`;

export const GET_FOR_UPDATE = `SELECT ${RULE_COLUMNS} FROM regulation_rule WHERE code = $1::text FOR UPDATE`;

export const UPDATE = `
  WITH u AS (
    UPDATE regulation_rule SET outcome = $2::text, params = $3::jsonb, enabled = $4::boolean, regulation = $5::text, article = $6::text,
           updated_at = now(), updated_by = $7::text
     WHERE code = $1::text RETURNING *)
  SELECT ${RULE_COLUMNS} FROM u`;

/** Redraws the protection zones of a facility kind after its width rule changed. */
export const REFRESH_PROTECTION_ZONES = `SELECT protection_zones_refresh($1::text)`;

export const INSERT_CHANGE = `
  INSERT INTO regulation_rule_change (rule_code, changed_by, before, after, comment) VALUES ($1::text, $2::text, $3::jsonb, $4::jsonb, $5::text)`;

export const HISTORY = `
  SELECT id::int, changed_at AS "changedAt", changed_by AS "changedBy", before, after, comment
    FROM regulation_rule_change WHERE rule_code = $1::text ORDER BY changed_at, id`;

export const OVERLAY_VERSIONS = `
  SELECT version, change, changed_at AS "changedAt", properties, ST_AsGeoJSON(geom, 7)::json AS geometry
    FROM overlay_version WHERE overlay_id = $1::bigint ORDER BY version`;
