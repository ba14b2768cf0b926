import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../state';
import { api, dataOf, failureProblems } from '../api/client';
import { signedInUser } from '../auth';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { panelAction, showFieldErrors } from './tool-panel';
import type { ApplicationState } from '@cosite/contracts';
import { type Application, movesFor, NEW_APPLICATIONS } from '../applications/model';

/**
 * Applications: a planner's own, the regulator's queue, the bureau's review list (the API decides who sees what).
 * An application opens with its evidence (the analysis report with the map), its justification, the review clock,
 * and the moves this user may make, with a comment.
 */
export function attachApplicationsPanel(el: HTMLElement, map: MapLibreMap, store: Store): void {
  const view = () => store.get().applications;

  const load = async () => {
    const body = await dataOf(api.GET('/api/v1/applications'));
    const v = view();
    if (v) store.update({ applications: { ...v, list: body.applications } });
  };

  const render = () => {
    const { lang } = store.get();
    const v = view();
    el.hidden = !v;
    if (!v) return;
    const user = signedInUser();
    const list = v.list ?? [];
    const selected = list.find((a) => a.id === v.selected) ?? null;
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, user?.role === 'planner' ? 'myApplications' : user?.role === 'bureau' ? 'bureauReviews' : 'applicationQueue')}</h2>
      ${
        v.list === null
          ? '<p class="muted">…</p>'
          : list.length
            ? `<table class="candidates applications"><tbody>${list
                .map(
                  (
                    a,
                  ) => `<tr class="application ${a.id === v.selected ? 'best' : ''}" data-id="${a.id}"><td>${escapeHtml(a.code)}<br><small>${escapeHtml(term(lang, a.kind))} · ${escapeHtml(term(lang, a.operatorId))}</small></td>
          <td><span class="badge state-${a.state}" data-state="${a.state}">${escapeHtml(term(lang, a.state))}</span>${a.overdue ? ` <span class="badge reason">${t(lang, 'overdue')}</span>` : ''}${a.shareWasFeasible && a.kind === 'new_build' ? ` <span class="badge condition">${t(lang, 'shareWasFeasible')}</span>` : ''}</td></tr>`,
                )
                .join('')}</tbody></table>`
            : `<p class="muted">${t(lang, 'noApplications')}</p>`
      }
      ${selected ? detailHtml(selected) : ''}`;
  };

  const detailHtml = (a: Application) => {
    const { lang } = store.get();
    const user = signedInUser();
    const editable = user?.role === 'planner' && user.organisationId === a.organisationId && (a.state === 'draft' || a.state === 'returned');
    const moves = movesFor(user, a);
    return `<div class="application-detail" data-id="${a.id}" data-version="${a.version}">
      <h3>${escapeHtml(a.code)}</h3>
      <p><a href="/report.html?analysis=${a.analysisId}&lang=${lang}" target="_blank">${t(lang, 'evidence')}</a></p>
      ${
        a.kind === 'new_build' || a.justification
          ? `<label class="justification">${t(lang, 'justification')}<textarea name="justification" rows="3" ${editable ? '' : 'readonly'}>${escapeHtml(a.justification ?? '')}</textarea></label>
      ${editable ? `<p><button type="button" data-action="save">${t(lang, 'save')}</button></p>` : ''}`
          : ''
      }
      <table class="candidates clock"><tbody>${a.clock.map((c) => `<tr><td>${escapeHtml(term(lang, c.state))}</td><td>${c.days} ${t(lang, 'days')}${c.limitDays !== null ? ` / ${c.limitDays}` : ''}${c.overdue ? ` <span class="badge reason">${t(lang, 'overdue')}</span>` : ''}</td></tr>`).join('')}</tbody></table>
      ${
        moves.length
          ? `<label>${t(lang, 'comment')}<textarea name="comment" rows="2"></textarea></label>
        <p class="buttons moves">${moves.map((m) => `<button type="button" data-to="${m}">${escapeHtml(term(lang, `move_${m}`))}</button>`).join(' ')}</p>`
          : ''
      }
      <ul class="errors"></ul></div>`;
  };

  /** A change to an application; the list is read again after it, or the API's problems shown. */
  const act = async ({ error, response }: { error?: unknown; response: Response }) => {
    if (!response.ok) {
      showFieldErrors(el, failureProblems(error, response));
      return false;
    }
    await load();
    return true;
  };

  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) return store.update({ applications: null });
    const row = target.closest<HTMLElement>('tr.application');
    if (row) return store.update({ applications: { ...(view() ?? NEW_APPLICATIONS), selected: row.dataset.id! } });
    const detail = target.closest<HTMLElement>('.application-detail');
    if (!detail) return;
    const path = { id: detail.dataset.id! };
    const version = Number(detail.dataset.version);
    if (target.dataset.action === 'save') {
      const justification = detail.querySelector<HTMLTextAreaElement>('textarea[name="justification"]')!.value;
      void panelAction(el, target as HTMLButtonElement, () =>
        api.PATCH('/api/v1/applications/{id}', { params: { path }, body: { version, justification } }).then(act),
      );
    }
    if (target.dataset.to) {
      const comment = detail.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')?.value.trim();
      const to = target.dataset.to as ApplicationState;
      void panelAction(el, target as HTMLButtonElement, () =>
        api.POST('/api/v1/applications/{id}/transitions', { params: { path }, body: { to, version, comment: comment || undefined } }).then(act),
      );
    }
  });
  store.subscribe((s, prev) => {
    if (s.applications !== prev.applications || s.lang !== prev.lang) {
      render();
      if (!!s.applications !== !!prev.applications) map.resize();
      if (s.applications && !prev.applications) void load();
    }
  });
  render();
}
