/** The audit trail's SQL, beside its repository (audit.repository.ts) and used only there. */

export const INSERT_EVENT = `
  INSERT INTO audit_event (actor_id, actor_username, organisation_id, ip, user_agent, entity, entity_id, action, before, after, comment)
  VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::jsonb, $10::jsonb, $11::text)`;

/** The log, oldest first, optionally one entity's (kind, id) and between two times (a bare date up to its end); at most 10,000 events. */
export const LIST_EVENTS = `
  SELECT id::int, at, actor_username AS "actor", organisation_id AS "organisationId", ip, entity, entity_id AS "entityId", action, before, after, comment
    FROM audit_event
   WHERE ($1::text IS NULL OR entity_id = $1::text) AND ($2::timestamptz IS NULL OR at >= $2::timestamptz)
     AND ($3::text IS NULL OR entity = $3::text)
     AND ($4::text IS NULL OR at < CASE WHEN $4::text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN $4::date + 1 ELSE $4::timestamptz END)
   ORDER BY at, id LIMIT 10000`;
