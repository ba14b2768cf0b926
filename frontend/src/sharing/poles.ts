import type { Feature, FeatureCollection } from 'geojson';
import type { DistrictConsolidation, PoleRun, SmartPoleProposals } from '@cosite/contracts';

/** A consolidation run as the API returns it (the contract's; the parts the panel follows, also known right after it starts). */
export type ConsolidationRun = Pick<PoleRun, 'id' | 'status' | 'error' | 'summary' | 'proposals' | 'accepted'>;
/** One district's poles before and after, or the whole area's. */
export type DistrictSummary = Omit<DistrictConsolidation, 'districtId'>;

export interface PolesTool {
  /** A district's code, or the whole city. */
  districtId: number | 'city' | null;
  run: ConsolidationRun | null;
  proposals: SmartPoleProposals | null;
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
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: site },
      properties: {
        role: 'smart_pole',
        id: p.properties.id,
        status,
        merged: p.properties.poleIds.length,
        removed: polesRemoved,
        smallCell: smallCellDemands.length > 0,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
