import type { IControl } from 'maplibre-gl';
import { openTool, type Store } from '../state';
import { GROUPS, type LayerGroup } from '../map/layers/common';
import { THEME } from '../map/theme';
import { type MessageKey, t, term } from '../i18n';
import { escapeHtml } from './format';

const LABEL: Record<LayerGroup, MessageKey> = {
  districts: 'districts',
  terrain: 'terrain',
  coverage: 'coverage',
  rivers: 'rivers',
  streets: 'streets',
  overlays: 'overlays',
  protection: 'protectionZones',
  routes: 'routes',
  structures: 'structures',
  sectors: 'sectors',
  observed: 'observedCells',
  keySites: 'keySites',
};

const LEGEND: Partial<Record<LayerGroup, Record<string, string>>> = {
  coverage: THEME.rsrpBand,
  structures: THEME.structureKind,
  sectors: THEME.operator,
  routes: THEME.routeKind,
  overlays: THEME.overlayKind,
  protection: THEME.protectedKind,
  keySites: { key_site: THEME.keySite },
  rivers: { river: THEME.water },
};

/** Toggle and legend for each layer group, drawn from the app state. */
export class LayerControl implements IControl {
  private el = document.createElement('div');
  /** Open or folded, as the user left it; folded when a tool panel opens, so the narrower map stays visible. */
  private open = true;
  constructor(private readonly store: Store) {
    store.subscribe((s, prev) => {
      const toolOpened = openTool(s) !== null && openTool(s) !== openTool(prev);
      if (toolOpened) this.open = false;
      if (s.lang !== prev.lang || s.hidden !== prev.hidden || toolOpened) this.render();
    });
  }
  onAdd(): HTMLElement {
    this.el.className = 'maplibregl-ctrl maplibregl-ctrl-group cosite-layers';
    this.el.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      const hidden = new Set(this.store.get().hidden);
      if (input.checked) hidden.delete(input.value as LayerGroup);
      else hidden.add(input.value as LayerGroup);
      this.store.update({ hidden });
    });
    this.render();
    return this.el;
  }
  onRemove(): void {
    this.el.remove();
  }
  private render(): void {
    const { lang, hidden } = this.store.get();
    const groups = [...GROUPS].reverse();
    this.el.innerHTML = `<details ${this.open ? 'open' : ''}><summary>${t(lang, 'layers')}</summary>${groups
      .map((g) => {
        const legend = Object.entries(LEGEND[g] ?? {})
          .map(
            ([k, c]) =>
              `<li><span class="swatch" style="background:${c}"></span>${escapeHtml(k === 'key_site' || k === 'river' ? t(lang, LABEL[g]) : term(lang, k))}</li>`,
          )
          .join('');
        return `<div class="group"><label><input type="checkbox" value="${g}" ${hidden.has(g) ? '' : 'checked'}/> ${escapeHtml(t(lang, LABEL[g]))}</label>${legend ? `<ul class="legend">${legend}</ul>` : ''}</div>`;
      })
      .join('')}</details>`;
    const details = this.el.querySelector('details')!;
    details.addEventListener('toggle', () => (this.open = details.open));
  }
}
