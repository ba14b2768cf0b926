import type { IControl } from 'maplibre-gl';
import { type CoverageRun, TECHNOLOGIES, type Technology } from '@cosite/contracts';
import type { Store } from '../state';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { OPERATORS } from './tool-panel';
import { api } from '../api/client';
import { confirmAction } from './confirm';

/** Which coverage to show (technology, operator), the last run's state, and a button to recompute the city. */
export class CoverageControl implements IControl {
  private el = document.createElement('div');
  private run: CoverageRun | null = null;
  private timer?: number;

  constructor(private readonly store: Store) {
    store.subscribe((s, prev) => {
      if (s.lang !== prev.lang) this.render();
    });
  }

  onAdd(): HTMLElement {
    this.el.className = 'maplibregl-ctrl maplibregl-ctrl-group cosite-coverage';
    this.el.addEventListener('change', (e) => {
      const target = e.target as HTMLSelectElement;
      const c = { ...this.store.get().coverage, [target.name]: target.value };
      const hidden = new Set(this.store.get().hidden);
      hidden.delete('coverage');
      this.store.update({ coverage: c as typeof c & { technology: Technology }, hidden });
    });
    this.el.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).dataset.action === 'recompute') void this.recompute();
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
    const { lang, coverage } = this.store.get();
    const run = this.run;
    const status = !run
      ? t(lang, 'noRun')
      : run.status === 'running'
        ? `${t(lang, 'running')} ${run.percent}%`
        : `${t(lang, 'lastRun')}: ${term(lang, run.status)} ${new Date(run.finishedAt ?? run.startedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}`;
    this.el.innerHTML = `<strong>${escapeHtml(t(lang, 'coverage'))}</strong>
      <select name="technology" aria-label="technology">${TECHNOLOGIES.map((x) => `<option ${x === coverage.technology ? 'selected' : ''}>${x}</option>`).join('')}</select>
      <select name="operator" aria-label="operator"><option value="any">${escapeHtml(t(lang, 'anyOperator'))}</option>${OPERATORS.map((o) => `<option value="${o}" ${o === coverage.operator ? 'selected' : ''}>${escapeHtml(term(lang, o))}</option>`).join('')}</select>
      <div class="run-status" data-status="${escapeHtml(run?.status ?? 'none')}">${escapeHtml(status)}
        ${run?.status === 'running' ? `<progress max="100" value="${run.percent}"></progress>` : ''}</div>
      <button type="button" data-action="recompute" ${run?.status === 'running' ? 'disabled' : ''}>${escapeHtml(t(lang, 'recompute'))}</button>`;
  }
}
