import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../state';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { citation } from './citation';
import { ROUTE_KINDS } from '@cosite/contracts';
import { drawingForCheck, operatorSelect, ownOperator, panelAction, showFieldErrors } from './tool-panel';
import type { MapDrawing } from '../map/draw';
import { THEME } from '../map/theme';
import { NEW_ROUTE_CHECK, type RouteCheck, type RouteCheckTool, routeCheckGeometry } from '../sharing/route-check';
import { api, failureProblems } from '../api/client';

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * Route sharing: draw a proposed duct, pole line or cable, and see which existing routes it runs along (highlighted
 * on the map), their free capacity, other operators' overlapping proposals, and the verdict with its rule.
 */
export function attachRouteCheckPanel(el: HTMLElement, map: MapLibreMap, store: Store, drawing: MapDrawing): void {
  const tool = () => store.get().routes;
  const setTool = (change: Partial<RouteCheckTool>) => store.update({ routes: { ...(tool() ?? NEW_ROUTE_CHECK), ...change } });
  // While the tool is open and its route unfinished, the map draws it: each click places a vertex.
  const drawn = drawingForCheck(drawing, THEME.tool.routes, tool, setTool, () => 'line');

  const render = () => {
    const { lang } = store.get();
    const r = tool();
    el.hidden = !r;
    if (!r) return;
    const options = (values: readonly string[], chosen: string) =>
      values.map((v) => `<option value="${v}" ${v === chosen ? 'selected' : ''}>${escapeHtml(term(lang, v))}</option>`).join('');
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'routeCheck')}</h2>
      <p class="muted">${t(lang, 'routeCheckHint')}</p>
      <form class="demand-form route-form" novalidate>
        <label>${t(lang, 'routeKind')}<select name="kind">${options(ROUTE_KINDS, r.kind)}</select></label>
        <label>${t(lang, 'operator')}${operatorSelect(lang, r.operator)}</label>
        <label>${t(lang, 'capacityNeeded')}<input name="capacityNeeded" type="number" min="1" max="48" step="1" value="${r.capacityNeeded}"></label>
        <label>${t(lang, 'corridor')}<input name="corridorM" type="number" min="1" max="100" step="1" value="${r.corridorM}"></label>
        <p class="vertices pin">${t(lang, 'verticesDrawn')}: ${r.vertices.length}</p>
        <p class="buttons check"><button type="button" data-action="finish" ${r.finished || !routeCheckGeometry(r) ? 'disabled' : ''}>${t(lang, 'finishDrawing')}</button>
          <button type="button" data-action="clear">${t(lang, 'clearDrawing')}</button></p>
        <button type="submit" class="primary" ${routeCheckGeometry(r) ? '' : 'disabled'}>${t(lang, 'runCheck')}</button>
        <ul class="errors"></ul>
      </form>
      <div class="result">${r.check ? resultHtml(r.check) : ''}</div>`;
  };

  const resultHtml = (c: RouteCheck) => {
    const { lang } = store.get();
    const rows = c.routes
      .map(
        (
          x,
        ) => `<tr class="route-along ${x.canCarry ? '' : 'infeasible'}" data-route="${x.id}"><td>${escapeHtml(x.name ?? x.code ?? x.id)}<br><small>${escapeHtml(term(lang, x.kind))} · ${escapeHtml(term(lang, x.ownerId))}</small></td>
          <td>${x.sharedLengthM} ${t(lang, 'metres')}<br><small>${pct(x.share)}</small></td>
          <td>${x.canCarry ? `${x.capacityFree} / ${x.capacityTotal} ${escapeHtml(term(lang, x.capacityUnit))}` : `<span class="badge reason">${t(lang, 'cannotCarry')}</span>`}</td></tr>`,
      )
      .join('');
    return `<p class="decision"><span class="badge verdict-${c.verdict}" data-verdict="${c.verdict}">${escapeHtml(term(lang, c.verdict))}</span></p>
      <p class="rule muted">${escapeHtml(citation(lang, c.rule.regulation, c.rule.article))}</p>
      <p>${t(lang, 'proposalLength')}: ${c.proposal.lengthM} ${t(lang, 'metres')} · ${t(lang, 'sharedLength')}: <strong class="shared-length">${c.sharedLengthM}</strong> ${t(lang, 'metres')} (${pct(c.share)})</p>
      <h3>${t(lang, 'routesAlong')} (${c.routes.length})</h3>
      ${c.routes.length ? `<table class="candidates routes-along"><tbody>${rows}</tbody></table>` : `<p class="muted">${t(lang, 'noRoutesAlong')}</p>`}
      ${c.coBuildPartners.length ? `<h3>${t(lang, 'routeCoBuildPartners')}</h3><ul class="partners">${c.coBuildPartners.map((p) => `<li>${escapeHtml(term(lang, p.operator))} · ${p.sharedLengthM} ${t(lang, 'metres')} · ${escapeHtml(p.createdAt.slice(0, 10))}</li>`).join('')}</ul>` : ''}
      ${c.crossings.length ? `<p class="muted">${t(lang, 'crossings')}: ${c.crossings.length}</p>` : ''}`;
  };

  const runCheck = async () => {
    const r = tool();
    const geometry = r && routeCheckGeometry(r);
    if (!r || !geometry) return;
    const { data, error, response } = await api.POST('/api/v1/routes/overlap-checks', {
      body: { geometry, kind: r.kind, operator: ownOperator() ?? r.operator, capacityNeeded: r.capacityNeeded, corridorM: r.corridorM },
    });
    if (!data) return showFieldErrors(el, failureProblems(error, response));
    setTool({ finished: true, check: data });
  };

  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void panelAction(el, el.querySelector<HTMLButtonElement>('button.primary'), runCheck);
  });
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.name === 'kind') setTool({ kind: target.value as RouteCheckTool['kind'], check: null });
    else if (target.name === 'operator') setTool({ operator: target.value, check: null });
    else if ((target.name === 'capacityNeeded' || target.name === 'corridorM') && Number(target.value) > 0)
      setTool({ [target.name]: Number(target.value), check: null });
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ routes: null });
    else if (target.dataset.action === 'finish') drawn.finish();
    else if (target.dataset.action === 'clear') drawn.clear();
  });
  store.subscribe((s, prev) => {
    if (s.routes !== prev.routes) drawn.sync();
    if (s.routes !== prev.routes || s.lang !== prev.lang) {
      render();
      if (!!s.routes !== !!prev.routes) map.resize();
    }
  });
  render();
}
