/** The applications module's SQL (applications, their notifications and review clocks), run by applications.repository.ts only. */

const COLUMNS = `a.id, a.code, a.kind, a.state, a.organisation_id AS "organisationId", a.operator_id AS "operatorId", a.analysis_id AS "analysisId",
  a.structure_id::int AS "structureId", a.conditions, a.justification, a.share_was_feasible AS "shareWasFeasible", a.needs_bureau_review AS "needsBureauReview",
  a.bureau_cleared_at AS "bureauClearedAt", a.result_structure_id::int AS "resultStructureId", a.result_tenancy_id::int AS "resultTenancyId", a.version,
  a.proposed_structure AS "proposedStructure", a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.state_changed_at AS "stateChangedAt", ST_AsGeoJSON(a.proposed_site, 7)::json AS "proposedSite"`;

/** Who may see an application ($1 role, $2 organisation): its own organisation's planners, the regulator and admins; the bureau those it reviews. */
const VISIBLE = `($1::text = 'regulator' OR $1::text = 'admin' OR ($1::text = 'planner' AND a.organisation_id = $2::text) OR ($1::text = 'bureau' AND a.needs_bureau_review AND a.state <> 'draft'))`;

/** The analysis an application is filed from. */
export const ANALYSIS_TO_FILE = `
  SELECT id, operator_id AS "operatorId", organisation_id AS "organisationId", result, ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM colocation_analysis WHERE id = $1::uuid`;

/** Whether a site lies in a zoning overlay in force (a new build there goes to the planning bureau first). */
export const SITE_IN_OVERLAY = `
  SELECT EXISTS (SELECT 1 FROM overlay_in_force o WHERE ST_Intersects(o.geom, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326))) AS x`;

export const INSERT_APPLICATION = `
  INSERT INTO application (kind, organisation_id, operator_id, analysis_id, analysis_snapshot, structure_id, conditions, justification, share_was_feasible,
                           needs_bureau_review, created_by, proposed_structure, proposed_site)
  VALUES ($1::text, $2::text, $3::text, $4::uuid, $5::jsonb, $6::bigint, $7::jsonb, $8::text, $9::boolean, $10::boolean, $11::bigint, $12::jsonb,
          CASE WHEN $13::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($13::float8, $14::float8), 4326) END)
  RETURNING id`;

/** $1 role, $2 organisation, $3 state or null. */
export const LIST_VISIBLE = `
  SELECT ${COLUMNS} FROM application a WHERE ${VISIBLE} AND ($3::text IS NULL OR a.state = $3::text) ORDER BY a.created_at DESC LIMIT 500`;

/** $1 role, $2 organisation, $3 id. */
export const GET_VISIBLE = `
  SELECT ${COLUMNS}, a.analysis_snapshot AS "analysisSnapshot" FROM application a WHERE a.id = $3::uuid AND ${VISIBLE}`;

/** One application as stored, whoever asks (inside a write). */
export const READ = `SELECT ${COLUMNS} FROM application a WHERE a.id = $1::uuid`;

/** Optimistic locking: answers the id only when the version was still $2. (A CTE: TypeORM answers [rows, count] for a bare UPDATE … RETURNING.) */
export const UPDATE_JUSTIFICATION = `
  WITH u AS (UPDATE application SET justification = $3::text, version = version + 1, updated_at = now() WHERE id = $1::uuid AND version = $2::int RETURNING id)
  SELECT id FROM u`;

/** A transition to $3, if the version is still $2; $4 records the bureau's clearance. */
export const MOVE = `
  WITH u AS (UPDATE application SET state = $3::text, version = version + 1, updated_at = now(), state_changed_at = now(),
                                    bureau_cleared_at = CASE WHEN $4::boolean THEN now() ELSE bureau_cleared_at END
              WHERE id = $1::uuid AND version = $2::int RETURNING id)
  SELECT id FROM u`;

export const SET_RESULT = `UPDATE application SET result_structure_id = $2::bigint, result_tenancy_id = $3::bigint WHERE id = $1::uuid`;

/** The users of role $6 hear of application $1 going to state $2 (a planner only of its own organisation's, $3). */
export const NOTIFY = `
  INSERT INTO notification (user_id, application_id, kind, payload)
  SELECT u.id, $1::uuid, $2::text, jsonb_build_object('code', $4::text, 'state', $2::text, 'comment', $5::text) FROM app_user u
   WHERE NOT u.disabled AND u.role = $6::text AND (u.role <> 'planner' OR u.organisation_id = $3::text)`;

/** State changes of applications, from the audit trail, in order. */
export const STATE_EVENTS = `
  SELECT entity_id AS id, action, at FROM audit_event
   WHERE entity = 'application' AND entity_id = ANY($1::text[]) AND (action = 'created' OR action LIKE 'to\\_%')
   ORDER BY at, id`;

export const NOTIFICATIONS_OF = `
  SELECT id::int, application_id AS "applicationId", kind, payload, created_at AS "createdAt", read_at AS "readAt"
    FROM notification WHERE user_id = $1::bigint ORDER BY created_at DESC, id DESC LIMIT 100`;

export const MARK_READ = `
  WITH u AS (UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1::bigint AND user_id = $2::bigint RETURNING id) SELECT id FROM u`;
