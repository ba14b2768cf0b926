import circle from '@turf/circle';
import type { Feature, FeatureCollection } from 'geojson';
import type { Plan } from './analysis';

/**
 * The planner's map features from the plan alone (pure, tested): the search ring, the demand point, the ranked
 * candidates (feasible or not, the best marked), the suggested new-build site and a co-build site.
 */
export function planFeatures(plan: Plan | null): FeatureCollection {
  const features: Feature[] = [];
  if (!plan?.pin) return { type: 'FeatureCollection', features };
  const centre = [plan.pin.lon, plan.pin.lat];
  const radiusM = plan.radiusM ?? plan.analysis?.demand.searchRadiusM;
  if (radiusM) features.push({ ...circle(centre, radiusM / 1000, { steps: 96, units: 'kilometers' }), properties: { role: 'ring' } });
  features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: centre }, properties: { role: 'pin' } });
  const a = plan.analysis;
  if (a) {
    const feasibleRank = new Map(a.candidates.filter((c) => c.feasible).map((c, k) => [c.structureId, k + 1]));
    // infeasible first, so feasible candidates are drawn on top
    for (const c of [...a.candidates].reverse()) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.location.lon, c.location.lat] },
        properties: {
          role: 'candidate',
          structureId: c.structureId,
          feasible: c.feasible,
          rank: feasibleRank.get(c.structureId) ?? 0,
          best: a.best?.structureId === c.structureId,
        },
      });
    }
    if (a.newBuild?.location)
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [a.newBuild.location.lon, a.newBuild.location.lat] },
        properties: { role: 'new_build' },
      });
    if (a.coBuild)
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [a.coBuild.location.lon, a.coBuild.location.lat] },
        properties: { role: 'co_build', members: a.coBuild.members.length },
      });
  }
  return { type: 'FeatureCollection', features };
}
