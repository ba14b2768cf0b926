import type { ProposedStructure, Technology } from '@cosite/contracts';
import type { EntityManager } from 'typeorm';
import * as sql from './inventory-writer.sql';

/** The statements of InventoryWriter, one function each, always inside the caller's transaction. */
export const InventoryWriterRepository = {
  async upgradeStructure(em: EntityManager, structureId: number, slots: number, antennaHeightM: number): Promise<void> {
    await em.query(sql.UPGRADE_STRUCTURE, [structureId, slots, antennaHeightM]);
  },

  async insertApprovedStructure(
    em: EntityManager,
    s: ProposedStructure & { code: string; name: string; ownerId: string; lon: number; lat: number },
  ): Promise<number> {
    const [row]: { id: number }[] = await em.query(sql.INSERT_APPROVED_STRUCTURE, [
      s.code,
      s.name,
      s.kind,
      s.ownerId,
      s.heightM,
      s.slotsTotal,
      s.loadCapacityKg,
      s.lon,
      s.lat,
    ]);
    return row.id;
  },

  async insertPlannedTenancy(
    em: EntityManager,
    t: {
      structureId: number;
      operatorId: string;
      technology: Technology;
      bandMHz: number;
      antennaHeightM: number;
      eirpDbm: number;
      slots: number;
      loadKg: number;
    },
  ): Promise<number> {
    const [row]: { id: number }[] = await em.query(sql.INSERT_PLANNED_TENANCY, [
      t.structureId,
      t.operatorId,
      t.technology,
      t.bandMHz,
      t.antennaHeightM,
      t.eirpDbm,
      t.slots,
      t.loadKg,
    ]);
    return row.id;
  },

  async lockPolesChanged(em: EntityManager, poleIds: number[]): Promise<number[]> {
    const rows: { id: number }[] = await em.query(sql.LOCK_POLES_CHANGED, [poleIds]);
    return rows.map((r) => r.id);
  },

  async widenSlots(em: EntityManager, structureId: number, slotsTotal: number): Promise<void> {
    await em.query(sql.WIDEN_SLOTS, [structureId, slotsTotal]);
  },

  async insertSmartPole(
    em: EntityManager,
    p: { code: string; name: string; ownerId: string; heightM: number; slotsTotal: number; loadCapacityKg: number; sitePoleId: number },
  ): Promise<number> {
    const [row]: { id: number }[] = await em.query(sql.INSERT_SMART_POLE, [p.code, p.name, p.ownerId, p.heightM, p.slotsTotal, p.loadCapacityKg, p.sitePoleId]);
    return row.id;
  },

  async markReplaced(em: EntityManager, smartPoleId: number, poleIds: number[]): Promise<void> {
    await em.query(sql.MARK_REPLACED, [smartPoleId, poleIds]);
  },
};
