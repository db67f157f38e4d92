import { h, replaceChildren } from './dom';
import { copyText, download } from './toast';

/**
 * The person's own version of the document when their changes could not be merged and the document was reloaded
 * from the server (protocol recovery RESYNC): kept above the editor, with Copy and Download, until they dismiss
 * it. A toast that disappears would lose work a second time; nothing is thrown away without the person choosing
 * to. A newer version replaces an older one (it contains it: the editor held both).
 */
export class KeptWorkNotice {
  readonly element = h('div', { class: 'kept-work', testid: 'kept-work', role: 'alert', hidden: true });

  /** Offers `text`, the editor's text before the reload, as `filename` too. */
  show(text: string, filename: string): void {
    const copy = h('button', { type: 'button', class: 'link', testid: 'kept-work-copy' }, 'Copy your version');
    copy.addEventListener('click', () => void copyText(text).then((ok) => {
      copy.textContent = ok ? 'Copied' : 'Copy failed: use Download';
    }));
    const save = h('button', { type: 'button', class: 'link', testid: 'kept-work-download',
      onclick: () => download(filename, text) }, 'Download it');
    const dismiss = h('button', { type: 'button', class: 'link', testid: 'kept-work-dismiss',
      onclick: () => this.hide() }, 'Dismiss');
    replaceChildren(this.element,
      h('span', {}, 'Your latest changes could not be merged, so the document was reloaded from the server. '
        + 'Your version is kept here until you dismiss it: '),
      copy, save, dismiss);
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
    replaceChildren(this.element);
  }
}
