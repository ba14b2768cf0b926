import { Injectable } from '@nestjs/common';
import type { PoleRun, PoleRunSummary, SmartPoleProposalProperties } from '@cosite/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { KerbPole, SmartPoleProposal } from './pole-clustering';
import * as sql from './poles.sql';
import type { Db } from '../database/queryable';

export interface RunParams {
  clusterDistanceM: number;
}

/** A proposal as stored by a run, before its small-cell demands are attached. */
export type NewProposal = SmartPoleProposal & { clusterNo: number; streetId: number; side: 1 | -1 };

/** A proposal row with its GeoJSON point (the feature's geometry). */
export type ProposalRow = SmartPoleProposalProperties & { geometry: { type: 'Point'; coordinates: number[] } };

/** An open proposal locked for acceptance. */
export interface OpenProposal {
  id: number;
  clusterNo: number;
  status: string;
  sitePoleId: number;
  existingSmartPole: boolean;
  poleIds: number[];
  slotsAfter: number;
  streetZh: string;
  heightM: number;
}

/** The one reader and writer of multi-pole integration runs and their proposals (the inventory is InventoryWriter's). */
@Injectable()
export class PolesRepository {
  constructor(private readonly db: DataSource) {}

  /** Undefined when there is no such district. */
  async insertDistrictRun(districtId: number, params: RunParams): Promise<{ id: string; status: PoleRun['status'] } | undefined> {
    const [run] = await this.db.query(sql.INSERT_DISTRICT_RUN, [districtId, JSON.stringify(params)]);
    return run;
  }

  /** 'Valid Geometry', or why not. */
  async areaValidity(area: unknown): Promise<string> {
    const [v] = await this.db.query(sql.AREA_VALIDITY, [JSON.stringify(area)]);
    return v.reason;
  }

  async insertAreaRun(area: unknown, params: RunParams): Promise<{ id: string; status: PoleRun['status'] }> {
    const [run] = await this.db.query(sql.INSERT_AREA_RUN, [JSON.stringify(params), JSON.stringify(area)]);
    return run;
  }

  async insertCityRun(params: RunParams): Promise<{ id: string; status: PoleRun['status'] }> {
    const [run] = await this.db.query(sql.INSERT_CITY_RUN, [JSON.stringify(params)]);
    return run;
  }

  /** The run's params, marking it running; undefined for a run deleted or already done. */
  async claimRun(runId: string): Promise<{ params: RunParams } | undefined> {
    const [run] = await this.db.query(sql.CLAIM_RUN, [runId]);
    return run;
  }

  async deleteProposals(em: EntityManager, runId: string): Promise<void> {
    await em.query(sql.DELETE_PROPOSALS, [runId]);
  }

  kerbPoles(em: EntityManager, runId: string, kinds: readonly string[], distanceM: number, maxStreetDistanceM: number): Promise<KerbPole[]> {
    return em.query(sql.KERB_POLES, [runId, kinds, distanceM, maxStreetDistanceM]);
  }

  /** Street poles of an area (hex EWKB) placed along their kerb, as a run reads them. */
  kerbPolesIn(db: Db, areaWkb: string, kinds: readonly string[], distanceM: number, maxStreetDistanceM: number): Promise<KerbPole[]> {
    return db.query(sql.KERB_POLES_IN_AREA, [areaWkb, kinds, distanceM, maxStreetDistanceM]);
  }

  async insertProposals(em: EntityManager, runId: string, proposals: NewProposal[]): Promise<void> {
    const asArray = (xs: (string | number)[]) => `{${xs.join(',')}}`;
    await em.query(sql.INSERT_PROPOSALS, [
      runId,
      JSON.stringify(proposals.map((p) => ({ ...p, poleIds: asArray(p.poleIds), functions: asArray(p.functions), owners: asArray(p.owners) }))),
    ]);
  }

  /** Attaches the small-cell demands each smart pole could serve; answers their count per proposal, in cluster order. */
  async attachSmallCellDemands(em: EntityManager, runId: string, maxAntennaHeightM: number): Promise<{ clusterNo: number; smallCellDemands: number }[]> {
    await em.query(sql.ATTACH_SMALL_CELL_DEMANDS, [runId, maxAntennaHeightM]);
    return em.query(sql.SMALL_CELL_DEMAND_COUNTS, [runId]);
  }

  async finishRun(em: EntityManager, runId: string, summary: PoleRunSummary): Promise<void> {
    await em.query(sql.FINISH_RUN, [runId, JSON.stringify(summary)]);
  }

  async failRun(runId: string, message: string): Promise<void> {
    await this.db.query(sql.FAIL_RUN, [runId, message]);
  }

  async getRun(id: string): Promise<PoleRun | undefined> {
    const [run] = await this.db.query(sql.GET_RUN, [id]);
    return run;
  }

  proposals(id: string): Promise<ProposalRow[]> {
    return this.db.query(sql.PROPOSALS, [id]);
  }

  async organisationExists(m: Db, id: string): Promise<boolean> {
    return (await m.query(sql.ORGANISATION_EXISTS, [id])).length > 0;
  }

  lockOpenProposals(em: EntityManager, runId: string, ids: number[] | null): Promise<OpenProposal[]> {
    return em.query(sql.LOCK_OPEN_PROPOSALS, [runId, ids]);
  }

  async markAccepted(em: EntityManager, proposalId: number, structureId: number): Promise<void> {
    await em.query(sql.MARK_ACCEPTED, [proposalId, structureId]);
  }
}
