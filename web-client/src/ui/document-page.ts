import { readOnlyIdOf } from '../api/rest';
import { CollabEditor } from '../editor/collab-editor';
import { detectLanguage } from '../editor/detect-language';
import { LANGUAGES, languageMode } from '../editor/languages';
import { cleanName } from '../protocol/messages';
import { type ConnectionState, DocumentSession } from '../session/document-session';
import type { Person } from '../session/presence-tracker';
import { ChatPanel } from './chat-panel';
import { ConnectionBanner } from './connection-banner';
import { colorForName } from './colors';
import { h, icon, ICONS, replaceChildren } from './dom';
import { forkAndOpen, ForkedFromNotice } from './forks';
import { Following } from './follow-ui';
import { HistoryView } from './history-view';
import { KeptWorkNotice } from './kept-work';
import { LiveAuthorship } from './live-authorship';
import { initials, PeoplePanel } from './people-panel';
import { documentUrl, isReadOnlyId } from './routes';
import {
  identity, PALETTE, recentDocuments, rememberDocument, saveIdentity, saveTheme, theme as savedTheme,
  type ThemeChoice,
} from './storage';
import { showShortcuts, shortcutsOpen } from './shortcuts-dialog';
import { copyText, download, toast } from './toast';

/**
 * The editor page of one document: the editor, who is here, chat, sharing, download, history, and the
 * connection. Wires the {@link DocumentSession} (protocol) to the {@link CollabEditor} (CodeMirror).
 */
export function renderDocumentPage(root: HTMLElement, docId: string, navigate: (path: string) => void): () => void {
  return new DocumentPage(root, docId, navigate).dispose;
}

class DocumentPage {
  private readonly editor: CollabEditor;
  private readonly session: DocumentSession;
  private readonly chat: ChatPanel;
  private readonly authorship: LiveAuthorship;
  private readonly me = identity();
  private theme: ThemeChoice = savedTheme();
  private readonly title = h('div', { class: 'doc-title', testid: 'doc-title' }, 'Loading…');
  private readonly readOnlyBadge = h('span', { class: 'badge', testid: 'read-only-badge', hidden: true }, 'Read-only');
  private readonly languageSelect = h('select', { testid: 'language-select', 'aria-label': 'Language', disabled: true });
  private readonly connection = h('button', { type: 'button', class: 'connection', testid: 'connection-status' });
  private readonly banner = new ConnectionBanner();
  private readonly keptWork = new KeptWorkNotice();
  private readonly peoplePanel = new PeoplePanel((clientId) => this.following.toggle(clientId));
  private readonly following: Following;
  /** Over the editor until the document is loaded: loading, or why it cannot be opened. */
  private readonly editorNotice = h('div', { class: 'editor-notice', testid: 'editor-notice' }, 'Loading the document…');
  private readonly status = {
    cursor: h('span', { testid: 'cursor-position' }),
    size: h('span', {}),
    revision: h('span', { testid: 'doc-revision' }),
    saved: h('span', { testid: 'save-state' }),
  };
  private readonly workspace: HTMLElement;
  private readonly editorPane = h('div', { class: 'editor-pane', testid: 'editor' });
  private readonly side: HTMLElement;
  private readonly readOnlyLinkButton: HTMLButtonElement;
  private readonly identityButton = h('button', { type: 'button', class: 'identity', testid: 'identity-button' });
  private history: HistoryView | null = null;
  private readonly forkedFrom: ForkedFromNotice;
  private people: Person[] = [];
  private language = 'plaintext';
  private readOnlyId: string | null;
  private rememberTimer: ReturnType<typeof setTimeout> | null = null;
  private peopleScheduled = false;
  /** The connection was lost after the document was loaded (others are shown stale) and is not back yet. */
  private lost = false;
  private chatLoaded = false;
  private hint = 'none';
  /** The language is detected once, from the user's own first writing into a plain-text document. */
  private detectLanguage = true;
  private retryTicker: ReturnType<typeof setInterval> | null = null;
  private readonly listeners: Array<[EventTarget, string, EventListener]> = [];

