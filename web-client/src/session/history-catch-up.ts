import { ApiError, type CommittedEdit } from '../api/rest';
import type { ServerMessage } from '../protocol/messages';

/**
 * Catching up from the history API (docs/protocol.md, sections 4 and 14) when the gateway cannot replay what a
 * client missed (`CANNOT_RESUME`: it was away longer than the gateway's resume window). The client keeps its
 * document, revision, clientId and unacknowledged edits; it reads every revision after its own from the history
 * and applies each exactly as if the gateway had replayed it (its own edit as the `ack`, any other as
 * `committed`), so its edits are transformed over each of the others one at a time, by the same client
 * algorithm, and an edit of its own that was committed while it was away is settled and never sent again. Then it
 * joins with its new revision, which the gateway can resume, and resends its edit in flight with its clientSeq.
 */

/** One page of committed edits from the history API. */
export interface HistoryPage {
  readonly ops: readonly CommittedEdit[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: number;
}

/** Reads one page of the committed edits of revisions `from` to the head. */
export type ReadHistory = (from: number, signal: AbortSignal) => Promise<HistoryPage>;

export type CatchUpOutcome =
  /** Every revision up to the history's head was applied (`applied` of them: 0 when it had none yet). */
  | { readonly kind: 'caught-up'; readonly applied: number }
  /** The history cannot be read now (the network, the snapshot service); what was applied stays applied. */
  | { readonly kind: 'unavailable'; readonly reason: string }
  /** The history does not hold what this client needs (an unknown document, revisions it does not have). */
  | { readonly kind: 'impossible'; readonly reason: string }
  /** `apply` declined an edit, or the catch-up was aborted: the session gave it up. */
  | { readonly kind: 'abandoned' };

/** Codes of the history API that no retry changes: the history does not hold the revisions asked for. */
const PERMANENT = new Set(['UNKNOWN_DOCUMENT', 'REVISION_OUT_OF_RANGE', 'INVALID_PARAMETER', 'NOT_FOUND',
  'METHOD_NOT_ALLOWED', 'NOT_ACCEPTABLE']);

/**
 * Applies the committed edits of revisions `from` to the history's head, in order, each once, following the
 * pages. `apply` returns false to stop. A page that skips a revision, or an answer that cannot be read, is
 * `impossible`: the edits cannot be placed on it.
 */
export async function replayHistory(read: ReadHistory, from: number, apply: (edit: CommittedEdit) => boolean,
  signal: AbortSignal): Promise<CatchUpOutcome> {
  let expected = from;
  for (let next: number | undefined = from; next !== undefined;) {
    let page: HistoryPage;
    try {
      page = await read(next, signal);
    } catch (e) {
      return signal.aborted ? { kind: 'abandoned' } : failure(e);
    }
    if (signal.aborted) return { kind: 'abandoned' };
    for (const edit of page.ops) {
      if (edit.revision !== expected) {
        return { kind: 'impossible', reason: `the history gave revision ${edit.revision} where ${expected} was due` };
      }
      if (!apply(edit)) return { kind: 'abandoned' };
      expected++;
    }
    if (page.next !== undefined && page.next !== expected) {
      return { kind: 'impossible', reason: `the history's next page starts at ${page.next}, not ${expected}` };
    }
    next = page.next;
  }
  return { kind: 'caught-up', applied: expected - from };
}

function failure(e: unknown): CatchUpOutcome {
  if (e instanceof ApiError) {
    const reason = `the history API answered ${e.status} ${e.code}: ${e.message}`;
    return PERMANENT.has(e.code) || e.status === 404 ? { kind: 'impossible', reason } : { kind: 'unavailable', reason };
  }
  // fetch rejects with a TypeError when the network fails; anything else is an answer this client cannot read
  const reason = `reading the history failed: ${(e as Error)?.message ?? String(e)}`;
  return e instanceof TypeError ? { kind: 'unavailable', reason } : { kind: 'impossible', reason };
}

/** A committed edit as the gateway would have delivered it to `clientId` (protocol section 10). */
export function asDelivered(edit: CommittedEdit, clientId: string): ServerMessage {
  if (edit.clientId === clientId) return { type: 'ack', clientSeq: edit.clientSeq, revision: edit.revision };
  return { type: 'committed', revision: edit.revision, clientId: edit.clientId, clientSeq: edit.clientSeq,
    edit: edit.edit, committedAt: edit.committedAt, authorName: edit.authorName };
}

/** What a catch-up does to its session. */
export interface CatchUpTarget {
  /** Applies one committed edit as the gateway would have delivered it; false if the session gave its state up. */
  apply(edit: CommittedEdit): boolean;
  /** Caught up: join again with the new revision, which the gateway can resume. */
  rejoin(): void;
  /** Keeps everything and tries again after a back-off; `reason` is for the person meanwhile. */
  retryLater(reason: string): void;
  /** The edits cannot be placed on the document: resync, offering the person their version. */
  resync(reason: string): void;
}

/** Catch-ups in a row that found nothing after the client's revision before it stops waiting for the history. */
export const EMPTY_CATCH_UPS_BEFORE_RESYNC = 5;

export const HISTORY_UNAVAILABLE = 'This tab was away too long to catch up directly, and the document\'s history'
  + ' cannot be reached to merge your changes. They are kept in this tab.';
export const HISTORY_BEHIND = 'This tab was away too long to catch up directly, and the document\'s history is'
  + ' not up to date yet. Your changes are kept in this tab.';

/**
 * One session's catch-ups: at most one runs at a time (a newer one abandons the older), and one the session gave
 * up ({@link cancel}) never reports. A history that cannot be reached is retried with the connection's back-off
 * for as long as it takes (the edits wait in the tab, as offline); one that does not hold the revisions needed
 * ends in a resync. So does a history that stays behind the client (the gateway and the snapshot service
 * disagree): after {@link EMPTY_CATCH_UPS_BEFORE_RESYNC} catch-ups in a row that found nothing new.
 */
export class HistoryCatchUp {
  private running: AbortController | null = null;
  private emptyInARow = 0;

