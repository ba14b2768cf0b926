import { EXPORT_FORMATS, type ExportFormat } from '@cosite/contracts';
import { type Lang, t } from '../i18n';
import { escapeHtml } from './format';

/** What each export format is called in a menu (the same in both languages). */
export const FORMAT_LABEL: Record<ExportFormat, string> = { geojson: 'GeoJSON', csv: 'CSV', xlsx: 'Excel (XLSX)', kml: 'KML', shapefile: 'Shapefile (zip)' };

/**
 * The one Export menu of every layer and result: a folded list of the formats, each a download link. `url` gives a
 * format's address; `layer`, when set, marks a layer's menu (its links take the map's view as their bbox on click).
 */
export function exportMenu(lang: Lang, url: (format: ExportFormat) => string, opts: { layer?: string; formats?: readonly ExportFormat[] } = {}): string {
  const formats = opts.formats ?? EXPORT_FORMATS;
  return `<details class="export-menu"${opts.layer ? ` data-layer="${escapeHtml(opts.layer)}"` : ''}><summary>${t(lang, 'exportMenu')}</summary><ul>${formats
    .map((f) => `<li><a href="${escapeHtml(url(f))}" download data-format="${f}">${FORMAT_LABEL[f]}</a></li>`)
    .join('')}</ul></details>`;
}

/** A layer's export address for the formats, limited to a bbox (the map's view) when given. */
export const layerExportUrl = (layer: string, format: ExportFormat, bbox?: [number, number, number, number]): string =>
  `/api/v1/${layer}/export?format=${format}${bbox ? `&bbox=${bbox.map((v) => v.toFixed(6)).join(',')}` : ''}`;
