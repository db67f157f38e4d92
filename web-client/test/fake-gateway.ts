import { ApiError } from '../src/api/rest';
import { apply, transform } from '../src/ot/ot';
import type { Edit } from '../src/ot/ot-client';
import type { TextOperation } from '../src/ot/text-operation';
import type { Clock, SocketLike } from '../src/session/clock';
import type { HistoryPage } from '../src/session/history-catch-up';

/** Timers that run only when the test advances time. */
export class ManualClock implements Clock {
  private time = 1_000_000;
  private timers: Array<{ at: number; id: number; callback: () => void }> = [];
  private ids = 0;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Runs every timer due within `ms`, in order, advancing the time to each. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }
}

interface Committed {
  readonly revision: number;
  readonly clientId: string;
  readonly clientSeq: number;
  readonly edit: Edit;
  readonly authorName: string;
}

/**
 * The gateway and the sequencer of docs/protocol.md in memory, for one document, behind fake sockets whose
 * frames are delivered when the test calls `flush` (so tests choose the interleaving). It keeps the rules a
 * client depends on: snapshot or resume with every later revision in order, ack to the author and committed to
 * the others, a resend of a committed edit answered by nothing more, one submit in flight per connection, and
 * CANNOT_RESUME for a join further behind than `maxResumeReplay`. `history` is the history API's `/ops`, in pages.
 */
export class FakeGateway {
  text: string;
  language = 'plaintext';
  readonly log: Committed[] = [];
  readonly sockets: FakeSocket[] = [];
  /** Every client message received, in order, as [socket index, message]. */
  readonly received: Array<[number, Record<string, unknown>]> = [];
  readOnly = false;
  /** Error codes to answer the next submits with, instead of committing them. */
  readonly refuseNext: string[] = [];
  /** Most revisions a resuming client is replayed; further behind, CANNOT_RESUME. */
  maxResumeReplay = Number.POSITIVE_INFINITY;
  /** Committed edits per page of `history`. */
  historyPageSize = 1000;
  /** While set, `history` fails so (the snapshot service is down: 502 UNAVAILABLE; gone: 404 UNKNOWN_DOCUMENT). */
  historyFails: { readonly status: number; readonly code: string } | null = null;
  /** Revisions the history trails the log by (the snapshot service folds them a moment later). */
  historyLag = 0;
  /** The `from` of every history request, in order. */
  readonly historyReads: number[] = [];
  /** Whether to send what is queued for a client that joined with `batches` as one batch (protocol section 3). */
  batchFrames = false;
  /** How many batches were sent. */
  batchesSent = 0;

  constructor(initialText = '') {
    this.text = initialText;
  }

  get head(): number {
    return this.log.length;
  }

  readonly createSocket = (url: string): SocketLike => {
    const socket = new FakeSocket(this, url, this.sockets.length);
    this.sockets.push(socket);
    return socket;
  };

  /** Delivers every frame in both directions until nothing moves. */
  flush(): void {
    let moved = true;
    while (moved) {
      moved = false;
      for (const s of this.sockets) moved = s.pump() || moved;
    }
  }

  /** Cuts every open connection (the network fails, or the gateway restarts). */
  dropAll(): void {
    for (const s of this.sockets) s.drop();
  }

  /** Another client's edit, committed directly. */
  commitForeign(edit: Edit, clientId = 'foreign', name = 'Grace'): void {
    this.commit({ clientId, clientSeq: this.log.filter((c) => c.clientId === clientId).length + 1, edit,
      authorName: name }, this.head);
  }

  /** `GET /api/docs/{id}/ops?from=...`: one page of the committed edits of revisions `from` to the head. */
  readonly history = async (from: number): Promise<HistoryPage> => {
    this.historyReads.push(from);
    if (this.historyFails !== null) throw new ApiError(this.historyFails.status, this.historyFails.code, 'fake');
    const head = Math.max(0, this.head - this.historyLag);
    if (from < 1 || from > head + 1) throw new ApiError(400, 'REVISION_OUT_OF_RANGE', `from ${from}`);
    const ops = this.log.slice(from - 1, Math.min(head, from - 1 + this.historyPageSize))
      .map((c) => ({ ...c, committedAt: '2025-01-15T09:30:00Z' }));
    const last = from - 1 + ops.length;
    return last < head ? { ops, next: last + 1 } : { ops };
  };

