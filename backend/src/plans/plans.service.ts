import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { cellToLatLng, cellToParent, latLngToCell } from 'h3-js';
import type {
  Plan,
  PlanInput,
  PlanKpi,
  PlanList,
  PlanListQuery,
  PlanResult,
  PlanSettings,
  PlanShortfall,
  PlanSite,
  PlanTarget,
  SignedInUser,
} from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { JobName, QueueName } from '../jobs/queues';
import { CoverageService } from '../coverage/coverage.service';
import { CoverageRepository } from '../coverage/coverage.repository';
import { COVERAGE_KPI_TARGETS, COVERAGE_THRESHOLDS_DBM } from '../coverage/coverage.defaults';
import { CO_BUILD, GAP_DEMAND_DEFAULTS, LAND_PER_AVOIDED_TOWER_M2 } from '../colocation/colocation.defaults';
import { demandRefusal } from '../colocation/filing';
import { ConsolidationService } from '../poles/consolidation.service';
import { RulesService } from '../zoning/rules.service';
import { COVERAGE_RESOLUTION, POPULATION_CELL_AREA_KM2, h3ToBigint } from '../radio/universe';
import { candidateCoverage } from './candidate-coverage';
import { type Exclusions, newBuildCandidates, type PlanAsk, type PlanCandidate, smartPoleCandidates, structureCandidates } from './plan-candidates';
import { MIN_CANDIDATE_GAIN_RESIDENTS, NEW_BUILD_LATTICE, PLAN_COSTS, type PlanCostKey } from './plans.defaults';
import { type PlanRow, PlansRepository } from './plans.repository';
import type { CoverInstance, CoverSolution } from './solver/instance';
import { solvePlan } from './solver/solve';

/** H3 cells per resolution-9 population cell: a grid cell's residents × this ÷ the res-9 area = residents per km². */
const RES10_PER_RES9 = 7;

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** A plan's request with every default filled in, as stored. */
export type ResolvedInput = PlanInput & { bandMHz: number; costs: Record<PlanCostKey, number> };

/** What prepare() hands the solver and compose(). */
export type PreparedPlan = Awaited<ReturnType<PlansService['prepare']>>;

@Injectable()
export class PlansService {
  private readonly log = new Logger(PlansService.name);

  constructor(
    private readonly db: DataSource,
    private readonly repo: PlansRepository,
    private readonly coverage: CoverageService,
    private readonly coverageRepo: CoverageRepository,
    private readonly poles: ConsolidationService,
    private readonly rules: RulesService,
    @InjectQueue(QueueName.Plans) private readonly queue: Queue,
  ) {}

  /** The defaults a plan starts from, each with its source. */
  settings(): PlanSettings {
    const T = COVERAGE_KPI_TARGETS;
    return {
      costs: Object.fromEntries(Object.entries(PLAN_COSTS).map(([k, v]) => [k, { value: v.value, source: v.source }])),
      targets: {
        populationCoveragePct: { value: 95, source: 'planning default: residents covered outdoors (set per plan)' },
        keySitesPct: { value: T.keySiteReach.value * 100, source: T.keySiteReach.source },
        basePerTenK: { value: T.fiveGPer10kCityWide.value, source: T.fiveGPer10kCityWide.source },
        basePerTenKCore: { value: T.fiveGPer10kCoreDistrict.value, source: T.fiveGPer10kCoreDistrict.source },
        basePerTenKGigabit: { value: T.fiveGPer10kGigabitCity.value, source: T.fiveGPer10kGigabitCity.source },
      },
      bandMHz: GAP_DEMAND_DEFAULTS.bandMHz,
    };
  }

