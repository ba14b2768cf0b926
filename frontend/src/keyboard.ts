import type { Map as MapLibreMap } from 'maplibre-gl';
import { type AppState, openTool, type Store, TOOLS, type Tool } from './state';
import { t } from './i18n';
import { NEW_PLAN } from './ui/planner-panel';

const CLOSED = Object.fromEntries(TOOLS.map((x) => [x, null])) as Record<Tool, null>;

/** Whether a tool has a shape half drawn (works area, proposed route, new overlay). */
function shapeBeingDrawn(s: AppState): boolean {
  const checks = [s.works, s.routes].some((x) => x && !x.finished && x.vertices.length > 0);
  return checks || (!!s.zoning?.drawing && s.zoning.vertices.length > 0);
}

/**
 * The keyboard: Escape closes the top panel (the detail panel, then the tool panel; an open dialog and a shape being
 * drawn handle their own Escape). On the focused map, arrows move it (MapLibre's own) and, while planning, Enter or P places the demand
 * point at the map's centre, said aloud through a live region.
 */
export function attachKeyboard(store: Store, map: MapLibreMap): void {
  const live = document.createElement('div');
  live.className = 'visually-hidden';
  live.id = 'announce';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  document.body.append(live);
  const announce = (text: string) => (live.textContent = text);

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    if (document.querySelector('dialog[open]')) return;
    const target = e.target as HTMLElement;
    // a search box with text clears itself first
    if (target instanceof HTMLInputElement && target.type === 'search' && target.value) return;
    const s = store.get();
    const lang = s.lang;
    // a shape being drawn takes Escape first: it cancels that shape (map/draw.ts), not the tool
    if (shapeBeingDrawn(s)) return;
    if (s.selection) {
      store.update({ selection: null });
      announce(t(lang, 'navClosedDetail'));
    } else if (openTool(s)) {
      store.update(CLOSED);
      announce(t(lang, 'navClosedPanel'));
    } else return;
    e.preventDefault();
  });

  const canvas = map.getCanvas();
  canvas.setAttribute('aria-label', t(store.get().lang, 'navMapLabel'));
  store.subscribe((s, prev) => s.lang !== prev.lang && canvas.setAttribute('aria-label', t(s.lang, 'navMapLabel')));
  canvas.addEventListener('keydown', (e) => {
    const s = store.get();
    if (!s.plan || e.ctrlKey || e.metaKey || e.altKey || !(e.key === 'Enter' || e.key === 'p' || e.key === 'P')) return;
    e.preventDefault();
    const c = map.getCenter();
    const pin = { lon: Math.round(c.lng * 1e6) / 1e6, lat: Math.round(c.lat * 1e6) / 1e6 };
    store.update({ plan: { ...(s.plan ?? NEW_PLAN), pin, analysis: null } });
    announce(`${t(s.lang, 'navPinPlaced')} ${pin.lat.toFixed(5)}, ${pin.lon.toFixed(5)}`);
  });
}
