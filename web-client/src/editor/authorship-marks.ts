import { Annotation, type EditorState, type Range, StateEffect, StateField, Transaction } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';
import { applyAuthorship, type Authorship } from '../ot/authorship';
import type { TextOperation } from '../ot/text-operation';
import { astralIndex } from './astral-index';
import { changesToOp } from './changes';

/** Who wrote a piece of text: the clientId and name of the committed edit (protocol section 14, Authorship). */
export interface AuthorRef {
  readonly clientId: string;
  readonly name: string;
}

/** A run as the history API sends it: `length` code points by `author` (a clientId) under `name`. */
export interface AuthorRun {
  readonly length: number;
  readonly author: string;
  readonly name: string;
}

/** The color an author's text is marked with. */
export type AuthorColors = (author: AuthorRef) => string;

/**
 * Turns live authorship on, for the document as it is now: the server's runs at `revision` will follow
 * ({@link loadAuthorship}); `pending` are the user's own unacknowledged text ops, which the editor's text holds on top
 * of that revision. Every change from here on is recorded and replayed on the runs when they arrive.
 */
export const startAuthorship = StateEffect.define<{
  readonly token: number; readonly me: AuthorRef; readonly pending: readonly TextOperation[];
  readonly colors: AuthorColors;
}>();
/** The server's runs for the start with `token` (a later start makes an earlier answer moot). */
export const loadAuthorship = StateEffect.define<{ readonly token: number; readonly runs: readonly AuthorRun[] }>();
export const stopAuthorship = StateEffect.define<null>();
/** The user's own name changed (the clientId stays): what they type from now on is under it. */
export const renameAuthor = StateEffect.define<AuthorRef>();
/** The colors changed (someone joined or picked another color): the marks are redrawn. */
export const recolorAuthors = StateEffect.define<AuthorColors>();
/** The author of a remote change: set by the editor on the transaction that applies someone else's op. */
export const changeAuthor = Annotation.define<AuthorRef>();

/**
 * Where live authorship is: `off`; `loading` (waiting for the server's runs, changes recorded meanwhile); `on`;
 * `stale` when the text was replaced by something that is not an op (a snapshot after a resync): start again; and
 * `failed` when the runs did not fit the text (a bug somewhere: they are not shown rather than shown wrong).
 */
export type AuthorshipStatus = 'off' | 'loading' | 'on' | 'stale' | 'failed';

/** Authors by index; only grows, so the indexes in every state's runs stay valid. */
export class AuthorTable {
  readonly authors: AuthorRef[] = [];
  private readonly indexes = new Map<string, number>();

  indexOf(author: AuthorRef): number {
    const key = `${author.clientId}\u0000${author.name}`;
    let index = this.indexes.get(key);
    if (index === undefined) {
      index = this.authors.length;
      this.authors.push({ clientId: author.clientId, name: author.name });
      this.indexes.set(key, index);
    }
    return index;
  }
}

export interface AuthorshipMarks {
  readonly status: AuthorshipStatus;
  readonly token: number;
  readonly me: AuthorRef | null;
  readonly table: AuthorTable;
  /** In code points of the editor's document; null unless `on`. */
  readonly runs: Authorship | null;
  /** Changes made while `loading`, as ops with their author's index, in order. */
  readonly backlog: ReadonlyArray<readonly [TextOperation, number]>;
  readonly colors: AuthorColors;
  readonly decorations: DecorationSet;
}

const OFF: AuthorshipMarks = {
  status: 'off', token: 0, me: null, table: new AuthorTable(), runs: null, backlog: [], colors: () => '#888888',
  decorations: Decoration.none,
};

/** The authors of the current runs with the code points each wrote, most first. */
export function authorsShown(marks: AuthorshipMarks): Array<{ author: AuthorRef; codePoints: number }> {
  const counts = new Map<number, number>();
  for (const run of marks.runs ?? []) counts.set(run.author, (counts.get(run.author) ?? 0) + run.length);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])
    .map(([index, codePoints]) => ({ author: marks.table.authors[index]!, codePoints }));
}

