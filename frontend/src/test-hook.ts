import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from './state';
import type { SearchControl } from './ui/search-control';

/**
 * Test hook (documented in the README): `window.__cosite` lets browser tests ask the running app what it
 * renders without reaching into MapLibre internals. Not used by the app itself.
 */
export interface CositeTestHook {
  map: MapLibreMap;
  store: Store;
  /** Resolves when the map has loaded and is idle (all tiles in view rendered). */
  idle(): Promise<void>;
  /** Number of rendered features of these style layers in the current view. */
  renderedCount(layerIds: string[]): number;
  search(text: string): Promise<unknown>;
}

declare global {
  interface Window {
    __cosite?: CositeTestHook;
  }
}

export function installTestHook(map: MapLibreMap, store: Store, search: SearchControl): void {
  window.__cosite = {
    map,
    store,
    idle: () =>
      new Promise((resolve) => {
        const check = (): void => {
          if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) resolve();
          else void map.once('idle', check);
        };
        check();
      }),
    renderedCount: (layerIds) => map.queryRenderedFeatures({ layers: layerIds.filter((l) => map.getLayer(l)) }).length,
    search: (text) => search.search(text),
  };
}
