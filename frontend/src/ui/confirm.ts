import { type Lang, t } from '../i18n';
import { escapeHtml } from './format';

/** What a confirmation asks: a question, what follows from it, and the word on the button that does it. */
export interface Confirmation {
  title: string;
  message: string;
  /** The button that goes ahead (e.g. "Approve"); Cancel is always offered. */
  confirm: string;
  /** A destructive or final step: the button is red and Cancel has the focus, so Enter does not do it by accident. */
  danger?: boolean;
}

let open: Promise<boolean> | null = null;

/**
 * Asks before a step that cannot be taken back (approve, reject, withdraw, retire an overlay, accept all smart
 * poles, recompute the city): a modal <dialog> (focus kept inside it, Esc or Cancel says no), answered true only
 * when the user presses the confirming button. One at a time: a second ask while one is open is refused.
 */
export function confirmAction(lang: Lang, c: Confirmation): Promise<boolean> {
  if (open) return Promise.resolve(false);
  const dialog = document.createElement('dialog');
  dialog.className = 'confirm';
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  dialog.setAttribute('aria-describedby', 'confirm-message');
  dialog.innerHTML = `<form method="dialog">
      <h2 id="confirm-title">${escapeHtml(c.title)}</h2>
      <p id="confirm-message">${escapeHtml(c.message)}</p>
      <p class="buttons"><button type="submit" value="cancel" class="cancel">${escapeHtml(t(lang, 'confirmCancel'))}</button>
        <button type="submit" value="ok" class="ok ${c.danger ? 'danger' : 'primary'}">${escapeHtml(c.confirm)}</button></p>
    </form>`;
  document.body.append(dialog);
  open = new Promise<boolean>((resolve) => {
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok';
      dialog.remove();
      open = null;
      resolve(ok);
    });
  });
  dialog.showModal();
  dialog.querySelector<HTMLButtonElement>(c.danger ? 'button.cancel' : 'button.ok')!.focus();
  return open;
}
