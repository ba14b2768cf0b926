import { z } from 'zod';
import { BUILD_MODES, ROUTE_CAPACITY_UNITS, ROUTE_KINDS, ROUTE_STATUSES } from '@cosite/contracts';
import { LayerSpec, RowReject } from '../common/layer-spec';
import { isoDate, oneOf } from '@cosite/contracts';
import { ROW_SOURCES } from './structure.layer';

export const routeProperties = z
  .object({
    code: z.string().trim().min(1).max(64).nullish(),
    name: z.string().max(200).nullish(),
    kind: oneOf(ROUTE_KINDS),
    ownerId: z.string({ error: 'is required (an organisation id)' }).min(1),
    capacityUnit: oneOf(ROUTE_CAPACITY_UNITS).optional(),
    capacityTotal: z.number().int('must be a whole number').min(0, 'must not be negative'),
    capacityUsed: z.number().int('must be a whole number').min(0, 'must not be negative').default(0),
    status: oneOf(ROUTE_STATUSES).default('built'),
    builtOn: isoDate.nullish(),
    buildMode: oneOf(BUILD_MODES).default('single'),
    tenants: z
      .array(z.object({ operatorId: z.string().min(1), unitsUsed: z.number().int().min(0) }))
      .max(20)
      .default([]),
    source: z.enum(ROW_SOURCES).default('api'),
  })
  .transform((p) => ({ ...p, capacityUnit: p.capacityUnit ?? (p.kind === 'duct' ? 'subduct' : 'cable_slot') }))
  .superRefine((p, ctx) => {
    if (p.capacityUsed > p.capacityTotal) ctx.addIssue({ code: 'custom', path: ['capacityUsed'], message: `exceeds capacityTotal (${p.capacityTotal})` });
    const tenantUnits = p.tenants.reduce((a, t) => a + t.unitsUsed, 0);
    if (tenantUnits > p.capacityUsed) ctx.addIssue({ code: 'custom', path: ['tenants'], message: `tenants use ${tenantUnits} units, more than capacityUsed (${p.capacityUsed})` });
    const ids = p.tenants.map((t) => t.operatorId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['tenants'], message: 'lists an operator twice' });
  });

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
  properties: routeProperties as unknown as LayerSpec['properties'],
  references: [{ prop: 'ownerId', table: 'organisation', column: 'id', what: 'organisation' }],
  filters: [
    { param: 'kind', column: 'kind', values: ROUTE_KINDS },
    { param: 'status', column: 'status', values: ROUTE_STATUSES },
    { param: 'owner', column: 'owner_id' },
    { param: 'code', column: 'code' },
  ],
  constraintFields: { route_capacity_used_within_total: 'properties.capacityUsed' },
  checkBatch: async (m, rows) => {
    const tenants = rows.flatMap((r) => ((r.properties.tenants as { operatorId: string }[]) ?? []).map((t) => ({ i: r.i, operator_id: t.operatorId })));
    if (!tenants.length) return [];
    const missing: { i: number; operator_id: string }[] = await m.query(
      `SELECT r.i, r.operator_id FROM jsonb_to_recordset($1::jsonb) AS r(i int, operator_id text)
        WHERE NOT EXISTS (SELECT 1 FROM organisation o WHERE o.id = r.operator_id AND o.kind = 'operator')`,
      [JSON.stringify(tenants)],
    );
    return missing.map((x): RowReject => ({ index: x.i, field: 'properties.tenants', problem: `no operator "${x.operator_id}"` }));
  },
  afterWrite: async (m, written, mode) => {
    if (mode === 'update') await m.query(`DELETE FROM route_tenant WHERE route_id = ANY($1::bigint[])`, [written.map((w) => w.id)]);
    const rows = written.flatMap((w) => ((w.row.properties.tenants as { operatorId: string; unitsUsed: number }[]) ?? []).map((t) => ({ route_id: w.id, operator_id: t.operatorId, units_used: t.unitsUsed })));
    if (!rows.length) return;
    await m.query(
      `INSERT INTO route_tenant (route_id, operator_id, units_used)
       SELECT route_id, operator_id, units_used FROM jsonb_to_recordset($1::jsonb) AS r(route_id bigint, operator_id text, units_used int)`,
      [JSON.stringify(rows)],
    );
  },
};
