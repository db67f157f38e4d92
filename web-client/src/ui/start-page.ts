import { createDocument } from '../api/rest';
import { languageMode } from '../editor/languages';
import { cleanName } from '../protocol/messages';
import { h, icon, ICONS, replaceChildren } from './dom';
import { docIdFrom, documentPath, isReadOnlyId } from './routes';
import {
  forgetDocument, identity, PALETTE, recentDocuments, rememberDocument, saveIdentity,
} from './storage';
import { toast } from './toast';

/** The start page: a new document, the person's name, opening a link, and the documents opened before. */
export function renderStartPage(root: HTMLElement, navigate: (path: string) => void): () => void {
  document.title = 'Tandem';
  const me = identity();

  const newButton = h('button', { type: 'button', class: 'primary big', testid: 'new-document' },
    icon(ICONS.plus), 'New document');
  newButton.addEventListener('click', async () => {
    newButton.disabled = true;
    try {
      const created = await createDocument();
      rememberDocument(created.docId, { readOnlyId: created.readOnlyId, openedAt: Date.now() });
      navigate(documentPath(created.docId));
    } catch (e) {
      toast(`Could not create a document: ${(e as Error).message || 'the server did not answer'}`, undefined, 'error');
      newButton.disabled = false;
    }
  });

  const nameInput = h('input', {
    id: 'display-name', type: 'text', maxlength: 64, autocomplete: 'nickname', testid: 'display-name',
    value: me.name,
  });
  let color = me.color;
  const swatches = h('div', { class: 'swatches', role: 'radiogroup', 'aria-label': 'Your color' });
  const renderSwatches = () => replaceChildren(swatches, ...PALETTE.map((c) => {
    const b = h('button', {
      type: 'button', class: 'swatch', role: 'radio', 'aria-checked': String(c === color), 'aria-label': c,
      title: c, testid: 'color-swatch',
    });
    b.style.setProperty('--swatch', c);
    b.addEventListener('click', () => {
      color = c;
      saveIdentity({ name: cleanName(nameInput.value) || me.name, color });
      renderSwatches();
    });
    return b;
  }));
  renderSwatches();
  nameInput.addEventListener('change', () => {
    const name = cleanName(nameInput.value);
    if (name) saveIdentity({ name, color });
    nameInput.value = name || identity().name;
  });

  const openInput = h('input', {
    id: 'open-link', type: 'text', placeholder: 'Paste a link or a document id', testid: 'open-input',
    autocomplete: 'off',
  });
  const openForm = h('form', { class: 'open-form', testid: 'open-form' },
    h('label', { for: 'open-link', class: 'visually-hidden' }, 'Link or document id'),
    openInput,
    h('button', { type: 'submit', testid: 'open-button' }, 'Open'));
  openForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const docId = docIdFrom(openInput.value);
    if (docId) navigate(documentPath(docId));
    else toast('That is not a Tandem link or document id.', undefined, 'error');
  });

  const recentList = h('ul', { class: 'recent-list', testid: 'recent-list' });
  const renderRecent = () => {
    const recent = recentDocuments();
    if (recent.length === 0) {
      replaceChildren(recentList, h('li', { class: 'empty' }, 'Documents you open appear here.'));
      return;
    }
    replaceChildren(recentList, ...recent.map((d) => {
      const remove = h('button', {
        type: 'button', class: 'icon-button', 'aria-label': `Remove ${d.title || d.docId} from this list`,
        title: 'Remove from this list', testid: 'recent-remove',
      }, icon(ICONS.close));
      remove.addEventListener('click', () => {
        forgetDocument(d.docId);
        renderRecent();
      });
      const link = h('a', { href: documentPath(d.docId), class: 'recent-link', testid: 'recent-item' },
        h('span', { class: 'recent-title' }, d.title || 'Untitled'),
        h('span', { class: 'recent-meta' },
          `${languageMode(d.language).label} · ${isReadOnlyId(d.docId) ? 'read-only · ' : ''}${timeAgo(d.openedAt)}`));
      link.addEventListener('click', (event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(documentPath(d.docId));
      });
      return h('li', {}, link, remove);
    }));
  };
  renderRecent();

  replaceChildren(root, h('main', { class: 'start', testid: 'start-page' },
    h('section', { class: 'hero' },
      h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Tandem'),
      h('p', { class: 'tagline' }, 'Write code together, in real time. No account: share the link.'),
      newButton),
    h('section', { class: 'card' },
      h('h2', {}, 'You'),
      h('label', { for: 'display-name' }, 'Your name, as others see it'),
      nameInput,
      h('span', { class: 'label' }, 'Your color'),
      swatches),
    h('section', { class: 'card' },
      h('h2', {}, 'Open a document'),
      openForm),
    h('section', { class: 'card wide' },
      h('h2', {}, 'Recent documents'),
      recentList)));
  newButton.focus();
  return () => {};
}

function timeAgo(time: number): string {
  const seconds = Math.max(0, (Date.now() - time) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(time).toLocaleDateString();
}
