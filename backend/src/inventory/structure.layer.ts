import { z } from 'zod';
import { BUILD_FORMS, BUILD_MODES, STRUCTURE_KINDS, STRUCTURE_STATUSES } from '@cosite/contracts';
import { LayerSpec } from '../common/layer-spec';
import { isoDate, oneOf } from '@cosite/contracts';

export const ROW_SOURCES = ['api', 'import', 'sample'] as const;

const nonNegative = (what: string, max?: number) => {
  const n = z.number({ error: `${what} must be a number` }).min(0, `${what} must not be negative`);
  return max === undefined ? n : n.max(max, `${what} must be at most ${max}`);
};

export const structureProperties = z.object({
  code: z.string().trim().min(1).max(64).nullish(),
  name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200),
  kind: oneOf(STRUCTURE_KINDS),
  ownerId: z.string({ error: 'is required (an organisation id)' }).min(1),
  heightM: nonNegative('height', 700),
  groundElevationM: z.number().min(-500).max(9000).nullish(),
  slotsTotal: z.number().int('must be a whole number').min(0, 'must not be negative').max(64),
  loadCapacityKg: nonNegative('load capacity').nullish(),
  windAreaM2: nonNegative('wind area').nullish(),
  buildForm: oneOf(BUILD_FORMS),
  status: oneOf(STRUCTURE_STATUSES).default('built'),
  builtOn: isoDate.nullish(),
  buildMode: oneOf(BUILD_MODES).default('single'),
  publicInstitution: z.boolean().default(false),
  address: z.string().max(300).nullish(),
  source: z.enum(ROW_SOURCES).default('api'),
});

export const STRUCTURE_LAYER: LayerSpec = {
  name: 'structures',
  label: 'structure',
  table: 'structure',
  geometry: { types: ['Point'], store: 'Point' },
  columns: [
    { prop: 'code', column: 'code', pgType: 'text' },
    { prop: 'name', column: 'name', pgType: 'text' },
    { prop: 'kind', column: 'kind', pgType: 'text' },
    { prop: 'ownerId', column: 'owner_id', pgType: 'text' },
    { prop: 'heightM', column: 'height_m', pgType: 'numeric' },
    { prop: 'groundElevationM', column: 'ground_elevation_m', pgType: 'numeric' },
    { prop: 'slotsTotal', column: 'slots_total', pgType: 'integer' },
    { prop: 'loadCapacityKg', column: 'load_capacity_kg', pgType: 'numeric' },
    { prop: 'windAreaM2', column: 'wind_area_m2', pgType: 'numeric' },
    { prop: 'buildForm', column: 'build_form', pgType: 'text' },
    { prop: 'status', column: 'status', pgType: 'text' },
    { prop: 'builtOn', column: 'built_on', pgType: 'date' },
    { prop: 'buildMode', column: 'build_mode', pgType: 'text' },
    { prop: 'publicInstitution', column: 'public_institution', pgType: 'boolean' },
    { prop: 'address', column: 'address', pgType: 'text' },
    { prop: 'source', column: 'source', pgType: 'text' },
  ],
  // What planners ask of a structure first: who is on it and what is left.
  readJoin: `LEFT JOIN LATERAL (
      SELECT count(*)::int AS tenancies, count(DISTINCT x.operator_id)::int AS tenants,
             coalesce(sum(x.slots_used), 0)::int AS slots, coalesce(sum(x.load_kg), 0) AS load
        FROM tenancy x WHERE x.structure_id = t.id AND x.status <> 'decommissioned') u ON true`,
  derived: [
    { prop: 'districtId', sql: 't.district_id' },
    // a pole merged into a smart pole stays until the smart pole stands
    { prop: 'replacedBy', sql: 't.replaced_by::int' },
    { prop: 'tenancyCount', sql: 'u.tenancies' },
    { prop: 'tenantCount', sql: 'u.tenants' },
    { prop: 'slotsUsed', sql: 'u.slots' },
    { prop: 'slotsFree', sql: 'greatest(t.slots_total - u.slots, 0)' },
    { prop: 'loadUsedKg', sql: 'u.load' },
    { prop: 'loadFreeKg', sql: 'CASE WHEN t.load_capacity_kg IS NULL THEN NULL ELSE greatest(t.load_capacity_kg - u.load, 0) END' },
  ],
  owner: 'ownerId',
  properties: structureProperties,
  references: [{ prop: 'ownerId', table: 'organisation', column: 'id', what: 'organisation' }],
  filters: [
    { param: 'kind', column: 'kind', values: STRUCTURE_KINDS },
    { param: 'status', column: 'status', values: STRUCTURE_STATUSES },
    { param: 'owner', column: 'owner_id' },
    { param: 'district', column: 'district_id' },
    { param: 'code', column: 'code' },
  ],
  // On update, a structure cannot shrink below what its tenants already use.
  checkBatch: async (m, rows, mode, ids) => {
    if (mode !== 'update' || !ids?.length) return [];
    const [row] = rows;
    const used: { slots: number; load: string }[] = await m.query(
      `SELECT coalesce(sum(slots_used),0)::int AS slots, coalesce(sum(load_kg),0) AS load FROM tenancy WHERE structure_id = $1 AND status <> 'decommissioned'`,
      [ids[0]],
    );
    const p = row.properties as z.infer<typeof structureProperties>;
    const out = [];
    if (p.slotsTotal < used[0].slots) out.push({ index: row.i, field: 'properties.slotsTotal', problem: `tenancies already use ${used[0].slots} slots` });
    if (p.loadCapacityKg != null && p.loadCapacityKg < Number(used[0].load)) out.push({ index: row.i, field: 'properties.loadCapacityKg', problem: `tenancies already load ${used[0].load} kg` });
    return out;
  },
};
