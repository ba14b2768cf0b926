import { POPULATION_CELL_AREA_KM2 } from '../radio/universe';

/**
 * The coverage domain's SQL, beside its repository (coverage.repository.ts) and used only there. Every parameter
 * carries the type PostgreSQL inferred for it before the casts were written (real where it meets best_rsrp_dbm, a
 * real column), so each statement PREPAREs alone and compares as it always did.
 */

// ---------- versions ----------

/** A tile layer's data version ('districts' moves the grid, 'sectors' the sectors). */
export const LAYER_VERSION = `SELECT version::text FROM tile_layer_version WHERE layer = $1::text`;

// ---------- the grid ----------

export const CORE_DISTRICTS = `SELECT id, ST_AsGeoJSON(geom)::json AS g FROM district WHERE is_core ORDER BY id`;

export const GRID_VERSION = `SELECT version FROM dataset_load WHERE name = 'coverage-grid' AND EXISTS (SELECT 1 FROM coverage_grid)`;

export const LOCK_GRID = `SELECT pg_advisory_xact_lock(hashtext('coverage-grid'))`;

export const DELETE_ALL_CELLS = `DELETE FROM coverage_cell`;

export const DELETE_GRID = `DELETE FROM coverage_grid`;

/** Per cell, how many cells share its resolution-9 parent (population is spread over them). */
export const SET_RES9_CELLS = `UPDATE coverage_grid g SET res9_cells = c.n FROM (SELECT h3_res9, count(*) AS n FROM coverage_grid GROUP BY 1) c WHERE c.h3_res9 = g.h3_res9`;

export const DELETE_KEY_SITE_CELLS = `DELETE FROM key_site_cell`;

export const KEY_SITES = `SELECT id, ST_AsGeoJSON(geom)::json AS g FROM key_site`;

export const RECORD_GRID = `
  INSERT INTO dataset_load (name, version, counts) VALUES ('coverage-grid', $1::text, $2::jsonb)
  ON CONFLICT (name) DO UPDATE SET version = excluded.version, counts = excluded.counts, loaded_at = now()`;

// ---------- sectors ----------

export const OPERATORS = `SELECT id FROM organisation WHERE kind = 'operator' ORDER BY id`;

/** Every radiating tenancy with what the engine needs, including residents per km² around its site ($1: structures, or null for all). */
export const TENANCY_RADIOS = `
  SELECT t.id::int AS "tenancyId", t.structure_id::int AS "structureId", t.operator_id AS "operatorId", t.technology,
         t.band_mhz AS "bandMhz", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, t.antenna_height_m::float8 AS "antennaHeightM",
         s.ground_elevation_m::float8 AS "groundElevationM", t.azimuth_deg::float8 AS "azimuthDeg", t.sector_count AS "sectorCount",
         t.mech_tilt_deg::float8 AS "mechTiltDeg", t.elec_tilt_deg::float8 AS "elecTiltDeg", t.eirp_dbm::float8 AS "eirpDbm",
         s.kind AS "structureKind", coalesce(p.population / ${POPULATION_CELL_AREA_KM2}, 0)::float8 AS "populationDensity"
    FROM tenancy t JOIN structure s ON s.id = t.structure_id
    LEFT JOIN LATERAL (SELECT pc.population FROM population_cell pc WHERE ST_Intersects(pc.geom, s.geom) LIMIT 1) p ON true
   WHERE t.status = 'active' AND s.status = 'built' AND ($1::bigint[] IS NULL OR s.id = ANY($1::bigint[]))
   ORDER BY t.id`;

/** Where structures stand. */
export const STRUCTURE_POINTS = `SELECT id::int, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM structure WHERE id = ANY($1::bigint[])`;

// ---------- runs ----------

export const CREATE_RUN = `
  INSERT INTO coverage_run (kind, chunks_total, sectors, requested_by, model, load_factor)
  VALUES ($1::text, $2::int, $3::int, $4::text, $5::text, $6::real) RETURNING id`;

export const RUN = `
  SELECT r.id, r.kind, r.status, r.model, r.load_factor::float8 AS "loadFactor", r.chunks_total AS "chunksTotal",
         (SELECT count(*)::int FROM coverage_run_chunk c WHERE c.run_id = r.id) AS "chunksDone",
         r.sectors, r.error, r.started_at AS "startedAt", r.finished_at AS "finishedAt"
    FROM coverage_run r WHERE r.id = $1::uuid`;

export const LATEST_RUN_IDS = `SELECT id FROM coverage_run ORDER BY started_at DESC LIMIT $1::bigint`;

/** Sets a run's status ($4: only while it is running); answers how many runs changed. */
export const SET_RUN_STATUS = `
  WITH u AS (UPDATE coverage_run SET status = $2::text, error = $3::text, finished_at = now()
              WHERE id = $1::uuid AND (NOT $4::boolean OR status = 'running') RETURNING id)
  SELECT count(*)::int AS n FROM u`;

/** Whether any run is going or has completed (the autorun's "no coverage yet"). */
export const LIVE_OR_COMPLETED_RUNS = `SELECT count(*)::int AS n FROM coverage_run WHERE status IN ('running','completed')`;

