import { type Extension, StateEffect, StateField } from '@codemirror/state';
import { Compartment, EditorState as State } from '@codemirror/state';
import { defaultHighlightStyle, foldGutter, syntaxHighlighting } from '@codemirror/language';
import { oneDark } from '@codemirror/theme-one-dark';
import { Decoration, type DecorationSet, EditorView, lineNumbers } from '@codemirror/view';
import {
  authorship as authorshipAt, type DocumentAt, type DocumentAuthorship, documentAt, type EditingSession,
  type NamedVersion, ops, timeline, type Timeline,
} from '../api/rest';
import { languageMode } from '../editor/languages';
import { HistoryModel, type RevisionState } from '../history/history-model';
import type { Edit } from '../ot/ot-client';
import { h, icon, ICONS, replaceChildren } from './dom';
import { colorForName } from './colors';
import { decorations, firstChange, iconButton, renderLegend, renderSessions } from './history-side';
import { VersionsPanel } from './history-versions';

const SPEEDS = [1, 2, 5, 10, 25, 50, 100];

const setHighlights = StateEffect.define<DecorationSet>();
const highlights = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update: (value, tr) => {
    for (const e of tr.effects) if (e.is(setHighlights)) return e.value;
    return value.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

export interface HistoryViewOptions {
  readonly docId: string;
  readonly theme: 'light' | 'dark';
  readonly readOnly: boolean;
  /** Make the live document's text `text` (the version of `revision`) as a new edit. */
  readonly restore: (text: string, revision: number) => void;
  /** Name `revision`; fork the document at `revision` (both absent for a read-only link). */
  readonly nameVersion: ((revision: number, name: string) => void) | null;
  readonly fork: ((revision: number) => void) | null;
  readonly close: () => void;
}

/**
 * Replaying a document's history: a slider over its revisions, playback at a chosen speed, steps by revision and
 * by editing session, who made each change and when, the text colored by author, and restoring an old version as
 * a new edit. The edits are fetched from the history API and folded in the browser from revision 0
 * ({@link HistoryModel}); until the fold reaches a revision its text comes from `/revisions/{r}` and its authorship
 * from `/authorship?revision={r}` (the snapshot service's fold, at any revision at once).
 */
export class HistoryView {
  readonly element: HTMLElement;
  private readonly model: HistoryModel;
  private readonly view: EditorView;
  private readonly language = new Compartment();
  private readonly slider: HTMLInputElement;
  private readonly info: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly sessionList: HTMLOListElement;
  private readonly ticks: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly speed: HTMLSelectElement;
  private readonly authorship: HTMLInputElement;
  private readonly restoreButton: HTMLButtonElement;
  private readonly versions: VersionsPanel;
  private readonly abort = new AbortController();
  private timeline: Timeline | null = null;
  private revision = 0;
  private shownLanguage = '';
  private playing: ReturnType<typeof setInterval> | null = null;
  private fetchTimer: ReturnType<typeof setTimeout> | null = null;
  private fetched: { revision: number; text: string; language: string; state: RevisionState | null } | null = null;

  constructor(private readonly options: HistoryViewOptions) {
    this.model = new HistoryModel((from) => ops(options.docId, from, undefined, this.abort.signal));
    this.slider = h('input', {
      type: 'range', min: 0, max: 0, value: 0, step: 1, testid: 'history-slider', 'aria-label': 'Revision',
      class: 'history-slider',
    });
    this.slider.addEventListener('input', () => this.show(Number(this.slider.value)));
    this.ticks = h('div', { class: 'history-ticks', 'aria-hidden': 'true' });
    this.info = h('div', { class: 'history-info', testid: 'history-revision-info', 'aria-live': 'polite' });
    this.progress = h('div', { class: 'history-progress', testid: 'history-progress' }, 'Loading history…');
    this.legend = h('ul', { class: 'legend', testid: 'history-legend' });
    this.sessionList = h('ol', { class: 'sessions', testid: 'history-sessions' });
    this.playButton = iconButton(ICONS.play, 'Play', 'history-play', () => this.togglePlay());
    this.speed = h('select', { testid: 'history-speed', 'aria-label': 'Playback speed' },
      ...SPEEDS.map((s) => h('option', { value: s, selected: s === 10 }, `${s} rev/s`)));
    this.speed.addEventListener('change', () => {
      if (this.playing !== null) {
        this.stop();
        this.togglePlay();
      }
    });
    this.authorship = h('input', { type: 'checkbox', checked: true, testid: 'history-authorship', id: 'hist-auth' });
    this.authorship.addEventListener('change', () => this.show(this.revision));
    this.restoreButton = h('button', { type: 'button', class: 'primary', testid: 'history-restore' },
      icon(ICONS.restore), 'Restore this version');
    this.restoreButton.addEventListener('click', () => void this.restore());
    if (options.readOnly) {
      this.restoreButton.disabled = true;
      this.restoreButton.title = 'This link is read-only';
    }

    this.versions = new VersionsPanel(options.docId, {
      revision: () => this.revision, jump: (r) => this.go(r), name: options.nameVersion, fork: options.fork,
    });
    const editorHost = h('div', { class: 'history-editor', testid: 'history-text' });
    this.view = new EditorView({
      parent: editorHost,
      state: State.create({
        doc: '',
        extensions: [
          State.readOnly.of(true), EditorView.editable.of(false), State.lineSeparator.of('\n'),
          lineNumbers(), foldGutter(), highlights, this.language.of([]),
          options.theme === 'dark' ? oneDark : syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          EditorView.theme({ '&': { height: '100%' }, '.cm-scroller': { fontFamily: 'var(--mono)' } }),
          EditorView.contentAttributes.of({ 'aria-label': 'Document text at the chosen revision' }),
        ],
      }),
    });

    const close = h('button', { type: 'button', class: 'secondary', testid: 'history-close' },
      icon(ICONS.close), 'Back to editing');
    close.addEventListener('click', () => options.close());
    this.element = h('section', { class: 'history', testid: 'history-view', 'aria-label': 'History' },
      h('div', { class: 'history-bar' },
        h('h2', {}, 'History'), this.progress, h('div', { class: 'spacer' }), this.versions.actions,
        this.restoreButton, close),
      h('div', { class: 'history-controls' },
        iconButton(ICONS.first, 'First revision', 'history-first', () => this.go(0)),
        iconButton(ICONS.prevSession, 'Previous session', 'history-session-back', () => this.stepSession(-1)),
        iconButton(ICONS.prev, 'Previous revision', 'history-step-back', () => this.go(this.revision - 1)),
        this.playButton,
        iconButton(ICONS.next, 'Next revision', 'history-step-forward', () => this.go(this.revision + 1)),
        iconButton(ICONS.nextSession, 'Next session', 'history-session-forward', () => this.stepSession(1)),
        iconButton(ICONS.last, 'Last revision', 'history-last', () => this.go(this.max)),
        this.speed,
        h('label', { class: 'check', for: 'hist-auth' }, this.authorship, 'Color by author')),
      h('div', { class: 'history-track' }, this.slider, this.ticks),
      this.info,
      h('div', { class: 'history-body' },
        editorHost,
        h('aside', { class: 'history-side' }, this.versions.element,
          h('h3', {}, 'Authors'), this.legend,
          h('h3', {}, 'Editing sessions'), this.sessionList)));
    this.element.addEventListener('keydown', (event) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
      if (event.key === 'ArrowLeft') this.go(this.revision - 1);
      else if (event.key === 'ArrowRight') this.go(this.revision + 1);
      else if (event.key === ' ') this.togglePlay();
      else return;
      event.preventDefault();
    });
  }

  /** Fetches the timeline, shows the head, and folds the history in the background. */
  async open(): Promise<void> {
    try {
      this.timeline = await timeline(this.options.docId, this.abort.signal);
    } catch (e) {
      if (this.abort.signal.aborted) return;
      const unknown = (e as { code?: string }).code === 'UNKNOWN_DOCUMENT';
      this.progress.textContent = unknown ? 'No history yet: nothing has been written.' : 'Could not load the history.';
      this.timeline = { headRevision: 0, idleGapSeconds: 300, sessions: [] };
    }
    this.model.head = this.timeline.headRevision;
    this.slider.max = String(this.max);
    renderSessions(this.sessionList, this.ticks, this.timeline.sessions, this.max, (r) => this.go(r));
    void this.versions.load(this.abort.signal);
    this.go(this.max);
    this.slider.focus();
    if (this.max === 0) return;
    try {
      await this.model.load((loaded, head) => {
        this.progress.textContent = loaded >= head ? '' : `Loading history… ${Math.floor((100 * loaded) / head)}%`;
        if (this.revision <= loaded && this.fetched !== null) this.show(this.revision);
      }, this.abort.signal);
      this.progress.textContent = '';
      this.show(this.revision);
    } catch (e) {
      if (!this.abort.signal.aborted) {
        this.progress.textContent = 'Could not load every revision; authorship is unavailable.';
        console.warn('tandem: history', e);
      }
    }
  }

  /** A name committed while History is open. */
  versionNamed(version: NamedVersion): void {
    this.versions.add(version);
  }

  destroy(): void {
    this.abort.abort();
    this.stop();
    if (this.fetchTimer !== null) clearTimeout(this.fetchTimer);
    this.view.destroy();
    this.element.remove();
  }

  private get max(): number {
    return this.timeline?.headRevision ?? 0;
  }

  private go(revision: number): void {
    const r = Math.max(0, Math.min(this.max, revision));
    this.slider.value = String(r);
    this.show(r);
  }

  private stepSession(direction: 1 | -1): void {
    const ends = [0, ...(this.timeline?.sessions ?? []).map((s) => s.lastRevision)];
    const target = direction > 0
      ? ends.find((e) => e > this.revision)
      : [...ends].reverse().find((e) => e < this.revision);
    if (target !== undefined) this.go(target);
  }

  private togglePlay(): void {
    if (this.playing !== null) {
      this.stop();
      return;
    }
    if (this.revision >= this.max) this.go(0);
    replaceChildren(this.playButton, icon(ICONS.pause));
    this.playButton.setAttribute('aria-label', 'Pause');
    this.playButton.title = 'Pause';
    this.playing = setInterval(() => {
      if (this.revision >= this.max) {
        this.stop();
      } else if (this.revision + 1 <= this.model.loaded) {
        this.go(this.revision + 1);
      }
    }, 1000 / Number(this.speed.value));
  }

  private stop(): void {
    if (this.playing !== null) clearInterval(this.playing);
    this.playing = null;
    replaceChildren(this.playButton, icon(ICONS.play));
    this.playButton.setAttribute('aria-label', 'Play');
    this.playButton.title = 'Play';
  }

  /** Shows revision `r`: from the fold if it reaches it, else (soon) from the API. */
  private show(r: number): void {
    this.revision = r;
    const state = this.model.stateAt(r);
    if (state !== null) {
      this.fetched = null;
      this.display(state.text, state.language, state);
    } else if (this.fetched?.revision === r) {
      this.display(this.fetched.text, this.fetched.language, this.fetched.state);
    } else {
      if (this.fetchTimer !== null) clearTimeout(this.fetchTimer);
      this.fetchTimer = setTimeout(() => {
        const signal = this.abort.signal;
        Promise.all([documentAt(this.options.docId, r, signal),
          authorshipAt(this.options.docId, r, signal).catch(() => null)]).then(([d, a]) => {
          const state = a === null ? null : this.fromServer(r, d, a);
          this.fetched = { revision: r, text: d.text, language: d.language, state };
          if (this.revision === r && this.model.stateAt(r) === null) this.display(d.text, d.language, state);
        }, () => {});
      }, 120);
    }
    this.renderInfo();
  }

  /** Revision `r` as the snapshot service has it: its text, and its authorship runs by name. */
  private fromServer(r: number, d: DocumentAt, a: DocumentAuthorship): RevisionState {
    return {
      revision: r, text: d.text, language: d.language,
      authorship: a.runs.map((run) => ({ length: run.length, author: this.model.authorIndex(run.name) })),
    };
  }

  private display(text: string, language: string, state: RevisionState | null): void {
    if (language !== this.shownLanguage) {
      this.shownLanguage = language;
      const request = language;
      void languageMode(language).load().then((ext: Extension) => {
        if (this.shownLanguage === request) this.view.dispatch({ effects: this.language.reconfigure(ext) });
      }, () => {});
    }
    const current = this.view.state.doc.toString();
    const tr = this.view.state.update({
      changes: current === text ? [] : { from: 0, to: current.length, insert: text },
    });
    this.view.dispatch(tr);
    const marks = state === null ? Decoration.none
      : decorations(this.model, state, this.view.state, this.authorship.checked);
    const changed = state === null ? undefined : firstChange(this.model, state, this.view.state);
    this.view.dispatch({
      effects: [setHighlights.of(marks),
        ...(changed === undefined ? [] : [EditorView.scrollIntoView(changed, { y: 'nearest' })])],
    });
    renderLegend(this.legend, state, this.model.authors);
  }

  private renderInfo(): void {
    const r = this.revision;
    const edit = this.model.edit(r);
    const parts: Array<Node | string> = [h('strong', {}, `Revision ${r}`), ` of ${this.max}`];
    if (r === 0) {
      parts.push(' · the empty document');
    } else if (edit) {
      const what = describeEdit(edit.edit);
      const who = h('span', { class: 'author', testid: 'history-author' }, edit.authorName);
      who.style.color = colorForName(edit.authorName);
      parts.push(` · ${what} by `, who, ` · ${new Date(edit.committedAt).toLocaleString()}`);
    }
    const session = this.sessionOf(r);
    if (session) parts.push(` · session ${(this.timeline?.sessions.indexOf(session) ?? 0) + 1}`);
    replaceChildren(this.info, ...parts);
    for (const item of this.sessionList.children) {
      item.classList.toggle('current', item === this.sessionList.children[this.timeline?.sessions.indexOf(session!) ?? -1]);
    }
  }

  private sessionOf(r: number): EditingSession | undefined {
    return this.timeline?.sessions.find((s) => s.firstRevision <= r && r <= s.lastRevision);
  }

  private async restore(): Promise<void> {
    const r = this.revision;
    const text = this.model.stateAt(r)?.text
      ?? (this.fetched?.revision === r ? this.fetched.text : (await documentAt(this.options.docId, r)).text);
    this.options.restore(text, r);
  }
}

/** What a revision did, in a few words. */
function describeEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'text': return 'edit';
    case 'language': return `language set to ${languageMode(edit.language).label}`;
    case 'chat': return 'chat message';
    case 'name': return `revision ${edit.revision} named “${edit.name}”`;
    case 'fork': return `forked from ${edit.forkedFrom.docId} at revision ${edit.forkedFrom.revision}`;
  }
}