  /** Server side of a client message. */
  handle(socket: FakeSocket, message: Record<string, unknown>): void {
    this.received.push([socket.index, message]);
    switch (message.type) {
      case 'join': {
        socket.batches = message.batches === true;
        socket.clientId = message.clientId as string;
        socket.name = message.name as string;
        const known = message.knownRevision as number | undefined;
        if (known === undefined) {
          socket.deliveredUpTo = this.head;
          socket.toClient({ type: 'snapshot', docId: message.docId, revision: this.head, text: this.text,
            language: this.language, readOnly: this.readOnly, present: [] });
        } else if (known > this.head || this.head - known > this.maxResumeReplay) {
          socket.fatal('CANNOT_RESUME');
        } else {
          socket.deliveredUpTo = known;
          socket.toClient({ type: 'resumed', docId: message.docId, revision: known, head: this.head,
            readOnly: this.readOnly, present: [] });
          this.deliver(socket);
        }
        return;
      }
      case 'submit': {
        const clientSeq = message.clientSeq as number;
        if (socket.inFlight !== null) {
          socket.fatal('EDIT_IN_FLIGHT', clientSeq);
          return;
        }
        const refusal = this.refuseNext.shift();
        if (refusal) {
          socket.fatal(refusal, clientSeq);
          return;
        }
        const duplicate = this.log.find((c) => c.clientId === socket.clientId && c.clientSeq === clientSeq);
        if (duplicate) {
          // EditDuplicate: the revision reaches the author in order, as its ack; if delivered already, settled
          if (duplicate.revision > (socket.deliveredUpTo ?? 0)) socket.inFlight = clientSeq;
          return;
        }
        socket.inFlight = clientSeq;
        this.commit({ clientId: socket.clientId!, clientSeq, edit: message.edit as Edit,
          authorName: socket.name! }, message.baseRevision as number);
        return;
      }
      case 'presence':
        for (const s of this.sockets) {
          if (s !== socket && s.open && s.clientId !== null) {
            s.toClient({ type: 'presence', clientId: socket.clientId, name: socket.name, color: '#1f77b4',
              revision: message.revision, selections: message.selections,
              ...(message.view !== undefined ? { view: message.view } : {}),
              ...(message.following !== undefined ? { following: message.following } : {}) });
          }
        }
        return;
      case 'ping':
        socket.toClient({ type: 'pong' });
        return;
      default:
        socket.toClient({ type: 'error', code: 'UNKNOWN_MESSAGE_TYPE', message: 'unknown', fatal: false });
    }
  }

  private commit(c: Omit<Committed, 'revision'>, baseRevision: number): void {
    let edit = c.edit;
    if (edit.kind === 'text') {
      let op: TextOperation = edit.op;
      for (const later of this.log.slice(baseRevision)) {
        if (later.edit.kind === 'text') op = transform(op, later.edit.op, 'right');
      }
      this.text = apply(this.text, op);
      edit = { kind: 'text', op };
    } else if (edit.kind === 'language') {
      this.language = edit.language;
    }
    this.log.push({ ...c, edit, revision: this.head + 1 });
    for (const s of this.sockets) this.deliver(s);
  }

  /** Sends a connection every revision after the last it was given, in order. */
  deliver(socket: FakeSocket): void {
    if (!socket.open || socket.deliveredUpTo === null) return;
    while (socket.deliveredUpTo < this.head) {
      const c = this.log[socket.deliveredUpTo]!;
      socket.deliveredUpTo++;
      if (c.clientId === socket.clientId) {
        if (socket.inFlight === c.clientSeq) socket.inFlight = null;
        socket.toClient({ type: 'ack', clientSeq: c.clientSeq, revision: c.revision });
      } else {
        socket.toClient({ type: 'committed', revision: c.revision, clientId: c.clientId, clientSeq: c.clientSeq,
          edit: c.edit, committedAt: '2025-01-15T09:30:00Z', authorName: c.authorName });
      }
    }
  }
}

/** One connection: frames queue in both directions until the gateway's `flush`. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  clientId: string | null = null;
  batches = false;
  name: string | null = null;
  deliveredUpTo: number | null = null;
  inFlight: number | null = null;
  private opened = false;
  private closing = false;
  private readonly up: string[] = [];
  private readonly down: string[] = [];

  constructor(private readonly gateway: FakeGateway, readonly url: string, readonly index: number) {}

  get open(): boolean {
    return this.readyState === 1;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.up.push(data);
  }

  close(): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.deliveredUpTo = null;
  }

  toClient(message: Record<string, unknown>): void {
    if (this.readyState === 1) this.down.push(JSON.stringify(message));
  }

  /** The server sends a fatal error and closes the connection after it. */
  fatal(code: string, clientSeq?: number, extra: Record<string, unknown> = {}): void {
    this.toClient({ type: 'error', code, message: `fake ${code}`, fatal: true,
      ...(clientSeq === undefined ? {} : { clientSeq }), ...extra });
    this.closing = true;
  }

  /** The server closes the connection with a close code and no message (1009 past its hard frame limit). */
  closeWith(code: number): void {
    if (this.readyState === 3) return;
    this.up.length = 0;
    this.down.length = 0;
    this.readyState = 3;
    this.deliveredUpTo = null;
    this.onclose?.({ code });
  }

  /** The connection breaks without a word. */
  drop(): void {
    if (this.readyState === 3) return;
    this.up.length = 0;
    this.down.length = 0;
    this.readyState = 3;
    this.deliveredUpTo = null;
    this.onclose?.({});
  }

  /** Delivers only what the client sent (the answers stay queued). */
  pumpUp(): void {
    while (this.up.length > 0 && this.readyState === 1) this.gateway.handle(this, JSON.parse(this.up.shift()!));
  }

  pump(): boolean {
    if (this.readyState === 3) return false;
    if (!this.opened) {
      this.opened = true;
      this.readyState = 1;
      this.onopen?.({});
      return true;
    }
    let moved = false;
    while (this.up.length > 0 && this.readyState === 1) {
      moved = true;
      this.gateway.handle(this, JSON.parse(this.up.shift()!));
    }
    if (this.gateway.batchFrames && this.batches && this.down.length > 1 && this.readyState !== 3) {
      moved = true;
      this.gateway.batchesSent++;
      this.onmessage?.({ data: `[${this.down.splice(0).join(',')}]` });
    }
    while (this.down.length > 0 && this.readyState !== 3) {
      moved = true;
      this.onmessage?.({ data: this.down.shift()! });
    }
    if (this.closing && this.down.length === 0 && this.readyState !== 3) {
      this.readyState = 3;
      this.deliveredUpTo = null;
      this.onclose?.({});
      moved = true;
    }
    return moved;
  }
}
