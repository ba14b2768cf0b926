import { describe, expect, it } from 'vitest';
import { featureFilter, type FilterSpecification, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { buildStyle } from './style';
import { COVERAGE_SOURCE, keepFedSources } from './sources';
import { SECTOR_LOAD_SOURCE } from './sector-load';
import { GROUPS } from './layers/common';
import { TILE_LAYERS } from '@cosite/contracts';

const origin = 'http://localhost:3000';

describe('the map style', () => {
  it('is valid against the MapLibre style spec, in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const errors = validateStyleMin(buildStyle({ origin, lang, hidden: new Set() }) as never);
      expect(errors.map((e: { message: string }) => e.message)).toEqual([]);
    }
  });

  it('loads nothing from outside: every URL is on our own origin', () => {
    const style = buildStyle({ origin, lang: 'zh', hidden: new Set() });
    const urls = [style.glyphs!, ...Object.values(style.sources).flatMap((s) => ('tiles' in s ? (s.tiles ?? []) : []))];
    expect(urls.length).toBe(1 + TILE_LAYERS.length + 1); // glyphs, vector tiles, the hillshade
    expect(style.sources.coverage).toMatchObject({ type: 'geojson' }); // filled from our API, by bbox
    for (const u of urls) expect(u.startsWith(`${origin}/`)).toBe(true);
    expect(style.sprite).toBeUndefined();
  });

  it('hides exactly the layers of a hidden group', () => {
    const style = buildStyle({ origin, lang: 'zh', hidden: new Set(['routes']) });
    const hidden = style.layers.filter((l) => (l.layout as { visibility?: string } | undefined)?.visibility === 'none').map((l) => l.id);
    expect(hidden).toEqual(['route-line']);
  });

  it('puts every layer but the background and the tools (planner, works) in a group the layer control knows', () => {
    for (const l of buildStyle({ origin, lang: 'en', hidden: new Set() }).layers) {
      if (l.type === 'background' || (l.metadata as Record<string, string> | undefined)?.['cosite:tool']) continue;
      expect(GROUPS).toContain((l.metadata as Record<string, string>)['cosite:group']);
    }
  });

  it('labels in the chosen language', () => {
    const zh = buildStyle({ origin, lang: 'zh', hidden: new Set() }).layers.find((l) => l.id === 'key-site-label')!;
    const en = buildStyle({ origin, lang: 'en', hidden: new Set() }).layers.find((l) => l.id === 'key-site-label')!;
    expect(JSON.stringify(zh.layout)).toContain('["get","name_zh"],["get","name_en"]');
    expect(JSON.stringify(en.layout)).toContain('["get","name_en"],["get","name_zh"]');
  });

  it('filters out a switched-off legend class, in every layer of its group, and stays valid', () => {
    const style = buildStyle({ origin, lang: 'zh', hidden: new Set(), hiddenClasses: new Set(['structures:lamp_post', 'routes:duct']) });
    expect(validateStyleMin(style as never)).toEqual([]);
    const filterOf = (id: string) => JSON.stringify((style.layers.find((l) => l.id === id) as { filter?: unknown }).filter);
    expect(filterOf('structure-circle')).toContain('["!",["in",["get","kind"],["literal",["lamp_post"]]]]');
    expect(filterOf('structure-label')).toContain('["!",["in",["get","kind"],["literal",["lamp_post"]]]]');
    expect(filterOf('route-line')).toContain('["literal",["duct"]]');
    expect(filterOf('sector-wedge')).not.toContain('literal');
  });

  it('draws only towers and trunk ducts below z14, and everything from z14', () => {
    const layers = buildStyle({ origin, lang: 'zh', hidden: new Set() }).layers;
    const drawn = (id: string, zoom: number, kind: string) => {
      const f = featureFilter((layers.find((l) => l.id === id) as { filter: FilterSpecification }).filter);
      return f.filter({ zoom }, { type: 1, properties: { kind }, geometry: [] } as never);
    };
    for (const z of [12, 13]) {
      expect(drawn('structure-circle', z, 'lattice_tower')).toBe(true);
      expect(drawn('structure-circle', z, 'street_lamp_pole')).toBe(false);
      expect(drawn('structure-circle', z, 'rooftop')).toBe(false);
      expect(drawn('route-line', z, 'duct')).toBe(true);
      expect(drawn('route-line', z, 'pole_line')).toBe(false);
    }
    expect(drawn('structure-circle', 14, 'street_lamp_pole')).toBe(true);
    expect(drawn('route-line', 14, 'aerial_cable')).toBe(true);
  });
});

describe('keepFedSources', () => {
  it('keeps the hexes and sectors already in view when the style is rebuilt, and every other source as rebuilt', () => {
    const hexes = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [106.5, 29.5] }, properties: {} }] };
    const before = buildStyle({ origin, lang: 'zh', hidden: new Set() });
    before.sources[COVERAGE_SOURCE] = { type: 'geojson', data: hexes as never };
    const next = buildStyle({ origin, lang: 'en', hidden: new Set(['routes']), coverageMetric: 'sinr' });
    const kept = keepFedSources(before, next);
    expect((kept.sources[COVERAGE_SOURCE] as { data: unknown }).data).toEqual(hexes);
    expect(kept.sources[SECTOR_LOAD_SOURCE]).toEqual(next.sources[SECTOR_LOAD_SOURCE]);
    expect(kept.layers).toBe(next.layers);
    expect(keepFedSources(undefined, next)).toBe(next);
  });
});
