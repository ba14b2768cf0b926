import type { EntityManager } from 'typeorm';
import * as sql from './inventory.sql';

/** A structure as a tenancy's fit check reads it, with what its other live tenancies use (null id: no such structure). */
export interface TenancyStructure {
  i: number;
  id: string | null;
  status: string;
  height_m: string;
  slots_total: number;
  load_capacity_kg: string | null;
  used_slots: number;
  used_load: string;
}

/**
 * The queries of the inventory layers' own checks and dependent rows (route tenants), inside the write's
 * transaction. The rows themselves are read and written by the feature store (layers/feature.repository.ts).
 */
export const InventoryRepository = {
  async structureTenantUse(m: EntityManager, structureId: string): Promise<{ slots: number; load: string }> {
    const [row] = await m.query(sql.STRUCTURE_TENANT_USE, [structureId]);
    return row;
  },

  async missingRouteOperators(m: EntityManager, tenants: { i: number; operator_id: string }[]): Promise<{ i: number; operator_id: string }[]> {
    return m.query(sql.MISSING_ROUTE_OPERATORS, [JSON.stringify(tenants)]);
  },

  async deleteRouteTenants(m: EntityManager, routeIds: string[]): Promise<void> {
    await m.query(sql.DELETE_ROUTE_TENANTS, [routeIds]);
  },

  async insertRouteTenants(m: EntityManager, rows: { route_id: string; operator_id: string; units_used: number }[]): Promise<void> {
    await m.query(sql.INSERT_ROUTE_TENANTS, [JSON.stringify(rows)]);
  },

  /** Locks the structures first so two concurrent writers cannot both take the last slot; then reads them. */
  async lockTenancyStructures(
    m: EntityManager,
    input: { i: number; structure_id: unknown; structure_code: unknown }[],
    excluding: string[],
  ): Promise<TenancyStructure[]> {
    const json = JSON.stringify(input);
    await m.query(sql.LOCK_TENANCY_STRUCTURES, [json]);
    return m.query(sql.TENANCY_STRUCTURES, [json, excluding]);
  },
};
