import type { NotificationList } from '@cosite/contracts';
import { api, dataOf } from '../api/client';
import { t, term } from '../i18n';
import { type Store, TOOLS, type Tool } from '../state';
import { NEW_APPLICATIONS } from '../applications/model';
import { escapeHtml } from './format';

type Notification = NotificationList['notifications'][number];

/**
 * The header's bell: the unread count (checked now and every minute), and on a click the list of this user's
 * notifications, newest first, unread ones bold. Clicking one marks it read (on the server, so it stays read after a
 * reload) and opens its application; "mark all read" clears the count.
 */
export class Bell {
  private list: NotificationList | null = null;
  private opened = false;
  private el: HTMLElement | null = null;

  constructor(private store: Store) {
    void this.check();
    setInterval(() => void this.check(), 60_000);
    document.addEventListener('click', (e) => {
      // a click outside closes the list (one inside may have redrawn it, leaving its target detached)
      const target = e.target as Node;
      if (this.opened && this.el && target.isConnected && !this.el.contains(target)) this.toggle(false);
    });
    document.addEventListener('keydown', (e) => {
      if (this.opened && e.key === 'Escape') this.toggle(false);
    });
  }

  /** Renders the bell into its place in the header (called each time the header is drawn). */
  mount(el: HTMLElement): void {
    this.el = el;
    this.render();
    el.addEventListener('click', (e) => void this.click(e.target as HTMLElement));
    el.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && (e.target as HTMLElement).matches('li.notification')) {
        e.preventDefault();
        void this.click(e.target as HTMLElement);
      }
    });
  }

  private async check(): Promise<void> {
    const n = await dataOf(api.GET('/api/v1/notifications')).catch(() => null);
    if (!n) return;
    this.list = n;
    this.render();
  }

  private toggle(open: boolean): void {
    this.opened = open;
    this.render();
    if (open) void this.check();
  }

  private async click(target: HTMLElement): Promise<void> {
    if (target.closest('button.bell-button')) return this.toggle(!this.opened);
    if (target.closest('button[data-action="read-all"]')) {
      await api.POST('/api/v1/notifications/read-all');
      return this.check();
    }
    const item = target.closest<HTMLElement>('li.notification');
    if (!item) return;
    const n = this.list?.notifications.find((x) => x.id === Number(item.dataset.id));
    if (!n) return;
    if (!n.readAt) await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } });
    this.opened = false;
    void this.check();
    if (n.applicationId) {
      // opening the applications panel closes the other tools, as its header button does
      const closed = Object.fromEntries(TOOLS.map((x) => [x, null])) as Record<Tool, null>;
      this.store.update({ ...closed, applications: { ...NEW_APPLICATIONS, selected: n.applicationId } });
    }
  }

  private itemHtml(n: Notification): string {
    const { lang } = this.store.get();
    const when = new Date(n.createdAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
    const state = n.payload.state ?? n.kind;
    return `<li class="notification ${n.readAt ? 'read' : 'unread'}" data-id="${n.id}" data-application="${escapeHtml(n.applicationId ?? '')}" tabindex="0" role="button">
      <span class="what">${escapeHtml(n.payload.code ?? '')} · ${escapeHtml(term(lang, `notified_${state}`))}</span>
      ${n.payload.comment ? `<span class="comment">“${escapeHtml(n.payload.comment)}”</span>` : ''}
      <small class="muted">${escapeHtml(when)}</small></li>`;
  }

  private render(): void {
    const el = this.el;
    if (!el) return;
    const { lang } = this.store.get();
    const unread = this.list?.unread ?? 0;
    const items = this.list?.notifications ?? [];
    el.dataset.unread = String(unread);
    el.innerHTML = `<button type="button" class="bell-button" aria-haspopup="true" aria-expanded="${this.opened}" title="${escapeHtml(t(lang, 'notifications'))}">${escapeHtml(t(lang, 'notifications'))}${unread ? ` <span class="count">${unread}</span>` : ''}</button>
      ${
        this.opened
          ? `<div class="notification-list" role="region" aria-label="${escapeHtml(t(lang, 'notifications'))}">
        <p class="head"><strong>${escapeHtml(t(lang, 'notifications'))}</strong>${unread ? ` <button type="button" data-action="read-all">${escapeHtml(t(lang, 'markAllRead'))}</button>` : ''}</p>
        ${items.length ? `<ul>${items.map((n) => this.itemHtml(n)).join('')}</ul>` : `<p class="muted">${escapeHtml(t(lang, 'noNotifications'))}</p>`}</div>`
          : ''
      }`;
  }
}