/** The model and load factor of the latest completed full run (an incremental update uses the same). */
export const LAST_FULL_RUN_SETTINGS = `
  SELECT model, load_factor::float8 AS "loadFactor" FROM coverage_run WHERE kind = 'full' AND status = 'completed' ORDER BY finished_at DESC LIMIT 1`;

// ---------- chunks and cells ----------

export const CHUNK_DONE = `SELECT 1 FROM coverage_run_chunk WHERE run_id = $1::uuid AND chunk = $2::bigint`;

export const DONE_CHUNKS = `SELECT chunk::text FROM coverage_run_chunk WHERE run_id = $1::uuid`;

/** One writer per chunk at a time, until the transaction ends. */
export const LOCK_CHUNK = `SELECT pg_advisory_xact_lock(7311, hashtext($1::text))`;

export const DELETE_CHUNK_CELLS = `DELETE FROM coverage_cell WHERE chunk = $1::bigint`;

export const DELETE_CELLS = `DELETE FROM coverage_cell WHERE h3 = ANY($1::bigint[])`;

export const MARK_CHUNK_DONE = `
  INSERT INTO coverage_run_chunk (run_id, chunk, cells, rows, evaluations, ms)
  VALUES ($1::uuid, $2::bigint, $3::int, $4::int, $5::bigint, $6::int) ON CONFLICT DO NOTHING`;

/** Completes the run when its last chunk is in; answers how many runs completed (0 or 1). */
export const COMPLETE_IF_DONE = `
  WITH u AS (UPDATE coverage_run r SET status = 'completed', finished_at = now()
              WHERE r.id = $1::uuid AND r.status = 'running'
                AND (SELECT count(*) FROM coverage_run_chunk c WHERE c.run_id = r.id) >= r.chunks_total RETURNING id)
  SELECT count(*)::int AS n FROM u`;

export const CELLS_SERVED_BY = `SELECT DISTINCT h3::text FROM coverage_cell WHERE best_tenancy_id = ANY($1::bigint[])`;

// ---------- the change log (coverage-dirty.listener.ts) ----------

export const LISTEN_CHANGES = `LISTEN coverage_dirty`;

/**
 * Changes from before the latest full run started are in that run; with no run at all there is no coverage to keep
 * current yet (the first full run computes everything).
 */
export const DROP_CHANGES_BEFORE_RUN = `
  DELETE FROM coverage_change WHERE changed_at < coalesce(
    (SELECT max(started_at) FROM coverage_run WHERE kind = 'full' AND status = 'completed'),
    (SELECT max(started_at) FROM coverage_run WHERE kind = 'full' AND status = 'running'),
    'infinity')`;

/** Claims up to $1 logged changes; SKIP LOCKED lets several listeners share the log. */
export const CLAIM_CHANGES = `
  DELETE FROM coverage_change WHERE id IN (SELECT id FROM coverage_change ORDER BY id LIMIT $1::bigint FOR UPDATE SKIP LOCKED)
  RETURNING structure_id, tenancy_id`;

// ---------- KPIs (coverage-kpi.service.ts) ----------

export const TECHNOLOGY_BANDS = `SELECT DISTINCT band_mhz AS band FROM tenancy WHERE technology = $1::text`;

/**
 * Area, population and link quality per district and city-wide, per operator and for any, as a histogram over
 * whole Mbit/s of throughput (mbps −1: not covered), from which the service sums coverage and reads the residents'
 * percentiles: $1 technology, $2 threshold, $3/$4 bands and their O2I loss, $5 indoor (subtract that loss from the
 * best server's RSRP), $6 the SINR counted as usable. For 'any', a cell takes the best SINR and throughput offered.
 */
export const AREA_KPIS = `
  WITH cell AS (SELECT h3, district_id, population AS pop FROM coverage_grid_population),
  o2i AS (SELECT * FROM unnest($3::int[], $4::float8[]) AS o(band, loss)),
  served AS (
    SELECT c.h3, c.operator_id, c.sinr_db, c.throughput_mbps FROM coverage_cell c
      LEFT JOIN tenancy t ON $5::boolean AND t.id = c.best_tenancy_id
      LEFT JOIN o2i ON o2i.band = t.band_mhz
     WHERE c.technology = $1::text AND c.best_rsrp_dbm - coalesce(o2i.loss, 0) >= $2::float8
  ),
  covered AS (
    SELECT h3, operator_id, sinr_db AS sinr, throughput_mbps AS tp FROM served
    UNION ALL
    SELECT h3, 'any', max(sinr_db), max(throughput_mbps) FROM served GROUP BY h3
  ),
  ops AS (SELECT id AS operator FROM organisation WHERE kind = 'operator' UNION ALL SELECT 'any'),
  binned AS (
    SELECT c.district_id, o.operator, c.pop, v.sinr >= $6::float8 AS usable,
           CASE WHEN v.h3 IS NULL THEN -1 ELSE round(coalesce(v.tp, 0))::int END AS mbps
      FROM cell c CROSS JOIN ops o
      LEFT JOIN covered v ON v.h3 = c.h3 AND v.operator_id = o.operator
  )
  SELECT b.district_id, d.name_en AS name, b.operator, b.mbps,
         count(*) AS cells, count(*) FILTER (WHERE b.usable) AS sinr_ok,
         sum(b.pop) AS pop, sum(b.pop) FILTER (WHERE b.usable) AS pop_sinr_ok
    FROM binned b LEFT JOIN district d ON d.id = b.district_id
   GROUP BY GROUPING SETS ((b.district_id, d.name_en, b.operator, b.mbps), (b.operator, b.mbps))
   ORDER BY b.district_id NULLS FIRST, b.operator, b.mbps`;

