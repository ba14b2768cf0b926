import type { IControl } from 'maplibre-gl';
import { type CoverageRun, TECHNOLOGIES } from '@cosite/contracts';
import type { AppState, Store } from '../state';
import { type MessageKey, t, term } from '../i18n';
import { COVERAGE_LEGEND, COVERAGE_METRICS, type CoverageMetric, METRIC_TITLE } from '../map/coverage-metric';
import { escapeHtml } from './format';
import { OPERATORS } from './tool-panel';
import { api } from '../api/client';
import { confirmAction } from './confirm';

const METRIC_LABEL: Record<CoverageMetric, MessageKey> = { rsrp: 'metricRsrp', sinr: 'metricSinr', throughput: 'metricThroughput' };

/**
 * Which coverage to show (technology, operator, and the metric the hexes are coloured by, with its legend), the last
 * run's state, and a button to recompute the city.
 */
export class CoverageControl implements IControl {
  private el = document.createElement('div');
  private run: CoverageRun | null = null;
  private timer?: number;

  constructor(private readonly store: Store) {
    store.subscribe((s, prev) => {
      if (s.lang !== prev.lang || s.coverage !== prev.coverage || s.hidden !== prev.hidden) this.render();
    });
  }

  onAdd(): HTMLElement {
    this.el.className = 'maplibregl-ctrl maplibregl-ctrl-group cosite-coverage';
    this.el.addEventListener('change', (e) => {
      const target = e.target as HTMLSelectElement | HTMLInputElement;
      const s = this.store.get();
      const c = { ...s.coverage, [target.name]: target.value } as AppState['coverage'];
      const hidden = new Set(s.hidden);
      hidden.delete('coverage');
      const change: Partial<AppState> = { coverage: c, hidden };
      // legend classes of one metric mean nothing in another (SINR's "good" is not RSRP's)
      if (c.metric !== s.coverage.metric) change.hiddenClasses = new Set([...(s.hiddenClasses ?? [])].filter((k) => !k.startsWith('coverage:')));
      this.store.update(change);
    });
    this.el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      if (target.dataset.action === 'recompute') void this.recompute();
      // the metric already chosen fires no change: a click on it still shows the hexes
      const s = this.store.get();
      if (target.matches('input[name="metric"]') && (target as HTMLInputElement).value === s.coverage.metric && s.hidden.has('coverage')) {
        const hidden = new Set(s.hidden);
        hidden.delete('coverage');
        this.store.update({ hidden });
      }
    });
    this.render();
    void this.poll();
    return this.el;
  }

  onRemove(): void {
    window.clearTimeout(this.timer);
    this.el.remove();
  }

  private async recompute(): Promise<void> {
    const { lang } = this.store.get();
    const ask = { title: t(lang, 'confirmRecomputeTitle'), message: t(lang, 'confirmRecomputeText'), confirm: t(lang, 'recompute') };
    if (!(await confirmAction(lang, ask))) return;
    const { data } = await api.POST('/api/v1/coverage/runs');
    if (data) this.run = data;
    this.render();
    void this.poll();
  }

  /** Follows the latest run; polls every 2 s while one is running. */
  private async poll(): Promise<void> {
    window.clearTimeout(this.timer);
    try {
      const { data: runs } = await api.GET('/api/v1/coverage/runs');
      this.run = runs?.[0] ?? null;
    } catch {
      /* keep the last state */
    }
    this.render();
    if (this.run?.status === 'running') this.timer = window.setTimeout(() => void this.poll(), 2000);
  }

  private render(): void {
    const { lang, coverage, hidden } = this.store.get();
    const run = this.run;
    const status = !run
      ? t(lang, 'noRun')
      : run.status === 'running'
        ? `${t(lang, 'running')} ${run.percent}%`
        : `${t(lang, 'lastRun')}: ${term(lang, run.status)} ${new Date(run.finishedAt ?? run.startedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}`;
    this.el.innerHTML = `<strong>${escapeHtml(t(lang, 'coverage'))}</strong>
      <select name="technology" aria-label="technology">${TECHNOLOGIES.map((x) => `<option ${x === coverage.technology ? 'selected' : ''}>${x}</option>`).join('')}</select>
      <select name="operator" aria-label="operator"><option value="any">${escapeHtml(t(lang, 'anyOperator'))}</option>${OPERATORS.map((o) => `<option value="${o}" ${o === coverage.operator ? 'selected' : ''}>${escapeHtml(term(lang, o))}</option>`).join('')}</select>
      <div class="metric" role="radiogroup" aria-label="${escapeHtml(t(lang, 'metric'))}">${COVERAGE_METRICS.map(
        (m) =>
          `<label class="${m === coverage.metric ? 'on' : ''}"><input type="radio" name="metric" value="${m}" ${m === coverage.metric ? 'checked' : ''}/>${escapeHtml(t(lang, METRIC_LABEL[m]))}</label>`,
      ).join('')}</div>
      ${
        hidden.has('coverage')
          ? ''
          : `<div class="coverage-legend" data-metric="${coverage.metric}"><div class="legend-title">${escapeHtml(t(lang, METRIC_TITLE[coverage.metric]))}</div><ul>${COVERAGE_LEGEND[
              coverage.metric
            ]
              .map((x) => `<li data-value="${x.value}"><span class="swatch" style="background:${x.colour}"></span>${escapeHtml(t(lang, x.label))}</li>`)
              .join('')}</ul></div>`
      }
      <div class="run-status" data-status="${escapeHtml(run?.status ?? 'none')}">${escapeHtml(status)}
        ${run?.status === 'running' ? `<progress max="100" value="${run.percent}"></progress>` : ''}</div>
      <button type="button" data-action="recompute" ${run?.status === 'running' ? 'disabled' : ''}>${escapeHtml(t(lang, 'recompute'))}</button>`;
  }
}
