import { describe, expect, it } from 'vitest';
import { expression, type FillLayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { COVERAGE_LEGEND, COVERAGE_METRICS, coverageFillColour, NOT_COMPUTED, throughputClass, withCoverageClasses } from './coverage-metric';
import { MESSAGES } from '../i18n';
import { buildStyle } from './style';

/** The colour the hex layer paints a hex with these properties, as MapLibre evaluates the expression. */
function painted(metric: (typeof COVERAGE_METRICS)[number], properties: Record<string, unknown>): string {
  const e = expression.createExpression(coverageFillColour(metric));
  if (e.result !== 'success') throw new Error(JSON.stringify(e.value));
  // untyped, the expression answers the colour as written in the legend
  return String(e.value.evaluate({ zoom: 14 }, { type: 'Polygon', properties } as never));
}
const colourOf = (metric: (typeof COVERAGE_METRICS)[number], value: string) => COVERAGE_LEGEND[metric].find((s) => s.value === value)!.colour;

describe('the coverage metric', () => {
  it('paints each hex the colour its legend entry shows, for every metric', () => {
    const hex = { band: 'good', sinr: -2.5, sinrBand: 'poor', throughputMbps: 75 };
    expect(painted('rsrp', hex)).toBe(colourOf('rsrp', 'good'));
    expect(painted('sinr', hex)).toBe(colourOf('sinr', 'poor'));
    expect(painted('throughput', hex)).toBe(colourOf('throughput', '50_100'));
  });

  it('steps throughput at 10, 50, 100 and 300 Mbit/s, each threshold in the class above it', () => {
    const at = (v: number) => painted('throughput', { throughputMbps: v });
    expect([9.9, 10, 49.9, 50, 99.9, 100, 299.9, 300, 2000].map(at)).toEqual(
      ['lt10', '10_50', '10_50', '50_100', '50_100', '100_300', '100_300', 'ge300', 'ge300'].map((c) => colourOf('throughput', c)),
    );
    expect([9.9, 10, 100, 300].map(throughputClass)).toEqual(['lt10', '10_50', '100_300', 'ge300']);
  });

  it('draws a hex of a run older than SINR neutral, as the legend\'s "not computed" entry', () => {
    const old = { band: 'fair', sinr: null, sinrBand: null, throughputMbps: null };
    expect(painted('sinr', old)).toBe(colourOf('sinr', NOT_COMPUTED));
    expect(painted('throughput', old)).toBe(colourOf('throughput', NOT_COMPUTED));
    expect(withCoverageClasses(old)).toMatchObject({ sinrBand: NOT_COMPUTED, throughputBand: NOT_COMPUTED });
    expect(painted('sinr', withCoverageClasses(old))).toBe(colourOf('sinr', NOT_COMPUTED));
  });

  it('gives SINR a diverging legend: warm below 0 dB, cool above, no colour twice', () => {
    const sinr = COVERAGE_LEGEND.sinr.map((s) => s.colour);
    expect(new Set(sinr).size).toBe(sinr.length);
    const warm = (c: string) => parseInt(c.slice(1, 3), 16) > parseInt(c.slice(5, 7), 16);
    expect(['excellent', 'good', 'fair'].map((b) => warm(colourOf('sinr', b)))).toEqual([false, false, false]);
    expect(['poor', 'bad'].map((b) => warm(colourOf('sinr', b)))).toEqual([true, true]);
  });

  it('darkens the throughput ramp as the rate falls (sequential, readable in grey)', () => {
    const luminance = (c: string) => [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ramp = COVERAGE_LEGEND.throughput.filter((s) => s.value !== NOT_COMPUTED).map((s) => luminance(s.colour));
    expect([...ramp].sort((a, b) => b - a)).toEqual(ramp);
  });

  it('labels every legend entry in Chinese and English, with the unit', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const m of COVERAGE_METRICS) for (const s of COVERAGE_LEGEND[m]) expect(MESSAGES[lang][s.label]?.trim()).toBeTruthy();
      for (const s of COVERAGE_LEGEND.sinr.filter((x) => x.value !== NOT_COMPUTED)) expect(MESSAGES[lang][s.label]).toMatch(/dB/);
      for (const s of COVERAGE_LEGEND.throughput.filter((x) => x.value !== NOT_COMPUTED)) expect(MESSAGES[lang][s.label]).toMatch(/Mbit\/s/);
    }
  });

  it("hides a switched-off legend class through the chosen metric's own property", () => {
    const hex = (metric: (typeof COVERAGE_METRICS)[number]) =>
      buildStyle({ origin: 'http://x', lang: 'en', hidden: new Set(), coverageMetric: metric, hiddenClasses: new Set(['coverage:poor']) }).layers.find(
        (l) => l.id === 'coverage-fill',
      ) as FillLayerSpecification;
    expect(JSON.stringify(hex('sinr').filter)).toContain('"sinrBand"');
    expect(JSON.stringify(hex('throughput').filter)).toContain('"throughputBand"');
    expect(JSON.stringify(hex('sinr').paint)).toContain('sinrBand');
  });
});