  constructor(private readonly read: ReadHistory, private readonly log: (message: string) => void,
    private readonly notice: (message: string) => void) {}

  /** Applies every revision from `from` on to `target`, then tells it what to do next. */
  start(from: number, target: CatchUpTarget): void {
    this.cancel();
    const abort = new AbortController();
    this.running = abort;
    const settled = (outcome: CatchUpOutcome) => {
      if (this.running !== abort) return;
      this.running = null;
      this.finish(outcome, from - 1, target);
    };
    // applying a revision that throws is a bug here; the edits are then kept for the person by a resync
    replayHistory(this.read, from, (edit) => target.apply(edit), abort.signal).then(settled,
      (e: unknown) => settled({ kind: 'impossible', reason: `applying the history failed: ${String(e)}` }));
  }

  /** The session gave the catch-up up (it resynced, or is gone): one still running never reports. */
  cancel(): void {
    this.running?.abort();
    this.running = null;
  }

  /** The gateway resumed the session: the history did its part. */
  resumed(): void {
    this.emptyInARow = 0;
  }

  private finish(outcome: CatchUpOutcome, from: number, target: CatchUpTarget): void {
    switch (outcome.kind) {
      case 'caught-up':
        if (outcome.applied > 0) {
          this.log(`caught up from the history: revisions ${from + 1} to ${from + outcome.applied}`);
          this.notice(`Caught up with ${outcome.applied} revisions made while this tab was away;`
            + ' your changes are kept.');
          target.rejoin();
        } else if (++this.emptyInARow < EMPTY_CATCH_UPS_BEFORE_RESYNC) {
          this.log(`the history holds nothing after revision ${from} yet; trying again later`);
          target.retryLater(HISTORY_BEHIND);
        } else {
          target.resync(`the history holds nothing after revision ${from}, which the gateway cannot resume`);
        }
        return;
      case 'unavailable':
        this.log(`${outcome.reason}; trying again later`);
        target.retryLater(HISTORY_UNAVAILABLE);
        return;
      case 'impossible':
        target.resync(outcome.reason);
        return;
      case 'abandoned':
    }
  }
}
