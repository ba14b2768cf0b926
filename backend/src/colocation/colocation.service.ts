import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DEFAULT_DOWNTILT_DEG,
  type AnalysisList,
  type AnalysisListQuery,
  type AnalysisResult,
  type ColocationSummary,
  type NewBuildSuggestion,
  type ParsedDemand,
  type SitingConditionsInput,
  type SitingResult,
} from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { demandRefusal, Filer } from './filing';
import { environmentOf } from '../radio/propagation/path-loss';
import { POPULATION_CELL_AREA_KM2 } from '../radio/universe';
import { DEMAND_EIRP_DBM, LAND_PER_AVOIDED_TOWER_M2, SEARCH_RADIUS_M } from './colocation.defaults';
import { SitingService } from '../zoning/siting.service';
import { assessCandidate, decide, Demand, rank, StructureFacts } from './candidate-assessment';
import { CoBuildService } from './co-build.service';
import { ColocationRepository, type Viewer } from './colocation.repository';
import { conditionsOf, demandRadio, NewBuildSiting, OverlayRule, SitedDemand } from './new-build-siting';

/** Where a demand came from besides the API (a coverage gap, say): kept with the evidence. */
export type DemandOrigin = Partial<Pick<AnalysisResult, 'gap' | 'capacityGap'>>;

@Injectable()
export class ColocationService {
  constructor(
    private readonly db: DataSource,
    private readonly siting: NewBuildSiting,
    private readonly coBuild: CoBuildService,
    private readonly zoning: SitingService,
  ) {}

  /**
   * A demand, parsed where it entered (the API's edge, a gap turned into a demand, a batch line at upload).
   * `origin` says where it came from (a coverage gap, say) and is kept with the evidence. `by` is who files the
   * demand: checked against the operator and recorded, so an operator's analyses stay its own.
   */
  async analyse(input: ParsedDemand, batch?: { id: string; line: number }, origin?: DemandOrigin, by?: Filer): Promise<AnalysisResult> {
    const refusal = demandRefusal(by, input.operator);
    if (refusal) throw new ApiError('operator_mismatch', refusal);
    const { lon, lat } = input.location;
    // the operator's existence, the residents and the district at the point, in one round trip
    const place = await ColocationRepository.place(this.db, input.location, input.operator);
    if (!place.operatorKnown) throw ApiError.invalid([{ field: 'operator', problem: `no operator "${input.operator}"` }]);
    const environment = environmentOf(Number(place.population ?? 0) / POPULATION_CELL_AREA_KM2);
    const d: Demand = {
      lon,
      lat,
      searchRadiusM: input.searchRadiusM ?? SEARCH_RADIUS_M[environment],
      operator: input.operator,
      technology: input.technology,
      bandMHz: input.bandMHz,
      antennaHeightM: input.antennaHeightM,
      slots: input.slots,
      loadKg: input.loadKg,
      indoor: input.indoor,
      reason: input.reason,
      ...(input.servingStructureId === undefined ? {} : { servingStructureId: input.servingStructureId }),
    };
    const radio = demandRadio(d, environment);
    const sited: SitedDemand = { demand: d, threshold: radio.threshold, reachM: radio.reachM };

    // Structures in the ring, and those just outside it (reported with outside_ring).
    const rows = await ColocationRepository.structuresAround(
      this.db,
      lon,
      lat,
      d.searchRadiusM,
      d.reason === 'capacity' ? (d.servingStructureId ?? null) : null,
    );
    const gains = await this.siting.populationGain(
      rows.map((r) => ({ id: r.id, lon: r.lon, lat: r.lat })),
      sited,
    );
    const overlayRules = await this.siting.overlayRules();
    const facts: StructureFacts[] = rows.map(({ overlayKinds, ...r }) => ({
      ...r,
      conditions: conditionsOf(overlayKinds, false, overlayRules),
      populationGain: gains.get(r.id) ?? 0,
    }));
    const maxGain = Math.max(0, ...facts.map((f) => f.populationGain));
    const candidates = rank(facts.map((f) => assessCandidate(f, d, maxGain)));
    const decision = decide(candidates);
    const best = decision === 'new_build' ? null : candidates.find((c) => c.option === decision)!;
    const newBuild = decision === 'new_build' ? await this.suggestNewBuild(sited, overlayRules) : null;
    const result = {
      ...origin,
      demand: d,
      environment,
      model: radio.model,
      decision,
      best,
      candidates,
      newBuild,
      conditions: best?.conditions ?? newBuild?.conditions ?? [],
      // the siting rule engine on the chosen site, with the demand's sectors added (EMF counts existing tenants)
      siting: await this.sitingOf(d, best, newBuild),
    };
    // Booked and grouped in one transaction: a failed grouping leaves no analysis behind.
    return this.db.transaction(async (em) => {
      const saved = await ColocationRepository.insertAnalysis(em, {
        demand: d,
        decision,
        district: place.district,
        result,
        batch,
        organisationId: by?.organisationId ?? null,
      });
      // A batch is grouped once all its lines are analysed, in line order, so its groups do not depend on timing.
      const groupId = decision === 'new_build' && !batch ? await this.coBuild.attach(em, saved.id) : null;
      // the group is read back only when there is one: no extra round trip for shares, upgrades and batch lines
      return { id: saved.id, createdAt: saved.createdAt.toISOString(), ...result, coBuild: groupId ? await this.coBuild.view(saved.id, em) : null };
    });
  }

