import type { LayerSpecification } from 'maplibre-gl';
import { FONT } from './common';
import { role } from './sketch';

export const PROFILE_SOURCE = 'link-profile';

/** The link's colour by its verdict: grey while it is being computed or has none. */
const BY_VERDICT = ['match', ['get', 'verdict'], 'clear', '#1a9850', 'fresnel-obstructed', '#f08c00', 'obstructed', '#d73027', '#636363'];

/** The link-profile tool's layers: the link (haloed, coloured by verdict), the terrain edges on it, its ends A and B. */
export function profileLayers(): LayerSpecification[] {
  return (
    [
      {
        id: 'profile-link-halo',
        type: 'line',
        source: PROFILE_SOURCE,
        filter: role('link'),
        layout: { 'line-cap': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': 0.9 },
      },
      {
        id: 'profile-link',
        type: 'line',
        source: PROFILE_SOURCE,
        filter: role('link'),
        layout: { 'line-cap': 'round' },
        paint: { 'line-color': BY_VERDICT, 'line-width': 3.5 },
      },
      {
        id: 'profile-edge',
        type: 'circle',
        source: PROFILE_SOURCE,
        filter: role('edge'),
        paint: { 'circle-radius': 5, 'circle-color': '#cb181d', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
      },
      {
        id: 'profile-end',
        type: 'circle',
        source: PROFILE_SOURCE,
        filter: role('end'),
        paint: {
          'circle-radius': 10,
          'circle-color': '#252525',
          'circle-stroke-color': ['case', ['get', 'snapped'], '#ffd92f', '#ffffff'],
          'circle-stroke-width': 2.5,
        },
      },
      {
        id: 'profile-end-label',
        type: 'symbol',
        source: PROFILE_SOURCE,
        filter: role('end'),
        layout: { 'text-field': ['get', 'label'], 'text-font': FONT, 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true },
        paint: { 'text-color': '#ffffff' },
      },
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'profile' } }));
}