  /** Checks the request against the city (operator, districts, polygon), stores it and queues the job. */
  async start(input: PlanInput, user: SignedInUser | undefined): Promise<Plan> {
    const refusal = demandRefusal(user, input.operator);
    if (refusal) throw new ApiError('operator_mismatch', refusal);
    if (!(await this.coverageRepo.operators()).includes(input.operator)) {
      throw ApiError.invalid([{ field: 'operator', problem: `no operator "${input.operator}"` }]);
    }
    let areaWkb: string;
    let districtIds: number[];
    if (input.area.districtIds) {
      const ids = [...new Set(input.area.districtIds)].sort((a, b) => a - b);
      const d = await this.repo.districtsArea(ids);
      const missing = ids.filter((i) => !d.found.includes(i));
      if (missing.length) throw ApiError.invalid([{ field: 'area.districtIds', problem: `no district ${missing.join(', ')}` }]);
      if (d.notCore.length) {
        throw ApiError.invalid([
          { field: 'area.districtIds', problem: `district ${d.notCore.join(', ')} lies outside the coverage grid (the core districts): plan a core district` },
        ]);
      }
      areaWkb = d.area!;
      districtIds = ids;
    } else {
      // the grid is written on its first use: a drawn area is checked against it
      await this.coverage.grid();
      const p = await this.repo.polygonArea(input.area.polygon);
      if (p.validity !== 'Valid Geometry') throw ApiError.invalid([{ field: 'area.polygon', problem: `invalid geometry: ${p.validity}` }]);
      if (!p.gridCells) throw ApiError.invalid([{ field: 'area.polygon', problem: 'covers no cell of the coverage grid (the core districts)' }]);
      areaWkb = p.area;
      districtIds = p.districts;
    }
    const resolved: ResolvedInput = {
      ...input,
      bandMHz: input.bandMHz ?? GAP_DEMAND_DEFAULTS.bandMHz[input.technology],
      costs: Object.fromEntries((Object.keys(PLAN_COSTS) as PlanCostKey[]).map((k) => [k, input.costs[k] ?? PLAN_COSTS[k].value])) as Record<
        PlanCostKey,
        number
      >,
    };
    const id = await this.repo.insert({
      operator: input.operator,
      technology: input.technology,
      objective: input.objective,
      districtIds,
      areaWkb,
      input: resolved,
      organisationId: user?.organisationId ?? null,
      createdBy: user?.username ?? null,
    });
    // the plan as accepted (queued): read before the job is queued, as a worker may take it at once
    const accepted = await this.get(id, user);
    await this.queue.add(JobName.RunPlan, { planId: id }, { jobId: `plan-${id}`, attempts: 2, backoff: { type: 'fixed', delay: 2000 } });
    return accepted;
  }

  async get(id: string, viewer?: SignedInUser): Promise<Plan> {
    const row = await this.repo.get(id, viewer);
    if (!row) throw ApiError.notFound(`plan ${id}`);
    return planOf(row);
  }

