import { type Lang, t, term, type MessageKey } from '../i18n';

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function rows(lang: Lang, pairs: [MessageKey, unknown][]): string {
  return pairs
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `<tr><th>${escapeHtml(t(lang, k))}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
}

export { term };
