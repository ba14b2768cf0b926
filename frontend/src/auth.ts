import type { SignedInUser } from '@cosite/contracts';
import { type Lang, pickLanguage, t } from './i18n';
import { escapeHtml } from './ui/format';
import { api, failureProblems } from './api/client';
import { problemMessage } from './ui/form-errors';

/** Who is signed in, as the API says (the contract's signed-in user; the parts the app uses). */
export type User = Pick<SignedInUser, 'username' | 'displayName' | 'organisationId' | 'role'>;

let user: User | null = null;
export const signedInUser = () => user;

const csrfToken = () => {
  const c = document.cookie.split('; ').find((x) => x.startsWith('cosite_csrf='));
  return c ? decodeURIComponent(c.slice('cosite_csrf='.length)) : null;
};

/**
 * Every request the page makes that changes something carries the CSRF token (double submit: the API compares it
 * with the session's); reads and tiles go as they are. One wrapper, so no panel can forget it.
 */
export function installCsrfHeader(): void {
  const nativeFetch = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const token = csrfToken();
    if (token && !['GET', 'HEAD', 'OPTIONS'].includes(method)) {
      const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set('X-CSRF-Token', token);
      init = { ...init, headers };
    }
    return nativeFetch(input, init);
  };
}

/** The signed-in user, or null when the session is missing or over. */
export async function loadUser(): Promise<User | null> {
  const { data } = await api.GET('/api/v1/auth/me');
  user = data?.user ?? null;
  return user;
}

export async function signOut(): Promise<void> {
  await api.POST('/api/v1/auth/sign-out');
  window.location.reload();
}

/** The sign-in page, in place of the app. */
export function renderSignIn(el: HTMLElement): void {
  const stored = localStorage.getItem('cosite.lang');
  const lang: Lang = stored === 'zh' || stored === 'en' ? stored : pickLanguage(navigator.languages);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t(lang, 'appTitle');
  el.innerHTML = `<form id="sign-in" class="sign-in" novalidate>
      <h1>${t(lang, 'appTitle')}</h1>
      <label>${t(lang, 'username')}<input name="username" autocomplete="username" required autofocus></label>
      <label>${t(lang, 'password')}<input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit" class="primary">${t(lang, 'signIn')}</button>
      <p class="errors" role="alert"></p>
    </form>`;
  const form = el.querySelector<HTMLFormElement>('#sign-in')!;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const { error, response } = await api.POST('/api/v1/auth/sign-in', {
      body: { username: String(data.get('username')), password: String(data.get('password')) },
    });
    if (response.ok) return window.location.reload();
    form.querySelector('.errors')!.innerHTML = escapeHtml(
      response.status === 401 ? t(lang, 'wrongCredentials') : problemMessage(lang, failureProblems(error, response)[0]),
    );
  });
}
