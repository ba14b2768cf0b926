import type { EntityManager } from 'typeorm';
import { TECHNOLOGIES, TENANCY_STATUSES, tenancyFeatureProperties, tenancyProperties } from '@cosite/contracts';
import type { BatchRow, LayerSpec, RowReject } from '../layers/layer-spec';
import { InventoryRepository } from './inventory.repository';

/**
 * A tenancy is one operator's base station on a structure (contracts: tenancyProperties). It takes mount slots
 * and load from its structure, and has no geometry of its own: it is read at its structure's.
 */
export const TENANCY_LAYER: LayerSpec = {
  name: 'tenancies',
  label: 'tenancy',
  table: 'tenancy',
  geometry: null,
  geometryReadSql: 's.geom',
  readJoin: 'JOIN structure s ON s.id = t.structure_id',
  columns: [
    { prop: 'code', column: 'code', pgType: 'text' },
    {
      prop: 'structureId',
      column: 'structure_id',
      pgType: 'bigint',
      writeExpr: 'coalesce(r.structure_id, (SELECT id FROM structure WHERE code = r.structure_code))',
    },
    { prop: 'operatorId', column: 'operator_id', pgType: 'text' },
    { prop: 'technology', column: 'technology', pgType: 'text' },
    { prop: 'bandMhz', column: 'band_mhz', pgType: 'integer' },
    { prop: 'antennaHeightM', column: 'antenna_height_m', pgType: 'numeric' },
    { prop: 'azimuthDeg', column: 'azimuth_deg', pgType: 'numeric' },
    { prop: 'sectorCount', column: 'sector_count', pgType: 'integer' },
    { prop: 'mechTiltDeg', column: 'mech_tilt_deg', pgType: 'numeric' },
    { prop: 'elecTiltDeg', column: 'elec_tilt_deg', pgType: 'numeric' },
    { prop: 'eirpDbm', column: 'eirp_dbm', pgType: 'numeric' },
    { prop: 'slotsUsed', column: 'slots_used', pgType: 'integer' },
    { prop: 'loadKg', column: 'load_kg', pgType: 'numeric' },
    { prop: 'status', column: 'status', pgType: 'text' },
    { prop: 'source', column: 'source', pgType: 'text' },
  ],
  extraFields: [{ name: 'structure_code', pgType: 'text' }],
  derived: [
    { prop: 'structureCode', sql: 's.code' },
    { prop: 'structureName', sql: 's.name' },
  ],
  owner: 'operatorId',
  properties: tenancyProperties,
  featureProperties: tenancyFeatureProperties,
  references: [{ prop: 'operatorId', table: 'organisation', column: 'id', where: "x.kind = 'operator'", what: 'operator' }],
  filters: [
    { param: 'operator', column: 'operator_id' },
    { param: 'technology', column: 'technology', values: TECHNOLOGIES },
    { param: 'status', column: 'status', values: TENANCY_STATUSES },
    { param: 'structure', column: 'structure_id' },
  ],
  constraintFields: { tenancy_slots_within_structure: 'properties.slotsUsed' },
  checkBatch: checkTenanciesFit,
};

/**
 * Each tenancy must fit its structure: the structure exists and is not decommissioned, the antenna is not
 * above the top of the structure, and the structure's free slots and load cover the batch in order
 * (rows are accepted first come, first served, like slots on a real tower).
 */
async function checkTenanciesFit(m: EntityManager, rows: BatchRow[], _mode: 'insert' | 'update', ids?: string[]): Promise<RowReject[]> {
  const input = rows.map((r) => ({
    i: r.i,
    structure_id: r.properties.structureId ?? null,
    structure_code: r.properties.structureCode ?? null,
    slots: r.properties.slotsUsed,
    load: r.properties.loadKg,
    height: r.properties.antennaHeightM,
    active: r.properties.status !== 'decommissioned',
  }));
  // the structures are locked first, so two concurrent writers cannot both take the last slot
  const found = await InventoryRepository.lockTenancyStructures(m, input, ids ?? []);
  const byIndex = new Map(input.map((x) => [x.i, x]));
  const taken = new Map<string, { slots: number; load: number }>();
  const out: RowReject[] = [];
  for (const f of found) {
    const row = byIndex.get(f.i)!;
    const field = row.structure_id ? 'properties.structureId' : 'properties.structureCode';
    if (!f.id) {
      out.push({ index: f.i, field, problem: `no structure ${JSON.stringify(row.structure_id ?? row.structure_code)}` });
      continue;
    }
    if (f.status === 'decommissioned' && row.active) {
      out.push({ index: f.i, field, problem: `structure ${f.id} is decommissioned` });
      continue;
    }
    if (Number(row.height) > Number(f.height_m)) {
      out.push({ index: f.i, field: 'properties.antennaHeightM', problem: `${row.height} m is above the top of structure ${f.id} (${Number(f.height_m)} m)` });
      continue;
    }
    if (!row.active) continue;
    const t = taken.get(f.id) ?? { slots: f.used_slots, load: Number(f.used_load) };
    const slots = Number(row.slots);
    const load = Number(row.load);
    if (t.slots + slots > f.slots_total) {
      out.push({
        index: f.i,
        field: 'properties.slotsUsed',
        problem: `structure ${f.id} has ${Math.max(f.slots_total - t.slots, 0)} free of ${f.slots_total} mount slots; this tenancy needs ${slots}`,
      });
      continue;
    }
    if (f.load_capacity_kg !== null && t.load + load > Number(f.load_capacity_kg)) {
      out.push({
        index: f.i,
        field: 'properties.loadKg',
        problem: `structure ${f.id} can take ${Math.max(Number(f.load_capacity_kg) - t.load, 0)} kg more; this tenancy weighs ${load} kg`,
      });
      continue;
    }
    taken.set(f.id, { slots: t.slots + slots, load: t.load + load });
  }
  return out;
}
