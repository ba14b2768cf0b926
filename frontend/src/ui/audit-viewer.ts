import type { AuditEvent, AuditQuery } from '@cosite/contracts';
import { api, failureText } from '../api/client';
import { signedInUser } from '../auth';
import { t, term } from '../i18n';
import type { Store } from '../state';
import { escapeHtml } from './format';

/** The kinds of entity the audit trail records, offered in the filter. */
const ENTITIES = ['application', 'structure', 'tenancy', 'route', 'overlay', 'key_site', 'import_batch', 'pole_consolidation_run', 'user'] as const;

/** A UUID shortened for the table (the whole one in its title); numeric ids as they are. */
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/** The filter as the form holds it ('' = any), and the query it makes (JSON or CSV alike). */
export interface AuditFilter {
  entity: string;
  entityId: string;
  from: string;
  to: string;
}

export function auditQueryOf(f: AuditFilter): Omit<AuditQuery, 'format'> {
  const q: Omit<AuditQuery, 'format'> = {};
  if (f.entity) q.entity = f.entity;
  if (f.entityId.trim()) q.entityId = f.entityId.trim();
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  return q;
}

/** The CSV download of the same filter: a link, so the browser saves the file. */
export const auditCsvUrl = (f: AuditFilter): string =>
  `/api/v1/audit-events?${new URLSearchParams({ ...auditQueryOf(f), format: 'csv' } as Record<string, string>).toString()}`;

/**
 * The audit viewer, for regulators and administrators (the API serves no one else): who did what to which entity
 * and when, filtered by entity, entity id and a date range, as a table (newest first, the latest 200 shown) and as
 * a CSV of everything the filter matches.
 */
export function attachAuditViewer(el: HTMLElement, store: Store): void {
  let filter: AuditFilter = { entity: '', entityId: '', from: '', to: '' };
  let events: AuditEvent[] | null = null;
  let problem = '';
  let shown = false;

  const render = () => {
    const { lang } = store.get();
    const role = signedInUser()?.role;
    if (role !== 'regulator' && role !== 'admin') {
      el.innerHTML = '';
      return;
    }
    const rows = (events ?? []).slice(-200).reverse();
    el.innerHTML = `<details class="audit-viewer" ${shown ? 'open' : ''}><summary><h3>${t(lang, 'auditLog')}</h3></summary>
      <form class="audit-filter demand-form" novalidate>
        <label>${t(lang, 'auditEntity')}<select name="entity"><option value="">${t(lang, 'anyEntity')}</option>${ENTITIES.map((e) => `<option value="${e}" ${filter.entity === e ? 'selected' : ''}>${escapeHtml(term(lang, `entity_${e}`))}</option>`).join('')}</select></label>
        <label>${t(lang, 'auditEntityId')}<input name="entityId" value="${escapeHtml(filter.entityId)}"></label>
        <label>${t(lang, 'auditFrom')}<input name="from" type="date" value="${escapeHtml(filter.from)}"></label>
        <label>${t(lang, 'auditTo')}<input name="to" type="date" value="${escapeHtml(filter.to)}"></label>
        <button type="submit" class="primary">${t(lang, 'auditShow')}</button>
        <a class="csv" href="${escapeHtml(auditCsvUrl(filter))}" download="audit-events.csv">CSV</a>
      </form>
      ${problem ? `<p class="errors">${escapeHtml(problem)}</p>` : ''}
      ${
        events === null
          ? ''
          : `<p class="muted audit-count">${t(lang, 'auditCount')}: ${events.length}${events.length > 200 ? ` (${t(lang, 'auditLatestShown')})` : ''}</p>
      <table class="candidates audit-events"><thead><tr><th>${t(lang, 'auditWhen')}</th><th>${t(lang, 'auditWho')}</th><th>${t(lang, 'auditEntity')}</th><th>${t(lang, 'auditAction')}</th></tr></thead><tbody>${rows
        .map(
          (
            e,
          ) => `<tr data-id="${e.id}" data-action="${escapeHtml(e.action)}"><td>${escapeHtml(new Date(e.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB'))}</td>
          <td>${escapeHtml(e.actor)}${e.organisationId ? `<br><small class="muted">${escapeHtml(term(lang, e.organisationId))}</small>` : ''}</td>
          <td>${escapeHtml(term(lang, `entity_${e.entity}`))}<br><small class="muted" title="${escapeHtml(e.entityId)}">${escapeHtml(shortId(e.entityId))}</small></td>
          <td>${escapeHtml(term(lang, `audit_${e.action}`))}${e.comment ? `<br><small>“${escapeHtml(e.comment)}”</small>` : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
      }</details>`;
  };

  const show = async () => {
    const { data, error, response } = await api.GET('/api/v1/audit-events', { params: { query: auditQueryOf(filter) } });
    problem = data ? '' : failureText(error, response);
    events = data ? (data as { events: AuditEvent[] }).events : null;
    render();
  };

  el.addEventListener(
    'toggle',
    (e) => {
      if ((e.target as HTMLElement).matches('details.audit-viewer')) shown = (e.target as HTMLDetailsElement).open;
    },
    true,
  );
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.name in filter) {
      filter = { ...filter, [target.name]: target.value };
      el.querySelector<HTMLAnchorElement>('a.csv')!.href = auditCsvUrl(filter);
    }
  });
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void show();
  });
  store.subscribe((s, prev) => {
    if (s.lang !== prev.lang || (s.applications && !prev.applications)) render();
  });
  render();
}
