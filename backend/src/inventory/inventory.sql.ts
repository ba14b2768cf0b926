/**
 * The SQL of the structure, tenancy and route layers' own checks and dependent rows (inventory.repository.ts runs
 * them; the layers' reads and writes are built from their specs by layers/feature-store.sql.ts). Every parameter is
 * cast, so each statement PREPAREs against the schema with no values.
 */

/** Slots and load the live tenancies of a structure ($1) use. */
export const STRUCTURE_TENANT_USE = `
  SELECT coalesce(sum(slots_used),0)::int AS slots, coalesce(sum(load_kg),0) AS load
    FROM tenancy WHERE structure_id = $1::bigint AND status <> 'decommissioned'`;

/** Route tenants ($1: [{i, operator_id}]) naming no operator. */
export const MISSING_ROUTE_OPERATORS = `
  SELECT r.i, r.operator_id FROM jsonb_to_recordset($1::jsonb) AS r(i int, operator_id text)
   WHERE NOT EXISTS (SELECT 1 FROM organisation o WHERE o.id = r.operator_id AND o.kind = 'operator')`;

export const DELETE_ROUTE_TENANTS = `DELETE FROM route_tenant WHERE route_id = ANY($1::bigint[])`;

/** $1: [{route_id, operator_id, units_used}]. */
export const INSERT_ROUTE_TENANTS = `
  INSERT INTO route_tenant (route_id, operator_id, units_used)
  SELECT route_id, operator_id, units_used FROM jsonb_to_recordset($1::jsonb) AS r(route_id bigint, operator_id text, units_used int)`;

/** Locks the structures tenancies ($1: [{structure_id, structure_code}]) go on, by id or code, in id order. */
export const LOCK_TENANCY_STRUCTURES = `
  SELECT s.id FROM structure s
   WHERE s.id IN (SELECT coalesce(r.structure_id, (SELECT id FROM structure WHERE code = r.structure_code))
                    FROM jsonb_to_recordset($1::jsonb) AS r(structure_id bigint, structure_code text))
   ORDER BY s.id FOR UPDATE`;

/**
 * Per tenancy ($1: [{i, structure_id, structure_code}]), its structure (null when there is none) and what the
 * structure's live tenancies use, leaving out the tenancies $2 (those being rewritten).
 */
export const TENANCY_STRUCTURES = `
  SELECT r.i, s.id::text AS id, s.status, s.height_m, s.slots_total, s.load_capacity_kg,
         coalesce(u.slots, 0)::int AS used_slots, coalesce(u.load, 0) AS used_load
    FROM jsonb_to_recordset($1::jsonb) AS r(i int, structure_id bigint, structure_code text)
    LEFT JOIN structure s ON s.id = coalesce(r.structure_id, (SELECT id FROM structure WHERE code = r.structure_code))
    LEFT JOIN LATERAL (SELECT sum(slots_used) AS slots, sum(load_kg) AS load FROM tenancy x
                        WHERE x.structure_id = s.id AND x.status <> 'decommissioned' AND NOT (x.id = ANY($2::bigint[]))) u ON true
   ORDER BY r.i`;
