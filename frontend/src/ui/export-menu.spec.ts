import { describe, expect, it } from 'vitest';
import { exportMenu, layerExportUrl } from './export-menu';

describe('the Export menu', () => {
  it('offers every format as a download link, in the UI’s language', () => {
    const html = exportMenu('zh', (f) => `/x?format=${f}`);
    expect(html).toMatch(/<summary>导出<\/summary>/);
    expect([...html.matchAll(/<a href="([^"]+)" download data-format="(\w+)">/g)].map((m) => [m[2], m[1]])).toEqual([
      ['geojson', '/x?format=geojson'],
      ['csv', '/x?format=csv'],
      ['xlsx', '/x?format=xlsx'],
      ['kml', '/x?format=kml'],
      ['shapefile', '/x?format=shapefile'],
    ]);
  });
  it('limits a layer’s export to the view', () => {
    expect(layerExportUrl('structures', 'kml', [106.5, 29.5, 106.6, 29.6])).toBe(
      '/api/v1/structures/export?format=kml&bbox=106.500000,29.500000,106.600000,29.600000',
    );
  });
});
