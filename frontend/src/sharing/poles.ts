import type { Feature, FeatureCollection } from 'geojson';

/** A consolidation run and its proposals as the API returns them. */
export interface DistrictSummary {
  districtId: number | null;
  polesBefore: number;
  polesInClusters: number;
  polesRemoved: number;
  smartPolesProposed: number;
  polesAfter: number;
  clusteredReductionShare: number;
  overallReductionShare: number;
  slotsGained: number;
  smallCellSitesGained: number;
  meetsPolicy: boolean;
}

export interface ConsolidationRun {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  error: string | null;
  summary: { total: DistrictSummary; districts: DistrictSummary[]; policy: { minReductionShare: number } } | null;
  proposals: number;
  accepted: number;
}

export interface ProposalProps {
  id: number;
  sitePoleId: number;
  functions: string[];
  owners: string[];
  poleIds: number[];
  polesRemoved: number;
  slotsGained: number;
  smallCellDemands: { analysisId: string; operator: string }[];
  status: 'proposed' | 'accepted';
  members: { type: 'MultiPoint'; coordinates: [number, number][] };
}

export interface PolesTool {
  /** A district's code, or the whole city. */
  districtId: number | 'city' | null;
  run: ConsolidationRun | null;
  proposals: { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: ProposalProps }[] } | null;
}

export const NEW_POLES: PolesTool = { districtId: null, run: null, proposals: null };

/** The pole tool's map features (pure): each smart pole proposed, the poles it merges, and a line from each to it. */
export function polesFeatures(t: PolesTool | null): FeatureCollection {
  const features: Feature[] = [];
  for (const p of t?.proposals?.features ?? []) {
    const site = p.geometry.coordinates;
    const { status, polesRemoved, smallCellDemands } = p.properties;
    for (const m of p.properties.members.coordinates) {
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [m, site] }, properties: { role: 'link', status } });
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: m }, properties: { role: 'merged', status } });
    }
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: site }, properties: { role: 'smart_pole', id: p.properties.id, status, merged: p.properties.poleIds.length, removed: polesRemoved, smallCell: smallCellDemands.length > 0 } });
  }
  return { type: 'FeatureCollection', features };
}
