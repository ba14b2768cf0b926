import type { DistrictCollection, DistrictFeature } from '@cosite/contracts';
import type { Lang } from '../i18n';
import type { MapMouseEvent } from 'maplibre-gl';
import { getJson } from '../api';
import { escapeHtml } from './format';

/** What the tool panels share: a clicked point, the API's field problems in the form, the operators and districts to pick from. */

/** The operators offered in the forms (the sample's organisations of kind operator), in this order. */
export const OPERATORS = ['china-mobile', 'china-telecom', 'china-unicom', 'china-broadnet'] as const;

/** The clicked position, rounded to 1e-6° (about 10 cm): what a drawn vertex or pin stores. */
export const clickedLonLat = (e: MapMouseEvent): [number, number] => [Math.round(e.lngLat.lng * 1e6) / 1e6, Math.round(e.lngLat.lat * 1e6) / 1e6];

/** The API's field problems (or its message) listed in the panel's `.errors`. */
export function showFieldErrors(el: HTMLElement, body: { errors?: { field: string; problem: string }[]; message?: string }, status?: number): void {
  const errors = body.errors ?? [{ field: 'request', problem: body.message ?? String(status ?? '') }];
  el.querySelector('.errors')!.innerHTML = errors.map((e) => `<li><strong>${escapeHtml(e.field)}</strong>: ${escapeHtml(e.problem)}</li>`).join('');
}

/** A district's id and names, as the districts list gives them. */
export type DistrictName = { id: number } & Pick<DistrictFeature['properties'], 'nameZh' | 'nameEn'>;

/** A district's name in the chosen language (Chinese where it has no English one). */
export const districtLabel = (lang: Lang, d: DistrictName): string => (lang === 'zh' ? d.nameZh : (d.nameEn ?? d.nameZh));

let districts: Promise<DistrictName[]> | null = null;

/** The districts (names only), fetched once for every panel that offers them. */
export function districtNames(): Promise<DistrictName[]> {
  districts ??= getJson<DistrictCollection>('/api/v1/districts').then((fc) =>
    fc.features.map((f) => ({ id: f.id, nameZh: f.properties.nameZh, nameEn: f.properties.nameEn })),
  );
  return districts;
}
