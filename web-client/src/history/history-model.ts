import type { CommittedEdit } from '../api/rest';
import { applyAuthorship, type Authorship } from '../ot/authorship';
import { apply } from '../ot/ot';
import { languageAfter, textOpOf } from '../ot/ot-client';
import { isNoop } from '../ot/text-operation';

/** The document as it was at one revision, with who wrote each part of it. */
export interface RevisionState {
  readonly revision: number;
  readonly text: string;
  readonly language: string;
  /** Author of each code point, as indexes into {@link HistoryModel.authors}. */
  readonly authorship: Authorship;
}

/** Fetches the committed edits of revisions `from`.. one page at a time (the `ops` API). */
export type OpsFetcher = (from: number) => Promise<{ ops: CommittedEdit[]; next?: number; headRevision: number }>;

const CHECKPOINT_EVERY = 100;

/**
 * A document's history, folded in the browser from revision 0 (the empty document) through every committed edit
 * the history API returns. Folding from the start is what makes authorship exact: each code point is attributed
 * to the person whose edit inserted it, which no snapshot records. The text and authorship of every 100th
 * revision are kept, so any revision is at most 99 edits away.
 */
export class HistoryModel {
  private readonly edits: CommittedEdit[] = [];
  private readonly checkpoints: RevisionState[] = [
    { revision: 0, text: '', language: 'plaintext', authorship: [] },
  ];
  private current: RevisionState = this.checkpoints[0]!;
  private readonly authorIndexes = new Map<string, number>();
  /** Author names in order of first appearance. */
  readonly authors: string[] = [];
  head = 0;

  constructor(private readonly fetchOps: OpsFetcher) {}

  /** Revisions folded so far: states up to it are available. */
  get loaded(): number {
    return this.edits.length;
  }

  /**
   * Loads edits up to the head (as the API reports it at the start), page by page, calling `progress` after each.
   * Stops early when `signal` is aborted.
   */
  async load(progress: (loaded: number, head: number) => void, signal?: AbortSignal): Promise<void> {
    let from = this.loaded + 1;
    for (;;) {
      if (signal?.aborted) return;
      const page = await this.fetchOps(from);
      this.head = Math.max(this.head, page.headRevision);
      for (const e of page.ops) this.append(e);
      progress(this.loaded, this.head);
      if (page.next === undefined || page.ops.length === 0) return;
      from = page.next;
    }
  }

  /** The committed edit of revision `revision` (1-based), once loaded. */
  edit(revision: number): CommittedEdit | undefined {
    return this.edits[revision - 1];
  }

  /** The document at `revision`, or null if the history is not loaded that far yet. */
  stateAt(revision: number): RevisionState | null {
    if (revision < 0 || revision > this.loaded) return null;
    let state = this.current.revision <= revision && revision - this.current.revision < CHECKPOINT_EVERY
      ? this.current
      : this.checkpoints[Math.floor(revision / CHECKPOINT_EVERY)]!;
    while (state.revision < revision) state = this.step(state, this.edits[state.revision]!);
    this.current = state;
    return state;
  }

  authorIndex(name: string): number {
    let index = this.authorIndexes.get(name);
    if (index === undefined) {
      index = this.authors.length;
      this.authors.push(name);
      this.authorIndexes.set(name, index);
    }
    return index;
  }

  private append(edit: CommittedEdit): void {
    if (edit.revision !== this.loaded + 1) {
      throw new Error(`history has a gap: revision ${edit.revision} after ${this.loaded}`);
    }
    this.edits.push(edit);
    this.authorIndex(edit.authorName);
    if (edit.revision % CHECKPOINT_EVERY === 0) {
      const previous = this.checkpoints[this.checkpoints.length - 1]!;
      let state = previous;
      while (state.revision < edit.revision) state = this.step(state, this.edits[state.revision]!);
      this.checkpoints.push(state);
    }
  }

  private step(state: RevisionState, e: CommittedEdit): RevisionState {
    const op = textOpOf(e.edit);
    const language = languageAfter(e.edit, state.language);
    if (isNoop(op)) return { ...state, revision: e.revision, language };
    return {
      revision: e.revision,
      text: apply(state.text, op),
      language,
      authorship: applyAuthorship(state.authorship, op, this.authorIndex(e.authorName)),
    };
  }
}
