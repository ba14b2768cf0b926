import type { Feature, FeatureCollection } from 'geojson';
import type { FieldProblem, LinkProfile, ProfileModel, Verdict } from '@cosite/contracts';

/** GET /api/v1/coverage/profile as the API answers it: the contract's link profile, its verdict and its samples. */
export type { LinkProfile };
export type LinkVerdict = Verdict;
export type ProfileSample = LinkProfile['samples'][number];

/** The models the profile tool offers (the contract's), the API's default first. */
export { PROFILE_MODELS } from '@cosite/contracts';

/** One end of the link: a clicked point, or a structure it snapped to. */
export interface ProfileEnd {
  lon: number;
  lat: number;
  structure?: { id: number; name: string };
}

/** The link-profile tool: its two ends, the inputs, and the API's answer or problems for them. */
export interface ProfileTool {
  from: ProfileEnd | null;
  to: ProfileEnd | null;
  txHeightM: number;
  rxHeightM: number;
  frequencyMHz: number;
  model: ProfileModel;
  result: LinkProfile | null;
  errors: FieldProblem[] | null;
  loading: boolean;
}

// A 30 m mast to a handset at 1.5 m (TR 38.901's UE height) unless a structure gives a height.
export const NEW_PROFILE: ProfileTool = {
  from: null,
  to: null,
  txHeightM: 30,
  rxHeightM: 1.5,
  frequencyMHz: 3500,
  model: '3gpp-uma',
  result: null,
  errors: null,
  loading: false,
};

/** The profile API's query for the tool's ends and inputs; null until both ends are placed. */
export function profileQuery(t: ProfileTool): { from: string; to: string; frequencyMHz: number; model: ProfileModel } | null {
  if (!t.from || !t.to) return null;
  const end = (e: ProfileEnd, h: number) => `${e.lon},${e.lat},${h}`;
  return { from: end(t.from, t.txHeightM), to: end(t.to, t.rxHeightM), frequencyMHz: t.frequencyMHz, model: t.model };
}

/**
 * The antenna height a structure end takes: the tallest tenancy's antenna, else the structure's own height (an
 * empty tower, a rooftop); null when neither is known.
 */
export function structureAntennaHeightM(structureHeightM: number | null | undefined, tenancyAntennaHeightsM: (number | null | undefined)[]): number | null {
  const heights = tenancyAntennaHeightsM.filter((h): h is number => typeof h === 'number' && Number.isFinite(h));
  if (heights.length) return Math.max(...heights);
  return typeof structureHeightM === 'number' && Number.isFinite(structureHeightM) ? structureHeightM : null;
}

/** The next state after a map click at `end`: the start, then the end, then a click starts a new link. */
export function placeEnd(t: ProfileTool, end: ProfileEnd): { tool: ProfileTool; placed: 'from' | 'to' } {
  if (!t.from || t.to) return { tool: { ...t, from: end, to: null, result: null, errors: null, loading: false }, placed: 'from' };
  return { tool: { ...t, to: end, result: null, errors: null }, placed: 'to' };
}

/** A point `distanceM` along the link (linear in degrees: at most 100 km, so within metres of the great circle). */
function along(t: ProfileTool, distanceM: number, totalM: number): [number, number] {
  const f = totalM > 0 ? Math.min(1, Math.max(0, distanceM / totalM)) : 0;
  return [t.from!.lon + (t.to!.lon - t.from!.lon) * f, t.from!.lat + (t.to!.lat - t.from!.lat) * f];
}

/** The tool's map features (pure): the link coloured by its verdict, its two ends, and where terrain blocks it. */
export function profileFeatures(t: ProfileTool | null): FeatureCollection {
  if (!t) return { type: 'FeatureCollection', features: [] };
  const features: Feature[] = [];
  const verdict = t.result?.verdict ?? 'pending';
  if (t.from && t.to) {
    features.push({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [t.from.lon, t.from.lat],
          [t.to.lon, t.to.lat],
        ],
      },
      properties: { role: 'link', verdict },
    });
  }
  for (const [end, label] of [
    [t.from, 'A'],
    [t.to, 'B'],
  ] as const) {
    if (end)
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [end.lon, end.lat] },
        properties: { role: 'end', label, snapped: !!end.structure },
      });
  }
  const r = t.result;
  if (r && t.from && t.to) {
    for (const e of r.edges)
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: along(t, e.distanceM, r.distanceM) },
        properties: { role: 'edge', lossDb: e.lossDb },
      });
  }
  return { type: 'FeatureCollection', features };
}
