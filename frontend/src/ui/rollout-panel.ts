import { exportMenu } from './export-menu';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Plan, PlanList, PlanResult, PlanSettings } from '@cosite/contracts';
import { TECHNOLOGIES } from '@cosite/contracts';
import type { Store } from '../state';
import { api, dataOf, failureProblems } from '../api/client';
import { type MessageKey, t, term } from '../i18n';
import { escapeHtml } from './format';
import { confirmAction } from './confirm';
import { type DistrictName, districtLabel, drawingForCheck, OPERATORS, panelAction, showFieldErrors } from './tool-panel';
import type { MapDrawing } from '../map/draw';
import { THEME } from '../map/theme';
import { kpiBar, NEW_ROLLOUT, OPTION_COLOURS, planRequest, rolloutBounds, type RolloutForm, type RolloutTool } from '../plans/rollout';
import { signedInUser } from '../auth';

const COSTS = ['share', 'upgrade', 'smartPole', 'newBuild', 'camouflagePremium'] as const;
/** An option's short name (the costs' labels): a table column is narrow. */
const OPTION_LABEL = { share: 'cost_share', upgrade: 'cost_upgrade', smart_pole: 'cost_smartPole', new_build: 'cost_newBuild' } as const;
const yuan = (x: number) => `¥${Math.round(x).toLocaleString('en-US')}`;
const num = (x: number, d = 1) => (Math.round(x * 10 ** d) / 10 ** d).toLocaleString('en-US');

/**
 * Rollout plans: choose the area, operator, targets, limits and costs, run the plan (a job with progress), then read
 * it: totals, a bar per target (before, after, the target's mark), shortfalls with their reasons, towers avoided,
 * the sites in build order (numbered and coloured by option on the map), a before/after toggle of the newly covered
 * cells, exports, and the step from plan to co-location analyses. Earlier plans reopen from *My plans*.
 */
