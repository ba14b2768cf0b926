import type { OverlayCondition, PlanOption, StructureKind, Technology } from '@cosite/contracts';
import { assessCandidate, type Demand, type StructureFacts, usableHeightM } from '../colocation/candidate-assessment';
import { DEMAND_EIRP_DBM, MACRO_HEIGHT_M } from '../colocation/colocation.defaults';
import { conditionsOf, type OverlayRule } from '../colocation/new-build-siting';
import { STREET_POLE_KINDS } from '@cosite/contracts';
import { PLAN_DEMAND, PLAN_RADIO, SMALL_CELL_EIRP_DBM } from './plans.defaults';

/** What a plan would put where: one candidate site with its option, cost and the radio it allows. */
export interface PlanCandidate {
  option: PlanOption;
  structureId: number | null;
  code: string | null;
  name: string | null;
  kind: StructureKind;
  lon: number;
  lat: number;
  districtId: number | null;
  antennaHeightM: number;
  groundElevationM: number | null;
  eirpDbm: number;
  /** Small cells on street furniture; macro sectors elsewhere. */
  smallCell: boolean;
  cost: number;
  conditions: OverlayCondition[];
  reasons: string[];
  poleIds: number[];
}

/** What a plan asks of its sites, and what each option costs (yuan). */
export interface PlanAsk {
  operator: string;
  technology: Technology;
  bandMHz: number;
  costs: { share: number; upgrade: number; smartPole: number; newBuild: number; camouflagePremium: number };
}

/** Counts of what was left out, by reason: the result says why a structure or point is no candidate. */
export type Exclusions = Record<string, number>;

const exclude = (ex: Exclusions, reason: string) => (ex[reason] = (ex[reason] ?? 0) + 1);

/** Street furniture carries small cells, everything else macro sectors. */
const isStreet = (kind: string) => kind === 'smart_pole' || (STREET_POLE_KINDS as readonly string[]).includes(kind);

const camouflaged = (conditions: OverlayCondition[]) => conditions.some((c) => c.condition === 'camouflage_required');
const forbidden = (conditions: OverlayCondition[]) => conditions.some((c) => c.condition === 'no_build_zone');

/**
 * The conditions on a new structure (a smart pole's foundation, a tower) where it may stand; null, counted in `ex`,
 * where it may not: in a no-build zone (the siting verdict's forbidding overlay rule) or a facility-protection zone.
 */
function newStructureConditions(kinds: string[], inProtectionZone: boolean, rules: OverlayRule[], ex: Exclusions): OverlayCondition[] | null {
  const conditions = conditionsOf(kinds, true, rules);
  const reason = forbidden(conditions) ? 'no_build_zone' : inProtectionZone ? 'protection_zone' : null;
  if (!reason) return conditions;
  exclude(ex, reason);
  return null;
}

/** A structure as the plan reads it: the co-location facts plus where it stands. */
export type PlanStructure = Omit<StructureFacts, 'conditions' | 'populationGain' | 'distanceM'> & {
  districtId: number | null;
  groundElevationM: number | null;
  overlayKinds: string[];
  inProtectionZone: boolean;
};

/**
 * Existing structures as candidates, by the co-location rules (assessCandidate) with a demand standing on each:
 * a share where there is room, an upgrade where an extension, reinforcement or platform makes room, else left out
 * with the rule's first reason. An upgrade is works on the structure: not inside another facility's protection zone.
 */
