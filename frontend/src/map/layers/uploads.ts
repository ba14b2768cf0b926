import type { LayerSpecification } from 'maplibre-gl';
import { circleLabel, FONT } from './common';
import { role } from './sketch';
import { type Lang, t } from '../../i18n';

export const UPLOADS_SOURCE = 'uploads';

/** Decision colours, as the planner's badges show them (style.css .badge.decision-*). */
export const DECISION_COLOURS: Record<string, string> = { share: '#1a9850', upgrade: '#66bd63', new_build: '#f46d43' };

/**
 * A demand batch on the map: each co-build group as its shared site (purple, with its demand count) linked to the
 * demands it serves, and every demand point coloured by its decision.
 */
export function uploadsLayers(lang: Lang): LayerSpecification[] {
  return (
    [
      {
        id: 'uploads-link',
        type: 'line',
        source: UPLOADS_SOURCE,
        filter: role('link'),
        paint: { 'line-color': '#7b3294', 'line-width': 2, 'line-dasharray': [2, 1] },
      },
      {
        // a pale halo, so a demand stands out from the inventory's dots beneath it
        id: 'uploads-demand-halo',
        type: 'circle',
        source: UPLOADS_SOURCE,
        filter: role('demand'),
        paint: { 'circle-radius': 13, 'circle-color': '#ffffff', 'circle-opacity': 0.85, 'circle-stroke-color': '#1b1b1b', 'circle-stroke-width': 1 },
      },
      {
        id: 'uploads-demand',
        type: 'circle',
        source: UPLOADS_SOURCE,
        filter: role('demand'),
        paint: {
          'circle-radius': 8,
          'circle-color': ['match', ['get', 'decision'], ...Object.entries(DECISION_COLOURS).flat(), '#999999'],
          'circle-stroke-color': ['case', ['to-boolean', ['get', 'group']], '#7b3294', '#1b1b1b'],
          'circle-stroke-width': ['case', ['to-boolean', ['get', 'group']], 3, 2],
        },
      },
      {
        id: 'uploads-demand-line',
        type: 'symbol',
        source: UPLOADS_SOURCE,
        filter: role('demand'),
        // the line of the file, so a point is found in the spreadsheet
        layout: {
          'text-field': ['concat', `${t(lang, 'upLine')} `, ['to-string', ['get', 'line']]],
          'text-font': FONT,
          'text-size': 12,
          'text-offset': [0, -1.9],
          // where demands crowd, some labels give way (the panel's group list zooms in)
          'text-allow-overlap': false,
        },
        paint: { 'text-color': '#1b1b1b', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
      },
      {
        id: 'uploads-co-build',
        type: 'circle',
        source: UPLOADS_SOURCE,
        filter: role('co_build'),
        paint: { 'circle-radius': 10, 'circle-color': '#7b3294', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
      },
      circleLabel('uploads-co-build-count', UPLOADS_SOURCE, role('co_build'), 'members'),
    ] as LayerSpecification[]
  ).map((l) => ({ ...l, metadata: { 'cosite:tool': 'uploads' } }));
}
