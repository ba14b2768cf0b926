import type { DistrictFeature } from '@cosite/contracts';
import { type Lang, t, term } from '../i18n';
import type { HexColor } from 'terra-draw';
import type { DrawShape, LonLat, MapDrawing } from '../map/draw';
import type { MapMouseEvent } from 'maplibre-gl';
import { api, dataOf } from '../api/client';
import { escapeHtml } from './format';
import { fieldLabel, type FormProblem, inputNamesFor, problemMessage, thrownProblems } from './form-errors';
import { signedInUser } from '../auth';

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

/** The UI's language, as the header set it on the page (zh-CN or en). */
const pageLang = (): Lang => (document.documentElement.lang.startsWith('zh') ? 'zh' : 'en');

/**
 * Problems with the form (the API's, see failureProblems, or the panel's own) in the user's language, each at its
 * field: the message beside the input (found by name: `properties.name` → name), the input marked aria-invalid and
 * highlighted, the first one scrolled to and focused. A problem of no field (403, 409, 5xx, the network) is listed in
 * the panel's `.errors` as an alert. Called with [] it clears them.
 */
export function showFieldErrors(el: HTMLElement, errors: FormProblem[], lang: Lang = pageLang(), labels: Record<string, string> = {}): void {
  for (const m of el.querySelectorAll('.field-error')) m.remove();
  for (const i of el.querySelectorAll('[aria-invalid="true"]')) {
    i.removeAttribute('aria-invalid');
    i.removeAttribute('aria-describedby');
  }
  const list = el.querySelector<HTMLElement>('.errors') ?? el.appendChild(Object.assign(document.createElement('ul'), { className: 'errors' }));
  list.setAttribute('role', 'alert');
  const inPanel: string[] = [];
  let first: HTMLElement | null = null;
  errors.forEach((p, k) => {
    const message = problemMessage(lang, p);
    const input = inputNamesFor(p.field)
      .map((n) => el.querySelector<HTMLInputElement>(`[name="${CSS.escape(n)}"]:not([type="hidden"])`))
      .find((x) => x);
    // a box of a group (the works' activities) is told at its fieldset, any other input beside itself
    const at = input && (input.type === 'checkbox' || input.type === 'radio' ? (input.closest('fieldset') ?? input.closest('label')) : input.closest('label'));
    if (!input || !at) {
      const label = labels[p.field] ?? fieldLabel(lang, p.field);
      if (!inPanel.includes(message)) inPanel.push(label ? `${label}${lang === 'zh' ? '：' : ': '}${message}` : message);
      return;
    }
    const note = Object.assign(document.createElement('span'), { className: 'field-error', id: `field-error-${k}`, textContent: message });
    if (at.tagName === 'FIELDSET') at.append(note);
    else input.after(note);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', note.id);
    // the mark goes once the field is changed
    input.addEventListener('input', () => (input.removeAttribute('aria-invalid'), note.remove()), { once: true });
    first ??= input;
  });
  list.innerHTML = inPanel.map((m) => `<li>${escapeHtml(m)}</li>`).join('');
  const target: HTMLElement | null = first ?? (inPanel.length ? list : null);
  if (target) {
    target.scrollIntoView({ block: 'center' });
    if (first) (first as HTMLElement).focus({ preventScroll: true });
  }
}

/**
 * An action that calls the API: its button disabled and marked busy (aria-busy, a spinner) while it runs; a call
 * that throws (the network) shows as a problem in the panel, never silently.
 */
export async function panelAction(el: HTMLElement, button: HTMLButtonElement | null | undefined, run: () => Promise<unknown>): Promise<void> {
  if (button?.getAttribute('aria-busy') === 'true') return;
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.title = t(pageLang(), 'formBusy');
  }
  try {
    await run();
  } catch (e) {
    showFieldErrors(el, thrownProblems(e));
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.removeAttribute('title');
    }
  }
}

/**
 * The operator a planner files for when the organisation fixes it: an operator's planner (China Unicom's) files for
 * its own operator only; the tower company's planner, the regulator and admins choose (null).
 */
export function ownOperator(): string | null {
  const u = signedInUser();
  return u?.role === 'planner' && (OPERATORS as readonly string[]).includes(u.organisationId ?? '') ? u.organisationId : null;
}

/** The operator control of a form: fixed to the planner's own operator (shown, not changeable), else a choice. */
export function operatorSelect(lang: Lang, chosen: string | null): string {
  const own = ownOperator();
  const options = (own ? [own] : OPERATORS)
    .map((o) => `<option value="${o}" ${o === (own ?? chosen) ? 'selected' : ''}>${escapeHtml(term(lang, o))}</option>`)
    .join('');
  return `<select name="operator" ${own ? `disabled title="${escapeHtml(t(lang, 'formOwnOperator'))}"` : ''}>${options}</select>`;
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
