import { ROUTE_KINDS, ROUTE_STATUSES, routeFeatureProperties, routeProperties, type RouteTenant } from '@cosite/contracts';
import type { LayerSpec, RowReject } from '../layers/layer-spec';
import { InventoryRepository } from './inventory.repository';

export const ROUTE_LAYER: LayerSpec = {
  name: 'routes',
  label: 'route',
  table: 'route',
  geometry: { types: ['LineString'], store: 'LineString' },
  columns: [
    { prop: 'code', column: 'code', pgType: 'text' },
    { prop: 'name', column: 'name', pgType: 'text' },
    { prop: 'kind', column: 'kind', pgType: 'text' },
    { prop: 'ownerId', column: 'owner_id', pgType: 'text' },
    { prop: 'capacityUnit', column: 'capacity_unit', pgType: 'text' },
    { prop: 'capacityTotal', column: 'capacity_total', pgType: 'integer' },
    { prop: 'capacityUsed', column: 'capacity_used', pgType: 'integer' },
    { prop: 'status', column: 'status', pgType: 'text' },
    { prop: 'builtOn', column: 'built_on', pgType: 'date' },
    { prop: 'buildMode', column: 'build_mode', pgType: 'text' },
    { prop: 'source', column: 'source', pgType: 'text' },
  ],
  derived: [
    { prop: 'lengthM', sql: 'round(t.length_m::numeric, 1)' },
    { prop: 'capacityFree', sql: 't.capacity_total - t.capacity_used' },
  ],
  readExtra: [
    {
      prop: 'tenants',
      sql: `(SELECT coalesce(jsonb_agg(jsonb_build_object('operatorId', rt.operator_id, 'unitsUsed', rt.units_used) ORDER BY rt.operator_id), '[]'::jsonb)
               FROM route_tenant rt WHERE rt.route_id = t.id)`,
    },
  ],
  owner: 'ownerId',
  properties: routeProperties,
  featureProperties: routeFeatureProperties,
  references: [{ prop: 'ownerId', table: 'organisation', column: 'id', what: 'organisation' }],
  filters: [
    { param: 'kind', column: 'kind', values: ROUTE_KINDS },
    { param: 'status', column: 'status', values: ROUTE_STATUSES },
    { param: 'owner', column: 'owner_id' },
    { param: 'code', column: 'code' },
  ],
  constraintFields: { route_capacity_used_within_total: 'properties.capacityUsed' },
  checkBatch: async (m, rows) => {
    const tenants = rows.flatMap((r) => ((r.properties.tenants as RouteTenant[]) ?? []).map((t) => ({ i: r.i, operator_id: t.operatorId })));
    if (!tenants.length) return [];
    const missing = await InventoryRepository.missingRouteOperators(m, tenants);
    return missing.map((x): RowReject => ({ index: x.i, field: 'properties.tenants', problem: `no operator "${x.operator_id}"` }));
  },
  afterWrite: async (m, written, mode) => {
    if (mode === 'update')
      await InventoryRepository.deleteRouteTenants(
        m,
        written.map((w) => w.id),
      );
    const rows = written.flatMap((w) =>
      ((w.row.properties.tenants as RouteTenant[]) ?? []).map((t) => ({ route_id: w.id, operator_id: t.operatorId, units_used: t.unitsUsed })),
    );
    if (!rows.length) return;
    await InventoryRepository.insertRouteTenants(m, rows);
  },
};
