import type { EditorView } from '@codemirror/view';
import { ApiError, authorship as fetchAuthorship, type DocumentAuthorship } from '../api/rest';
import {
  type AuthorColors, type AuthorRef, authorsShown, authorshipMarks, loadAuthorship, recolorAuthors, renameAuthor,
  startAuthorship, stopAuthorship,
} from '../editor/authorship-marks';
import type { TextOperation } from '../ot/text-operation';
import type { Person } from '../session/presence-tracker';
import { colorForName } from './colors';
import { h, icon, ICONS, replaceChildren } from './dom';
import { toast } from './toast';

/** What live authorship needs from the page. */
export interface LiveAuthorshipHost {
  readonly docId: string;
  readonly view: EditorView;
  /** The revision the session holds and the user's unacknowledged text ops on it; null while not loaded. */
  readonly position: () => { readonly revision: number; readonly pending: readonly TextOperation[] } | null;
  /** The user: the clientId their edits are committed under, their name and color. */
  readonly me: () => AuthorRef & { readonly color: string };
  readonly people: () => readonly Person[];
  /** The history API's `/authorship` (default: the gateway's); at the service's head when `revision` is absent. */
  readonly fetch?: (revision?: number) => Promise<DocumentAuthorship>;
  readonly wait?: (ms: number) => Promise<void>;
}

const ATTEMPTS = 30;

/**
 * The Authorship toggle of the editor's top bar and its legend. On: the runs are fetched once, at the revision the
 * session holds (waiting, without an error, while the snapshot service has not folded that far), and from then on
 * {@link authorshipMarks} keeps them up to date by mapping them through every change the editor applies, so nothing
 * is fetched again until the text is reloaded (a resync). Off: the marks are dropped. Colors are the carets': a
 * person here now by clientId, else by name, else the color of the name (as in the history and the chat).
 */
export class LiveAuthorship {
  readonly button: HTMLButtonElement;
  readonly legend = h('div', { class: 'authorship-legend', testid: 'authorship-legend', hidden: true,
    'aria-live': 'polite' });
  private on = false;
  private token = 0;
  private colorsKey = '';
  private legendScheduled = false;
  private readonly fetch: (revision?: number) => Promise<DocumentAuthorship>;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(private readonly host: LiveAuthorshipHost) {
    this.fetch = host.fetch ?? ((revision) => fetchAuthorship(host.docId, revision));
    this.wait = host.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.button = h('button', {
      type: 'button', class: 'tool icon-only', testid: 'authorship-toggle', 'aria-pressed': 'false',
      title: 'Authorship: color the text by who wrote it', 'aria-label': 'Authorship',
    }, icon(ICONS.pen));
    this.button.addEventListener('click', () => this.toggle());
  }

  get active(): boolean {
    return this.on;
  }

  toggle(): void {
    this.on = !this.on;
    this.button.setAttribute('aria-pressed', String(this.on));
    this.legend.hidden = !this.on;
    if (this.on) {
      this.start();
    } else {
      this.token++;
      this.host.view.dispatch({ effects: stopAuthorship.of(null) });
    }
  }

  /** The document was (re)loaded from a snapshot: the runs start again from it. */
  reloaded(): void {
    if (this.on) this.start();
  }

  /** The text changed (either way): redraw the legend; start again if the marks went stale. */
  changed(): void {
    if (!this.on) return;
    const status = this.host.view.state.field(authorshipMarks).status;
    if (status === 'stale') queueMicrotask(() => this.start());
    this.scheduleLegend();
  }

  /** Who is here changed: their colors may have. */
  peopleChanged(): void {
    if (!this.on) return;
    const key = this.key();
    if (key === this.colorsKey) return;
    this.colorsKey = key;
    this.host.view.dispatch({ effects: recolorAuthors.of(this.colors()) });
    this.scheduleLegend();
  }

  /** The user renamed themselves: what they type next is under the new name. */
  renamed(): void {
    const { clientId, name } = this.host.me();
    if (this.on) this.host.view.dispatch({ effects: renameAuthor.of({ clientId, name }) });
  }

  dispose(): void {
    this.token++;
  }