  async list(q: PlanListQuery, viewer: SignedInUser): Promise<PlanList> {
    const { rows, total } = await this.repo.list(viewer, q.limit, q.offset);
    return {
      plans: rows.map(({ total: _t, ...r }: (typeof rows)[number] & { total?: number }) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })),
      total,
    };
  }

  /** A completed plan's result, or 409 while it runs (404 when the viewer may not see it). */
  async result(id: string, viewer?: SignedInUser): Promise<PlanResult> {
    const plan = await this.get(id, viewer);
    if (!plan.result) throw ApiError.of('plan_not_ready', 'id', `plan ${id} is ${plan.status}${plan.error ? `: ${plan.error}` : ''}`);
    return plan.result;
  }

  /** The cells a plan newly covers as GeoJSON points of their H3 index (the map draws the hexagons). */
  async cells(id: string, viewer?: SignedInUser): Promise<{ h3: string; order: number; residents: number }[]> {
    await this.result(id, viewer);
    return this.repo.cells(id);
  }

  async fail(id: string, message: string): Promise<void> {
    await this.repo.fail(id, message);
  }

  // ---------- the job ----------

  /**
   * Computes a plan: the area's cells and what covers them today, the candidates (structures, smart poles, the
   * new-build lattice), what each would newly cover (the coverage engine, terrain-aware), the solver, and the result
   * with its KPIs. Written once at the end (with its cells), so a crashed job leaves nothing half-written and its
   * retry starts over.
   */
  async run(id: string): Promise<void> {
    const claimed = await this.repo.claim(id);
    if (!claimed) return;
    const t0 = Date.now();
    const step = (pct: number, stage: string) => this.repo.progress(id, pct, stage);
    const prepared = await this.prepare(claimed.input as unknown as ResolvedInput, claimed.area, step);
    await step(82, `choosing among ${prepared.instance.candidates.length} candidates`);
    const solution = await solvePlan(prepared.instance);
    const { result, cells } = await this.compose(prepared, solution, claimed.districtIds, step);
    await this.repo.finish(id, result, cells);
    this.log.log({ plan: id, ms: Date.now() - t0, candidates: prepared.all.length, sites: result.sites.length, method: solution.method }, 'plan computed');
  }

  /**
   * Everything before the solver: the area's cells and what covers them today, the candidates and what each would
   * newly cover, and the instance the solver weighs. Public for the benchmark, which times the solvers on it.
   */
  async prepare(input: ResolvedInput, area: string, step: (pct: number, stage: string) => Promise<void> = async () => undefined) {
    const ask: PlanAsk = { operator: input.operator, technology: input.technology, bandMHz: input.bandMHz, costs: input.costs };
    const threshold = COVERAGE_THRESHOLDS_DBM[input.technology].dbm;

    await step(2, 'reading the area');
    const grid = await this.coverage.grid();
    const { u } = grid;
    const [areaCells, keySites, baseStations, lastRun] = await Promise.all([
      this.repo.areaCells(this.db, area, input.operator, input.technology, threshold),
      this.repo.areaKeySites(this.db, area),
      this.repo.baseStations(this.db, area, input.technology),
      this.coverageRepo.lastFullRunSettings(),
    ]);
    const residentsTotal = areaCells.reduce((a, c) => a + Number(c.residents), 0);
    const residentsBefore = areaCells.reduce((a, c) => a + (c.covered ? Number(c.residents) : 0), 0);
    // a key site is reached when every grid cell it stands on is covered
    const keyIndex = new Map(keySites.map((k, i) => [k.id, i]));
    const keyOpen = keySites.map(() => [] as number[]);
    const keyCells = keySites.map(() => 0);
    // the cells the plan weighs: not covered yet, with residents or a key site on them
    const target: { h3: string; universe: number; residents: number; keySites: number[] }[] = [];
    for (const c of areaCells) {
      for (const k of c.keySites) if (keyIndex.has(k)) keyCells[keyIndex.get(k)!]++;
      if (c.covered || !(Number(c.residents) > 0 || c.keySites.length)) continue;
      const ui = u.indexOf.get(c.h3);
      if (ui === undefined) continue;
      const pos = target.length;
      target.push({ h3: c.h3, universe: ui, residents: Number(c.residents), keySites: c.keySites });
      for (const k of c.keySites) if (keyIndex.has(k)) keyOpen[keyIndex.get(k)!].push(pos);
    }
    const keyReachedBefore = keySites.filter((_, i) => keyCells[i] > 0 && keyOpen[i].length === 0).length;
    const keyCounted = keySites.filter((_, i) => keyCells[i] > 0).length;

    await step(6, 'finding candidates');
    const rules = await this.rules.enabled(['overlay']);
    const excluded: Exclusions = {};
    const structures = structureCandidates(await this.repo.structures(this.db, area), ask, rules, excluded);
    const proposals = await this.poles.proposalsIn(this.db, area);
    const poleFacts = await this.repo.pointFacts(
      this.db,
      proposals.map((p) => ({ lon: p.lon, lat: p.lat, structureId: p.sitePoleId })),
    );
    const smartPoles = smartPoleCandidates(
      proposals.map((p, i) => ({ ...p, overlayKinds: poleFacts[i].kinds, inProtectionZone: poleFacts[i].inProtectionZone })),
      ask,
      rules,
      excluded,
    );
    const lattice = latticeOver(target);
    const latticeFacts = await this.repo.latticeFacts(this.db, area, lattice);
    const newBuilds = newBuildCandidates(
      lattice.map((p, i) => ({ ...p, ...latticeFacts[i] })),
      ask,
      rules,
      excluded,
    );
    const all = [...structures, ...smartPoles, ...newBuilds];

    await step(10, `predicting the coverage of ${all.length} candidates`);
    const residentsAt = new Map(areaCells.map((c) => [c.h3, Number(c.residents)]));
    const terrain = await this.coverage.terrain(u, grid.version);
    const covers = await candidateCoverage(
      {
        universe: u,
        terrain,
        cells: Int32Array.from(target, (t) => t.universe),
        technology: input.technology,
        bandMHz: input.bandMHz,
        thresholdDbm: threshold,
        model: lastRun?.model ?? null,
        densityAt: (c) => ((residentsAt.get(latLngToCell(c.lat, c.lon, COVERAGE_RESOLUTION)) ?? 0) * RES10_PER_RES9) / POPULATION_CELL_AREA_KM2,
      },
      all,
      (done) => step(10 + (70 * done) / Math.max(all.length, 1), `predicting the coverage of ${all.length} candidates (${done} done)`),
    );

    // candidates that add nothing are left out before the solver
    const keySitesOf = (cells: Int32Array) => {
      const set = new Set(cells);
      const out: number[] = [];
      keyOpen.forEach((open, k) => {
        if (keyCells[k] > 0 && open.length && open.every((p) => set.has(p))) out.push(k);
      });
      return out;
    };
    const useful: { c: PlanCandidate; cells: Int32Array; keySites: number[] }[] = [];
    const sitesWanted = input.targets.basePerTenK !== undefined && Math.ceil((input.targets.basePerTenK * residentsTotal) / 10_000 - 1e-9) > baseStations;
    all.forEach((c, i) => {
      const cells = covers[i];
      const residents = cells.reduce((a, p) => a + target[p].residents, 0);
      const ks = keySitesOf(cells);
      // a base-station target counts sites: then a site that covers nobody new still adds one
      if (residents >= MIN_CANDIDATE_GAIN_RESIDENTS || ks.length || sitesWanted) useful.push({ c, cells, keySites: ks });
      else excluded.no_gain = (excluded.no_gain ?? 0) + 1;
    });

    const needs = {
      residents:
        input.targets.populationCoveragePct === undefined
          ? undefined
          : Math.max(0, Math.ceil((input.targets.populationCoveragePct / 100) * residentsTotal - 1e-6) - residentsBefore),
      keySites:
        input.targets.keySitesPct === undefined ? undefined : Math.max(0, Math.ceil((input.targets.keySitesPct / 100) * keyCounted - 1e-9) - keyReachedBefore),
      sites:
        input.targets.basePerTenK === undefined
          ? undefined
          : Math.max(0, Math.ceil((input.targets.basePerTenK * residentsTotal) / 10_000 - 1e-9) - baseStations),
    };
    const instance: CoverInstance = {
      cellWeight: Float64Array.from(target, (t) => t.residents),
      keySites: keySites.length,
      candidates: useful.map((x, i) => ({
        id: i,
        cost: x.c.cost,
        newBuild: x.c.option === 'new_build',
        cells: x.cells,
        keySites: Int32Array.from(x.keySites),
      })),
      objective: input.objective,
      targets: needs,
      limits: { budget: input.limits.budget, maxNewBuilds: input.limits.maxNewBuilds },
    };
    return {
      input,
      instance,
      all,
      useful,
      target,
      keyOpen,
      keyCells,
      keySites,
      areaCells: areaCells.length,
      residentsTotal,
      residentsBefore,
      keyReachedBefore,
      keyCounted,
      baseStations,
      excluded,
      threshold,
    };
  }

  /** The result from the solver's choice: sites in build order, KPIs, shortfalls, the comparison with new builds only. */
  private async compose(p: PreparedPlan, solution: CoverSolution, districtIds: number[], step: (pct: number, stage: string) => Promise<void>) {
    const {
      input,
      instance,
      all,
      useful,
      target,
      keyOpen,
      keyCells,
      keySites,
      residentsTotal,
      residentsBefore,
      keyReachedBefore,
      keyCounted,
      baseStations,
      excluded,
      threshold,
    } = p;

    await step(92, 'comparing with new builds only');
    // the same targets met with new towers alone (no limits: it is a comparison, not a plan)
    const newBuildOnly = await this.newBuildOnly(instance, solution);

    await step(96, 'writing the plan');
    const { sites, cells } = await this.sitesOf(solution, useful, target, keyOpen, keyCells, keySites, input);
    const residentsAdded = sites.reduce((a, s) => a + s.residents, 0);
    const keyAdded = sites.reduce((a, s) => a + s.keySites.length, 0);
    const kpis = kpisOf(input, {
      residentsTotal,
      residentsBefore,
      residentsAfter: residentsBefore + residentsAdded,
      keyCounted,
      keyBefore: keyReachedBefore,
      keyAfter: keyReachedBefore + keyAdded,
      baseBefore: baseStations,
      baseAfter: baseStations + sites.length,
    });
    const reachable = reachableWithAll(instance);
    const shortfalls = shortfallsOf(kpis, input, solution, {
      residents: residentsBefore + reachable.residents,
      keySites: keyReachedBefore + reachable.keySites,
      sites: baseStations + instance.candidates.length,
      residentsTotal,
      keyCounted,
    });
    const byOption = { share: 0, upgrade: 0, smart_pole: 0, new_build: 0 };
    for (const s of sites) byOption[s.option]++;
    const cost = sites.reduce((a, s) => a + s.cost, 0);
    const result: PlanResult = {
      area: { districtIds, residents: Math.round(residentsTotal), cells: p.areaCells, keySites: keyCounted, baseStations },
      candidates: {
        share: count(all, 'share'),
        upgrade: count(all, 'upgrade'),
        smartPole: count(all, 'smart_pole'),
        newBuild: count(all, 'new_build'),
        excluded,
      },
      sites,
      totals: {
        cost,
        sites: sites.length,
        byOption,
        newBuilds: byOption.new_build,
        sharedPct: sites.length ? round1((100 * (sites.length - byOption.new_build)) / sites.length) : 0,
        residents: Math.round(residentsAdded),
      },
      kpis,
      shortfalls,
      newBuildOnly: {
        newBuilds: newBuildOnly.newBuilds,
        cost: newBuildOnly.cost,
        towersAvoided: Math.max(0, newBuildOnly.newBuilds - byOption.new_build),
        landSavedM2: round1(Math.max(0, newBuildOnly.newBuilds - byOption.new_build) * LAND_PER_AVOIDED_TOWER_M2),
        landPerAvoidedTowerM2: LAND_PER_AVOIDED_TOWER_M2,
      },
      solver: {
        method: solution.method,
        optimal: solution.optimal,
        objective: round2(solution.objective),
        lpBound: round2(solution.lpBound),
        gapPct: round2(solution.gapPct),
        candidates: instance.candidates.length,
        elements: solution.elements,
        ms: Math.round(solution.ms),
      },
      settings: {
        costs: Object.fromEntries(
          (Object.keys(PLAN_COSTS) as PlanCostKey[]).map((k) => [
            k,
            { value: input.costs[k], source: input.costs[k] === PLAN_COSTS[k].value ? PLAN_COSTS[k].source : 'set in the request' },
          ]),
        ),
        thresholdDbm: threshold,
        bandMHz: input.bandMHz,
      },
    };
    return { result, cells };
  }

  /** How many new towers alone meet what the plan meets (or its targets): for towers avoided and land saved. */
  private async newBuildOnly(instance: CoverInstance, plan: CoverSolution): Promise<{ newBuilds: number; cost: number }> {
    const candidates = instance.candidates.filter((c) => c.newBuild);
    if (!candidates.length) return { newBuilds: 0, cost: 0 };
    // what to reach: the plan's targets where it has them, else what the plan reaches
    const targets =
      instance.objective === 'min_cost'
        ? {
            residents: instance.targets.residents === undefined ? undefined : Math.min(instance.targets.residents, plan.residents),
            keySites: instance.targets.keySites === undefined ? undefined : Math.min(instance.targets.keySites, plan.keySites),
            sites: instance.targets.sites === undefined ? undefined : Math.min(instance.targets.sites, plan.sites),
          }
        : { residents: plan.residents, keySites: plan.keySites };
    // only the count matters here: a shorter exact solve, no bound
    const s = await solvePlan({ ...instance, candidates, objective: 'min_cost', targets, limits: {} }, { timeLimitS: 5, bound: false });
    return { newBuilds: s.newBuilds, cost: s.cost };
  }

  /**
   * The chosen sites in build order, each with what it adds after the ones before it, its co-build partners, and
   * the cells it covers first (for the map).
   */
  private async sitesOf(
    solution: CoverSolution,
    useful: { c: PlanCandidate; cells: Int32Array; keySites: number[] }[],
    target: { h3: string; residents: number }[],
    keyOpen: number[][],
    keyCells: number[],
    keySites: { id: number; name: string }[],
    input: ResolvedInput,
  ): Promise<{ sites: PlanSite[]; cells: { h3: string[]; order: number[]; residents: number[] } }> {
    const covered = new Uint8Array(target.length);
    const reached = new Uint8Array(keySites.length);
    const cells = { h3: [] as string[], order: [] as number[], residents: [] as number[] };
    const chosen = solution.order.map((i) => useful[i].c);
    const newBuildPoints = chosen.map((c, k) => ({ k, c })).filter((x) => x.c.option === 'new_build');
    const partners = await this.repo.coBuildNear(
      this.db,
      input.operator,
      CO_BUILD.maxDistanceM,
      CO_BUILD.windowDays,
      newBuildPoints.map((x) => x.c),
    );
    const partnersOf = new Map<number, PlanSite['coBuildPartners']>();
    for (const p of partners) {
      const k = newBuildPoints[p.i].k;
      const list = partnersOf.get(k) ?? [];
      if (list.length < 5) list.push({ analysisId: p.analysisId, operator: p.operator, distanceM: p.distanceM });
      partnersOf.set(k, list);
    }
    const sites = solution.order.map((i, k): PlanSite => {
      const { c, cells: mine } = useful[i];
      let residents = 0;
      let n = 0;
      for (const p of mine) {
        if (covered[p]) continue;
        covered[p] = 1;
        residents += target[p].residents;
        n++;
        cells.h3.push(h3ToBigint(target[p].h3));
        cells.order.push(k + 1);
        cells.residents.push(target[p].residents);
      }
      const newlyReached: PlanSite['keySites'] = [];
      keyOpen.forEach((open, ki) => {
        if (!reached[ki] && keyCells[ki] > 0 && open.length && open.every((p) => covered[p])) {
          reached[ki] = 1;
          newlyReached.push(keySites[ki]);
        }
      });
      return {
        order: k + 1,
        option: c.option,
        structureId: c.structureId,
        code: c.code,
        name: c.name,
        kind: c.kind,
        location: { lon: Math.round(c.lon * 1e6) / 1e6, lat: Math.round(c.lat * 1e6) / 1e6 },
        districtId: c.districtId,
        antennaHeightM: round1(c.antennaHeightM),
        cost: c.cost,
        conditions: c.conditions,
        reasons: c.reasons,
        residents: Math.round(residents),
        cells: n,
        keySites: newlyReached,
        poleIds: c.poleIds,
        coBuildPartners: partnersOf.get(k) ?? [],
      };
    });
    return { sites, cells };
  }
}

