import type { ExpressionSpecification } from 'maplibre-gl';
import { RSRP_BANDS, SINR_BANDS } from '@cosite/contracts';
import type { MessageKey } from '../i18n';
import { THEME } from './theme';

/** What the coverage hexes are coloured by: received power, link quality, or the rate one user gets. */
export const COVERAGE_METRICS = ['rsrp', 'sinr', 'throughput'] as const;
export type CoverageMetric = (typeof COVERAGE_METRICS)[number];

/** The class a cell has no value for (a run older than SINR, or a metric the run did not compute). */
export const NOT_COMPUTED = 'not_computed';

/**
 * Throughput classes (Mbit/s, lower bound inclusive): below 10 a video call struggles, 100 is the KPI's "good"
 * (goodThroughputMbps), 300 is what a 5G carrier gives a lone user near the site.
 */
export const THROUGHPUT_STOPS = [10, 50, 100, 300] as const;
export const THROUGHPUT_CLASSES = ['lt10', '10_50', '50_100', '100_300', 'ge300'] as const;
export type ThroughputClass = (typeof THROUGHPUT_CLASSES)[number];

/** The throughput class of a value (null: not computed). */
export function throughputClass(mbps: number | null | undefined): ThroughputClass | typeof NOT_COMPUTED {
  if (mbps === null || mbps === undefined || !Number.isFinite(mbps)) return NOT_COMPUTED;
  const i = THROUGHPUT_STOPS.findIndex((s) => mbps < s);
  return THROUGHPUT_CLASSES[i === -1 ? THROUGHPUT_CLASSES.length - 1 : i];
}

/** The hex property whose value each legend entry of a metric stands for (and hides, when switched off). */
export const METRIC_CLASS_PROPERTY: Record<CoverageMetric, string> = { rsrp: 'band', sinr: 'sinrBand', throughput: 'throughputBand' };

/** A legend entry: the class value, its colour, and its label's message key. */
export interface LegendStop {
  value: string;
  colour: string;
  label: MessageKey;
}

/** The legend of each metric, best first, in the order and colours the hexes are drawn with. */
export const COVERAGE_LEGEND: Record<CoverageMetric, LegendStop[]> = {
  rsrp: RSRP_BANDS.map((b) => ({ value: b, colour: THEME.rsrpBand[b], label: `rsrpBand_${b}` as MessageKey })),
  sinr: [
    ...SINR_BANDS.map((b) => ({ value: b, colour: THEME.sinrBand[b], label: `sinrBand_${b}` as MessageKey })),
    { value: NOT_COMPUTED, colour: THEME.notComputed, label: 'notComputed' },
  ],
  throughput: [
    ...[...THROUGHPUT_CLASSES].reverse().map((c) => ({ value: c, colour: THEME.throughput[c], label: `throughput_${c}` as MessageKey })),
    { value: NOT_COMPUTED, colour: THEME.notComputed, label: 'notComputed' },
  ],
};

/** The legend's heading for a metric (with its unit). */
export const METRIC_TITLE: Record<CoverageMetric, MessageKey> = { rsrp: 'metricRsrpTitle', sinr: 'metricSinrTitle', throughput: 'metricThroughputTitle' };

/**
 * The hexes' fill colour for a metric: RSRP and SINR by their band (a null SINR band is a run older than SINR:
 * neutral), throughput as a stepped ramp on the value itself, so what is drawn is the number the popup shows.
 */
export function coverageFillColour(metric: CoverageMetric): ExpressionSpecification {
  switch (metric) {
    case 'rsrp':
      return ['match', ['get', 'band'], ...RSRP_BANDS.flatMap((b) => [b, THEME.rsrpBand[b]]), THEME.notComputed] as unknown as ExpressionSpecification;
    case 'sinr':
      return [
        'match',
        ['coalesce', ['get', 'sinrBand'], NOT_COMPUTED],
        ...SINR_BANDS.flatMap((b) => [b, THEME.sinrBand[b]]),
        THEME.notComputed,
      ] as unknown as ExpressionSpecification;
    case 'throughput':
      return [
        'case',
        ['==', ['typeof', ['get', 'throughputMbps']], 'number'],
        ['step', ['get', 'throughputMbps'], THEME.throughput.lt10, ...THROUGHPUT_STOPS.flatMap((s, i) => [s, THEME.throughput[THROUGHPUT_CLASSES[i + 1]]])],
        THEME.notComputed,
      ] as ExpressionSpecification;
  }
}

/** A hex's properties with the classes the legend filters on: a null SINR band as not computed, the throughput class. */
export function withCoverageClasses<P extends { sinrBand?: string | null; throughputMbps?: number | null }>(
  p: P,
): P & { sinrBand: string; throughputBand: string } {
  return { ...p, sinrBand: p.sinrBand ?? NOT_COMPUTED, throughputBand: throughputClass(p.throughputMbps) };
}
