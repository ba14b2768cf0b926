import { exportMenu } from './export-menu';
import type { LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../state';
import { api, dataOf, failureProblems } from '../api/client';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { confirmAction } from './confirm';
import { type DistrictName, districtLabel, districtNames, panelAction, showFieldErrors } from './tool-panel';
import { type ConsolidationRun, type DistrictSummary, NEW_POLES, type PolesTool } from '../sharing/poles';

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * Multi-pole integration: run a consolidation for a district, see each proposed smart pole with the poles it
 * merges on the map, the per-district summary against the policy, export, and accept the proposals.
 */
export function attachPolesPanel(el: HTMLElement, map: MapLibreMap, store: Store): void {
  const tool = () => store.get().poles;
  const setTool = (change: Partial<PolesTool>) => store.update({ poles: { ...(tool() ?? NEW_POLES), ...change } });
  let districts: DistrictName[] = [];

  const render = () => {
    const { lang } = store.get();
    const p = tool();
    el.hidden = !p;
    if (!p) return;
    const run = p.run;
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'poleIntegration')}</h2>
      <p class="muted">${t(lang, 'poleIntegrationHint')}</p>
      <form class="demand-form poles-form" novalidate>
        <label class="pin">${t(lang, 'district')}<select name="district"><option value="">—</option><option value="city" ${p.districtId === 'city' ? 'selected' : ''}>${t(lang, 'wholeCity')}</option>${districts.map((d) => `<option value="${d.id}" ${d.id === p.districtId ? 'selected' : ''}>${escapeHtml(districtLabel(lang, d))}</option>`).join('')}</select></label>
        <button type="submit" class="primary" ${p.districtId === null || run?.status === 'queued' || run?.status === 'running' ? 'disabled' : ''}>${t(lang, 'runConsolidation')}</button>
      </form>
      <div class="result">${run ? runHtml(run) : ''}</div>`;
  };

  const districtName = (id: number | null) => {
    const d = districts.find((x) => x.id === id);
    return d ? districtLabel(store.get().lang, d) : String(id ?? '—');
  };

  const summaryRow = (
    label: string,
    s: DistrictSummary,
  ) => `<tr><td>${escapeHtml(label)}</td><td>${s.polesBefore}</td><td>${s.polesAfter}</td><td>${s.smartPolesProposed}</td>
    <td><span class="badge ${s.meetsPolicy ? 'meets' : 'misses'}">${pct(s.clusteredReductionShare)}</span></td><td>${s.smallCellSitesGained}</td></tr>`;

  const runHtml = (r: ConsolidationRun) => {
    const { lang } = store.get();
    if (r.status === 'failed') return `<p class="errors">${escapeHtml(r.error ?? '')}</p>`;
    if (r.status !== 'done' || !r.summary) return `<p class="muted run-status">${escapeHtml(term(lang, r.status))}…</p>`;
    const s = r.summary;
    return `<p class="run-status" data-status="done">${t(lang, 'proposalsFound')}: <strong class="proposal-count">${r.proposals}</strong> · ${t(lang, 'accepted')}: ${r.accepted}</p>
      <table class="candidates poles-summary"><thead><tr><th></th><th>${t(lang, 'polesBefore')}</th><th>${t(lang, 'polesAfter')}</th><th>${t(lang, 'smartPoles')}</th><th title="${escapeHtml(t(lang, 'reductionPolicy'))}">${t(lang, 'shareRemoved')}</th><th>${t(lang, 'smallCellSites')}</th></tr></thead>
      <tbody>${s.districts.length > 1 ? s.districts.map((d) => summaryRow(districtName(d.districtId), d)).join('') : ''}${summaryRow(t(lang, 'total'), s.total)}</tbody></table>
      <p class="muted">${t(lang, 'reductionPolicy')}</p>
      <p class="buttons">${exportMenu(lang, (f) => `/api/v1/poles/consolidation-runs/${r.id}/proposals?format=${f}`)}
        ${r.proposals > r.accepted ? ` · <button type="button" data-action="accept">${t(lang, 'acceptAll')}</button>` : ''}</p>`;
  };

  const refresh = async (id: string) => {
    for (;;) {
      const path = { id };
      const run = await dataOf(api.GET('/api/v1/poles/consolidation-runs/{id}', { params: { path } }));
      if (tool()?.run?.id !== id) return; // closed or another run meanwhile
      if (run.status === 'done') {
        const proposals = await dataOf(api.GET('/api/v1/poles/consolidation-runs/{id}/proposals', { params: { path } }));
        setTool({ run, proposals });
        const coords = proposals.features.map((f) => f.geometry.coordinates);
        if (coords.length) {
          const xs = coords.map((c) => c[0]);
          const ys = coords.map((c) => c[1]);
          map.fitBounds(
            [
              [Math.min(...xs), Math.min(...ys)],
              [Math.max(...xs), Math.max(...ys)],
            ] as LngLatBoundsLike,
            { padding: 40, maxZoom: 16, duration: 0 },
          );
        }
        return;
      }
      setTool({ run });
      if (run.status === 'failed') return;
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  const start = async () => {
    const p = tool();
    if (!p || p.districtId === null) return;
    const scope = p.districtId === 'city' ? { scope: 'city' as const } : { districtId: p.districtId };
    const { data: started, error, response } = await api.POST('/api/v1/poles/consolidation-runs', { body: scope });
    if (!started) return showFieldErrors(el, failureProblems(error, response), store.get().lang);
    setTool({ run: { id: started.id, status: started.status, error: null, summary: null, proposals: 0, accepted: 0 }, proposals: null });
    void panelAction(el, null, () => refresh(started.id));
  };
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void panelAction(el, el.querySelector<HTMLButtonElement>('button.primary'), start);
  });
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLSelectElement;
    if (target.name === 'district') setTool({ districtId: target.value === 'city' ? 'city' : target.value ? Number(target.value) : null });
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ poles: null });
    else if (target.dataset.action === 'accept') {
      const run = tool()?.run;
      if (!run) return;
      const { lang } = store.get();
      const ask = { title: t(lang, 'confirmAcceptAllTitle'), message: t(lang, 'confirmAcceptAllText'), confirm: t(lang, 'acceptAll') };
      void confirmAction(lang, ask).then(async (yes) => {
        if (!yes) return;
        await panelAction(el, target as HTMLButtonElement, async () => {
          const { error, response } = await api.POST('/api/v1/poles/consolidation-runs/{id}/accept', { params: { path: { id: run.id } }, body: {} });
          if (!response.ok) return showFieldErrors(el, failureProblems(error, response), store.get().lang);
          await refresh(run.id);
        });
      });
    }
  });
  store.subscribe((s, prev) => {
    if (s.poles !== prev.poles || s.lang !== prev.lang) {
      render();
      if (!!s.poles !== !!prev.poles) map.resize();
    }
  });
  void districtNames().then((d) => {
    districts = d;
    render();
  });
  render();
}