/** Key sites and how many of their cells meet the 5G threshold $1 (for operator $2, or 'any'). */
export const KEY_SITE_REACH = `
  SELECT k.id, k.name_zh, k.name_en, k.category, count(ksc.h3)::int AS cells,
         count(ksc.h3) FILTER (WHERE cv.best >= $1::real)::int AS reached, max(cv.best)::float8 AS best
    FROM key_site k
    JOIN key_site_cell ksc ON ksc.key_site_id = k.id
    LEFT JOIN LATERAL (SELECT max(best_rsrp_dbm) AS best FROM coverage_cell c
                        WHERE c.h3 = ksc.h3 AND c.technology = '5G' AND ($2::text = 'any' OR c.operator_id = $2::text)) cv ON true
   GROUP BY k.id ORDER BY k.id`;

export const FIVE_G_STATIONS = `
  SELECT d.id, d.name_en AS name, count(t.id) AS stations, max(d.population) AS population
    FROM district d
    LEFT JOIN structure s ON s.district_id = d.id
    LEFT JOIN tenancy t ON t.structure_id = s.id AND t.technology = '5G' AND t.status = 'active'
   WHERE d.is_core
   GROUP BY d.id, d.name_en ORDER BY d.id`;

/** Populated cells below the threshold $2 for technology $1 and operator $3 (or 'any'). */
export const UNCOVERED_POPULATED_CELLS = `
  SELECT c.h3::text AS h3, c.population AS pop FROM coverage_grid_population c
   WHERE c.population > 0
     AND NOT EXISTS (SELECT 1 FROM coverage_cell v WHERE v.h3 = c.h3 AND v.technology = $1::text AND v.best_rsrp_dbm >= $2::real
                                                   AND ($3::text = 'any' OR v.operator_id = $3::text))`;

/**
 * Predicted-covered cells, those with no observation of radios $4 (networks $5, or null for any) within $6 degrees,
 * and the observations counted.
 */
export const COMPARISON_SUMMARY = `
  WITH covered AS (
    SELECT g.h3, g.geom FROM coverage_grid g
     WHERE EXISTS (SELECT 1 FROM coverage_cell c WHERE c.h3 = g.h3 AND c.technology = $1::text AND c.best_rsrp_dbm >= $2::real AND ($3::text = 'any' OR c.operator_id = $3::text))),
  obs AS (SELECT o.geom FROM observed_cell o WHERE o.radio = ANY($4::text[]) AND ($5::int[] IS NULL OR (o.mcc = 460 AND o.net = ANY($5::int[]))))
  SELECT (SELECT count(*)::int FROM covered) AS covered,
         (SELECT count(*)::int FROM covered c WHERE NOT EXISTS (SELECT 1 FROM obs o WHERE ST_DWithin(o.geom, c.geom, $6::float8))) AS unobserved,
         (SELECT count(*)::int FROM obs) AS observations`;

/** Observed cells standing where the prediction is below the threshold (or absent), the first 500. */
export const OBSERVED_BELOW_PREDICTION = `
  SELECT o.id::text, o.radio, o.net, o.cell::text, ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat, p.best AS predicted
    FROM observed_cell o
    LEFT JOIN LATERAL (
      SELECT max(c.best_rsrp_dbm)::float8 AS best FROM coverage_grid g JOIN coverage_cell c ON c.h3 = g.h3
       WHERE ST_DWithin(g.geom, o.geom, 0.0012) AND c.technology = $1::text AND ($3::text = 'any' OR c.operator_id = $3::text)) p ON true
   WHERE o.radio = ANY($4::text[]) AND ($5::int[] IS NULL OR (o.mcc = 460 AND o.net = ANY($5::int[])))
     AND (p.best IS NULL OR p.best < $2::float8)
   ORDER BY o.id LIMIT 500`;

/** Per stored cell in a lon/lat box, the strongest best server (of any operator, or of $6): its RSRP, tenancy, SINR and throughput. */
export const CELLS_IN_BOX = `
  SELECT DISTINCT ON (c.h3) c.h3::text AS h3, c.best_rsrp_dbm::float8 AS rsrp, c.best_tenancy_id::text AS tenancy,
         c.sinr_db::float8 AS sinr, c.throughput_mbps::float8 AS mbps
    FROM coverage_grid g JOIN coverage_cell c ON c.h3 = g.h3
   WHERE g.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326) AND c.technology = $5::text AND ($6::text = 'any' OR c.operator_id = $6::text)
   ORDER BY c.h3, c.best_rsrp_dbm DESC`;
