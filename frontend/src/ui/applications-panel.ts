import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../state';
import { api, dataOf, failureProblems } from '../api/client';
import { signedInUser } from '../auth';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { type DistrictName, districtLabel, districtNames, OPERATORS, panelAction, showFieldErrors } from './tool-panel';
import { APPLICATION_STATES, type ApplicationState, type AttachmentKind } from '@cosite/contracts';
import { type Application, COMMENT_REQUIRED, CONFIRMED, NEW_APPLICATIONS, NEW_FILTER, type QueueFilter, queueQuery } from '../applications/model';
import { answeredDetail, type ApplicationPage, type ChosenStructure, pageHtml } from './application-page';
import { showMiniMap } from './application-map';
import { confirmAction } from './confirm';
import { attachAuditViewer } from './audit-viewer';

/**
 * Applications: a planner's own, the regulator's queue (filtered, sorted, assigned), the bureau's review list (the
 * API decides who sees what). A selected application opens as a page in a wide panel (application-page.ts); the
 * moves that cannot be taken back are confirmed in a dialog, and returning or rejecting asks for a comment first.
 * Regulators and admins also get the audit viewer below the queue.
 */
export function attachApplicationsPanel(el: HTMLElement, map: MapLibreMap, store: Store): void {
  const view = () => store.get().applications;
  const filter = () => view()?.filter ?? NEW_FILTER;
  let districts: DistrictName[] = [];
  let reviewers: { username: string; displayName: string }[] = [];
  let page: ApplicationPage | null = null;
  let miniMap: MapLibreMap | null = null;
  let openedAt = 0;
  let dataMs = 0;
  el.innerHTML = `<button class="close" type="button">×</button><div class="queue"></div><div class="page"></div><div class="audit"></div>`;
  const queueEl = el.querySelector<HTMLElement>('.queue')!;
  const pageEl = el.querySelector<HTMLElement>('.page')!;
  const auditEl = el.querySelector<HTMLElement>('.audit')!;

  const load = async () => {
    const body = await dataOf(api.GET('/api/v1/applications', { params: { query: queueQuery(filter()) } }));
    const v = view();
    if (v) store.update({ applications: { ...v, list: body.applications } });
  };

  /** The page's data: the application with its snapshot, its timeline, its files, the structure now, the reviewers. */
  const loadPage = async (id: string) => {
    const path = { id };
    const [detail, timeline, attachments, reviewers] = await Promise.all([
      dataOf(api.GET('/api/v1/applications/{id}', { params: { path } })),
      dataOf(api.GET('/api/v1/applications/{id}/timeline', { params: { path } })),
      dataOf(api.GET('/api/v1/applications/{id}/attachments', { params: { path } })),
      signedInUser()?.role === 'regulator' ? dataOf(api.GET('/api/v1/applications/reviewers')) : Promise.resolve({ reviewers: [] }),
    ]);
    const structure = detail.structureId ? await structureOf(detail.structureId) : null;
    if (view()?.selected !== id) return;
    dataMs = Math.round(performance.now() - openedAt);
    page = { detail: answeredDetail(detail), timeline: timeline.events, attachments: attachments.attachments, structure, reviewers: reviewers.reviewers };
    renderPage();
  };

  const renderQueue = () => {
    const { lang } = store.get();
    const v = view()!;
    const user = signedInUser();
    const list = v.list ?? [];
    const f = filter();
    const regulator = user?.role === 'regulator' || user?.role === 'admin';
    const option = (value: string, label: string, current: string) =>
      `<option value="${escapeHtml(value)}" ${value === current ? 'selected' : ''}>${escapeHtml(label)}</option>`;
    queueEl.innerHTML = `<h2>${t(lang, user?.role === 'planner' ? 'myApplications' : user?.role === 'bureau' ? 'bureauReviews' : 'applicationQueue')}</h2>
      <form class="queue-filter demand-form" novalidate>
        <label>${t(lang, 'status')}<select name="state">${option('', t(lang, 'anyState'), f.state)}${APPLICATION_STATES.map((s) => option(s, term(lang, s), f.state)).join('')}</select></label>
        <label>${t(lang, 'queueSortBy')}<select name="sort">${(['updated', 'created', 'due'] as const).map((s) => option(s, t(lang, `sort_${s}`), f.sort)).join('')}</select></label>
        ${
          regulator
            ? `<label>${t(lang, 'district')}<select name="district">${option('', t(lang, 'anyDistrict'), f.district)}${districts.map((d) => option(String(d.id), districtLabel(lang, d), f.district)).join('')}</select></label>
        <label>${t(lang, 'operator')}<select name="operator">${option('', t(lang, 'allOperators'), f.operator)}${OPERATORS.map((o) => option(o, term(lang, o), f.operator)).join('')}</select></label>
        <label>${t(lang, 'queueAssignee')}<select name="assignee">${option('', t(lang, 'anyone'), f.assignee)}${option('me', t(lang, 'assignedToMe'), f.assignee)}${reviewers.map((r) => option(r.username, r.displayName, f.assignee)).join('')}</select></label>`
            : ''
        }
        <label>${t(lang, 'queueOrder')}<select name="order">${option('desc', t(lang, 'newestFirst'), f.order)}${option('asc', t(lang, 'oldestFirst'), f.order)}</select></label>
        <label class="check"><input type="checkbox" name="overdue" ${f.overdue ? 'checked' : ''}> ${t(lang, 'overdueOnly')}</label>
      </form>
      ${
        v.list === null
          ? '<p class="muted">…</p>'
          : list.length
            ? `<table class="candidates applications"><tbody>${list.map((a) => rowHtml(a)).join('')}</tbody></table>`
            : `<p class="muted">${t(lang, 'noApplications')}</p>`
      }`;
  };

  const rowHtml = (a: Application) => {
    const { lang } = store.get();
    const v = view()!;
    const district = a.districtName ? (lang === 'zh' ? a.districtName.zh : (a.districtName.en ?? a.districtName.zh)) : '';
    return `<tr class="application ${a.id === v.selected ? 'best' : ''}" data-id="${a.id}" tabindex="0"><td>${escapeHtml(a.code)}<br><small>${escapeHtml(term(lang, a.kind))} · ${escapeHtml(term(lang, a.operatorId))}${district ? ` · ${escapeHtml(district)}` : ''}</small></td>
      <td><span class="badge state-${a.state}" data-state="${a.state}">${escapeHtml(term(lang, a.state))}</span>${a.overdue ? ` <span class="badge reason">${t(lang, 'overdue')}</span>` : ''}${a.shareWasFeasible && a.kind === 'new_build' ? ` <span class="badge condition">${t(lang, 'shareWasFeasible')}</span>` : ''}
      ${a.assigneeName ? `<br><small class="muted">${escapeHtml(a.assigneeName)}</small>` : ''}</td></tr>`;
  };

  const renderPage = () => {
    const { lang } = store.get();
    miniMap?.remove();
    miniMap = null;
    const v = view();
    if (!v?.selected || !page || page.detail.id !== v.selected) {
      pageEl.innerHTML = v?.selected ? `<p class="muted">${t(lang, 'loading')}</p>` : '';
      return;
    }
    pageEl.innerHTML = pageHtml(lang, signedInUser(), page);
    pageEl.querySelector<HTMLElement>('.application-page')!.dataset.dataMs = String(dataMs);
    miniMap = showMiniMap(pageEl.querySelector<HTMLElement>('.mini-map')!, lang, page.detail);
    // how long the page took to draw its map (the browser test records it for the bench)
    void miniMap.once(
      'load',
      () => (pageEl.querySelector<HTMLElement>('.application-page')!.dataset.readyMs = String(Math.round(performance.now() - openedAt))),
    );
  };

  const render = () => {
    const { lang } = store.get();
    const v = view();
    el.hidden = !v;
    el.classList.toggle('wide', !!v?.selected);
    if (!v) {
      miniMap?.remove();
      miniMap = null;
      page = null;
      return;
    }
    el.querySelector('button.close')!.setAttribute('title', t(lang, 'close'));
    queueEl.hidden = !!v.selected;
    auditEl.hidden = !!v.selected;
    if (!v.selected) renderQueue();
  };

  /** The API's refusal in the user's words where the portal knows it (a missing comment, a file too big or of a wrong type). */
  const problemsOf = (error: unknown, response: Response) => {
    const { lang } = store.get();
    const code = (error as { code?: string } | undefined)?.code;
    if (code === 'comment_required') return [{ field: t(lang, 'comment'), problem: t(lang, 'commentRequired') }];
    if (response.status === 413) return [{ field: t(lang, 'attachFileName'), problem: t(lang, 'attachTooLarge') }];
    if (response.status === 415) return [{ field: t(lang, 'attachFileName'), problem: t(lang, 'attachWrongType') }];
    return failureProblems(error, response);
  };

  /** After a change: the page and the list read again; or the API's problems shown in the page. */
  const act = async ({ error, response }: { error?: unknown; response: Response }) => {
    if (!response.ok) {
      showFieldErrors(pageEl, problemsOf(error, response));
      return false;
    }
    const id = view()?.selected;
    await Promise.all([load(), id ? loadPage(id) : null]);
    return true;
  };

  const move = async (detail: HTMLElement, to: ApplicationState) => {
    const { lang } = store.get();
    const comment = detail.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')?.value.trim();
    if (COMMENT_REQUIRED.includes(to) && !comment) {
      showFieldErrors(pageEl, [{ field: t(lang, 'comment'), problem: t(lang, 'commentRequired') }]);
      detail.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')?.focus();
      return;
    }
    if (CONFIRMED.includes(to)) {
      const key = to === 'approved' ? 'Approve' : to === 'rejected' ? 'Reject' : 'Withdraw';
      const ask = { title: t(lang, `confirm${key}Title`), message: t(lang, `confirm${key}Text`), confirm: term(lang, `move_${to}`), danger: to !== 'approved' };
      if (!(await confirmAction(lang, ask))) return;
    }
    const path = { id: detail.dataset.id! };
    const version = Number(detail.dataset.version);
    await act(await api.POST('/api/v1/applications/{id}/transitions', { params: { path }, body: { to, version, comment: comment || undefined } }));
  };

  const upload = async (form: HTMLFormElement) => {
    const { lang } = store.get();
    const file = form.querySelector<HTMLInputElement>('input[type="file"]')!.files?.[0];
    if (!file) return showFieldErrors(pageEl, [{ field: t(lang, 'attachFileName'), problem: t(lang, 'chooseFile') }]);
    const kind = form.querySelector<HTMLSelectElement>('select[name="kind"]')!.value as AttachmentKind;
    const id = view()!.selected!;
    await act(
      await api.POST('/api/v1/applications/{id}/attachments', {
        params: { path: { id }, query: { kind, filename: file.name } },
        body: file as unknown as string,
        bodySerializer: (b: unknown) => b as Blob,
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
      }),
    );
  };

  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) return store.update({ applications: null });
    const row = target.closest<HTMLElement>('tr.application');
    if (row) return store.update({ applications: { ...(view() ?? NEW_APPLICATIONS), selected: row.dataset.id! } });
    if (target.dataset.action === 'back') return store.update({ applications: { ...(view() ?? NEW_APPLICATIONS), selected: null } });
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
    if (target.dataset.action === 'assign') {
      const assignee = detail.querySelector<HTMLSelectElement>('select[name="assignee"]')!.value || null;
      void panelAction(el, target as HTMLButtonElement, () =>
        api.POST('/api/v1/applications/{id}/assignment', { params: { path }, body: { version, assignee } }).then(act),
      );
    }
    if (target.dataset.to) void move(detail, target.dataset.to as ApplicationState);
  });
  el.addEventListener('keydown', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('tr.application');
    if (row && e.key === 'Enter') store.update({ applications: { ...(view() ?? NEW_APPLICATIONS), selected: row.dataset.id! } });
  });
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    if (form.matches('form.upload')) void upload(form);
  });
  pageEl.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.type === 'file') pageEl.querySelector('.file-chosen')!.textContent = input.files?.[0]?.name ?? t(store.get().lang, 'noFileChosen');
  });
  queueEl.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    if (!target.closest('form.queue-filter')) return;
    const value = target.type === 'checkbox' ? target.checked : target.value;
    const f: QueueFilter = { ...filter(), [target.name]: value };
    store.update({ applications: { ...(view() ?? NEW_APPLICATIONS), filter: f, list: null } });
    void load();
  });
  store.subscribe((s, prev) => {
    if (s.applications !== prev.applications || s.lang !== prev.lang) {
      render();
      if (!!s.applications !== !!prev.applications || !!s.applications?.selected !== !!prev.applications?.selected) map.resize();
      if (s.applications && !prev.applications) void load();
      const id = s.applications?.selected ?? null;
      if (id && (id !== prev.applications?.selected || !prev.applications)) {
        page = null;
        openedAt = performance.now();
        renderPage();
        void loadPage(id).catch((err: unknown) => (pageEl.innerHTML = `<p class="errors">${escapeHtml(String(err))}</p>`));
      } else if (s.lang !== prev.lang && page) renderPage();
      else if (!id && prev.applications?.selected) renderPage();
    }
  });
  // the queue's reviewer filter names the regulators (regulators and admins may read the list)
  if (signedInUser()?.role === 'regulator' || signedInUser()?.role === 'admin')
    void dataOf(api.GET('/api/v1/applications/reviewers'))
      .then((r) => {
        reviewers = r.reviewers;
        if (view() && !view()!.selected) renderQueue();
      })
      .catch(() => undefined);
  void districtNames().then((d) => {
    districts = d;
    if (view() && !view()!.selected) renderQueue();
  });
  attachAuditViewer(auditEl, store);
  render();
}

/** The structure shared or upgraded, as the inventory has it now, with its tenants. */
async function structureOf(id: number): Promise<ChosenStructure | null> {
  const path = { id: String(id) };
  const [s, ts] = await Promise.all([
    dataOf(api.GET('/api/v1/structures/{id}', { params: { path } })).catch(() => null),
    dataOf(api.GET('/api/v1/tenancies', { params: { query: { structure: String(id), limit: 100 } } })).catch(() => null),
  ]);
  if (!s) return null;
  const p = s.properties;
  return {
    name: p.name,
    code: p.code,
    kind: p.kind,
    ownerId: p.ownerId,
    heightM: p.heightM,
    slotsFree: p.slotsFree,
    slotsTotal: p.slotsTotal,
    tenants: (ts?.features ?? []).map((f) => ({
      operatorId: f.properties.operatorId,
      technology: f.properties.technology,
      bandMhz: f.properties.bandMhz,
      antennaHeightM: f.properties.antennaHeightM,
    })),
  };
}