/**
 * The new-build lattice: centres of the H3 cells (NEW_BUILD_LATTICE.resolution) holding the uncovered residents,
 * coarsened while there are more than maxPoints; the most residents first, so a cap keeps the ones that matter.
 */
export function latticeOver(target: { h3: string; residents: number }[]): { lon: number; lat: number }[] {
  for (let res: number = NEW_BUILD_LATTICE.resolution; res >= NEW_BUILD_LATTICE.coarsest; res--) {
    const weight = new Map<string, number>();
    for (const t of target) {
      const p = cellToParent(t.h3, res);
      weight.set(p, (weight.get(p) ?? 0) + t.residents);
    }
    if (weight.size <= NEW_BUILD_LATTICE.maxPoints || res <= NEW_BUILD_LATTICE.coarsest) {
      return [...weight]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, NEW_BUILD_LATTICE.maxPoints)
        .map(([h]) => {
          const [lat, lon] = cellToLatLng(h);
          return { lon, lat };
        });
    }
  }
  return [];
}

/** The most every candidate together could add (no limits): what decides that a target is out of reach. */
function reachableWithAll(instance: CoverInstance): { residents: number; keySites: number } {
  const cells = new Uint8Array(instance.cellWeight.length);
  const keys = new Uint8Array(instance.keySites);
  for (const c of instance.candidates) {
    for (const p of c.cells) cells[p] = 1;
    for (const k of c.keySites) keys[k] = 1;
  }
  let residents = 0;
  cells.forEach((v, p) => (residents += v ? instance.cellWeight[p] : 0));
  return { residents, keySites: keys.reduce((a, v) => a + v, 0) };
}