  /** Verdict and conditions (overlays, build form, EMF) of the site the decision points to. */
  private async sitingOf(d: Demand, best: { structureId: number } | null, newBuild: NewBuildSuggestion | null): Promise<SitingResult | null> {
    const sectors: SitingConditionsInput['sectors'] = [0, 120, 240].map((azimuthDeg) => ({
      eirpDbm: DEMAND_EIRP_DBM[d.technology],
      azimuthDeg,
      bandMHz: d.bandMHz,
      antennaHeightM: d.antennaHeightM,
      downtiltDeg: DEFAULT_DOWNTILT_DEG,
    }));
    if (best) return this.zoning.conditions({ structureId: best.structureId, sectors });
    if (newBuild?.location) {
      return this.zoning.conditions({
        location: newBuild.location,
        kind: newBuild.structure.kind,
        heightM: newBuild.structure.heightM,
        buildForm: 'standalone',
        sectors,
      });
    }
    return null;
  }

  /** A new structure's place for one demand: inside its ring (see NewBuildSiting for the order of preference). */
  private async suggestNewBuild(s: SitedDemand, rules: OverlayRule[]): Promise<NewBuildSuggestion> {
    const ring = await ColocationRepository.ring(this.db, s.demand);
    const site = await this.siting.suggest(ring, [s], s.demand, rules);
    return site ?? { location: null, reason: 'every point of the ring lies in a no-build zone or water', structure: null, conditions: [] };
  }

  /** An analysis; a planner sees only their own organisation's (another operator's drafts do not exist for them). */
  async get(id: string, viewer?: Viewer): Promise<AnalysisResult> {
    const row = await ColocationRepository.findAnalysis(this.db, id, viewer);
    if (!row) throw ApiError.notFound(`analysis ${id}`);
    return {
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      ...row.result,
      coBuild: await this.coBuild.view(id),
    };
  }

  /** "My analyses": a page of the viewer's organisation's analyses (every one for an administrator), newest first. */
  async list(q: AnalysisListQuery, viewer: Viewer): Promise<AnalysisList> {
    const { rows, total } = await ColocationRepository.listAnalyses(this.db, viewer, q.limit, q.offset);
    return {
      analyses: rows.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        operator: r.operator,
        technology: r.technology,
        decision: r.decision,
        location: { lon: r.lon, lat: r.lat },
        searchRadiusM: r.searchRadiusM,
        site: r.structureId === null ? null : { structureId: Number(r.structureId), name: r.siteName ?? '', code: r.siteCode },
        verdict: r.verdict,
        fromGap: r.fromGap,
        application: r.applicationId ? { id: r.applicationId, code: r.applicationCode!, state: r.applicationState! } : null,
      })),
      total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  /** Every decision booked: towers avoided (share or upgrade), land saved, by operator, district and month. */
  async summary(): Promise<ColocationSummary> {
    const { operators, districts, months, totals: t } = await ColocationRepository.decisionCounts(this.db);
    const landM2 = (towers: number) => Math.round(towers * LAND_PER_AVOIDED_TOWER_M2 * 10) / 10;
    return {
      analyses: t.total,
      towersAvoided: t.avoided,
      landSavedM2: landM2(t.avoided),
      landPerAvoidedTowerM2: LAND_PER_AVOIDED_TOWER_M2,
      // new builds of several operators served by one shared structure: each group saves all its towers but one
      coBuild: { groups: t.groups, demands: t.grouped, towersAvoided: t.grouped - t.groups, landSavedM2: landM2(t.grouped - t.groups) },
      byOperator: operators,
      byDistrict: districts,
      byMonth: months,
    };
  }
}
