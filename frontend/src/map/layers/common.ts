import type { ExpressionSpecification } from 'maplibre-gl';
import type { Lang } from '../../i18n';

export const FONT = ['Cosite Sans Regular'];

/** The feature's name in the chosen language, falling back to Chinese. */
export function nameIn(lang: Lang, zhKey = 'name_zh', enKey = 'name_en'): ExpressionSpecification {
  return lang === 'zh' ? ['coalesce', ['get', zhKey], ['get', enKey]] : ['coalesce', ['get', enKey], ['get', zhKey]];
}

/** Layer groups the layer control toggles; each layer carries its group in metadata. */
export const GROUPS = [
  'districts',
  'terrain',
  'rivers',
  'streets',
  'coverage',
  'overlays',
  'protection',
  'routes',
  'structures',
  'sectors',
  'observed',
  'keySites',
] as const;
export type LayerGroup = (typeof GROUPS)[number];

export const group = (g: LayerGroup) => ({ 'cosite:group': g });
