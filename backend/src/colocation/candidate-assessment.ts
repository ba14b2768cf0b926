import type { AnalysisDemand, Candidate, CandidateReason, OverlayCondition, StructureKind } from '@cosite/contracts';
import { MACRO_HEIGHT_M, SCORE_WEIGHTS, UPGRADABLE_KINDS, UPGRADE_LIMITS } from './colocation.defaults';
import { conductorClearanceM, POWER_TOWER_SHARING } from '../zoning/regulation-rules';

/** Coded causes a planner and a regulator read on every candidate. */
export type Reason = CandidateReason;

/** The demand as the analysis assesses it: its point and ring radius resolved. */
export type Demand = AnalysisDemand;

export interface StructureFacts {
  id: number;
  code: string | null;
  name: string;
  kind: StructureKind;
  status: string;
  /** The smart pole an accepted multi-pole integration merges this pole into. */
  replacedBy?: number | null;
  heightM: number;
  slotsTotal: number;
  slotsUsed: number;
  loadCapacityKg: number | null;
  loadUsedKg: number;
  publicInstitution: boolean;
  distanceM: number;
  lon: number;
  lat: number;
  operatorTechnologies: string[];
  /** operator/technology/band of every tenancy on it (a capacity demand adds a band where its own is missing). */
  operatorBands: string[];
  conditions: OverlayCondition[];
  populationGain: number;
  /** A power-grid tower's line: voltage class and lowest conductor's height (null: not recorded). */
  voltageKv?: number | null;
  conductorHeightM?: number | null;
}

/**
 * How high an antenna may go on a structure: its height; on a power-grid tower, the lowest conductor (or, not
 * recorded, the tower's height) less the safety distance of the line's voltage.
 */
export function usableHeightM(s: Pick<StructureFacts, 'kind' | 'heightM' | 'voltageKv' | 'conductorHeightM'>): number {
  if (s.kind !== 'power_grid_tower') return s.heightM;
  return Math.max(0, (s.conductorHeightM ?? s.heightM) - conductorClearanceM(s.voltageKv));
}

/**
 * What the grid owner allows on a power-grid tower (rules: POWER_TOWER_SHARING): at most its mounts, and its
 * recorded load or the default allowance. Other structures as they are.
 */
function allowance(s: StructureFacts): { slotsTotal: number; loadCapacityKg: number | null } {
  if (s.kind !== 'power_grid_tower') return { slotsTotal: s.slotsTotal, loadCapacityKg: s.loadCapacityKg };
  return { slotsTotal: Math.min(s.slotsTotal, POWER_TOWER_SHARING.maxSlots), loadCapacityKg: s.loadCapacityKg ?? POWER_TOWER_SHARING.defaultLoadAllowanceKg };
}

/** One candidate against one demand, as the analysis lists it. */
export type Assessment = Candidate;

const MACRO_KINDS = ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop', 'power_grid_tower'];
const STREET_KINDS = ['smart_pole', 'street_lamp_pole', 'utility_pole', 'traffic_sign_pole', 'camera_pole'];

/** Which structure kinds can carry a demand: macro cells need towers or rooftops; indoor needs an indoor system. */
export function suitableKind(kind: string, d: Demand): boolean {
  if (d.indoor) return kind === 'indoor_distribution';
  if (kind === 'indoor_distribution') return false;
  if (d.antennaHeightM >= MACRO_HEIGHT_M) return MACRO_KINDS.includes(kind);
  return MACRO_KINDS.includes(kind) || STREET_KINDS.includes(kind);
}

/**
 * What a capacity demand does on a structure where its operator already radiates the technology: a new band on the
 * existing antennas when the demand's band is not there yet, else a new sector; on the serving site (wherever it
 * stands: it serves the gap already) or on a neighbour in the ring. Null for a coverage demand or another structure.
 */
export function capacityMeasure(s: StructureFacts, d: Demand): CapacityMeasure | null {
  if (d.reason !== 'capacity' || !s.operatorTechnologies.includes(`${d.operator}/${d.technology}`)) return null;
  const serving = d.servingStructureId !== undefined && s.id === d.servingStructureId;
  if (!serving && s.distanceM > d.searchRadiusM) return null;
  const newBand = !s.operatorBands.includes(`${d.operator}/${d.technology}/${d.bandMHz}`);
  if (serving) return newBand ? 'add_band_on_serving_site' : 'add_sector_on_serving_site';
  return newBand ? 'add_band_on_neighbour' : 'add_sector_on_neighbour';
}

export type CapacityMeasure = Extract<Reason, `add_${string}`>;

/** Capacity measures come first, the serving site's before a neighbour's; everything else after (tier 2). */
export function tierOf(a: Pick<Assessment, 'reasons'>): number {
  if (a.reasons.some((r) => r.endsWith('_on_serving_site'))) return 0;
  if (a.reasons.some((r) => r.endsWith('_on_neighbour'))) return 1;
  return 2;
}

