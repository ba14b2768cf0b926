import { STRUCTURE_KINDS, STRUCTURE_STATUSES, structureFeatureProperties, structureProperties, type StructureProperties } from '@cosite/contracts';
import type { LayerSpec } from '../layers/layer-spec';
import { InventoryRepository } from './inventory.repository';

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
    { prop: 'voltageKv', column: 'voltage_kv', pgType: 'numeric' },
    { prop: 'conductorHeightM', column: 'conductor_height_m', pgType: 'numeric' },
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
  featureProperties: structureFeatureProperties,
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
    const used = await InventoryRepository.structureTenantUse(m, ids[0]);
    const p = row.properties as StructureProperties;
    const out = [];
    if (p.slotsTotal < used.slots) out.push({ index: row.i, field: 'properties.slotsTotal', problem: `tenancies already use ${used.slots} slots` });
    if (p.loadCapacityKg != null && p.loadCapacityKg < Number(used.load))
      out.push({ index: row.i, field: 'properties.loadCapacityKg', problem: `tenancies already load ${used.load} kg` });
    return out;
  },
};
