/** The applications module's SQL (applications, their notifications and review clocks), run by applications.repository.ts only. */

const COLUMNS = `a.id, a.code, a.kind, a.state, a.organisation_id AS "organisationId", a.operator_id AS "operatorId", a.analysis_id AS "analysisId",
  a.structure_id::int AS "structureId", a.conditions, a.justification, a.share_was_feasible AS "shareWasFeasible", a.needs_bureau_review AS "needsBureauReview",
  a.bureau_cleared_at AS "bureauClearedAt", a.result_structure_id::int AS "resultStructureId", a.result_tenancy_id::int AS "resultTenancyId", a.version,
  a.proposed_structure AS "proposedStructure", a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.state_changed_at AS "stateChangedAt", ST_AsGeoJSON(a.proposed_site, 7)::json AS "proposedSite",
  asg.username AS assignee, asg.display_name AS "assigneeName", dist.id AS "districtId",
  CASE WHEN dist.id IS NULL THEN NULL ELSE json_build_object('zh', dist.name_zh, 'en', dist.name_en) END AS "districtName",
  CASE WHEN lc.at IS NULL THEN NULL ELSE json_build_object('at', lc.at, 'actor', lc.actor, 'actorName', lc.actor_name, 'comment', lc.comment, 'to', lc.to_state) END AS "lastComment",
  a.letter_number AS "letterNumber", a.decided_at AS "decidedAt"`;

/**
 * An application with what is read beside it: its assignee, the district its site lies in (the new-build site, else
 * the analysis location; a core district first where two meet) and the latest comment made with a transition.
 */
const FROM = `application a
  LEFT JOIN app_user asg ON asg.id = a.assignee_id
  LEFT JOIN LATERAL (
    SELECT d.id, d.name_zh, d.name_en FROM colocation_analysis c JOIN district d ON ST_Intersects(d.geom, coalesce(a.proposed_site, c.geom))
     WHERE c.id = a.analysis_id ORDER BY d.is_core DESC, d.id LIMIT 1) dist ON true
  LEFT JOIN LATERAL (
    SELECT e.at, e.actor_username AS actor, u.display_name AS actor_name, e.comment, substr(e.action, 4) AS to_state
      FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
     WHERE e.entity = 'application' AND e.entity_id = a.id::text AND e.action LIKE 'to\\_%' AND e.comment IS NOT NULL AND btrim(e.comment) <> ''
     ORDER BY e.at DESC, e.id DESC LIMIT 1) lc ON true`;

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

/**
 * The queue: $1 role, $2 organisation; filters (null: any) $3 state, $4 district, $5 operator, $6 assignee's username;
 * $7 sort (created, updated, due: when the current state's review time runs out, by the limits in days $9) and $8 order.
 */
export const LIST_VISIBLE = `
  SELECT * FROM (
    SELECT ${COLUMNS}, a.state_changed_at + (($9::jsonb ->> a.state)::numeric * interval '1 day') AS due
      FROM ${FROM}
     WHERE ${VISIBLE} AND ($3::text IS NULL OR a.state = $3::text) AND ($4::int IS NULL OR dist.id = $4::int)
       AND ($5::text IS NULL OR a.operator_id = $5::text) AND ($6::text IS NULL OR asg.username = $6::text)) q
   ORDER BY
     CASE WHEN $8::text = 'asc' THEN CASE $7::text WHEN 'updated' THEN q."updatedAt" WHEN 'due' THEN q.due ELSE q."createdAt" END END ASC NULLS LAST,
     CASE WHEN $8::text = 'desc' THEN CASE $7::text WHEN 'updated' THEN q."updatedAt" WHEN 'due' THEN q.due ELSE q."createdAt" END END DESC NULLS LAST,
     q."createdAt" DESC
   LIMIT 500`;

/** Whether each filter of the queue names something that exists: $1 district, $2 operator, $3 regulator's username. */
export const QUEUE_FILTERS_EXIST = `
  SELECT ($1::int IS NULL OR EXISTS (SELECT 1 FROM district WHERE id = $1::int)) AS district,
         ($2::text IS NULL OR EXISTS (SELECT 1 FROM organisation WHERE id = $2::text AND kind = 'operator')) AS operator,
         ($3::text IS NULL OR EXISTS (SELECT 1 FROM app_user WHERE username = $3::text AND role = 'regulator')) AS assignee`;

