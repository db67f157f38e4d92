import { compose, transform } from './ot';
import { insertOp, isNoop, NOOP, type TextOperation } from './text-operation';

/** Where a forked document came from: the origin (its read-only id, when it has one) and the revision forked. */
export interface ForkedFrom {
  readonly docId: string;
  readonly revision: number;
}

/**
 * One edit of a document (docs/protocol.md, section 2): a text change, a language change, a chat line, a name
 * for a revision, or a fork's first revision (made by the gateway, never by a client).
 */
export type Edit =
  | { readonly kind: 'text'; readonly op: TextOperation }
  | { readonly kind: 'language'; readonly language: string }
  | { readonly kind: 'chat'; readonly text: string }
  | { readonly kind: 'name'; readonly revision: number; readonly name: string }
  | { readonly kind: 'fork'; readonly forkedFrom: ForkedFrom; readonly text: string; readonly language: string };

/** An edit as a text operation: a text edit's op, a fork's insert of its whole text, the no-op otherwise. */
export function textOpOf(edit: Edit): TextOperation {
  if (edit.kind === 'text') return edit.op;
  if (edit.kind === 'fork') return edit.text === '' ? NOOP : insertOp(0, edit.text);
  return NOOP;
}

/** The language after `edit`, `before` it: set by a language change and a fork. */
export function languageAfter(edit: Edit, before: string): string {
  return edit.kind === 'language' || edit.kind === 'fork' ? edit.language : before;
}

/** A `submit` message's content: what the client sends for its edit in flight. */
export interface Submission {
  readonly clientSeq: number;
  readonly baseRevision: number;
  readonly edit: Edit;
}

/** The edit the server has not acknowledged yet, with the clientSeq it was sent with. */
export interface InFlight {
  readonly clientSeq: number;
  readonly edit: Edit;
}

/** Thrown when the server breaks the protocol (an ack that does not match); the client must resync. */
export class ProtocolViolation extends Error {}

/**
 * The client algorithm of docs/protocol.md, section 5: ot.js's three-state client (ot-core's `OtClient`),
 * generalized to the three edit kinds. At most one edit is in flight; later edits wait in the outbox, consecutive
 * text edits composed into one. A remote text op is transformed against each of the client's own text edits in
 * turn, [inFlight, outbox...], the remote op on the LEFT and the client's op on the RIGHT, exactly as the server
 * transforms the client's edit when it commits it.
 */
export class OtClient {
  private rev: number;
  private nextClientSeq: number;
  private flight: InFlight | null = null;
  private readonly outbox: Edit[] = [];

  constructor(revision: number, nextClientSeq = 1) {
    this.rev = revision;
    this.nextClientSeq = nextClientSeq;
  }

  /** The last server revision this client has applied. */
  get revision(): number {
    return this.rev;
  }

  get inFlight(): InFlight | null {
    return this.flight;
  }

  /** Edits made since the one in flight, not sent yet, in order. */
  get pending(): readonly Edit[] {
    return this.outbox;
  }

  /** The local edits not acknowledged yet: the one in flight, then the outbox. */
  get unacknowledged(): readonly Edit[] {
    return this.flight === null ? this.outbox : [this.flight.edit, ...this.outbox];
  }

  /** Whether some local edit is not acknowledged yet (in flight or waiting). */
  get hasUnacknowledged(): boolean {
    return this.flight !== null || this.outbox.length > 0;
  }

  /** The language of the client's newest unacknowledged language change, which the editor shows meanwhile. */
  get pendingLanguage(): string | null {
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      const e = this.outbox[i]!;
      if (e.kind === 'language') return e.language;
    }
    return this.flight?.edit.kind === 'language' ? this.flight.edit.language : null;
  }

  /**
   * The user made `edit` (a text edit is already applied to the local document). Returns the submission to send
   * now if nothing was in flight; otherwise the edit waits in the outbox.
   */
  applyLocal(edit: Edit): Submission | null {
    if (edit.kind === 'text' && isNoop(edit.op)) return null;
    if (this.flight === null) return this.send(edit);
    const last = this.outbox.length - 1;
    const tail = this.outbox[last];
    if (edit.kind === 'text' && tail?.kind === 'text') {
      this.outbox[last] = { kind: 'text', op: compose(tail.op, edit.op) };
    } else {
      this.outbox.push(edit);
    }
    return null;
  }

  /**
   * Someone else's `edit` was committed at the next revision. Returns its text operation transformed to apply to
   * the local document, which holds the client's own unacknowledged edits (a no-op but for text and a fork).
   */
  applyServer(edit: Edit): TextOperation {
    this.rev++;
    let remote = textOpOf(edit);
    if (isNoop(remote)) return NOOP;
    if (this.flight !== null && this.flight.edit.kind === 'text') {
      const mine = this.flight.edit.op;
      this.flight = { clientSeq: this.flight.clientSeq, edit: { kind: 'text', op: transform(mine, remote, 'right') } };
      remote = transform(remote, mine, 'left');
    }
    for (let i = 0; i < this.outbox.length; i++) {
      const p = this.outbox[i]!;
      if (p.kind !== 'text') continue;
      this.outbox[i] = { kind: 'text', op: transform(p.op, remote, 'right') };
      remote = transform(remote, p.op, 'left');
    }
    return remote;
  }

  /**
   * The server committed the edit in flight at the next revision. Returns the next submission to send, if any.
   * @throws ProtocolViolation if `clientSeq` is not the one in flight
   */
  serverAck(clientSeq: number): Submission | null {
    if (this.flight === null || this.flight.clientSeq !== clientSeq) {
      throw new ProtocolViolation(`ack of clientSeq ${clientSeq}, but ${
        this.flight === null ? 'nothing is in flight' : `${this.flight.clientSeq} is in flight`}`);
    }
    this.rev++;
    this.flight = null;
    while (this.outbox.length > 0) {
      const next = this.outbox.shift()!;
      // a waiting text edit that remote edits cancelled entirely need not be sent
      if (next.kind !== 'text' || !isNoop(next.op)) return this.send(next);
    }
    return null;
  }

  /**
   * The submission to send again after a reconnect (protocol section 4): the edit in flight with the same
   * clientSeq, its op as held now, based on the revision the client holds now.
   */
  resend(): Submission | null {
    if (this.flight === null) return null;
    return { clientSeq: this.flight.clientSeq, baseRevision: this.rev, edit: this.flight.edit };
  }

  private send(edit: Edit): Submission {
    const clientSeq = this.nextClientSeq++;
    this.flight = { clientSeq, edit };
    return { clientSeq, baseRevision: this.rev, edit };
  }
}
