import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { openTool, type Store } from '../state';
import { CLASS_PROPERTY, classKey, GROUPS, type LayerGroup } from '../map/layers/common';
import { THEME } from '../map/theme';
import { type MessageKey, t, term } from '../i18n';
import { escapeHtml } from './format';
import { COVERAGE_LEGEND, type LegendStop, METRIC_TITLE } from '../map/coverage-metric';
import { SECTOR_LOAD_LEGEND } from '../map/sector-load';
import type { ExportFormat } from '@cosite/contracts';
import { exportMenu, layerExportUrl } from './export-menu';

/** The API layer each map group exports (the features in view). */
const EXPORTS: Partial<Record<LayerGroup, string>> = {
  structures: 'structures',
  sectors: 'tenancies',
  routes: 'routes',
  overlays: 'overlays',
  keySites: 'key-sites',
  observed: 'observed-cells',
};

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
  sectorLoad: 'sectorLoad',
  observed: 'observedCells',
  keySites: 'keySites',
};

const LEGEND: Partial<Record<LayerGroup, Record<string, string>>> = {
  structures: THEME.structureKind,
  sectors: THEME.operator,
  routes: THEME.routeKind,
  overlays: THEME.overlayKind,
  protection: THEME.protectedKind,
  keySites: { key_site: THEME.keySite },
  rivers: { river: THEME.water },
};

/** Where the panel's open or folded state is remembered between visits. */
const OPEN_KEY = 'cosite.layersOpen';
/** Below this width the panel starts folded, so it does not cover a quarter of the map. */
const WIDE = 1440;

/** Toggle and legend for each layer group, drawn from the app state; a legend entry switches its class. */
export class LayerControl implements IControl {
  private el = document.createElement('div');
  /** Open or folded, as the user left it (else open only on a wide screen); folded when a tool panel opens. */
  private open = localStorage.getItem(OPEN_KEY) ? localStorage.getItem(OPEN_KEY) === 'true' : window.innerWidth >= WIDE;
  constructor(private readonly store: Store) {
    store.subscribe((s, prev) => {
      const toolOpened = openTool(s) !== null && openTool(s) !== openTool(prev);
      if (toolOpened) this.open = false;
      const legendChanged = s.coverage.metric !== prev.coverage.metric || s.sectorLoad !== prev.sectorLoad;
      if (s.lang !== prev.lang || s.hidden !== prev.hidden || s.hiddenClasses !== prev.hiddenClasses || toolOpened || legendChanged) this.render();
    });
  }
  onAdd(map: MapLibreMap): HTMLElement {
    this.el.className = 'maplibregl-ctrl maplibregl-ctrl-group cosite-layers';
    // a layer's export is of the features in view: the link takes the map's bounds as it is followed
    this.el.addEventListener('click', (e) => {
      const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('.export-menu a');
      const layer = a?.closest<HTMLElement>('.export-menu')?.dataset.layer;
      if (!a || !layer) return;
      const b = map.getBounds();
      a.href = layerExportUrl(layer, a.dataset.format as ExportFormat, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
      a.title = t(this.store.get().lang, 'exportView');
    });
    this.el.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      const hidden = new Set(this.store.get().hidden);
      if (input.checked) hidden.delete(input.value as LayerGroup);
      else hidden.add(input.value as LayerGroup);
      this.store.update({ hidden });
    });
    this.el.addEventListener('click', (e) => {
      const entry = (e.target as HTMLElement).closest<HTMLElement>('button.legend-entry');
      if (!entry) return;
      const g = entry.dataset.group as LayerGroup;
      if (!CLASS_PROPERTY[g]) {
        // a one-entry legend (key sites, rivers) stands for its whole group
        const hidden = new Set(this.store.get().hidden);
        if (hidden.has(g)) hidden.delete(g);
        else hidden.add(g);
        return this.store.update({ hidden });
      }
      const classes = new Set(this.store.get().hiddenClasses ?? []);
      const key = classKey(g, entry.dataset.value!);
      if (classes.has(key)) classes.delete(key);
      else classes.add(key);
      this.store.update({ hiddenClasses: classes });
    });
    this.render();
    return this.el;
  }
  onRemove(): void {
    this.el.remove();
  }
  private render(): void {
    const { lang, hidden, hiddenClasses, coverage, sectorLoad } = this.store.get();
    const groups = [...GROUPS].reverse();
    const entry = (g: LayerGroup, value: string, colour: string, label: string) => {
      const shown = CLASS_PROPERTY[g] ? !hiddenClasses?.has(classKey(g, value)) : !hidden.has(g);
      return `<li><button type="button" class="legend-entry" data-group="${g}" data-value="${escapeHtml(value)}" aria-pressed="${shown}" title="${escapeHtml(t(lang, shown ? 'navHideClass' : 'navShowClass'))}"><span class="swatch" style="background:${colour}"></span>${escapeHtml(label)}</button></li>`;
    };
    const stops = (g: LayerGroup, list: Pick<LegendStop, 'value' | 'colour' | 'label'>[]) =>
      list.map((x) => entry(g, x.value, x.colour, t(lang, x.label))).join('');
    const legendOf = (g: LayerGroup): string => {
      // the coverage legend is the chosen metric's, headed by its quantity and unit
      if (g === 'coverage')
        return `<li class="legend-title">${escapeHtml(t(lang, METRIC_TITLE[coverage.metric]))}</li>${stops(g, COVERAGE_LEGEND[coverage.metric])}`;
      if (g === 'sectorLoad') {
        const summary = sectorLoad?.summary
          ? `${sectorLoad.summary.shown} ${t(lang, 'sectorLoadShown')}, ${sectorLoad.summary.overloaded} ${t(lang, 'sectorLoadOverloadedCount')}`
          : '';
        const note = [sectorLoad?.note ? t(lang, sectorLoad.note) : '', summary].filter(Boolean).join(' · ');
        return `${stops(g, SECTOR_LOAD_LEGEND)}<li class="legend-outline"><span class="swatch"></span>${escapeHtml(t(lang, 'loadOverloadedOutline'))}</li>${!hidden.has(g) && note ? `<li class="legend-note" data-note="${escapeHtml(sectorLoad?.note ?? 'summary')}">${escapeHtml(note)}</li>` : ''}`;
      }
      return Object.entries(LEGEND[g] ?? {})
        .map(([k, c]) => entry(g, k, c, k === 'key_site' || k === 'river' ? t(lang, LABEL[g]) : term(lang, k)))
        .join('');
    };
    this.el.innerHTML = `<details ${this.open ? 'open' : ''}><summary>${t(lang, 'layers')}</summary>${groups
      .map((g) => {
        const legend = legendOf(g);
        const layer = EXPORTS[g];
        const menu = layer ? exportMenu(lang, (f) => layerExportUrl(layer, f), { layer }) : '';
        return `<div class="group" data-group="${g}"><label><input type="checkbox" value="${g}" ${hidden.has(g) ? '' : 'checked'}/> ${escapeHtml(t(lang, LABEL[g]))}</label>${menu}${legend ? `<ul class="legend">${legend}</ul>` : ''}</div>`;
      })
      .join('')}</details>`;
    const details = this.el.querySelector('details')!;
    details.addEventListener('toggle', () => {
      if (details.open === this.open) return;
      this.open = details.open;
      localStorage.setItem(OPEN_KEY, String(this.open));
    });
  }
}