/** $1 role, $2 organisation, $3 id. */
export const GET_VISIBLE = `
  SELECT ${COLUMNS}, a.analysis_snapshot AS "analysisSnapshot" FROM ${FROM} WHERE a.id = $3::uuid AND ${VISIBLE}`;

/** Whether an application exists at all (an outsider asking for its files is refused, not told it is missing). */
export const EXISTS = `SELECT EXISTS (SELECT 1 FROM application WHERE id = $1::uuid) AS x`;

/** One application as stored, whoever asks (inside a write). */
export const READ = `SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = $1::uuid`;

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

/** The regulator $3 (null: nobody) reviews application $1, if the version is still $2. */
export const ASSIGN = `
  WITH u AS (UPDATE application SET assignee_id = $3::bigint, version = version + 1, updated_at = now() WHERE id = $1::uuid AND version = $2::int RETURNING id)
  SELECT id FROM u`;

/** The regulators (active), who may review an application. */
export const REVIEWERS = `
  SELECT id::int, username, display_name AS "displayName" FROM app_user WHERE role = 'regulator' AND NOT disabled ORDER BY username`;

/**
 * A decision's letter number: the next in year $2's sequence (the counter row is locked until the decision commits,
 * so two decisions never share a number), given once.
 */
export const NEXT_LETTER = `
  WITH n AS (INSERT INTO decision_letter_counter (year, last) VALUES ($1::smallint, 1)
             ON CONFLICT (year) DO UPDATE SET last = decision_letter_counter.last + 1 RETURNING last)
  SELECT last FROM n`;

export const SET_LETTER = `
  UPDATE application SET letter_number = coalesce(letter_number, $2::text), decided_at = coalesce(decided_at, now()) WHERE id = $1::uuid`;

/** What a decision letter says beyond the application: the applicant and operator names, the structure decided on. */
export const LETTER_FACTS = `
  SELECT (SELECT name_zh FROM organisation WHERE kind = 'regulator' ORDER BY id LIMIT 1) AS "issuerZh",
         (SELECT name_en FROM organisation WHERE kind = 'regulator' ORDER BY id LIMIT 1) AS "issuerEn",
         o.name_zh AS "applicantZh", o.name_en AS "applicantEn", op.name_zh AS "operatorZh", op.name_en AS "operatorEn",
         s.name AS "structureName", s.code AS "structureCode", s.kind AS "structureKind", s.height_m::float8 AS "structureHeightM",
         ST_X(coalesce(a.proposed_site, s.geom, c.geom)) AS lon, ST_Y(coalesce(a.proposed_site, s.geom, c.geom)) AS lat
    FROM application a JOIN organisation o ON o.id = a.organisation_id JOIN organisation op ON op.id = a.operator_id
    JOIN colocation_analysis c ON c.id = a.analysis_id
    LEFT JOIN structure s ON s.id = coalesce(a.result_structure_id, a.structure_id)
   WHERE a.id = $1::uuid`;

/** An application's history, oldest first, from the audit trail (with each actor's display name). */
export const HISTORY = `
  SELECT e.at, e.actor_username AS actor, u.display_name AS "actorName", e.organisation_id AS "organisationId", e.action, e.before, e.after, e.comment
    FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
   WHERE e.entity = 'application' AND e.entity_id = $1::text ORDER BY e.at, e.id`;

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

/** The user $3 hears of application $1 (kind $2, e.g. assigned to them). */
export const NOTIFY_USER = `
  INSERT INTO notification (user_id, application_id, kind, payload) SELECT $3::bigint, a.id, $2::text, jsonb_build_object('code', a.code, 'state', a.state)
    FROM application a WHERE a.id = $1::uuid`;

export const MARK_ALL_READ = `
  WITH u AS (UPDATE notification SET read_at = now() WHERE user_id = $1::bigint AND read_at IS NULL RETURNING id) SELECT count(*)::int AS n FROM u`;

export const MARK_READ = `
  WITH u AS (UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1::bigint AND user_id = $2::bigint RETURNING id) SELECT id FROM u`;
