/**
 * The inventory writes that approvals and multi-pole integration make (inventory-writer.ts runs them, and nothing
 * else does). Every parameter is cast, so each statement PREPAREs against the schema with no values.
 */

/** An upgrade: room for the tenants already on the structure plus $2 slots, and at least $3 m of height. */
export const UPGRADE_STRUCTURE = `
  UPDATE structure
     SET slots_total = greatest(slots_total, (SELECT coalesce(sum(slots_used), 0) FROM tenancy WHERE structure_id = $1::bigint AND status <> 'decommissioned') + $2::int),
         height_m = greatest(height_m, $3::numeric), updated_at = now()
   WHERE id = $1::bigint`;

/** A new build an approval decided: an approved standalone structure at ($8, $9). */
export const INSERT_APPROVED_STRUCTURE = `
  INSERT INTO structure (code, name, kind, owner_id, height_m, slots_total, load_capacity_kg, build_form, status, source, geom)
  VALUES ($1::text, $2::text, $3::text, $4::text, $5::numeric, $6::int, $7::numeric, 'standalone', 'approved', 'api', ST_SetSRID(ST_MakePoint($8::float8, $9::float8), 4326))
  RETURNING id::int`;

/** The planned tenancy an approval puts on a structure (three sectors, first at 0°). */
export const INSERT_PLANNED_TENANCY = `
  INSERT INTO tenancy (structure_id, operator_id, technology, band_mhz, antenna_height_m, azimuth_deg, sector_count, eirp_dbm, slots_used, load_kg, status, source)
  VALUES ($1::bigint, $2::text, $3::text, $4::int, $5::numeric, 0, 3, $6::numeric, $7::int, $8::numeric, 'planned', 'api')
  RETURNING id::int`;

/** Locks the poles a merge would replace; answers those merged or changed since (no longer built, or replaced). */
export const LOCK_POLES_CHANGED = `
  SELECT id::int FROM structure WHERE id = ANY($1::bigint[]) AND (replaced_by IS NOT NULL OR status <> 'built') FOR UPDATE`;

/** An existing smart pole takes the merged poles' mounts: at least $2 slots. */
export const WIDEN_SLOTS = `UPDATE structure SET slots_total = greatest(slots_total, $2::int), updated_at = now() WHERE id = $1::bigint`;

/** A new smart pole, approved, where pole $7 stands (its foundation and address). */
export const INSERT_SMART_POLE = `
  INSERT INTO structure (code, name, kind, owner_id, height_m, slots_total, load_capacity_kg, build_form, status, address, source, geom)
  SELECT $1::text, $2::text, 'smart_pole', $3::text, $4::numeric, $5::int, $6::numeric, 'attached', 'approved', address, 'api', geom FROM structure WHERE id = $7::bigint
  RETURNING id::int`;

/** Poles merged into smart pole $1. */
export const MARK_REPLACED = `UPDATE structure SET replaced_by = $1::bigint, updated_at = now() WHERE id = ANY($2::bigint[])`;