  private start(): void {
    const token = ++this.token;
    const position = this.host.position();
    if (position === null) {
      this.renderLegend(); // reloaded() starts again once the document is loaded
      return;
    }
    const { clientId, name } = this.host.me();
    this.colorsKey = this.key();
    this.host.view.dispatch({
      effects: startAuthorship.of({ token, me: { clientId, name }, pending: position.pending, colors: this.colors() }),
    });
    this.renderLegend();
    if (position.revision === 0) {
      this.host.view.dispatch({ effects: loadAuthorship.of({ token, runs: [] }) });
      this.renderLegend();
      return;
    }
    void this.load(token, position.revision);
  }

  /**
   * The runs at `revision`. The snapshot service may not have folded it yet (it trails the log by a moment): its
   * head is asked first, and `revision` only once the head has reached it, so the wait logs no failed request.
   */
  private async load(token: number, revision: number): Promise<void> {
    let delay = 200;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        let answer = await this.fetch();
        if (answer.headRevision > revision) answer = await this.fetch(revision);
        if (token !== this.token) return;
        if (answer.revision === revision) {
          this.host.view.dispatch({ effects: loadAuthorship.of({ token, runs: answer.runs }) });
          if (this.host.view.state.field(authorshipMarks).status === 'failed') {
            console.warn(`tandem: the authorship of revision ${revision} does not fit the text`);
          }
          this.renderLegend();
          return;
        }
      } catch (e) {
        if (token !== this.token) return;
        // a document the service has no revision of yet is unknown for a moment; anything else is worth a word
        if (!(e instanceof ApiError && e.code === 'UNKNOWN_DOCUMENT')) {
          console.warn(`tandem: loading the authorship failed (attempt ${attempt})`, e);
        }
      }
      await this.wait(delay);
      delay = Math.min(delay * 2, 2000);
      if (token !== this.token) return;
    }
    toast('Authorship could not be loaded: the history service does not answer. Try again later.', undefined,
      'error');
    this.toggle();
  }

  private colors(): AuthorColors {
    const me = this.host.me();
    const people = this.host.people();
    return (author) => {
      if (author.clientId === me.clientId) return me.color;
      const person = people.find((p) => p.clientId === author.clientId) ?? people.find((p) => p.name === author.name);
      if (person) return person.color;
      return author.name === me.name ? me.color : colorForName(author.name);
    };
  }

  /** What the colors depend on. */
  private key(): string {
    const me = this.host.me();
    return [`${me.clientId}:${me.name}:${me.color}`,
      ...this.host.people().map((p) => `${p.clientId}:${p.name}:${p.color}`)].join('\n');
  }

  private scheduleLegend(): void {
    if (this.legendScheduled) return;
    this.legendScheduled = true;
    queueMicrotask(() => {
      this.legendScheduled = false;
      this.renderLegend();
    });
  }

  /** Each person (by name) whose text is in the document, with their color and share of it. */
  private renderLegend(): void {
    const marks = this.host.view.state.field(authorshipMarks);
    this.legend.dataset.state = this.on ? marks.status : 'off';
    if (marks.status !== 'on') {
      replaceChildren(this.legend, h('span', { class: 'authorship-note' }, marks.status === 'failed'
        ? 'Authorship is not shown: it did not match the text. Turn it off and on to load it again.'
        : 'Loading who wrote what…'));
      return;
    }
    const byName = new Map<string, { author: AuthorRef; codePoints: number }>();
    let total = 0;
    for (const entry of authorsShown(marks)) {
      total += entry.codePoints;
      const seen = byName.get(entry.author.name);
      byName.set(entry.author.name, { author: seen?.author ?? entry.author,
        codePoints: (seen?.codePoints ?? 0) + entry.codePoints });
    }
    const items = [...byName.values()].map(({ author, codePoints }) => {
      const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
      dot.style.background = marks.colors(author);
      return h('span', { class: 'authorship-legend-item', testid: 'authorship-legend-item',
        title: `${author.name} wrote ${codePoints} of ${total} characters` },
        dot, h('span', { class: 'name' }, author.name),
        h('span', { class: 'share' }, `${Math.round((100 * codePoints) / Math.max(total, 1))}%`));
    });
    replaceChildren(this.legend, h('span', { class: 'authorship-note' }, 'Written by'),
      ...(items.length > 0 ? items : [h('span', { class: 'authorship-note' }, 'nobody yet')]));
  }
}