/**
 * Colors the text by who wrote it. The runs (code points) come once from the server, at the revision the session
 * holds, and are then mapped through every change the editor applies: the user's own (under their clientId), and
 * others' (under the author each remote transaction carries, {@link changeAuthor}). Mapping an op moves authorship
 * exactly as the server's fold does, so the marks stay what the server would say without asking it again.
 */
export const authorshipMarks = StateField.define<AuthorshipMarks>({
  create: () => OFF,
  update(marks, tr) {
    let next = marks;
    if (tr.docChanged && (marks.status === 'on' || marks.status === 'loading')) next = mapChange(marks, tr);
    for (const effect of tr.effects) {
      if (effect.is(startAuthorship)) {
        const table = new AuthorTable();
        const me = table.indexOf(effect.value.me);
        next = {
          ...OFF, status: 'loading', token: effect.value.token, me: effect.value.me, table, colors: effect.value.colors,
          backlog: effect.value.pending.map((op) => [op, me] as const),
        };
      } else if (effect.is(loadAuthorship) && next.status === 'loading' && effect.value.token === next.token) {
        next = load(next, effect.value.runs, tr.state);
      } else if (effect.is(stopAuthorship)) {
        next = OFF;
      } else if (effect.is(renameAuthor) && next.me !== null) {
        next = { ...next, me: effect.value };
      } else if (effect.is(recolorAuthors) && next.status !== 'off') {
        next = { ...next, colors: effect.value };
      }
    }
    if (next === marks) return marks;
    const redraw = next.runs !== marks.runs || next.colors !== marks.colors || next.status !== marks.status;
    return redraw ? { ...next, decorations: decorationsFor(next, tr.state) } : next;
  },
  provide: (field) => EditorView.decorations.from(field, (marks) => marks.decorations),
});

function mapChange(marks: AuthorshipMarks, tr: Transaction): AuthorshipMarks {
  const remote = tr.annotation(Transaction.remote) === true;
  const by = tr.annotation(changeAuthor) ?? (remote ? null : marks.me);
  if (by === null) return { ...marks, status: 'stale', runs: null, backlog: [] }; // replaced, not edited
  const op = changesToOp(tr.changes, tr.startState.field(astralIndex));
  const author = marks.table.indexOf(by);
  if (marks.status === 'loading') return { ...marks, backlog: [...marks.backlog, [op, author]] };
  try {
    return { ...marks, runs: applyAuthorship(marks.runs!, op, author) };
  } catch {
    return { ...marks, status: 'failed', runs: null };
  }
}

function load(marks: AuthorshipMarks, runs: readonly AuthorRun[], state: EditorState): AuthorshipMarks {
  try {
    let spans: Authorship = runs.map((r) => ({
      length: r.length, author: marks.table.indexOf({ clientId: r.author, name: r.name }),
    }));
    for (const [op, author] of marks.backlog) spans = applyAuthorship(spans, op, author);
    const covered = spans.reduce((sum, s) => sum + s.length, 0);
    if (covered !== state.field(astralIndex).length(state.doc)) throw new RangeError('the runs do not cover the text');
    return { ...marks, status: 'on', runs: spans, backlog: [] };
  } catch {
    return { ...marks, status: 'failed', runs: null, backlog: [] };
  }
}

function decorationsFor(marks: AuthorshipMarks, state: EditorState): DecorationSet {
  if (marks.status !== 'on' || marks.runs === null) return Decoration.none;
  const index = state.field(astralIndex);
  const ranges: Array<Range<Decoration>> = [];
  let cp = 0;
  for (const run of marks.runs) {
    const from = index.toUtf16(cp);
    cp += run.length;
    const author = marks.table.authors[run.author]!;
    const color = marks.colors(author);
    ranges.push(Decoration.mark({
      class: 'cm-author',
      attributes: {
        title: author.name, 'data-author': author.clientId, 'data-author-name': author.name, 'data-author-color': color,
        style: `background-color: ${color}2e; box-shadow: inset 0 -2px ${color}99`,
      },
    }).range(from, index.toUtf16(cp)));
  }
  return Decoration.set(ranges, true);
}
