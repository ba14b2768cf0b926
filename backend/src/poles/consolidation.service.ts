import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import type { PoleAcceptInput, PoleAcceptResult, PoleRun, PoleRunInput, PoleRunStarted, PoleRunSummary, SmartPoleProposals } from '@cosite/contracts';
import { DataSource } from 'typeorm';
import { type Client, recordAudit } from '../audit/audit-trail';
import type { SignedInUser } from '../auth/roles';
import { toCsv } from '../common/csv';
import { ApiError } from '../common/errors';
import { InventoryWriter } from '../inventory/inventory-writer';
import { JobName, QueueName } from '../jobs/queues';
import { RulesService } from '../zoning/rules.service';
import { clusterKerbPoles, INTEGRATED_POLE_KINDS, proposeSmartPole, type SmartPoleProposal, summarise } from './pole-clustering';
import type { Db } from '../database/queryable';
import { PolesRepository } from './poles.repository';

interface IntegrationRule {
  clusterDistanceM: number;
  minReductionShare: number;
  maxStreetDistanceM: number;
  smartPoleSlots: number;
  smartPoleHeightM: number;
  smartPoleLoadKg: number;
  smallCellMaxAntennaHeightM: number;
}

/**
 * Multi-pole integration runs: street poles of an area clustered kerb by kerb (see pole-clustering.ts), one smart
 * pole proposed per cluster, small-cell demands it can serve, a summary per district; proposals accepted into the
 * inventory (through the inventory's writer) as approved smart poles, the merged poles marked as replaced.
 */
