import type { DistrictFeature, FieldProblem } from '@cosite/contracts';
import type { Lang } from '../i18n';
import type { HexColor } from 'terra-draw';
import type { DrawShape, LonLat, MapDrawing } from '../map/draw';
import type { MapMouseEvent } from 'maplibre-gl';
import { api, dataOf } from '../api/client';
import { escapeHtml } from './format';

/** What the tool panels share: a clicked point, the API's field problems in the form, the operators and districts to pick from. */

/** The operators offered in the forms (the sample's organisations of kind operator), in this order. */
export const OPERATORS = ['china-mobile', 'china-telecom', 'china-unicom', 'china-broadnet'] as const;

/** The clicked position, rounded to 1e-6° (about 10 cm): what a drawn vertex or pin stores. */
export const clickedLonLat = (e: MapMouseEvent): [number, number] => [Math.round(e.lngLat.lng * 1e6) / 1e6, Math.round(e.lngLat.lat * 1e6) / 1e6];

/** The part of a check tool's state (works, route) that its drawing keeps: the shape's vertices, and the check of it. */
export interface DrawnForCheck {
  vertices: LonLat[];
  finished: boolean;
  check: unknown;
}

/**
 * A check tool's drawing (see map/draw.ts): while the tool is open and its shape unfinished the map draws it, each
 * vertex placed going into the state and dropping the last check; `finish` and `clear` serve the panel's buttons.
 */
export function drawingForCheck<S extends DrawnForCheck>(
  drawing: MapDrawing,
  colour: HexColor,
  state: () => S | null,
  set: (change: Partial<S>) => void,
  shape: (s: S) => DrawShape,
) {
  const change = (c: Partial<DrawnForCheck>) => set(c as Partial<S>);
  const pen = drawing.pen(colour, {
    onChange: (vertices) => change({ vertices, check: null }),
    onFinish: (_shape, vertices) => change({ vertices, finished: true, check: null }),
  });
  return {
    /** Call on every change of the tool's state. */
    sync: () => {
      const s = state();
      pen.want(s && !s.finished ? shape(s) : null);
    },
    finish: () => pen.finish(),
    clear: () => {
      pen.reset();
      change({ vertices: [], finished: false, check: null });
    },
  };
}

/** Problems with the form (the API's field problems, see failureProblems, or the panel's own) listed in the panel's `.errors`. */
export function showFieldErrors(el: HTMLElement, errors: FieldProblem[]): void {
  el.querySelector('.errors')!.innerHTML = errors.map((e) => `<li><strong>${escapeHtml(e.field)}</strong>: ${escapeHtml(e.problem)}</li>`).join('');
}

/** A district's id and names, as the districts list gives them. */
export type DistrictName = { id: number } & Pick<DistrictFeature['properties'], 'nameZh' | 'nameEn'>;

/** A district's name in the chosen language (Chinese where it has no English one). */
export const districtLabel = (lang: Lang, d: DistrictName): string => (lang === 'zh' ? d.nameZh : (d.nameEn ?? d.nameZh));

let districts: Promise<DistrictName[]> | null = null;

/** The districts (names only), fetched once for every panel that offers them. */
export function districtNames(): Promise<DistrictName[]> {
  districts ??= dataOf(api.GET('/api/v1/districts')).then((fc) =>
    fc.features.map((f) => ({ id: f.id, nameZh: f.properties.nameZh, nameEn: f.properties.nameEn })),
  );
  return districts;
}