/** One candidate against one demand: pure, so the rules can be tested without a database. */
export function assessCandidate(s: StructureFacts, d: Demand, maxGain: number): Assessment {
  const reasons: Reason[] = [];
  let upgradable = true;
  const measure = capacityMeasure(s, d);
  if (s.distanceM > d.searchRadiusM && !measure) reasons.push('outside_ring');
  // approved structures (a smart pole from multi-pole integration, say) are offered before they stand
  if (s.status !== 'built' && s.status !== 'approved') reasons.push('not_built');
  if (s.replacedBy) reasons.push('replaced_by_smart_pole');
  // where the operator already radiates, its antennas' kind and height already serve: only room is asked
  if (!measure && !suitableKind(s.kind, d)) reasons.push('unsuitable_kind');
  if (!measure && s.operatorTechnologies.includes(`${d.operator}/${d.technology}`)) reasons.push('already_hosts_operator');
  // the grid owner's tower is neither extended nor reinforced
  const canUpgrade = (UPGRADABLE_KINDS as readonly string[]).includes(s.kind);
  const { slotsTotal, loadCapacityKg } = allowance(s);
  const power = s.kind === 'power_grid_tower';
  // a new band rides on the existing antennas: no slot, no added load, no height
  const needsRoom = !measure || measure.startsWith('add_sector');
  if (needsRoom && slotsTotal - s.slotsUsed < d.slots) {
    reasons.push('no_free_slot');
    if (!canUpgrade || slotsTotal + UPGRADE_LIMITS.extraSlots - s.slotsUsed < d.slots) upgradable = false;
  }
  if (needsRoom && loadCapacityKg !== null && s.loadUsedKg + d.loadKg > loadCapacityKg) {
    reasons.push('load_exceeded');
    if (!canUpgrade || s.loadUsedKg + d.loadKg > loadCapacityKg * (1 + UPGRADE_LIMITS.reinforcementShare)) upgradable = false;
  }
  if (!measure && power && usableHeightM(s) < d.antennaHeightM) reasons.push('too_close_to_conductors');
  else if (!measure && s.heightM < d.antennaHeightM) {
    reasons.push('too_low');
    if (!canUpgrade || s.heightM + UPGRADE_LIMITS.heightExtensionM < d.antennaHeightM) upgradable = false;
  }
  const hard = reasons.some(
    (r) =>
      r === 'outside_ring' ||
      r === 'not_built' ||
      r === 'unsuitable_kind' ||
      r === 'already_hosts_operator' ||
      r === 'replaced_by_smart_pole' ||
      r === 'too_close_to_conductors',
  );
  const option = hard ? null : reasons.length === 0 ? 'share' : upgradable ? 'upgrade' : null;
  // the measure is said first: what would be done here, then what stands in its way
  if (measure) reasons.unshift(measure);
  const W = SCORE_WEIGHTS;
  const parts = {
    distance: Math.max(0, 1 - s.distanceM / d.searchRadiusM),
    heightFit:
      s.heightM >= d.antennaHeightM
        ? Math.max(0, 1 - (s.heightM - d.antennaHeightM) / Math.max(d.antennaHeightM, 1) / 2)
        : Math.max(0, 1 - (d.antennaHeightM - s.heightM) / UPGRADE_LIMITS.heightExtensionM) * 0.5,
    coverageGain: maxGain > 0 ? s.populationGain / maxGain : 0,
    cost: option === 'share' ? 1 : option === 'upgrade' ? 0.5 : 0,
    // Public-institution rooftops open free of charge; other rooftops rent; towers and poles in between.
    access: s.kind === 'rooftop' ? (s.publicInstitution ? 1 : 0.3) : 0.7,
  };
  const breakdown = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round3(v * W[k as keyof typeof W])])) as Assessment['scoreBreakdown'];
  const score = option ? round3(Object.values(breakdown).reduce((a, b) => a + b, 0)) : 0;
  return {
    structureId: s.id,
    code: s.code,
    name: s.name,
    kind: s.kind,
    location: { lon: s.lon, lat: s.lat },
    distanceM: Math.round(s.distanceM * 10) / 10,
    feasible: option !== null,
    option,
    reasons,
    // on the grid's tower, the grid owner approves the installation (rules: POWER_TOWER_SHARING)
    conditions: power
      ? [...s.conditions, { condition: POWER_TOWER_SHARING.condition, overlay: 'power_grid_tower', source: POWER_TOWER_SHARING.conditionSource }]
      : s.conditions,
    score,
    scoreBreakdown: breakdown,
    populationGain: Math.round(s.populationGain),
  };
}

/**
 * Ranked best first; a capacity demand's measures lead (the serving site's, then a neighbour's); ties broken by
 * distance then id, so the same demand always gets the same answer.
 */
export function rank(as: Assessment[]): Assessment[] {
  return [...as].sort(
    (a, b) =>
      Number(b.feasible) - Number(a.feasible) || tierOf(a) - tierOf(b) || b.score - a.score || a.distanceM - b.distanceM || a.structureId - b.structureId,
  );
}

/**
 * Share before upgrade before a new build; for a capacity demand a feasible measure on the operator's own serving
 * site or a neighbour comes first even when it takes an upgrade (the first ranked candidate decides).
 */
export function decide(ranked: Assessment[]): 'share' | 'upgrade' | 'new_build' {
  const first = ranked[0];
  if (first?.option && tierOf(first) < 2) return first.option;
  if (ranked.some((a) => a.option === 'share')) return 'share';
  if (ranked.some((a) => a.option === 'upgrade')) return 'upgrade';
  return 'new_build';
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