  constructor(root: HTMLElement, private readonly docId: string,
    private readonly navigate: (path: string) => void) {
    const readOnlyLink = isReadOnlyId(docId);
    this.forkedFrom = new ForkedFromNotice(docId, navigate);
    this.readOnlyId = readOnlyLink ? docId : recentDocuments().find((d) => d.docId === docId)?.readOnlyId ?? null;
    this.editor = new CollabEditor(this.editorPane, {
      theme: this.theme,
      onLocalOp: (op) => {
        this.following.stop('typed');
        this.session.submitText(op);
        this.textChanged();
        if (this.detectLanguage) queueMicrotask(() => this.detectTheLanguage());
      },
      onSelection: () => {
        this.session.selectionsChanged();
        this.renderCursor();
      },
    });
    this.chat = new ChatPanel(docId, (clientId, name) => this.colorOf(clientId, name), (text) => {
      this.session.submitChat(text);
      this.chat.setPending(this.session.pendingChat());
    });
    this.session = new DocumentSession({
      docId,
      name: this.me.name,
      color: this.me.color,
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/docs/${encodeURIComponent(docId)}`,
      selections: () => this.editor.selections(),
      view: () => this.following.viewport(),
      following: () => this.following.leaderId,
      events: {
        snapshot: (state, discarded) => {
          const mine = this.editor.text();
          this.editor.load(state.text);
          this.authorship.reloaded();
          this.setLanguage(state.language, null);
          this.textChanged();
          this.updateEditable();
          this.chat.setPending(this.session.pendingChat());
          if (discarded) this.keptWork.show(mine, this.fileName());
          // a document at revision 0 has no chat yet (the history API does not know it: 404)
          if (!this.chatLoaded && state.revision > 0) void this.chat.loadHistory();
          if (state.revision > 0) void this.forkedFrom.load();
          this.chatLoaded = true;
        },
        remoteText: (op, authorId, authorName) => {
          this.editor.applyRemote(op, { clientId: authorId, name: authorName });
          this.textChanged();
        },
        language: (language, byName) => this.setLanguage(language, byName),
        chat: (line) => {
          this.chat.add(line);
          this.chat.setPending(this.session.pendingChat());
        },
        versionNamed: (v) => {
          this.history?.versionNamed(v);
          toast(`${v.authorName} named revision ${v.revision} “${v.name}”`);
        },
        people: (people) => {
          this.people = people;
          this.following.setPeople(people);
          this.schedulePeople();
        },
        connection: (state) => {
          this.renderConnection(state);
          if (state.status === 'stopped') toast(state.message, undefined, 'error');
        },
        progress: () => this.renderStatus(),
        readOnly: () => this.updateEditable(),
        notice: (message) => toast(message),
      },
    });

    this.authorship = new LiveAuthorship({
      docId, view: this.editor.view, people: () => this.people,
      position: () => (this.session.loaded ? { revision: this.session.revision!, pending: this.session.pendingTextOps() }
        : null),
      me: () => ({ clientId: this.session.authorId, name: this.me.name, color: this.me.color }),
    });
    this.following = new Following({
      view: this.editor.view, myId: () => this.session.authorId,
      presenceChanged: () => this.session.selectionsChanged(),
      changed: (leader) => {
        this.renderPeople();
        // on a phone "Here now" covers the editor: show what is followed
        if (leader !== null && matchMedia('(max-width: 800px)').matches) this.workspace.classList.remove('side-hidden');
      },
    });

    for (const l of LANGUAGES) this.languageSelect.append(h('option', { value: l.id }, l.label));
    this.languageSelect.addEventListener('change', () => {
      const language = this.languageSelect.value;
      this.detectLanguage = false;
      this.session.submitLanguage(language);
      this.editor.focus();
    });
    this.connection.addEventListener('click', () => this.session.reconnectNow());

    const copyLink = h('button', { type: 'button', class: 'tool', testid: 'copy-link', title: 'Copy link' },
      icon(ICONS.link), h('span', { class: 'tool-label' }, 'Copy link'));
    copyLink.addEventListener('click', () => void this.copy(documentUrl(docId),
      readOnlyLink ? 'Read-only link copied' : 'Link copied: anyone with it can edit'));
    this.readOnlyLinkButton = h('button', {
      type: 'button', class: 'tool', testid: 'copy-readonly-link', title: 'Copy read-only link', hidden: readOnlyLink,
    }, icon(ICONS.eye), h('span', { class: 'tool-label' }, 'Read-only link'));
    this.readOnlyLinkButton.addEventListener('click', () => void this.copyReadOnlyLink());
    const downloadButton = toolButton(ICONS.download, 'Download', 'download', () => this.download());
    const historyButton = toolButton(ICONS.history, 'History', 'history-toggle', () => this.toggleHistory());
    const chatButton = toolButton(ICONS.chat, 'Chat and people', 'side-toggle', () => this.toggleSide());
    const themeButton = toolButton(this.theme === 'dark' ? ICONS.sun : ICONS.moon, 'Switch theme', 'theme-toggle',
      () => {
        this.theme = this.theme === 'dark' ? 'light' : 'dark';
        saveTheme(this.theme);
        document.documentElement.dataset.theme = this.theme;
        this.editor.setTheme(this.theme);
        replaceChildren(themeButton, icon(this.theme === 'dark' ? ICONS.sun : ICONS.moon));
      });
    this.identityButton.addEventListener('click', () => this.editIdentity());
    this.renderIdentity();

    const home = h('a', { href: '/', class: 'brand small', testid: 'home-link', title: 'Tandem: all documents' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), h('span', { class: 'brand-name' }, 'Tandem'));
    home.addEventListener('click', (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      this.navigate('/');
    });

    this.side = h('aside', { class: 'side', testid: 'side-panel' }, this.peoplePanel.element, this.chat.element);
    this.editorPane.append(this.editorNotice, this.following.element);
    const shortcutsButton = h('button', { type: 'button', class: 'link shortcuts-button', testid: 'shortcuts-button',
      title: 'Keyboard shortcuts (F1)' }, 'Shortcuts');
    shortcutsButton.addEventListener('click', () => this.showShortcuts());
    this.workspace = h('div', { class: 'workspace' }, this.editorPane, this.side);
    replaceChildren(root, h('div', { class: 'doc-page', testid: 'document-page' },
      h('header', { class: 'topbar' },
        home, this.title, this.readOnlyBadge, h('div', { class: 'spacer' }),
        // on a phone the language and the tools make a second row (styles.css)
        h('div', { class: 'topbar-break', 'aria-hidden': 'true' }),
        this.languageSelect, this.connection, this.peoplePanel.avatars,
        h('div', { class: 'tools' }, copyLink, this.readOnlyLinkButton, downloadButton, this.authorship.button,
          historyButton, chatButton, themeButton),
        this.identityButton),
      h('div', { class: 'notices' }, this.forkedFrom.element, this.banner.element, this.keptWork.element,
        this.authorship.legend),
      this.workspace,
      h('footer', { class: 'statusbar' }, this.status.cursor, this.status.size, this.status.revision,
        this.status.saved, shortcutsButton)));

    this.listen(window, 'online', () => this.session.reconnectNow());
    this.listen(window, 'offline', () => this.session.networkLost());
    this.listen(window, 'beforeunload', ((event: BeforeUnloadEvent) => {
      if (this.session.unacknowledged > 0) {
        event.preventDefault();
        event.returnValue = ''; // older browsers need it to ask
      }
    }) as EventListener);
    this.listen(window, 'keydown', ((event: KeyboardEvent) => this.pageKey(event)) as EventListener);

    rememberDocument(docId, { openedAt: Date.now() });
    this.renderConnection(this.session.connection);
    this.renderPeople();
    this.renderStatus();
    this.session.start();
    if (this.readOnlyId === null && !readOnlyLink) void this.lookUpReadOnlyId();
    this.editor.focus();
  }

  readonly dispose = (): void => {
    this.session.dispose();
    this.authorship.dispose();
    this.following.dispose();
    this.history?.destroy();
    this.editor.destroy();
    if (this.rememberTimer !== null) clearTimeout(this.rememberTimer);
    if (this.retryTicker !== null) clearInterval(this.retryTicker);
    for (const [target, type, listener] of this.listeners) target.removeEventListener(type, listener);
    this.rememberNow();
  };

  private listen(target: EventTarget, type: string, listener: EventListener): void {
    target.addEventListener(type, listener);
    this.listeners.push([target, type, listener]);
  }

  // ---- document state ----------------------------------------------------------------------------------------

  private setLanguage(language: string, byName: string | null): void {
    const changed = language !== this.language;
    if (language !== 'plaintext') this.detectLanguage = false;
    this.language = language;
    if (![...this.languageSelect.options].some((o) => o.value === language)) {
      this.languageSelect.append(h('option', { value: language }, languageMode(language).label));
    }
    this.languageSelect.value = language;
    void this.editor.setLanguage(language);
    if (changed && byName !== null) toast(`${byName} switched the language to ${languageMode(language).label}`);
    this.scheduleRemember();
  }

  private updateEditable(): void {
    const readOnly = this.session.readOnly;
    const editable = this.session.loaded && !readOnly;
    this.editor.setReadOnly(!editable);
    this.languageSelect.disabled = !editable;
    this.readOnlyBadge.hidden = !readOnly;
    const hint = this.session.loaded ? (readOnly ? 'watching' : 'writing') : 'none';
    if (hint !== this.hint) this.editor.setEmptyHint(hint === 'none' ? null : emptyHint(readOnly));
    this.hint = hint;
    this.renderNotice();
    this.chat.setEnabled(editable, readOnly ? 'This link is read-only.' : 'Connecting…');
  }

  private textChanged(): void {
    const text = this.editor.text();
    const firstLine = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
    const title = firstLine.length > 60 ? `${firstLine.slice(0, 60)}…` : firstLine;
    this.title.textContent = title || 'Untitled';
    document.title = `${title || 'Untitled'} · Tandem`;
    this.renderStatus();
    this.scheduleRemember();
    this.authorship.changed();
  }

  private scheduleRemember(): void {
    if (this.rememberTimer !== null) return;
    this.rememberTimer = setTimeout(() => {
      this.rememberTimer = null;
      this.rememberNow();
    }, 2000);
  }

  private rememberNow(): void {
    if (!this.session.loaded) return;
    rememberDocument(this.docId, {
      title: this.title.textContent ?? '', language: this.language, openedAt: Date.now(),
      ...(this.readOnlyId ? { readOnlyId: this.readOnlyId } : {}),
    });
  }

  // ---- rendering ---------------------------------------------------------------------------------------------

  private renderConnection(state: ConnectionState): void {
    if (this.retryTicker !== null) clearInterval(this.retryTicker);
    this.retryTicker = null;
    const unsent = this.session.unacknowledged;
    const pending = unsent > 0 ? ` · ${unsent} unsent` : '';
    let text: string;
    let title: string;
    if (state.status === 'online') {
      if (this.lost) toast(unsent > 0 ? `Reconnected: sending ${unsent} ${unsent === 1 ? 'change' : 'changes'}.`
        : 'Reconnected: everything is up to date.');
      this.lost = false;
    } else if (this.session.loaded && !this.lost) {
      this.lost = true;
    }
    this.schedulePeople();
    switch (state.status) {
      case 'online':
        text = 'Connected';
        title = 'Connected: changes are shared as you type';
        break;
      case 'connecting':
        text = 'Connecting…';
        title = 'Connecting to the server';
        break;
      case 'offline': {
        const seconds = Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000));
        text = `Offline${pending}`;
        title = `${state.reason ? `${state.reason} ` : ''}Offline: you can keep editing; changes are sent when`
          + ` the connection is back. Retrying in ${seconds} s (click to retry now).`;
        this.retryTicker = setInterval(() => this.renderConnection(this.session.connection), 1000);
        break;
      }
      case 'stopped':
        text = 'Disconnected';
        title = `${state.message} Click to try again.`;
        break;
    }
    this.connection.dataset.state = state.status;
    this.connection.title = title;
    this.connection.setAttribute('aria-label', title);
    replaceChildren(this.connection, h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', {}, text));
    this.banner.render(state, this.session.loaded, unsent);
    if (!this.session.loaded && state.status !== 'online' && state.status !== 'connecting') {
      this.title.textContent = 'Not opened';
    }
    this.updateEditable();
    this.renderStatus();
  }

  /**
   * Redraws carets and the people list once the current editor update is over (a local edit reports moved carets
   * from inside CodeMirror's update listener; several reports in one task draw once).
   */
  private schedulePeople(): void {
    if (this.peopleScheduled) return;
    this.peopleScheduled = true;
    queueMicrotask(() => {
      this.peopleScheduled = false;
      this.editor.showPeople(this.people, this.lost);
      this.authorship.peopleChanged();
      this.renderPeople();
      this.editorPane.dataset.presence = this.lost ? 'stale' : 'live';
    });
  }

  private renderPeople(): void {
    this.peoplePanel.render({ ...this.me, readOnly: this.session.readOnly }, this.people, this.lost,
      { leaderId: this.following.leaderId, myId: this.session.authorId });
  }

  private renderCursor(): void {
    const state = this.editor.view.state;
    const head = state.selection.main.head;
    const line = state.doc.lineAt(head);
    const selections = state.selection.ranges.length;
    this.status.cursor.textContent = `Ln ${line.number}, Col ${head - line.from + 1}`
      + (selections > 1 ? ` · ${selections} selections` : '');
  }

  private renderStatus(): void {
    const lines = this.editor.view.state.doc.lines;
    this.status.size.textContent = `${lines} ${lines === 1 ? 'line' : 'lines'}`;
    const revision = this.session.revision;
    this.status.revision.textContent = revision === null ? '' : `Revision ${revision}`;
    this.status.revision.dataset.revision = revision === null ? '' : String(revision);
    const unsent = this.session.unacknowledged;
    this.status.saved.textContent = !this.session.loaded ? 'Not loaded'
      : unsent === 0 ? 'All changes saved' : `${unsent} ${unsent === 1 ? 'change' : 'changes'} not yet saved`;
    this.status.saved.dataset.unsaved = String(unsent);
    if (this.lost) this.banner.render(this.session.connection, true, unsent);
    this.renderCursor();
  }

  /** Over the editor while the document is not loaded: that it loads, or that it could not be opened yet. */
  private renderNotice(): void {
    const state = this.session.connection;
    this.editorNotice.hidden = this.session.loaded;
    if (this.session.loaded) return;
    const failed = state.status === 'stopped' || (state.status !== 'online' && state.reason !== undefined);
    this.editorNotice.textContent = failed ? 'The document could not be opened. The banner above says why;'
      + ' it opens here as soon as it can.' : 'Loading the document…';
    this.editorNotice.dataset.state = failed ? 'failed' : 'loading';
  }

  private renderIdentity(): void {
    const dot = h('span', { class: 'avatar' }, initials(this.me.name));
    dot.style.background = this.me.color;
    replaceChildren(this.identityButton, dot, h('span', { class: 'identity-name' }, this.me.name));
    this.identityButton.title = `You are ${this.me.name}. Click to change your name or color.`;
  }

  private colorOf(clientId: string, name: string): string {
    if (name === this.me.name) return this.me.color;
    return this.people.find((p) => p.clientId === clientId)?.color ?? colorForName(name);
  }

  // ---- actions -----------------------------------------------------------------------------------------------

  private async copy(text: string, done: string): Promise<void> {
    toast((await copyText(text)) ? done : `Copy this link: ${text}`);
  }

  private async copyReadOnlyLink(): Promise<void> {
    if (this.readOnlyId === null) await this.lookUpReadOnlyId();
    if (this.readOnlyId === null) {
      toast('This document has no read-only link: it was not created with "New document".', undefined, 'error');
      return;
    }
    await this.copy(documentUrl(this.readOnlyId), 'Read-only link copied: it lets people watch, not edit');
  }

  private async lookUpReadOnlyId(): Promise<void> {
    const id = await readOnlyIdOf(this.docId);
    if (id !== null) {
      this.readOnlyId = id;
      rememberDocument(this.docId, { readOnlyId: id });
    }
  }

  private download(): void {
    download(this.fileName(), this.editor.text());
  }

  /** The document's title as a file name, with its language's extension. */
  private fileName(): string {
    const base = (this.title.textContent ?? '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40)
      || this.docId;
    return `${base}.${languageMode(this.language).extension}`;
  }

  private toggleSide(): void {
    this.workspace.classList.toggle('side-hidden');
  }

  private toggleHistory(): void {
    if (this.history !== null) {
      this.closeHistory();
      return;
    }
    this.history = new HistoryView({
      docId: this.docId,
      theme: this.theme,
      readOnly: this.session.readOnly,
      restore: (text, revision) => {
        if (!this.session.loaded || this.session.readOnly) {
          toast('The document cannot be edited right now.', undefined, 'error');
          return;
        }
        this.editor.replaceWith(text);
        this.closeHistory();
        toast(`Restored revision ${revision} as a new change. Undo brings back what was there.`);
      },
      nameVersion: this.session.readOnly ? null : (revision, name) => this.session.submitVersionName(revision, name),
      fork: this.session.readOnly ? null : (revision) => void forkAndOpen(this.docId, revision, this.me.name,
        this.navigate),
      close: () => this.closeHistory(),
    });
    this.editorPane.hidden = true;
    this.workspace.prepend(this.history.element);
    void this.history.open();
  }

  private closeHistory(): void {
    this.history?.destroy();
    this.history = null;
    this.editorPane.hidden = false;
    this.editor.focus();
  }

  /**
   * Keys of the whole page. Ctrl/Cmd+Z and +Y outside a text field are the editor's own undo and redo (the browser's
   * would undo the editor's DOM behind its back: another line, someone else's text); F1, and ? outside anything one
   * types into, show the shortcuts; Ctrl/Cmd+S says that saving is automatic.
   */
  private pageKey(event: KeyboardEvent): void {
    const mod = (event.ctrlKey || event.metaKey) && !event.altKey;
    const key = event.key.toLowerCase();
    if (mod && key === 's') {
      event.preventDefault();
      toast(this.session.unacknowledged > 0 ? 'Saving… changes are sent as you type.'
        : 'Everything is saved: changes are sent as you type.');
    } else if (mod && (key === 'z' || key === 'y')) {
      if (this.editor.hasFocus || typesText(event.target) || this.history !== null || shortcutsOpen()) return;
      event.preventDefault();
      if (key === 'y' || event.shiftKey) this.editor.redo();
      else this.editor.undo();
    } else if (event.key === 'F1' || (event.key === '?' && !mod && !this.editor.hasFocus && !typesText(event.target))) {
      event.preventDefault();
      this.showShortcuts();
    }
  }

  private showShortcuts(): void {
    if (document.querySelector('dialog[open]') !== null) return;
    showShortcuts(() => this.editor.focus());
  }

  /** The user wrote into a plain-text document: once the text shows its language, make it the document's. */
  private detectTheLanguage(): void {
    if (!this.detectLanguage || this.language !== 'plaintext' || !this.session.loaded || this.session.readOnly) return;
    const language = detectLanguage(this.editor.text());
    if (language === null) return;
    this.detectLanguage = false;
    this.session.submitLanguage(language);
    toast(`This looks like ${languageMode(language).label}: highlighting it for everyone. The language menu changes it.`);
  }

  private editIdentity(): void {
    const nameInput = h('input', { type: 'text', value: this.me.name, maxlength: 64, testid: 'identity-name',
      id: 'identity-name', required: true });
    let color = this.me.color;
    const swatches = h('div', { class: 'swatches', role: 'radiogroup', 'aria-label': 'Your color' });
    const render = () => replaceChildren(swatches, ...PALETTE.map((c) => {
      const b = h('button', { type: 'button', class: 'swatch', role: 'radio', 'aria-checked': String(c === color),
        'aria-label': c });
      b.style.setProperty('--swatch', c);
      b.addEventListener('click', () => {
        color = c;
        render();
      });
      return b;
    }));
    render();
    const dialog = h('dialog', { class: 'dialog', testid: 'identity-dialog' },
      h('form', { method: 'dialog' },
        h('h2', {}, 'How others see you'),
        h('label', { for: 'identity-name' }, 'Name'), nameInput,
        h('span', { class: 'label' }, 'Color'), swatches,
        h('div', { class: 'dialog-buttons' },
          h('button', { value: 'cancel', type: 'submit', class: 'secondary', formnovalidate: true }, 'Cancel'),
          h('button', { value: 'save', type: 'submit', class: 'primary', testid: 'identity-save' }, 'Save'))));
    dialog.addEventListener('close', () => {
      const name = cleanName(nameInput.value);
      if (dialog.returnValue === 'save' && name && (name !== this.me.name || color !== this.me.color)) {
        Object.assign(this.me, { name, color });
        saveIdentity({ name, color });
        this.renderIdentity();
        this.renderPeople();
        this.session.rename(name, color);
        this.authorship.renamed();
      }
      dialog.remove();
      this.editor.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
    nameInput.select();
  }
}

function toolButton(path: string, label: string, testid: string, run: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'tool icon-only', testid, title: label, 'aria-label': label },
    icon(path));
  b.addEventListener('click', run);
  return b;
}

/** Whether key presses at `target` type text there (a field, or an editable element other than the editor). */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
    || target instanceof HTMLSelectElement || target.isContentEditable;
}

/** What an empty document shows in the editor. */
function emptyHint(readOnly: boolean): HTMLElement {
  return h('span', { class: 'empty-hint', testid: 'empty-hint' }, readOnly
    ? 'This document is empty so far. What others write appears here as they type.'
    : 'Start typing, or paste code: the language is detected. Share the link to write together. F1 lists the shortcuts.');
}
