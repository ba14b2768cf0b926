/** The SQL of the files attached to applications, run by attachments.repository.ts only. */

const ITEM = `t.id::int, t.application_id AS "applicationId", t.kind, t.filename, t.content_type AS "contentType", t.size_bytes AS "sizeBytes", t.sha256,
  u.username AS "uploadedBy", u.display_name AS "uploadedByName", t.uploaded_at AS "uploadedAt"`;

export const INSERT_ATTACHMENT = `
  WITH t AS (INSERT INTO application_attachment (application_id, kind, filename, content_type, size_bytes, sha256, content, uploaded_by)
             VALUES ($1::uuid, $2::text, $3::text, $4::text, $5::int, $6::text, $7::bytea, $8::bigint) RETURNING *)
  SELECT ${ITEM} FROM t JOIN app_user u ON u.id = t.uploaded_by`;

/** An application's files (without their bytes), oldest first. */
export const LIST_ATTACHMENTS = `
  SELECT ${ITEM} FROM application_attachment t JOIN app_user u ON u.id = t.uploaded_by WHERE t.application_id = $1::uuid ORDER BY t.uploaded_at, t.id`;

/** One file with its bytes. */
export const GET_ATTACHMENT = `
  SELECT ${ITEM}, t.content FROM application_attachment t JOIN app_user u ON u.id = t.uploaded_by WHERE t.application_id = $1::uuid AND t.id = $2::bigint`;
