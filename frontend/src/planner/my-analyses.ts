import type { AnalysisSummary } from '@cosite/contracts';
import { type Lang, t, term } from '../i18n';
import { escapeHtml } from '../ui/format';
import { fill } from './analysis-view';

/** When an analysis was made, short: today's by the time, older ones by the date too. */
export function whenMade(lang: Lang, iso: string, now = new Date()): string {
  const d = new Date(iso);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === now.toDateString() ? time : `${d.toLocaleDateString(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })} ${time}`;
}

/** My analyses as list items, newest first: decision, operator and technology, the site, when, the verdict, and any application. */
export function myAnalysesHtml(lang: Lang, list: AnalysisSummary[], currentId: string | null): string {
  if (!list.length) return `<li class="muted">${escapeHtml(t(lang, 'myAnalysesEmpty'))}</li>`;
  return list
    .map((a) => {
      // the structure shared, or (a new build) where the demand was, with its ring
      const site = a.site
        ? `${a.site.name}${a.site.code ? ` (${a.site.code})` : ''}`
        : `${a.location.lat.toFixed(4)}, ${a.location.lon.toFixed(4)} · ${a.searchRadiusM} ${t(lang, 'metres')}`;
      const filed = a.application ? ` · ${fill(t(lang, 'filedAs'), { code: a.application.code, state: term(lang, a.application.state) })}` : '';
      return `<li data-analysis="${a.id}"${a.id === currentId ? ' class="current"' : ''}>
        <span class="badge decision-${a.decision}" data-decision="${a.decision}">${escapeHtml(term(lang, a.decision))}</span>
        ${escapeHtml(term(lang, a.operator))} ${escapeHtml(a.technology)}${site ? ` · ${escapeHtml(site)}` : ''}${a.fromGap ? ` · ${escapeHtml(t(lang, 'fromGap'))}` : ''}
        <br><small class="muted"><time datetime="${escapeHtml(a.createdAt)}">${escapeHtml(whenMade(lang, a.createdAt))}</time>${a.verdict ? ` · ${escapeHtml(term(lang, a.verdict))}` : ''}${escapeHtml(filed)}</small>
        <button type="button" data-reopen="${a.id}">${escapeHtml(t(lang, 'reopen'))}</button></li>`;
    })
    .join('');
}
