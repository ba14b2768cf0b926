import { z } from 'zod';
import { TECHNOLOGIES, TENANCY_STATUSES } from '@cosite/contracts';
import { LayerSpec, RowReject } from '../common/layer-spec';
import { oneOf } from '@cosite/contracts';
import { ROW_SOURCES } from './structure.layer';

/**
 * A tenancy is one operator's base station on a structure: technology, band, antenna height and the
 * sector layout (azimuth of the first sector, sectorCount sectors evenly spread; no azimuth = omni).
 * It takes mount slots and load from its structure.
 */
export const tenancyProperties = z
  .object({
    code: z.string().trim().min(1).max(64).nullish(),
    structureId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be a structure id')]).transform(String).nullish(),
    structureCode: z.string().min(1).nullish(),
    operatorId: z.string({ error: 'is required (an operator id)' }).min(1),
    technology: oneOf(TECHNOLOGIES),
    bandMhz: z.number().int('must be whole MHz').min(400, 'must be at least 400 MHz').max(100000),
    antennaHeightM: z.number().min(0, 'must not be negative').max(700),
    azimuthDeg: z.number().min(0).lt(360, 'must be below 360').nullish(),
    sectorCount: z.number().int().min(1).max(6).default(1),
    mechTiltDeg: z.number().min(-20).max(30).default(0),
    elecTiltDeg: z.number().min(-20).max(30).default(0),
    eirpDbm: z.number().min(0).max(100),
    slotsUsed: z.number().int().min(0, 'must not be negative').max(64).default(1),
    loadKg: z.number().min(0, 'must not be negative').default(0),
    status: oneOf(TENANCY_STATUSES).default('active'),
    source: z.enum(ROW_SOURCES).default('api'),
  })
  .superRefine((p, ctx) => {
    if (!p.structureId && !p.structureCode) ctx.addIssue({ code: 'custom', path: ['structureId'], message: 'is required (or structureCode)' });
    if (p.azimuthDeg == null && p.sectorCount > 1) ctx.addIssue({ code: 'custom', path: ['azimuthDeg'], message: 'is required when sectorCount > 1' });
  });

export const TENANCY_LAYER: LayerSpec = {
  name: 'tenancies',
  label: 'tenancy',
  table: 'tenancy',
  geometry: null,
  geometryReadSql: 's.geom',
  readJoin: 'JOIN structure s ON s.id = t.structure_id',
  columns: [
    { prop: 'code', column: 'code', pgType: 'text' },
    { prop: 'structureId', column: 'structure_id', pgType: 'bigint', writeExpr: 'coalesce(r.structure_id, (SELECT id FROM structure WHERE code = r.structure_code))' },
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
  properties: tenancyProperties as unknown as LayerSpec['properties'],
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
async function checkTenanciesFit(m: import('typeorm').EntityManager, rows: import('../common/layer-spec').BatchRow[], mode: 'insert' | 'update', ids?: string[]): Promise<RowReject[]> {
  const input = rows.map((r) => ({
    i: r.i,
    structure_id: r.properties.structureId ?? null,
    structure_code: r.properties.structureCode ?? null,
    slots: r.properties.slotsUsed,
    load: r.properties.loadKg,
    height: r.properties.antennaHeightM,
    active: r.properties.status !== 'decommissioned',
  }));
  // Lock the structures first so two concurrent writers cannot both take the last slot.
  await m.query(
    `SELECT s.id FROM structure s
      WHERE s.id IN (SELECT coalesce(r.structure_id, (SELECT id FROM structure WHERE code = r.structure_code))
                       FROM jsonb_to_recordset($1::jsonb) AS r(structure_id bigint, structure_code text))
      ORDER BY s.id FOR UPDATE`,
    [JSON.stringify(input)],
  );
  const found: { i: number; id: string | null; status: string; height_m: string; slots_total: number; load_capacity_kg: string | null; used_slots: number; used_load: string }[] = await m.query(
    `SELECT r.i, s.id::text AS id, s.status, s.height_m, s.slots_total, s.load_capacity_kg,
            coalesce(u.slots, 0)::int AS used_slots, coalesce(u.load, 0) AS used_load
       FROM jsonb_to_recordset($1::jsonb) AS r(i int, structure_id bigint, structure_code text)
       LEFT JOIN structure s ON s.id = coalesce(r.structure_id, (SELECT id FROM structure WHERE code = r.structure_code))
       LEFT JOIN LATERAL (SELECT sum(slots_used) AS slots, sum(load_kg) AS load FROM tenancy x
                           WHERE x.structure_id = s.id AND x.status <> 'decommissioned' AND NOT (x.id = ANY($2::bigint[]))) u ON true
      ORDER BY r.i`,
    [JSON.stringify(input), ids ?? []],
  );
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
      out.push({ index: f.i, field: 'properties.slotsUsed', problem: `structure ${f.id} has ${Math.max(f.slots_total - t.slots, 0)} free of ${f.slots_total} mount slots; this tenancy needs ${slots}` });
      continue;
    }
    if (f.load_capacity_kg !== null && t.load + load > Number(f.load_capacity_kg)) {
      out.push({ index: f.i, field: 'properties.loadKg', problem: `structure ${f.id} can take ${Math.max(Number(f.load_capacity_kg) - t.load, 0)} kg more; this tenancy weighs ${load} kg` });
      continue;
    }
    taken.set(f.id, { slots: t.slots + slots, load: t.load + load });
  }
  return out;
}
