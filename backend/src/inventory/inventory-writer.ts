import { Injectable } from '@nestjs/common';
import type { ProposedStructure, Technology } from '@cosite/contracts';
import type { EntityManager } from 'typeorm';
import { ownershipRefusal, type Writer } from '../auth/ownership';
import { ApiError } from '../common/errors';
import { InventoryWriterRepository as repo } from './inventory-writer.repository';

/** What an approved application puts into the inventory. */
export interface ApprovedPlan {
  kind: 'share' | 'upgrade' | 'new_build';
  /** The structure shared or upgraded (null for a new build). */
  structureId: number | null;
  /** The application's code: a new build's structure takes it. */
  code: string;
  /** The applicant, who owns a new build. */
  ownerId: string;
  operatorId: string;
  tenancy: { technology: Technology; bandMHz: number; antennaHeightM: number; eirpDbm: number; slots: number; loadKg: number };
  /** A new build's structure and site. */
  newBuild: { structure: ProposedStructure; lon: number; lat: number } | null;
}

/** One accepted smart-pole proposal: its site pole, the poles it merges and what the smart pole is. */
export interface SmartPoleMerge {
  sitePoleId: number;
  existingSmartPole: boolean;
  poleIds: number[];
  code: string;
  name: string;
  ownerId: string;
  heightM: number;
  slotsTotal: number;
  loadCapacityKg: number;
}

const isCheckViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23514';

/**
 * The inventory module's writer for the domains that change the inventory as a consequence of their own decisions:
 * an approved application (a planned tenancy, on an upgraded or newly approved structure) and an accepted
 * multi-pole integration (a smart pole, the merged poles marked replaced). Together with FeatureStore (the
 * structure, tenancy and route layers' own API and bulk loads) it is the only writer of structure, tenancy and route.
 *
 * Every method runs inside the caller's transaction (it takes the EntityManager), so a decision and its inventory
 * change stand or fall together. The audit event is the caller's (the decision is what is audited); the tile and
 * coverage notifications follow from the database triggers on these tables. Its statements are in
 * inventory-writer.repository.ts (SQL in inventory-writer.sql.ts).
 */
@Injectable()
export class InventoryWriter {
  /** A planner writes only its own organisation's rows (auth/ownership.ts): `ownership_refused` naming the field. */
  assertMayOwn(writer: Writer, ownerId: string, what: string, field: string): void {
    const refusal = ownershipRefusal(writer, ownerId, what);
    if (refusal) throw ApiError.of('ownership_refused', field, refusal);
  }

  /**
   * The inventory after an approval: a planned tenancy on the shared structure, on the upgraded one (room for the
   * demand's slots and its antenna height), or on a new approved structure. A structure that filled up since the
   * analysis refuses it (`structure_full`), and the caller's transaction rolls back.
   */
  async approve(em: EntityManager, plan: ApprovedPlan): Promise<{ structureId: number; tenancyId: number }> {
    const t = plan.tenancy;
    try {
      let structureId = plan.structureId!;
      if (plan.kind === 'upgrade') await repo.upgradeStructure(em, structureId, t.slots, t.antennaHeightM);
      if (plan.kind === 'new_build') {
        const { structure, lon, lat } = plan.newBuild!;
        structureId = await repo.insertApprovedStructure(em, { ...structure, code: plan.code, name: `${plan.code} 新建站址`, ownerId: plan.ownerId, lon, lat });
      }
      const tenancyId = await repo.insertPlannedTenancy(em, { structureId, operatorId: plan.operatorId, ...t });
      return { structureId, tenancyId };
    } catch (err) {
      // the structure filled up since the analysis: the decision cannot stand, and nothing of it is written
      if (isCheckViolation(err)) throw ApiError.of('structure_full', 'structureId', `the inventory no longer allows this approval: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Locks the poles about to be merged; answers those merged into another smart pole or changed since the run. */
  lockPolesChanged(em: EntityManager, poleIds: number[]): Promise<number[]> {
    return repo.lockPolesChanged(em, poleIds);
  }

  /**
   * One smart pole for a cluster: an existing smart pole takes the others' mounts, or a new one (approved) stands
   * where the site pole stands; every other pole of the cluster is marked replaced by it. Answers the smart pole's
   * id and the poles it replaces.
   */
  async mergeIntoSmartPole(em: EntityManager, m: SmartPoleMerge): Promise<{ structureId: number; replaced: number[] }> {
    let structureId = m.sitePoleId;
    if (m.existingSmartPole) await repo.widenSlots(em, m.sitePoleId, m.slotsTotal);
    else structureId = await repo.insertSmartPole(em, m);
    const replaced = m.poleIds.filter((p) => p !== structureId);
    await repo.markReplaced(em, structureId, replaced);
    return { structureId, replaced };
  }
}
