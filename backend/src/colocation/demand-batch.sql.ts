/** Demand batches' SQL, beside their repository (demand-batch.repository.ts) and used only there. */

/** A batch: $1 lines read, $2 valid demands, $3 rejects, $4 status (completed at once when nothing is valid), $5 its organisation. */
export const INSERT_BATCH = `
  INSERT INTO colocation_batch (total, demands, rejects, status, finished_at, organisation_id)
  VALUES ($1::int, $2::jsonb, $3::jsonb, $4::text, CASE WHEN $4::text = 'completed' THEN now() END, $5::text)
  RETURNING id`;

/** A batch and its progress; a planner ($2 the role) sees only their own organisation's ($3). */
export const GET_BATCH = `
  SELECT b.id, b.status, b.total, jsonb_array_length(b.demands) AS valid, b.rejects, b.error, b.created_at AS "createdAt", b.finished_at AS "finishedAt",
         (SELECT count(*)::int FROM colocation_analysis a WHERE a.batch_id = b.id) AS analysed,
         -- lines the worker rejected (an unknown operator, say) are done too
         (SELECT count(DISTINCT r->>'line')::int FROM jsonb_array_elements(b.rejects) r
           WHERE r->>'line' IN (SELECT d->>'line' FROM jsonb_array_elements(b.demands) d)) AS "rejectedByWorker",
         (SELECT jsonb_object_agg(decision, n) FROM (SELECT decision, count(*)::int AS n FROM colocation_analysis a WHERE a.batch_id = b.id GROUP BY decision) x) AS decisions
    FROM colocation_batch b WHERE b.id = $1::uuid AND ($2::text IS DISTINCT FROM 'planner' OR b.organisation_id IS NULL OR b.organisation_id = $3::text)`;

/**
 * Marks a queued or running batch running; answers it with the organisation that uploaded it (no row otherwise).
 * (UPDATE … RETURNING through TypeORM answers [rows, count]: a CTE makes it answer rows.)
 */
export const START_BATCH = `
  WITH u AS (UPDATE colocation_batch SET status = 'running' WHERE id = $1::uuid AND status IN ('queued', 'running') RETURNING id, organisation_id)
  SELECT u.id, u.organisation_id AS "organisationId", o.kind AS "organisationKind" FROM u LEFT JOIN organisation o ON o.id = u.organisation_id`;

/** The demands at positions ($2, $3] of batch $1 not yet analysed, in order. */
export const PENDING_DEMANDS = `
  SELECT e.d FROM colocation_batch b, jsonb_array_elements(b.demands) WITH ORDINALITY e(d, k)
   WHERE b.id = $1::uuid AND e.k > $2::bigint AND e.k <= $3::bigint
     AND NOT EXISTS (SELECT 1 FROM colocation_analysis a WHERE a.batch_id = b.id AND a.line = (e.d->>'line')::int)
   ORDER BY e.k`;

/** Adds the worker's rejects ($2, a JSON array) to batch $1. */
export const ADD_REJECTS = `UPDATE colocation_batch SET rejects = rejects || $2::jsonb WHERE id = $1::uuid`;

/** Claims the grouping of batch $1 once every valid line is analysed or rejected; no row while lines remain. */
export const CLAIM_GROUPING = `
  WITH u AS (UPDATE colocation_batch b SET status = 'grouping' WHERE b.id = $1::uuid AND b.status IN ('running', 'grouping')
     AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(b.demands) e
                      WHERE NOT EXISTS (SELECT 1 FROM colocation_analysis a WHERE a.batch_id = b.id AND a.line = (e->>'line')::int)
                        AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(b.rejects) r WHERE (r->>'line')::int = (e->>'line')::int))
  RETURNING b.id)
  SELECT id FROM u`;

/** The batch's new builds not yet in a co-build group, in line order. */
export const UNGROUPED_NEW_BUILDS = `
  SELECT id FROM colocation_analysis WHERE batch_id = $1::uuid AND decision = 'new_build' AND cobuild_group_id IS NULL ORDER BY line`;

export const COMPLETE_BATCH = `UPDATE colocation_batch SET status = 'completed', finished_at = now() WHERE id = $1::uuid AND status = 'grouping'`;

export const FAIL_BATCH = `UPDATE colocation_batch SET status = 'failed', error = $2::text, finished_at = now() WHERE id = $1::uuid AND status <> 'completed'`;

/** Every analysed line of batch $1 with its co-build group, in line order. */
export const BATCH_RESULTS = `
  SELECT a.line, a.decision, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat, a.result, g.id AS "groupId", g.proposal->'operators' AS "groupOperators",
         ST_X(g.site) AS "groupLon", ST_Y(g.site) AS "groupLat"
    FROM colocation_analysis a LEFT JOIN colocation_cobuild_group g ON g.id = a.cobuild_group_id
   WHERE a.batch_id = $1::uuid ORDER BY a.line`;
