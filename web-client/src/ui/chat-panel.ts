import { chat as fetchChat } from '../api/rest';
import { codePointLength } from '../ot/code-points';
import type { ChatLine } from '../session/document-session';
import { h, replaceChildren } from './dom';

const MAX_CHAT = 4000;

/**
 * The document's chat: history from the REST API, committed lines live, the user's own lines shown at once as
 * "sending" until committed. Every line is text (textContent), never markup.
 */
export class ChatPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly earlier: HTMLButtonElement;
  private readonly lines = new Map<number, ChatLine>();
  private pending: ChatLine[] = [];
  private olderBefore: number | undefined;
  private canSend = false;

  constructor(
    private readonly docId: string,
    private readonly colorOf: (clientId: string, name: string) => string,
    private readonly onSend: (text: string) => void,
  ) {
    this.list = h('ol', { class: 'chat-list', testid: 'chat-messages', 'aria-live': 'polite' });
    this.earlier = h('button', { type: 'button', class: 'link', testid: 'chat-load-earlier', hidden: true },
      'Load earlier messages');
    this.earlier.addEventListener('click', () => void this.loadEarlier());
    this.input = h('textarea', {
      id: 'chat-input', rows: 2, placeholder: 'Message…', title: 'Enter sends, Shift+Enter starts a new line',
      testid: 'chat-input', maxlength: MAX_CHAT * 2,
    });
    this.send = h('button', { type: 'submit', class: 'primary', testid: 'chat-send' }, 'Send');
    const form = h('form', { class: 'chat-form' },
      h('label', { for: 'chat-input', class: 'visually-hidden' }, 'Chat message'), this.input, this.send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.element = h('section', { class: 'chat', testid: 'chat-panel', 'aria-label': 'Chat' },
      h('h2', {}, 'Chat'), this.earlier, this.list, form);
    this.setEnabled(false);
    this.render();
  }

  /** Loads the latest messages of the history (merged with what arrived live meanwhile). */
  async loadHistory(): Promise<void> {
    try {
      const page = await fetchChat(this.docId);
      for (const m of page.messages) this.lines.set(m.revision, m);
      this.olderBefore = page.next;
      this.render();
    } catch {
      // a document the history service does not know yet has no chat; live lines still show
    }
  }

  /** A committed chat line. */
  add(line: ChatLine): void {
    if (line.revision !== null) this.lines.set(line.revision, line);
    this.render();
  }

  /** The user's lines that are not committed yet. */
  setPending(pending: ChatLine[]): void {
    this.pending = pending;
    this.render(true);
  }

  setEnabled(enabled: boolean, reason = ''): void {
    this.canSend = enabled;
    this.input.disabled = !enabled;
    this.send.disabled = !enabled;
    this.input.placeholder = enabled ? 'Message…' : reason;
  }

  private submit(): void {
    const text = this.input.value.replace(/\r\n?/g, '\n').trim();
    if (!this.canSend || text === '') return;
    if (codePointLength(text) > MAX_CHAT) {
      this.input.setCustomValidity(`A message has at most ${MAX_CHAT} characters.`);
      this.input.reportValidity();
      return;
    }
    this.input.setCustomValidity('');
    // control characters other than tab and newline are not allowed in chat (protocol section 2)
    // eslint-disable-next-line no-control-regex
    this.onSend(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ''));
    this.input.value = '';
  }

  private async loadEarlier(): Promise<void> {
    if (this.olderBefore === undefined) return;
    const page = await fetchChat(this.docId, this.olderBefore);
    for (const m of page.messages) this.lines.set(m.revision, m);
    this.olderBefore = page.next;
    this.render();
  }

  private render(scroll = false): void {
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    const committed = [...this.lines.values()].sort((a, b) => a.revision! - b.revision!);
    const items = [...committed, ...this.pending].map((line) => {
      const color = this.colorOf(line.clientId, line.authorName);
      const who = h('span', { class: 'chat-author' }, line.authorName);
      who.style.color = color;
      const when = line.committedAt
        ? h('time', { datetime: line.committedAt, class: 'chat-time' },
          new Date(line.committedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))
        : h('span', { class: 'chat-time' }, 'sending…');
      return h('li', { class: line.revision === null ? 'chat-line pending' : 'chat-line', testid: 'chat-message' },
        h('div', { class: 'chat-head' }, who, when),
        h('div', { class: 'chat-text' }, line.text));
    });
    if (items.length === 0) items.push(h('li', { class: 'empty' }, 'No messages yet.'));
    replaceChildren(this.list, ...items);
    this.earlier.hidden = this.olderBefore === undefined;
    if (atBottom || scroll) this.list.scrollTop = this.list.scrollHeight;
  }
}