@Injectable()
export class ConsolidationService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PolesRepository,
    private readonly inventory: InventoryWriter,
    private readonly rules: RulesService,
    @InjectQueue(QueueName.Poles) private readonly queue: Queue,
  ) {}

  async start(input: PoleRunInput): Promise<PoleRunStarted> {
    const rule = await this.rule();
    const params = { clusterDistanceM: input.clusterDistanceM ?? rule.clusterDistanceM };
    let run: { id: string; status: PoleRunStarted['status'] };
    if (input.districtId !== undefined) {
      const inDistrict = await this.repo.insertDistrictRun(input.districtId, params);
      if (!inDistrict) throw ApiError.invalid([{ field: 'districtId', problem: `no district ${input.districtId}` }]);
      run = inDistrict;
    } else if (input.area) {
      const reason = await this.repo.areaValidity(input.area);
      if (reason !== 'Valid Geometry') throw ApiError.invalid([{ field: 'area', problem: `invalid geometry: ${reason}` }]);
      run = await this.repo.insertAreaRun(input.area, params);
    } else {
      run = await this.repo.insertCityRun(params);
    }
    await this.queue.add(JobName.ConsolidatePoles, { runId: run.id }, { jobId: `poles-${run.id}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
    return { id: run.id, status: run.status, params };
  }

  /**
   * The job: everything the run finds is written in one transaction, after deleting what an earlier attempt of the
   * same run may have left, so a retried job neither loses nor duplicates proposals.
   */
  async run(runId: string): Promise<void> {
    // a finished run is never redone: its proposals may have been accepted since (a job delivered twice)
    const run = await this.repo.claimRun(runId);
    if (!run) return; // deleted or done meanwhile
    const rule = await this.rule();
    const distanceM = Number(run.params.clusterDistanceM);
    await this.db.transaction(async (em) => {
      await this.repo.deleteProposals(em, runId);
      const poles = await this.repo.kerbPoles(em, runId, INTEGRATED_POLE_KINDS, distanceM, rule.maxStreetDistanceM);
      const proposals = clusterKerbPoles(poles, distanceM).map((c, k) => ({
        clusterNo: k + 1,
        streetId: c.streetId,
        side: c.side,
        ...proposeSmartPole(c, { slots: rule.smartPoleSlots, heightM: rule.smartPoleHeightM }),
      }));
      await this.repo.insertProposals(em, runId, proposals);
      // small-cell demands the co-location analysis could not place on anything standing, whose ring holds the smart pole
      const stored = await this.repo.attachSmallCellDemands(em, runId, rule.smallCellMaxAntennaHeightM);
      const byDistrict = new Map<number | null, number>();
      for (const p of poles) byDistrict.set(p.districtId, (byDistrict.get(p.districtId) ?? 0) + 1);
      const districts = summarise(
        byDistrict,
        proposals.map((p, k) => ({ ...p, smallCellDemands: stored[k]?.smallCellDemands ?? 0 })),
        rule.minReductionShare,
      );
      const { districtId: _, ...total } = summarise(
        new Map([[null, poles.length]]),
        proposals.map((p, k) => ({ ...p, districtId: null, smallCellDemands: stored[k]?.smallCellDemands ?? 0 })),
        rule.minReductionShare,
      )[0];
      const summary: PoleRunSummary = { total, districts, policy: { minReductionShare: rule.minReductionShare, rule: 'pole_integration.street_poles' } };
      await this.repo.finishRun(em, runId, summary);
    });
  }

  /**
   * The smart poles multi-pole integration would propose in an area (hex EWKB), as a run would, without storing a
   * run: a rollout plan's smart-pole candidates. Each with where it stands.
   */
  async proposalsIn(db: Db, areaWkb: string): Promise<(SmartPoleProposal & { lon: number; lat: number })[]> {
    const rule = await this.rule();
    const poles = await this.repo.kerbPolesIn(db, areaWkb, INTEGRATED_POLE_KINDS, rule.clusterDistanceM, rule.maxStreetDistanceM);
    const at = new Map(poles.map((p) => [p.id, p]));
    return clusterKerbPoles(poles, rule.clusterDistanceM).map((c) => {
      const p = proposeSmartPole(c, { slots: rule.smartPoleSlots, heightM: rule.smartPoleHeightM });
      const site = at.get(p.sitePoleId)!;
      return { ...p, lon: site.lon, lat: site.lat };
    });
  }

  async fail(runId: string, message: string): Promise<void> {
    await this.repo.failRun(runId, message);
  }

  async get(id: string): Promise<PoleRun> {
    const run = await this.repo.getRun(id);
    if (!run) throw ApiError.notFound(`consolidation run ${id}`);
    return run;
  }

  /** Proposals as GeoJSON: each smart pole a point feature, with the merged poles as a MultiPoint in `members`. */
  async proposals(id: string): Promise<SmartPoleProposals> {
    await this.get(id);
    const rows = await this.repo.proposals(id);
    return {
      type: 'FeatureCollection',
      features: rows.map(({ geometry, ...properties }) => ({ type: 'Feature', id: properties.id, geometry, properties })),
    };
  }

  /**
   * Proposals as flat rows, one per smart pole, lists in one cell: what the departments' coordination meeting reads
   * (CSV), and what a table, a KML or a Shapefile's dBASE holds without nested JSON cut at 254 bytes.
   */
  async proposalRows(id: string) {
    const fc = await this.proposals(id);
    const cols = [
      'id',
      'clusterNo',
      'districtId',
      'streetZh',
      'streetSide',
      'lon',
      'lat',
      'existingSmartPole',
      'functions',
      'owners',
      'poleIds',
      'polesRemoved',
      'slotsBefore',
      'slotsAfter',
      'slotsGained',
      'smallCellDemands',
      'status',
      'acceptedStructureId',
    ] as const;
    // lists in one cell, separated by ';' (demands by their analysis id)
    const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? (x as { analysisId: string }).analysisId : x)).join(';') : v);
    const rows = fc.features.map((f) =>
      Object.fromEntries(cols.map((c) => [c, c === 'lon' ? f.geometry.coordinates[0] : c === 'lat' ? f.geometry.coordinates[1] : list(f.properties[c])])),
    );
    return { cols, rows, features: fc.features.map((f, k) => ({ geometry: f.geometry, properties: rows[k] })) };
  }

  /** Proposals as CSV, one line per smart pole. */
  async proposalsCsv(id: string): Promise<string> {
    const { cols, rows } = await this.proposalRows(id);
    return toCsv(cols, rows);
  }

  /**
   * Accepted proposals become approved smart poles in the inventory (or an existing smart pole takes the others'
   * functions); merged poles get replaced_by. All or nothing: a pole another acceptance merged meanwhile is a 409.
   */
  async accept(id: string, input: PoleAcceptInput, by: SignedInUser, client: Client): Promise<PoleAcceptResult> {
    const run = await this.get(id);
    if (run.status !== 'done') throw ApiError.of('run_not_finished', 'status', `the run is ${run.status}; only a finished run's proposals can be accepted`);
    // a planner builds smart poles for its own organisation only (as with any structure it writes)
    this.inventory.assertMayOwn(by, input.ownerId, 'smart poles', 'ownerId');
    const rule = await this.rule();
    return this.db.transaction(async (em) => {
      if (!(await this.repo.organisationExists(em, input.ownerId)))
        throw ApiError.invalid([{ field: 'ownerId', problem: `no organisation "${input.ownerId}"` }]);
      const chosen = await this.repo.lockOpenProposals(em, id, input.proposalIds ?? null);
      if (input.proposalIds) {
        const missing = input.proposalIds.filter((pid) => !chosen.some((c) => c.id === pid));
        if (missing.length) throw ApiError.invalid([{ field: 'proposalIds', problem: `not open proposals of this run: ${missing.join(', ')}` }]);
      }
      const taken = await this.inventory.lockPolesChanged(
        em,
        chosen.flatMap((c) => c.poleIds),
      );
      if (taken.length) throw ApiError.of('poles_changed', 'proposalIds', `poles ${taken.join(', ')} were merged or changed since the run; run it again`);
      const accepted: PoleAcceptResult['accepted'] = [];
      for (const c of chosen) {
        const { structureId, replaced } = await this.inventory.mergeIntoSmartPole(em, {
          sitePoleId: c.sitePoleId,
          existingSmartPole: c.existingSmartPole,
          poleIds: c.poleIds,
          code: `SP-${id.slice(0, 8)}-${c.clusterNo}`,
          name: `${c.streetZh}智慧杆（多杆合一）`,
          ownerId: input.ownerId,
          heightM: Math.max(rule.smartPoleHeightM, c.heightM),
          slotsTotal: c.slotsAfter,
          loadCapacityKg: rule.smartPoleLoadKg,
        });
        await this.repo.markAccepted(em, c.id, structureId);
        accepted.push({ proposalId: c.id, structureId, replaced });
      }
      // smart poles created and other owners' poles marked replaced: on the record, in the same transaction
      await recordAudit(em, by, {
        entity: 'pole_consolidation_run',
        entityId: id,
        action: 'proposals_accepted',
        before: { proposals: chosen.map((c) => ({ id: c.id, status: c.status })) },
        after: { ownerId: input.ownerId, accepted },
        client,
      });
      return { runId: id, accepted };
    });
  }

  private async rule(): Promise<IntegrationRule> {
    const [r] = await this.rules.enabled(['pole_integration']);
    if (!r) throw ApiError.of('rule_disabled', 'rules', 'the multi-pole integration rule (pole_integration.street_poles) is disabled');
    return r.params as IntegrationRule;
  }
}
