import type { DistrictConsolidation } from '@cosite/contracts';

/**
 * Multi-pole integration, the pure part: which street poles on one kerb merge into one smart pole, and what that
 * smart pole carries. PostGIS places each pole on its street (nearest street, side, position along it) and says
 * whether the step from the previous pole crosses another street or a river; this file does the rest.
 *
 * Why not plain DBSCAN: single linkage chains a row of lamp posts 20 m apart into one cluster hundreds of metres
 * long, which no smart pole can replace. Here a cluster is a run of consecutive poles on one kerb that all lie
 * within the cluster distance of the run's first pole, so every member is within that distance of every other.
 */

export interface KerbPole {
  id: number;
  kind: string;
  ownerId: string;
  slotsTotal: number;
  heightM: number;
  districtId: number | null;
  streetId: number;
  /** +1 left of the street's drawing direction, −1 right. */
  side: 1 | -1;
  /** Metres along the street from its start. */
  alongM: number;
  /** The step from the previous pole on this kerb crosses another street or a river. */
  crossesFromPrevious: boolean;
  lon: number;
  lat: number;
}

export interface PoleCluster {
  streetId: number;
  side: 1 | -1;
  poles: KerbPole[];
}

/** What each kind of street pole carries over to the smart pole. */
export const POLE_FUNCTIONS: Record<string, string> = {
  street_lamp_pole: 'lighting',
  traffic_sign_pole: 'traffic_signal_sign',
  camera_pole: 'camera',
  utility_pole: 'utility_lines',
  smart_pole: 'small_cell',
};

/** Poles that multi-pole integration considers: street furniture and the smart poles already standing. */
export const INTEGRATED_POLE_KINDS = Object.keys(POLE_FUNCTIONS);

const metresBetween = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => {
  const k = 111_320;
  const dx = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  const dy = (b.lat - a.lat) * k;
  return Math.hypot(dx, dy);
};

/**
 * Clusters of two or more poles. Input ordered by street, side, position along the street (as the SQL gives it).
 * A new cluster starts on another kerb, after a step across a street or a river, or when a pole lies farther than
 * `distanceM` from the cluster's first pole (along the street or in a straight line). A lone pole stays alone.
 */
export function clusterKerbPoles(poles: KerbPole[], distanceM: number): PoleCluster[] {
  const out: PoleCluster[] = [];
  let current: KerbPole[] = [];
  const flush = () => {
    if (current.length >= 2) out.push({ streetId: current[0].streetId, side: current[0].side, poles: current });
    current = [];
  };
  for (const p of poles) {
    const first = current[0];
    const sameKerb = first && first.streetId === p.streetId && first.side === p.side;
    if (!sameKerb || p.crossesFromPrevious || p.alongM - first.alongM > distanceM || metresBetween(first, p) > distanceM) flush();
    current.push(p);
  }
  flush();
  return out;
}

export interface SmartPoleProposal {
  sitePoleId: number;
  existingSmartPole: boolean;
  functions: string[];
  owners: string[];
  poleIds: number[];
  polesRemoved: number;
  slotsBefore: number;
  slotsAfter: number;
  heightM: number;
  districtId: number | null;
}

/**
 * One smart pole for a cluster. It stands where a member stands (an existing foundation on the pavement, never in
 * the carriageway): an existing smart pole if the cluster has one, else the middle pole along the kerb, which keeps
 * the others' moves shortest. It carries every member's function plus small-cell mounts, at least as many mount
 * slots as the merged poles had, and is as tall as the tallest of them (lamps and cameras keep their height).
 */
export function proposeSmartPole(c: PoleCluster, smartPole: { slots: number; heightM: number }): SmartPoleProposal {
  const existing = c.poles.find((p) => p.kind === 'smart_pole');
  const site = existing ?? c.poles[Math.floor((c.poles.length - 1) / 2)];
  const slotsBefore = c.poles.reduce((a, p) => a + p.slotsTotal, 0);
  const functions = [...new Set([...c.poles.map((p) => POLE_FUNCTIONS[p.kind]), 'small_cell'])].sort();
  return {
    sitePoleId: site.id,
    existingSmartPole: !!existing,
    functions,
    owners: [...new Set(c.poles.map((p) => p.ownerId))].sort(),
    poleIds: c.poles.map((p) => p.id),
    // a new smart pole replaces every member, the one at its site too; an existing smart pole stays
    polesRemoved: existing ? c.poles.length - 1 : c.poles.length,
    slotsBefore,
    slotsAfter: Math.max(smartPole.slots, slotsBefore, existing?.slotsTotal ?? 0),
    heightM: Math.max(smartPole.heightM, ...c.poles.map((p) => p.heightM)),
    districtId: site.districtId,
  };
}

/** Per district: poles before and after, the share removed against the policy's "more than half", sites gained. */
export function summarise(
  polesByDistrict: Map<number | null, number>,
  proposals: (SmartPoleProposal & { smallCellDemands: number })[],
  minReductionShare: number,
): DistrictConsolidation[] {
  const ids = new Set<number | null>([...polesByDistrict.keys(), ...proposals.map((p) => p.districtId)]);
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  return [...ids]
    .sort((a, b) => (a ?? 0) - (b ?? 0))
    .map((districtId) => {
      const mine = proposals.filter((p) => p.districtId === districtId);
      const polesBefore = polesByDistrict.get(districtId) ?? 0;
      const polesInClusters = mine.reduce((a, p) => a + p.poleIds.length, 0);
      const polesRemoved = mine.reduce((a, p) => a + p.polesRemoved, 0);
      const smartPolesProposed = mine.filter((p) => !p.existingSmartPole).length;
      const netRemoved = polesRemoved - smartPolesProposed;
      const clusteredReductionShare = polesInClusters ? round3(netRemoved / polesInClusters) : 0;
      return {
        districtId,
        polesBefore,
        polesInClusters,
        polesRemoved,
        smartPolesProposed,
        polesAfter: polesBefore - netRemoved,
        clusteredReductionShare,
        overallReductionShare: polesBefore ? round3(netRemoved / polesBefore) : 0,
        slotsGained: mine.reduce((a, p) => a + p.slotsAfter - p.slotsBefore, 0),
        smallCellSitesGained: mine.filter((p) => p.smallCellDemands > 0).length,
        meetsPolicy: clusteredReductionShare > minReductionShare,
      };
    });
}