interface KpiFigures {
  residentsTotal: number;
  residentsBefore: number;
  residentsAfter: number;
  keyCounted: number;
  keyBefore: number;
  keyAfter: number;
  baseBefore: number;
  baseAfter: number;
}

/** Each target before and after the plan, against what was asked. */
function kpisOf(input: PlanInput, f: KpiFigures): PlanKpi[] {
  const pct = (a: number, b: number) => (b > 0 ? (100 * a) / b : 0);
  const values: Record<PlanTarget, [number, number]> = {
    populationCoveragePct: [pct(f.residentsBefore, f.residentsTotal), pct(f.residentsAfter, f.residentsTotal)],
    keySitesPct: [pct(f.keyBefore, f.keyCounted), pct(f.keyAfter, f.keyCounted)],
    basePerTenK: [f.residentsTotal ? (f.baseBefore * 10_000) / f.residentsTotal : 0, f.residentsTotal ? (f.baseAfter * 10_000) / f.residentsTotal : 0],
  };
  return (Object.keys(values) as PlanTarget[]).map((t) => {
    const [before, after] = values[t];
    const required = input.targets[t] ?? null;
    // met is judged on the unrounded figures, so a plan that reaches its target is never said to miss it
    return {
      target: t,
      before: round2(before),
      after: round2(after),
      required,
      met: required === null ? null : after >= required - 1e-9,
      short: required === null ? null : round2(Math.max(0, required - after)),
    };
  });
}