export function structureCandidates(rows: PlanStructure[], ask: PlanAsk, rules: OverlayRule[], ex: Exclusions): PlanCandidate[] {
  const out: PlanCandidate[] = [];
  for (const s of rows) {
    const street = isStreet(s.kind);
    // a power-grid tower's antenna goes below its conductors (already a safety distance below them)
    const top = s.kind === 'power_grid_tower' ? usableHeightM(s) : s.heightM - (street ? 0 : PLAN_RADIO.belowTopM.value);
    const antennaHeightM = Math.max(3, street ? Math.min(top, PLAN_RADIO.smallCellAntennaHeightM.value) : Math.min(top, PLAN_RADIO.macroAntennaHeightM.value));
    const demand: Demand = {
      lon: s.lon,
      lat: s.lat,
      searchRadiusM: 1,
      operator: ask.operator,
      technology: ask.technology,
      bandMHz: ask.bandMHz,
      // a street pole carries what its height allows; a macro structure the plan's macro antenna
      antennaHeightM: street ? Math.min(antennaHeightM, MACRO_HEIGHT_M - 1) : antennaHeightM,
      slots: PLAN_DEMAND.slots,
      loadKg: street ? PLAN_DEMAND.smallCellLoadKg : PLAN_DEMAND.macroLoadKg,
      indoor: false,
      reason: 'coverage',
    };
    const conditions = conditionsOf(s.overlayKinds, false, rules);
    const a = assessCandidate({ ...s, distanceM: 0, conditions, populationGain: 0 }, demand, 0);
    if (!a.option) {
      exclude(ex, a.reasons.find((r) => r !== 'no_free_slot' && r !== 'load_exceeded' && r !== 'too_low') ?? 'no_room');
      continue;
    }
    if (a.option === 'upgrade' && s.inProtectionZone) {
      exclude(ex, 'protection_zone');
      continue;
    }
    out.push({
      option: a.option,
      structureId: s.id,
      code: s.code,
      name: s.name,
      kind: s.kind,
      lon: s.lon,
      lat: s.lat,
      districtId: s.districtId,
      antennaHeightM: demand.antennaHeightM,
      groundElevationM: s.groundElevationM,
      eirpDbm: street ? SMALL_CELL_EIRP_DBM[ask.technology] : DEMAND_EIRP_DBM[ask.technology],
      smallCell: street,
      cost: a.option === 'share' ? ask.costs.share : ask.costs.upgrade,
      conditions,
      reasons: a.reasons,
      poleIds: [],
    });
  }
  return out;
}

/** A smart pole multi-pole integration would propose, where it stands and what overlays and zones say there. */
export interface PoleProposalFacts {
  sitePoleId: number;
  existingSmartPole: boolean;
  poleIds: number[];
  heightM: number;
  districtId: number | null;
  lon: number;
  lat: number;
  overlayKinds: string[];
  inProtectionZone: boolean;
}

/**
 * Smart poles from multi-pole integration as candidates: a new structure on the pavement (its foundation is works),
 * so not in a no-build zone nor another facility's protection zone. An existing smart pole is a structure already
 * (a share, above); a cluster built around one is not offered again.
 */
export function smartPoleCandidates(proposals: PoleProposalFacts[], ask: PlanAsk, rules: OverlayRule[], ex: Exclusions): PlanCandidate[] {
  const out: PlanCandidate[] = [];
  for (const p of proposals) {
    if (p.existingSmartPole) continue;
    const conditions = newStructureConditions(p.overlayKinds, p.inProtectionZone, rules, ex);
    if (!conditions) continue;
    out.push({
      option: 'smart_pole',
      structureId: p.sitePoleId,
      code: null,
      name: null,
      kind: 'smart_pole',
      lon: p.lon,
      lat: p.lat,
      districtId: p.districtId,
      antennaHeightM: Math.min(p.heightM, PLAN_RADIO.smallCellAntennaHeightM.value),
      groundElevationM: null,
      eirpDbm: SMALL_CELL_EIRP_DBM[ask.technology],
      smallCell: true,
      cost: ask.costs.smartPole,
      conditions,
      reasons: [],
      poleIds: p.poleIds,
    });
  }
  return out;
}

/** A point of the new-build lattice with what rules it out or conditions it. */
export interface LatticePoint {
  lon: number;
  lat: number;
  inside: boolean;
  water: boolean;
  inProtectionZone: boolean;
  kinds: string[];
  districtId: number | null;
}

/**
 * New towers on the lattice: inside the area, not on water, not in a no-build zone (the siting verdict's
 * forbidding overlay rule), not in any facility's protection zone. A camouflage condition adds its premium.
 */
export function newBuildCandidates(points: LatticePoint[], ask: PlanAsk, rules: OverlayRule[], ex: Exclusions): PlanCandidate[] {
  const out: PlanCandidate[] = [];
  for (const p of points) {
    if (!p.inside) continue;
    if (p.water) {
      exclude(ex, 'water');
      continue;
    }
    const conditions = newStructureConditions(p.kinds, p.inProtectionZone, rules, ex);
    if (!conditions) continue;
    const camouflage = camouflaged(conditions);
    out.push({
      option: 'new_build',
      structureId: null,
      code: null,
      name: null,
      kind: camouflage ? 'camouflaged_tower' : 'monopole',
      lon: p.lon,
      lat: p.lat,
      districtId: p.districtId,
      antennaHeightM: PLAN_RADIO.macroAntennaHeightM.value,
      groundElevationM: null,
      eirpDbm: DEMAND_EIRP_DBM[ask.technology],
      smallCell: false,
      cost: ask.costs.newBuild + (camouflage ? ask.costs.camouflagePremium : 0),
      conditions,
      reasons: [],
      poleIds: [],
    });
  }
  return out;
}
