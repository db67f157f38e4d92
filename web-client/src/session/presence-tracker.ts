import { transformPosition } from '../ot/ot';
import { isNoop, type TextOperation } from '../ot/text-operation';
import { COLOR, type Participant, type Selection, type Viewport } from '../protocol/messages';

/** Another person in the document, with their selections as positions in this client's document. */
export interface Person {
  readonly clientId: string;
  readonly name: string;
  readonly color: string;
  readonly selections: readonly Selection[];
  /** On a read-only link: watches, cannot edit. */
  readonly readOnly: boolean;
  /** When (ms) they last moved their caret or typed, as this client saw it: their caret's name shows for a moment. */
  readonly activeAt: number;
  /** What they show of the document, moved like their selections; null when their client does not say. */
  readonly view: Viewport | null;
  /** The clientId whose view they follow; null: nobody. */
  readonly following: string | null;
}

interface CommittedOp {
  readonly revision: number;
  readonly op: TextOperation;
  readonly clientId: string;
}

const HISTORY = 500;
const FALLBACK_COLOR = '#6b7280';

/**
 * Everyone else's selections, kept as positions in this client's document (protocol section 8): moved through
 * every op applied here with `transformPosition`, a caret following what its owner types. A `presence` made at
 * an older revision than ours is first moved through the revisions committed since (kept for a while) and then
 * through our own unacknowledged edits, so a caret lands where its owner sees it.
 */
export class PresenceTracker {
  private readonly people = new Map<string, Person>();
  private history: CommittedOp[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Forgets every op (the document was replaced) and sets who is present. */
  reset(present: readonly Participant[], revision: number, unacknowledged: readonly TextOperation[]): void {
    this.history = [];
    this.people.clear();
    for (const p of present) this.update(p, revision, unacknowledged);
  }

  /** Keeps the present list of a resume, without forgetting the op history. */
  replace(present: readonly Participant[], revision: number, unacknowledged: readonly TextOperation[]): void {
    this.people.clear();
    for (const p of present) this.update(p, revision, unacknowledged);
  }

  /** Revision `revision` was committed with text op `op` (as committed) by `clientId`. */
  committed(revision: number, op: TextOperation, clientId: string): void {
    this.history.push({ revision, op, clientId });
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
  }

  /** `op` was applied to this client's document; `authorId` made it (null: this client did). */
  applied(op: TextOperation, authorId: string | null): void {
    if (isNoop(op)) return;
    for (const [id, person] of this.people) {
      const own = id === authorId;
      this.people.set(id, {
        ...person, selections: moveAll(person.selections, [op], own), view: moveView(person.view, [op], own),
        ...(own ? { activeAt: this.now() } : {}),
      });
    }
  }

  /** A `presence` (or a participant of `snapshot`/`resumed`); `revision` is ours. */
  update(p: Participant, revision: number, unacknowledged: readonly TextOperation[]): void {
    let selections = p.selections.slice(0, 100);
    let view = p.view ?? null;
    if (p.revision <= revision) {
      const since = this.history.filter((c) => c.revision > p.revision && c.revision <= revision);
      if (since.length === revision - p.revision) {
        for (const c of since) {
          selections = moveAll(selections, [c.op], c.clientId === p.clientId);
          view = moveView(view, [c.op], c.clientId === p.clientId);
        }
      }
      selections = moveAll(selections, unacknowledged, false);
      view = moveView(view, unacknowledged, false);
    }
    const before = this.people.get(p.clientId);
    const moved = before === undefined || !sameSelections(before.selections, selections);
    this.people.set(p.clientId, {
      clientId: p.clientId,
      name: p.name,
      color: COLOR.test(p.color) ? p.color : FALLBACK_COLOR,
      selections,
      readOnly: p.readOnly === true,
      activeAt: moved ? this.now() : before.activeAt,
      view,
      following: p.following ?? null,
    });
  }

  remove(clientId: string): boolean {
    return this.people.delete(clientId);
  }

  list(): Person[] {
    return [...this.people.values()];
  }
}

function sameSelections(a: readonly Selection[], b: readonly Selection[]): boolean {
  return a.length === b.length && a.every((s, i) => s.anchor === b[i]!.anchor && s.head === b[i]!.head);
}

/** A view moved through `ops` as a selection from its start to its end. */
function moveView(view: Viewport | null, ops: readonly TextOperation[], own: boolean): Viewport | null {
  if (view === null) return null;
  const [moved] = moveAll([{ anchor: view.from, head: view.to }], ops, own);
  return { from: moved!.anchor, to: moved!.head };
}

function moveAll(
  selections: readonly Selection[],
  ops: readonly TextOperation[],
  own: boolean,
): Selection[] {
  return selections.map((s) => {
    let { anchor, head } = s;
    for (const op of ops) {
      anchor = transformPosition(anchor, op, own);
      head = transformPosition(head, op, own);
    }
    return { anchor, head };
  });
}