const TARGET_WORDS: Record<PlanTarget, (x: number) => string> = {
  populationCoveragePct: (x) => `population coverage ${round2(x)} %`,
  keySitesPct: (x) => `key sites reached ${round2(x)} %`,
  basePerTenK: (x) => `${round2(x)} base stations per 10,000 residents`,
};

/** Each target the plan misses, with why: no candidate could get there, or the cap on new builds, or the budget. */
function shortfallsOf(
  kpis: PlanKpi[],
  input: PlanInput,
  s: CoverSolution,
  most: { residents: number; keySites: number; sites: number; residentsTotal: number; keyCounted: number },
): PlanShortfall[] {
  const best: Record<PlanTarget, number> = {
    populationCoveragePct: most.residentsTotal ? (100 * most.residents) / most.residentsTotal : 0,
    keySitesPct: most.keyCounted ? (100 * most.keySites) / most.keyCounted : 0,
    basePerTenK: most.residentsTotal ? (most.sites * 10_000) / most.residentsTotal : 0,
  };
  return kpis
    .filter((k) => k.met === false)
    .map((k) => {
      const required = k.required!;
      const words = TARGET_WORDS[k.target];
      let reason: PlanShortfall['reason'];
      let message: string;
      if (best[k.target] < required - 1e-9) {
        reason = 'no_candidates';
        message = `${words(k.after)} of ${words(required)} asked: every candidate together reaches only ${words(best[k.target])} (the rest is beyond reach of any structure, smart pole or buildable point)`;
      } else if (input.limits.maxNewBuilds !== undefined && s.newBuilds >= input.limits.maxNewBuilds) {
        reason = 'max_new_builds';
        message = `${words(k.after)} of ${words(required)} asked: the cap of ${input.limits.maxNewBuilds} new builds is used up`;
      } else {
        reason = 'budget';
        message = `${words(k.after)} of ${words(required)} asked: the budget of ${input.limits.budget ?? 0} yuan is used up (${s.cost} spent)`;
      }
      return { target: k.target, required, achieved: k.after, short: k.short!, reason, message };
    });
}

const count = (cs: PlanCandidate[], option: PlanCandidate['option']) => cs.filter((c) => c.option === option).length;

function planOf(r: PlanRow): Plan {
  return {
    id: r.id,
    status: r.status,
    progress: Math.round(r.progress * 10) / 10,
    stage: r.stage,
    createdAt: new Date(r.createdAt).toISOString(),
    finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
    input: r.input,
    result: (r.result as PlanResult | null) ?? null,
    error: r.error,
  };
}