export function attachRolloutPanel(el: HTMLElement, map: MapLibreMap, store: Store, drawing: MapDrawing): void {
  const tool = () => store.get().rollout;
  const setTool = (change: Partial<RolloutTool>) => store.update({ rollout: { ...(tool() ?? NEW_ROLLOUT), ...change } });
  const setForm = (change: Partial<RolloutForm>) => setTool({ form: { ...(tool() ?? NEW_ROLLOUT).form, ...change } });
  // a drawn area: while the tool draws and its polygon is unfinished, each map click places a vertex
  const drawn = drawingForCheck(
    drawing,
    THEME.tool.rollout,
    () => (tool()?.areaMode === 'drawn' ? tool() : null),
    setTool,
    () => 'polygon',
  );
  let districts: DistrictName[] = [];
  let settings: PlanSettings | null = null;
  let mine: PlanList | null = null;

  const input = (name: string, label: MessageKey, value: number | null, attrs = '', title = '') =>
    `<label title="${escapeHtml(title)}">${t(store.get().lang, label)}<input name="${name}" type="number" ${attrs} value="${value ?? ''}"></label>`;

  const render = () => {
    const { lang } = store.get();
    const r = tool();
    el.hidden = !r;
    if (!r) return;
    const f = r.form;
    const running = r.plan?.status === 'queued' || r.plan?.status === 'running';
    const user = signedInUser();
    // an operator's planner plans for its own operator; the tower company for any
    const operators = (OPERATORS as readonly string[]).includes(user?.organisationId ?? '') ? [user!.organisationId] : [...OPERATORS];
    const src = (k: string) => settings?.targets[k]?.source ?? '';
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'rolloutPlan')}</h2>
      <p class="muted">${t(lang, 'rolloutHint')}</p>
      <form class="demand-form rollout-form" novalidate>
        <p class="wide area-mode"><label class="check"><input type="radio" name="areaMode" value="districts" ${r.areaMode === 'districts' ? 'checked' : ''}> ${t(lang, 'areaDistricts')}</label>
          <label class="check"><input type="radio" name="areaMode" value="drawn" ${r.areaMode === 'drawn' ? 'checked' : ''}> ${t(lang, 'areaDrawn')}</label></p>
        ${
          r.areaMode === 'districts'
            ? `<label class="wide">${t(lang, 'rolloutArea')}<select name="districtIds" multiple size="4">${districts
                .map((d) => `<option value="${d.id}" ${f.districtIds.includes(d.id) ? 'selected' : ''}>${escapeHtml(districtLabel(lang, d))}</option>`)
                .join('')}</select></label>`
            : `<p class="wide muted vertices">${t(lang, 'areaDrawHint')} ${t(lang, 'verticesDrawn')}: ${r.vertices.length}
                <button type="button" data-action="finish" ${r.finished || r.vertices.length < 3 ? 'disabled' : ''}>${t(lang, 'finishDrawing')}</button>
                <button type="button" data-action="clear">${t(lang, 'clearDrawing')}</button></p>`
        }
        <label>${t(lang, 'rolloutOperator')}<select name="operator">${operators.map((o) => `<option value="${o}" ${o === f.operator ? 'selected' : ''}>${escapeHtml(term(lang, o))}</option>`).join('')}</select></label>
        <label>${t(lang, 'rolloutTechnology')}<select name="technology">${TECHNOLOGIES.map((x) => `<option ${x === f.technology ? 'selected' : ''}>${x}</option>`).join('')}</select></label>
        ${input('bandMHz', 'rolloutBand', f.bandMHz, `min="400" max="7125" step="1" placeholder="${settings?.bandMHz[f.technology] ?? ''}"`)}
        <label>${t(lang, 'rolloutObjective')}<select name="objective">${(['min_cost', 'max_coverage'] as const).map((o) => `<option value="${o}" ${o === f.objective ? 'selected' : ''}>${t(lang, `objective_${o}`)}</option>`).join('')}</select></label>
        <fieldset><legend>${t(lang, 'rolloutTargets')}</legend>
          ${input('populationCoveragePct', 'targetPopulation', f.populationCoveragePct, 'min="0" max="100" step="0.1"', src('populationCoveragePct'))}
          ${input('keySitesPct', 'targetKeySites', f.keySitesPct, `min="0" max="100" step="0.1" placeholder="${settings?.targets.keySitesPct?.value ?? ''}"`, src('keySitesPct'))}
          ${input('basePerTenK', 'targetBasePerTenK', f.basePerTenK, `min="0" step="0.1" placeholder="${settings?.targets.basePerTenK?.value ?? ''}"`, src('basePerTenK'))}
        </fieldset>
        <fieldset><legend>${t(lang, 'rolloutLimits')}</legend>
          ${input('budget', 'limitBudget', f.budget, 'min="0" step="10000"')}
          ${input('maxNewBuilds', 'limitMaxNewBuilds', f.maxNewBuilds, 'min="0" step="1"')}
        </fieldset>
        <details class="rollout-costs"><summary>${t(lang, 'rolloutCosts')}</summary>
          ${COSTS.map((k) => input(`cost.${k}`, `cost_${k}` as MessageKey, f.costs[k] ?? settings?.costs[k]?.value ?? null, 'min="0" step="1000"', settings?.costs[k]?.source ?? '')).join('')}
        </details>
        <p class="errors" role="alert"></p>
        <button type="submit" class="primary" ${running || !areaGiven(r) ? 'disabled' : ''}>${t(lang, 'runPlan')}</button>
      </form>
      <div class="result">${r.plan ? planHtml(r) : ''}</div>
      <details class="my-plans"><summary>${t(lang, 'myPlans')}</summary>${myPlansHtml()}</details>`;
  };

  const areaGiven = (r: RolloutTool) => (r.areaMode === 'districts' ? r.form.districtIds.length > 0 : r.finished && r.vertices.length >= 3);

  const myPlansHtml = () => {
    const { lang } = store.get();
    if (!mine) return '';
    if (!mine.plans.length) return `<p class="muted">${t(lang, 'noPlans')}</p>`;
    return `<ul class="plans-list">${mine.plans
      .map(
        (p) =>
          `<li>${escapeHtml(p.createdAt.slice(0, 16).replace('T', ' '))} · ${escapeHtml(p.districtIds.map((d) => districtName(d)).join(', '))} · ${escapeHtml(term(lang, p.operator))} ${p.technology} · ${escapeHtml(term(lang, p.status))}${
            p.sites === null ? '' : ` · ${p.sites} ${t(lang, 'planSites')}`
          } <button type="button" data-open-plan="${p.id}">${t(lang, 'openPlan')}</button></li>`,
      )
      .join('')}</ul>`;
  };

  const districtName = (id: number) => {
    const d = districts.find((x) => x.id === id);
    return d ? districtLabel(store.get().lang, d) : String(id);
  };

  const planHtml = (r: RolloutTool) => {
    const { lang } = store.get();
    const p = r.plan!;
    if (p.status === 'failed') return `<p class="errors">${t(lang, 'planFailed')}: ${escapeHtml(p.error ?? '')}</p>`;
    if (!p.result)
      return `<div class="run-status" data-status="${p.status}"><progress max="100" value="${p.progress}"></progress> <span class="muted">${t(lang, 'planProgress')} ${Math.round(p.progress)}% · ${escapeHtml(p.stage ?? term(lang, p.status))}</span></div>`;
    return resultHtml(p.id, p.result, r);
  };

  const resultHtml = (id: string, res: PlanResult, r: RolloutTool) => {
    const { lang } = store.get();
    const tt = res.totals;
    const kpis = res.kpis
      .filter((k) => k.required !== null || k.target === 'populationCoveragePct')
      .map((k) => {
        const b = kpiBar(k);
        const unit = k.target === 'basePerTenK' ? '' : '%';
        return `<div class="plan-kpi" data-target="${k.target}" data-met="${b.met}">
          <div class="kpi-label">${t(lang, `kpi_${k.target}` as MessageKey)}: <strong>${num(k.before)}${unit} → ${num(k.after)}${unit}</strong>${k.required !== null ? ` / ${t(lang, 'kpiTarget')} ${num(k.required)}${unit}` : ''}</div>
          <div class="bar" role="img" aria-label="${escapeHtml(`${t(lang, 'kpiBefore')} ${num(k.before)}${unit}, ${t(lang, 'kpiAfter')} ${num(k.after)}${unit}`)}">
            <span class="after ${b.met === false ? 'short' : ''}" style="width:${(b.after * 100).toFixed(1)}%"></span>
            <span class="before" style="width:${(b.before * 100).toFixed(1)}%"></span>
            ${b.target === null ? '' : `<span class="target" style="left:${(b.target * 100).toFixed(1)}%"></span>`}
          </div></div>`;
      })
      .join('');
    const shortfalls = res.shortfalls.length
      ? `<div class="shortfalls"><strong>${t(lang, 'planShortfalls')}</strong><ul>${res.shortfalls
          .map(
            (s) =>
              `<li data-target="${s.target}" data-reason="${s.reason}">${t(lang, `kpi_${s.target}` as MessageKey)}: −${num(s.short)} (${t(lang, `shortfall_${s.reason}` as MessageKey)}) <span class="muted">${escapeHtml(s.message)}</span></li>`,
          )
          .join('')}</ul></div>`
      : '';
    const rows = res.sites
      .map(
        (
          s,
        ) => `<tr data-order="${s.order}"><td><span class="order-dot" style="background:${OPTION_COLOURS[s.option]}">${s.order}</span></td><td>${t(lang, OPTION_LABEL[s.option])}</td>
          <td>${escapeHtml(s.name ?? s.code ?? `${s.location.lat.toFixed(5)}, ${s.location.lon.toFixed(5)}`)}</td><td class="num">${yuan(s.cost)}</td><td class="num">${num(s.residents, 0)}</td>
          <td class="num" title="${escapeHtml(s.keySites.map((k) => k.name).join('、'))}">${s.keySites.length || ''}</td><td>${s.conditions.map((c) => `<span class="badge" title="${escapeHtml(c.source)}">${escapeHtml(term(lang, c.condition))}</span>`).join(' ')}</td></tr>`,
      )
      .join('');
    const legend = (Object.keys(OPTION_COLOURS) as (keyof typeof OPTION_COLOURS)[])
      .map(
        (o) =>
          `<span class="legend-item"><span class="order-dot" style="background:${OPTION_COLOURS[o]}"></span>${t(lang, OPTION_LABEL[o])} ${tt.byOption[o] ?? 0}</span>`,
      )
      .join(' ');
    const work = r.work
      ? `<p class="plan-work">${t(lang, 'planToWorkDone')}: ${r.work.map((w) => `<a href="?analysis=${w.analysisId}" data-analysis="${w.analysisId}">#${w.order}</a>`).join(' ')}</p>`
      : `<p class="buttons"><label class="inline"><input type="checkbox" name="applications"> ${t(lang, 'planToWorkApplications')}</label> <button type="button" data-action="to-work" ${user()?.role === 'planner' || user()?.role === 'admin' ? '' : 'disabled'}>${t(lang, 'planToWork')}</button></p>`;
    return `<div class="plan-result" data-plan="${id}">
      <dl class="plan-totals">
        <div><dt>${t(lang, 'planSites')}</dt><dd class="plan-sites">${tt.sites}</dd></div>
        <div><dt>${t(lang, 'planCost')}</dt><dd class="plan-cost">${yuan(tt.cost)}</dd></div>
        <div><dt>${t(lang, 'planNewBuilds')}</dt><dd>${tt.newBuilds}</dd></div>
        <div><dt>${t(lang, 'planShared')}</dt><dd class="plan-shared">${num(tt.sharedPct)}%</dd></div>
        <div><dt>${t(lang, 'planResidents')}</dt><dd>${num(tt.residents, 0)}</dd></div>
        <div><dt>${t(lang, 'planTowersAvoided')}</dt><dd class="plan-avoided">${res.newBuildOnly.towersAvoided} (${t(lang, 'planLandSaved')} ${num(res.newBuildOnly.landSavedM2)} m²)</dd></div>
      </dl>
      <div class="plan-kpis">${kpis}</div>
      ${shortfalls}
      <p class="muted plan-solver">${t(lang, 'planSolver')}: ${res.solver.method.toUpperCase()}${res.solver.optimal ? `, ${t(lang, 'planOptimal')}` : ''} · ${t(lang, 'planGap')} ${num(res.solver.gapPct)}% · ${t(lang, 'planCandidates')} ${res.solver.candidates} · ${(res.solver.ms / 1000).toFixed(1)} s</p>
      <p class="legend">${legend}</p>
      <p class="buttons before-after"><button type="button" data-show="before" aria-pressed="${!r.showAfter}">${t(lang, 'planBefore')}</button><button type="button" data-show="after" aria-pressed="${r.showAfter}">${t(lang, 'planAfter')}</button>
        ${exportMenu(lang, (f) => `/api/v1/plans/${id}/sites?format=${f}`)}</p>
      <table class="candidates plan-sites-table"><thead><tr><th>${t(lang, 'planOrder')}</th><th>${t(lang, 'planOption')}</th><th>${t(lang, 'planSiteName')}</th><th>${t(lang, 'planSiteCost')}</th><th>${t(lang, 'planSiteResidents')}</th><th>${t(lang, 'planSiteKeySites')}</th><th>${t(lang, 'planConditions')}</th></tr></thead><tbody>${rows}</tbody></table>
      ${work}</div>`;
  };
  const user = () => signedInUser();

  const fit = () => {
    const r = tool();
    const b = r && rolloutBounds(r);
    if (b) map.fitBounds(b, { padding: 40, maxZoom: 15, duration: 0 });
  };

  /** Follows a plan until it is completed (or fails), then reads its cells and fits the map. */
  const follow = async (id: string) => {
    for (;;) {
      const plan = (await dataOf(api.GET('/api/v1/plans/{id}', { params: { path: { id } } }))) as Plan;
      if (tool()?.plan?.id !== id) return; // closed, or another plan meanwhile
      if (plan.status === 'completed') {
        const cells = (await (await fetch(`/api/v1/plans/${id}/cells`, { headers: { Accept: 'application/geo+json' } })).json()) as FeatureCollection;
        if (tool()?.plan?.id !== id) return;
        setTool({ plan, cells, work: null });
        fit();
        void loadMine();
        return;
      }
      setTool({ plan });
      if (plan.status === 'failed') return;
      await new Promise((r) => setTimeout(r, 700));
    }
  };

  const start = async () => {
    const r = tool();
    if (!r) return;
    const { data, error, response } = await api.POST('/api/v1/plans', {
      body: planRequest(r.form, settings, r.areaMode === 'drawn' ? r.vertices : null) as never,
    });
    if (!data) return showFieldErrors(el, failureProblems(error, response), store.get().lang);
    setTool({ plan: data as Plan, cells: null, work: null });
    await follow(data.id);
  };

  const open = async (id: string) => {
    const plan = (await dataOf(api.GET('/api/v1/plans/{id}', { params: { path: { id } } }))) as Plan;
    const i = plan.input as {
      area?: { districtIds?: number[] };
      operator?: string;
      technology?: RolloutForm['technology'];
      objective?: RolloutForm['objective'];
    };
    setTool({
      form: {
        ...NEW_ROLLOUT.form,
        ...(tool()?.form ?? {}),
        districtIds: i.area?.districtIds ?? [],
        operator: i.operator ?? 'china-mobile',
        technology: i.technology ?? '5G',
        objective: i.objective ?? 'min_cost',
      },
      plan,
      cells: null,
      work: null,
    });
    await follow(id);
  };

  const loadMine = async () => {
    mine = await dataOf(api.GET('/api/v1/plans', { params: { query: { limit: 10 } } })).catch(() => null);
    render();
  };

  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void panelAction(el, el.querySelector<HTMLButtonElement>('button.primary'), start);
  });
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement & HTMLSelectElement;
    const n = (v: string) => (v === '' ? null : Number(v));
    const name = target.name;
    if (name === 'areaMode') setTool({ areaMode: target.value as RolloutTool['areaMode'], vertices: [], finished: false, plan: null, cells: null, work: null });
    else if (name === 'districtIds') setForm({ districtIds: [...target.selectedOptions].map((o) => Number(o.value)) });
    else if (name === 'operator') setForm({ operator: target.value });
    else if (name === 'technology') setForm({ technology: target.value as RolloutForm['technology'] });
    else if (name === 'objective') setForm({ objective: target.value as RolloutForm['objective'] });
    else if (name.startsWith('cost.')) setForm({ costs: { ...(tool()?.form.costs ?? {}), [name.slice(5)]: n(target.value) ?? undefined } });
    else if (['bandMHz', 'populationCoveragePct', 'keySitesPct', 'basePerTenK', 'budget', 'maxNewBuilds'].includes(name))
      setForm({ [name]: n(target.value) } as Partial<RolloutForm>);
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    const r = tool();
    if (target.matches('button.close')) store.update({ rollout: null });
    else if (target.dataset.action === 'finish') drawn.finish();
    else if (target.dataset.action === 'clear') drawn.clear();
    else if (target.dataset.show) setTool({ showAfter: target.dataset.show === 'after' });
    else if (target.dataset.openPlan) void panelAction(el, target as HTMLButtonElement, () => open(target.dataset.openPlan!));
    else if (target.closest('tr[data-order]') && r?.plan?.result) {
      const s = r.plan.result.sites.find((x) => x.order === Number(target.closest('tr')!.dataset.order));
      if (s) map.flyTo({ center: [s.location.lon, s.location.lat], zoom: Math.max(map.getZoom(), 15) });
    } else if (target.dataset.action === 'to-work' && r?.plan) {
      const { lang } = store.get();
      const applications = el.querySelector<HTMLInputElement>('input[name="applications"]')?.checked ?? false;
      const id = r.plan.id;
      void confirmAction(lang, { title: t(lang, 'confirmPlanToWorkTitle'), message: t(lang, 'confirmPlanToWorkText'), confirm: t(lang, 'planToWork') }).then(
        async (yes) => {
          if (!yes) return;
          await panelAction(el, target as HTMLButtonElement, async () => {
            const { data, error, response } = await api.POST('/api/v1/plans/{id}/analyses', { params: { path: { id } }, body: { applications } });
            if (!data) return showFieldErrors(el, failureProblems(error, response), store.get().lang);
            setTool({ work: data.analyses });
          });
        },
      );
    }
  });
  store.subscribe((s, prev) => {
    if (s.rollout !== prev.rollout) drawn.sync();
    if (s.rollout !== prev.rollout || s.lang !== prev.lang) {
      const opened = !!s.rollout && !prev.rollout;
      render();
      if (!!s.rollout !== !!prev.rollout) map.resize();
      if (opened) void loadMine();
    }
  });
  // the core districts: the coverage grid's (a plan's area lies in them)
  const core = dataOf(api.GET('/api/v1/districts', { params: { query: { core: 'true' } } })).then((fc) =>
    fc.features.map((f) => ({ id: f.id, nameZh: f.properties.nameZh, nameEn: f.properties.nameEn })),
  );
  void Promise.all([core, dataOf(api.GET('/api/v1/plans/settings')).catch(() => null)]).then(([d, st]) => {
    districts = d;
    settings = st as PlanSettings | null;
    render();
  });
  render();
}
