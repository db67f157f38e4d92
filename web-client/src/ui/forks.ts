import { ApiError, documentHead, forkDocument } from '../api/rest';
import { documentPath } from './routes';
import { h, replaceChildren } from './dom';
import { rememberDocument } from './storage';
import { toast } from './toast';

/**
 * "Forked from … at revision R" above the editor of a document made by forking another, linking to its origin
 * (the origin's read-only link, as the fork records it: a fork never hands out the right to edit its origin).
 * Hidden for every other document.
 */
export class ForkedFromNotice {
  readonly element = h('div', { class: 'forked-from', testid: 'forked-from', hidden: true });
  private loaded = false;

  constructor(private readonly docId: string, private readonly navigate: (path: string) => void) {}

  /** Reads the document's pointer back once (it is its revision 1: it never changes). */
  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const from = (await documentHead(this.docId)).forkedFrom;
      if (!from) return;
      const link = h('a', { href: documentPath(from.docId), testid: 'forked-from-link' }, from.docId);
      link.addEventListener('click', (event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        this.navigate(documentPath(from.docId));
      });
      replaceChildren(this.element, 'Forked from ', link, ` at revision ${from.revision}`);
      this.element.hidden = false;
    } catch {
      this.loaded = false; // not stored yet, or unreachable: the next snapshot tries again
    }
  }
}

/**
 * Forks `docId` at `revision` (`POST /api/docs/{docId}/forks`) and opens the new document, remembered among the
 * recent ones with its read-only link.
 */
export async function forkAndOpen(docId: string, revision: number, author: string,
  navigate: (path: string) => void): Promise<void> {
  try {
    const fork = await forkDocument(docId, revision, author);
    rememberDocument(fork.docId, { readOnlyId: fork.readOnlyId, openedAt: Date.now() });
    navigate(documentPath(fork.docId));
    toast(`Forked revision ${revision} into this new document.`);
  } catch (e) {
    const why = e instanceof ApiError && e.code === 'TOO_LARGE_TO_FORK' ? 'that version is too large to fork'
      : e instanceof ApiError && e.code === 'READ_ONLY' ? 'a read-only link cannot fork'
        : 'the server could not make the fork';
    toast(`Could not fork: ${why}.`, undefined, 'error');
  }
}
