import type { Map as MapLibreMap } from 'maplibre-gl';
import { WORKS_ACTIVITIES, type WorksActivity } from '@cosite/contracts';
import type { Store } from '../state';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { citation } from './citation';
import { drawingForCheck, panelAction, showFieldErrors } from './tool-panel';
import type { MapDrawing } from '../map/draw';
import { THEME } from '../map/theme';
import { NEW_WORKS, type ProtectionCheck, type Works, worksGeometry } from '../works/works';
import { api, failureProblems } from '../api/client';

/**
 * The works check: draw a works line (with its width) or area on the map, tick the activities, and see which
 * facilities' protection zones it touches — each activity forbidden, needing notice, or protective measures — with
 * a printable notice per owner.
 */
export function attachWorksPanel(el: HTMLElement, map: MapLibreMap, store: Store, drawing: MapDrawing): void {
  const works = () => store.get().works;
  const setWorks = (change: Partial<Works>) => store.update({ works: { ...(works() ?? NEW_WORKS), ...change } });
  // While the tool is open and its area unfinished, the map draws it: each click places a vertex.
  const drawn = drawingForCheck(drawing, THEME.tool.works, works, setWorks, (w) => w.shape);

  const render = () => {
    const { lang } = store.get();
    const w = works();
    el.hidden = !w;
    if (!w) return;
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'worksCheck')}</h2>
      <p class="muted">${t(lang, 'worksHint')}</p>
      <form class="works-form" novalidate>
        <label class="check"><input type="radio" name="shape" value="line" ${w.shape === 'line' ? 'checked' : ''}> ${t(lang, 'shapeLine')}</label>
        <label class="check"><input type="radio" name="shape" value="polygon" ${w.shape === 'polygon' ? 'checked' : ''}> ${t(lang, 'shapePolygon')}</label>
        <label>${t(lang, 'worksWidth')}<input name="widthM" type="number" min="0.5" max="500" step="0.5" value="${w.widthM}" ${w.shape === 'polygon' ? 'disabled' : ''}></label>
        <p class="vertices">${t(lang, 'verticesDrawn')}: ${w.vertices.length}</p>
        <fieldset><legend>${t(lang, 'activitiesLabel')}</legend>${WORKS_ACTIVITIES.map((a) => `<label class="check"><input type="checkbox" name="activity" value="${a}" ${w.activities.includes(a) ? 'checked' : ''}> ${escapeHtml(term(lang, a))}</label>`).join('')}</fieldset>
        <p class="buttons"><button type="button" data-action="finish" ${w.finished || !worksGeometry(w) ? 'disabled' : ''}>${t(lang, 'finishDrawing')}</button>
          <button type="button" data-action="clear">${t(lang, 'clearDrawing')}</button>
          <button type="submit" class="primary" ${worksGeometry(w) ? '' : 'disabled'}>${t(lang, 'runCheck')}</button></p>
        <ul class="errors"></ul>
      </form>
      <div class="result">${w.check ? resultHtml(w.check) : ''}</div>`;
  };

  const resultHtml = (c: ProtectionCheck) => {
    const { lang } = store.get();
    const owner = (o: { nameZh: string; nameEn: string }) => (lang === 'zh' ? o.nameZh : o.nameEn);
    const rows = c.conflicts
      .map(
        (
          x,
        ) => `<tr class="conflict" data-facility="${x.facility.type}-${x.facility.id}"><td>${escapeHtml(x.facility.name ?? x.facility.code ?? x.facility.id)}<br><small>${escapeHtml(term(lang, x.facility.protectedKind))} · ${escapeHtml(owner(x.owner))}</small></td>
          <td>${x.distanceM} ${t(lang, 'metres')}${x.insideZone ? `<br><small>${t(lang, 'insideZone')} (${x.zoneWidthM} ${t(lang, 'metres')})</small>` : ''}</td>
          <td>${x.activities.map((a) => `<span class="badge outcome-${a.outcome}" data-outcome="${a.outcome}" title="${escapeHtml(citation(lang, a.regulation, a.article))}">${escapeHtml(term(lang, a.activity))}: ${escapeHtml(term(lang, a.outcome))}</span>`).join(' ')}</td></tr>`,
      )
      .join('');
    return `<p class="decision"><span class="badge outcome-${c.verdict}" data-verdict="${c.verdict}">${escapeHtml(term(lang, c.verdict))}</span></p>
      <h3>${t(lang, 'facilitiesAffected')} (${c.conflicts.length})</h3>
      ${c.conflicts.length ? `<table class="candidates conflicts"><tbody>${rows}</tbody></table>` : `<p class="muted">${t(lang, 'noConflicts')}</p>`}
      ${c.owners.length ? `<h3>${t(lang, 'owners')}</h3><ul class="owners">${c.owners.map((o) => `<li>${escapeHtml(owner(o))} · ${t(lang, 'contact')}: ${escapeHtml(o.contact ?? '—')} · <a target="_blank" href="/api/v1/protection/checks/${c.id}/notices/${encodeURIComponent(o.id)}">${t(lang, 'notice')}</a></li>`).join('')}</ul>` : ''}`;
  };

  const runCheck = async () => {
    const w = works();
    const area = w && worksGeometry(w);
    if (!w || !area) return;
    const { data, error, response } = await api.POST('/api/v1/protection/checks', {
      body: { area, widthM: w.shape === 'line' ? w.widthM : undefined, activities: w.activities },
    });
    if (!data) return showFieldErrors(el, failureProblems(error, response));
    setWorks({ finished: true, check: data });
  };

  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void panelAction(el, el.querySelector<HTMLButtonElement>('button.primary'), runCheck);
  });
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    // another shape: a finished area is read as the other shape, one being drawn starts again
    if (target.name === 'shape') setWorks({ shape: target.value as Works['shape'], check: null, ...(works()?.finished ? {} : { vertices: [] }) });
    else if (target.name === 'widthM' && Number(target.value) > 0) setWorks({ widthM: Number(target.value), check: null });
    else if (target.name === 'activity')
      setWorks({ activities: [...el.querySelectorAll<HTMLInputElement>('input[name="activity"]:checked')].map((i) => i.value as WorksActivity), check: null });
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ works: null });
    else if (target.dataset.action === 'finish') drawn.finish();
    else if (target.dataset.action === 'clear') drawn.clear();
  });
  store.subscribe((s, prev) => {
    if (s.works !== prev.works) drawn.sync();
    if (s.works !== prev.works || s.lang !== prev.lang) {
      render();
      if (!!s.works !== !!prev.works) map.resize();
    }
  });
  render();
}
