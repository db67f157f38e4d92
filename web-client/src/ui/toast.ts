import { h } from './dom';

/** Short messages at the bottom of the page, read out by screen readers (a polite live region). */
let region: HTMLElement | null = null;

function container(): HTMLElement {
  if (region === null || !region.isConnected) {
    region = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', testid: 'toasts' });
    document.body.append(region);
  }
  return region;
}

export interface ToastAction {
  readonly label: string;
  readonly run: () => void;
}

/** Shows `message` for a while (longer with an action, whose button also closes it). */
export function toast(message: string, action?: ToastAction, kind: 'info' | 'error' = 'info'): void {
  const close = () => item.remove();
  const item = h('div', { class: `toast toast-${kind}`, testid: 'toast' },
    h('span', {}, message),
    action ? h('button', { type: 'button', class: 'link', onclick: () => { action.run(); close(); } }, action.label)
      : null,
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: close }, '×'));
  container().append(item);
  setTimeout(close, action ? 15_000 : 4_000);
}

/** Puts `text` on the clipboard (with a fallback where the Clipboard API is not allowed, e.g. plain http). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { readonly: true, class: 'offscreen' });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** Offers `text` as a file download. */
export function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = h('a', { href: url, download: filename, class: 'offscreen' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
