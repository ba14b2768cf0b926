import { describe, expect, it } from 'vitest';
import type { SectorLoad } from '@cosite/contracts';
import { drawLoadWedge, loadClass, SECTOR_LOAD_LEGEND, sectorLoadFeatures, sectorLoadQuery } from './sector-load';
import { MESSAGES } from '../i18n';
import { THEME } from './theme';

const sector = (over: Partial<SectorLoad>): SectorLoad => ({
  tenancyId: 7,
  sectorIndex: 1,
  structureId: 3,
  structureName: 'rooftop 3',
  districtId: 500103,
  operator: 'china-mobile',
  technology: '5G',
  bandMhz: 2600,
  lon: 106.57,
  lat: 29.56,
  azimuthDeg: 120,
  cells: 12,
  residents: 3400,
  demandMbps: 410,
  utilisationPct: 85,
  unservedMbps: 0,
  overloaded: true,
  ...over,
});

describe('sector load', () => {
  it('classes utilisation at 50, 80 and 100 %, each bound in the class above it', () => {
    expect([0, 49.9, 50, 79.9, 80, 99.9, 100, 250].map(loadClass)).toEqual(['lt50', 'lt50', '50_80', '50_80', '80_100', '80_100', 'ge100', 'ge100']);
  });

  it('puts each sector at its site with what the wedge and the popup need; an omni sector without an azimuth', () => {
    const fc = sectorLoadFeatures({ sectors: [sector({}), sector({ tenancyId: 8, sectorIndex: 0, azimuthDeg: null, utilisationPct: 20, overloaded: false })] });
    expect(fc.features.map((f) => f.geometry.coordinates)).toEqual([
      [106.57, 29.56],
      [106.57, 29.56],
    ]);
    const [wedge, omni] = fc.features.map((f) => f.properties!);
    expect(wedge).toMatchObject({
      azimuth: 120,
      loadClass: '80_100',
      image: 'load-80_100-over',
      utilisationLabel: '85%',
      residents: 3400,
      demandMbps: 410,
      overloaded: true,
    });
    expect(omni).not.toHaveProperty('azimuth');
    expect(omni).toMatchObject({ loadClass: 'lt50', image: 'load-lt50' });
    // distinct feature ids for the sectors of one tenancy
    expect(
      new Set(sectorLoadFeatures({ sectors: [sector({ sectorIndex: 0 }), sector({ sectorIndex: 1 }), sector({ sectorIndex: 2 })] }).features.map((f) => f.id))
        .size,
    ).toBe(3);
    expect(sectorLoadFeatures(null).features).toEqual([]);
  });

  it('sets the label beyond the wedge tip, along the azimuth', () => {
    const [east] = sectorLoadFeatures({ sectors: [sector({ azimuthDeg: 90 })] }).features;
    const [x, y] = east.properties!.labelOffset as [number, number];
    expect(x).toBeGreaterThan(2);
    expect(Math.abs(y)).toBeLessThan(0.01);
  });

  it('asks for the view and the coverage choice, and for nothing when the technology carries no load (NB-IoT)', () => {
    const q = sectorLoadQuery({ technology: '4G', operator: 'china-unicom' }, [106.5, 29.5, 106.6, 29.6]);
    expect(Object.fromEntries(q!)).toEqual({ technology: '4G', operator: 'china-unicom', bbox: '106.50000,29.50000,106.60000,29.60000', limit: '2000' });
    expect(sectorLoadQuery({ technology: 'NB-IoT', operator: 'any' }, [106.5, 29.5, 106.6, 29.6])).toBeNull();
  });

  it('draws an overloaded wedge with a black edge and a fill of its class colour, pointing north', () => {
    const { data, width } = drawLoadWedge(THEME.sectorLoad.ge100, true);
    const px = (x: number, y: number) => [...data.slice((y * width + x) * 4, (y * width + x) * 4 + 4)];
    expect(px(32, 16)).toEqual([0xb7, 0x1c, 0x1c, 230]); // inside, north of the centre
    expect(px(32, 1)).toEqual([0, 0, 0, 255]); // on the arc
    expect(px(32, 48)[3]).toBe(0); // south of the centre: empty
    const plain = drawLoadWedge(THEME.sectorLoad.lt50, false);
    expect([...plain.data.slice((1 * 64 + 32) * 4, (1 * 64 + 32) * 4 + 3)]).toEqual([255, 255, 255]);
  });

  it('labels the legend in Chinese and English with per cent', () => {
    for (const lang of ['zh', 'en'] as const) for (const s of SECTOR_LOAD_LEGEND) expect(MESSAGES[lang][s.label]).toMatch(/%/);
  });
});
