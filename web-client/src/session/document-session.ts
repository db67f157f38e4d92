import { type Edit, OtClient, ProtocolViolation, type Submission } from '../ot/ot-client';
import type { TextOperation } from '../ot/text-operation';
import {
  asksForBackOff, type ClientMessage, decodeServerMessage, describeError, newClientId, type Participant,
  recoveryOf, type Selection, type ServerMessage,
} from '../protocol/messages';
import { Backoff } from './backoff';
import { type Clock, SOCKET_OPEN, type SocketLike, systemClock } from './clock';
import { type Person, PresenceTracker } from './presence-tracker';

/** Where the connection is, for the connection indicator. */
export type ConnectionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'online' }
  | { readonly status: 'offline'; readonly retryAt: number }
  | { readonly status: 'stopped'; readonly message: string };

/** A chat line: committed (with its revision) or still on its way. */
export interface ChatLine {
  readonly revision: number | null;
  readonly clientId: string;
  readonly authorName: string;
  readonly text: string;
  readonly committedAt: string | null;
}

/** The document as a snapshot delivers it. */
export interface DocumentState {
  readonly revision: number;
  readonly text: string;
  readonly language: string;
  readonly readOnly: boolean;
}

/** What the session tells the editor and the page. Every callback is optional. */
export interface SessionEvents {
  /**
   * The document was loaded (first join) or reloaded after a resync: replace the editor's text. `discarded` is
   * true when the user's unacknowledged edits were thrown away (the page should say so, and offer their text).
   */
  snapshot?(state: DocumentState, discarded: boolean): void;
  /** A remote text op, transformed to apply to the editor's document now. */
  remoteText?(op: TextOperation, authorId: string, authorName: string): void;
  /** The language the editor shows changed (someone's committed change, or the user's own pending one). */
  language?(language: string, byName: string | null): void;
  /** A chat line was committed. */
  chat?(line: ChatLine): void;
  /** Others' carets or the list of people changed. */
  people?(people: Person[]): void;
  /** The connection's state changed. */
  connection?(state: ConnectionState): void;
  /** The revision, or what waits to be acknowledged, changed. */
  progress?(revision: number, unacknowledged: number): void;
  readOnly?(readOnly: boolean): void;
  /** Something the person should know (an error's recovery). */
  notice?(message: string): void;
}

export interface SessionOptions {
  readonly docId: string;
  readonly name: string;
  readonly color: string;
  /** The WebSocket URL, `ws(s)://host/ws/docs/{docId}`. */
  readonly url: string;
  /** The local selections, in code points of the local document. */
  readonly selections: () => Selection[];
  readonly events: SessionEvents;
  readonly createSocket?: (url: string) => SocketLike;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Where the session says why it reconnects or resyncs (for developers; default: the console). */
  readonly log?: (message: string) => void;
}

const PING_AFTER_MS = 25_000;
const PONG_WITHIN_MS = 15_000;
const ACK_WITHIN_MS = 30_000;
const JOIN_WITHIN_MS = 15_000;
const STABLE_AFTER_MS = 10_000;
const PRESENCE_EVERY_MS = 50;
const TICK_MS = 5_000;

/**
 * One browser tab's connection to one document: the join, the client algorithm (OtClient), presence, keep-alive,
 * reconnects and the recovery of every error (docs/protocol.md, sections 3 to 9). It knows nothing of the editor:
 * the editor applies local edits itself and reports them here, and applies what `remoteText` hands it.
 *
 * Edits made while offline stay in the OtClient (one in flight, the rest in the outbox); after a reconnect the
 * session joins with `knownRevision` and resends the edit in flight with its clientSeq, so nothing typed is lost
 * unless the server refuses it for good (RESYNC), which the page is told about.
 */
export class DocumentSession {
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly presence = new PresenceTracker();
  private readonly events: SessionEvents;
  private readonly log: (message: string) => void;
  private socket: SocketLike | null = null;
  private client: OtClient | null = null;
  private clientId = newClientId();
  private name: string;
  private color: string;
  private state: ConnectionState = { status: 'connecting' };
  private joined = false;
  private readOnlyDoc = false;
  private committedLanguage = 'plaintext';
  private shownLanguage = 'plaintext';
  private discardedOnResync = false;
  private onlineSince = 0;
  private lastSent = 0;
  private lastReceived = 0;
  private pingSentAt: number | null = null;
  private ackTimer: unknown = null;
  private joinTimer: unknown = null;
  private retryTimer: unknown = null;
  private presenceTimer: unknown = null;
  private tickTimer: unknown = null;
  private disposed = false;

  constructor(private readonly options: SessionOptions) {
    this.clock = options.clock ?? systemClock;
    this.backoff = new Backoff(options.random ?? Math.random);
    this.events = options.events;
    this.log = options.log ?? ((message) => console.warn(`tandem: ${message}`));
    this.name = options.name;
    this.color = options.color;
  }

  /** Connects and joins. */
  start(): void {
    this.connect();
    this.tick();
  }

  /** Closes the connection for good (the page is left). */
  dispose(): void {
    this.disposed = true;
    for (const t of [this.ackTimer, this.joinTimer, this.retryTimer, this.presenceTimer, this.tickTimer]) {
      if (t !== null) this.clock.clearTimeout(t);
    }
    this.dropSocket();
  }

  get revision(): number | null {
    return this.client?.revision ?? null;
  }

  get readOnly(): boolean {
    return this.readOnlyDoc;
  }

  /** Whether the document is loaded, so the user can edit it. */
  get loaded(): boolean {
    return this.client !== null;
  }

  get connection(): ConnectionState {
    return this.state;
  }

  /** Edits not yet acknowledged by the server: in flight and waiting. */
  get unacknowledged(): number {
    return this.client === null ? 0 : (this.client.inFlight ? 1 : 0) + this.client.pending.length;
  }

  /** Chat lines the user sent that are not committed yet, oldest first. */
  pendingChat(): ChatLine[] {
    if (this.client === null) return [];
    const edits = [this.client.inFlight?.edit, ...this.client.pending];
    return edits.filter((e): e is Edit & { kind: 'chat' } => e?.kind === 'chat').map((e) => ({
      revision: null, clientId: this.clientId, authorName: this.name, text: e.text, committedAt: null,
    }));
  }

  people(): Person[] {
    return this.presence.list();
  }

  /** The user edited the text; `op` is already applied to the editor's document. */
  submitText(op: TextOperation): void {
    this.submitEdit({ kind: 'text', op });
    this.presence.applied(op, null);
    this.events.people?.(this.presence.list());
  }

  /** The user switched the document's language. */
  submitLanguage(language: string): void {
    this.submitEdit({ kind: 'language', language });
    this.showLanguage(null);
  }

  /** The user sent a chat line. */
  submitChat(text: string): void {
    this.submitEdit({ kind: 'chat', text });
  }

  /** The user's selections changed: tell the others (at most every 50 ms). */
  selectionsChanged(): void {
    if (this.presenceTimer !== null || !this.joined) return;
    this.presenceTimer = this.clock.setTimeout(() => {
      this.presenceTimer = null;
      this.sendPresence();
    }, PRESENCE_EVERY_MS);
  }

  /** Joins again under another name or color (the join carries them). */
  rename(name: string, color: string): void {
    this.name = name;
    this.color = color;
    if (this.socket !== null) {
      this.dropSocket();
      this.connect();
    }
  }

  /** Reconnects at once (the browser is back online, or the person asked to). */
  reconnectNow(): void {
    if (this.disposed || this.state.status === 'online' || this.state.status === 'connecting') return;
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /** The browser says the network is gone: stop waiting for the socket to notice. */
  networkLost(): void {
    if (this.socket !== null && !this.disposed && this.state.status !== 'stopped') this.retryLater();
  }

  // ---- connection ---------------------------------------------------------------------------------------------

  private connect(): void {
    if (this.disposed) return;
    this.setState({ status: 'connecting' });
    this.joined = false;
    const socket = (this.options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike))(
      this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.lastReceived = this.clock.now();
      const join: ClientMessage = {
        type: 'join', docId: this.options.docId, clientId: this.clientId, name: this.name, color: this.color,
      };
      if (this.client !== null) join.knownRevision = this.client.revision;
      this.send(join);
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket || typeof event.data !== 'string') return;
      this.lastReceived = this.clock.now();
      this.pingSentAt = null;
      let message: ServerMessage | null;
      try {
        message = decodeServerMessage(event.data);
      } catch (e) {
        this.log(`unreadable message from the server: ${(e as Error).message}`);
        this.resync('an unreadable message');
        return;
      }
      if (message !== null) this.receive(message);
    };
    socket.onclose = () => {
      if (socket === this.socket) this.retryLater();
    };
    socket.onerror = () => {
      // a close event follows
    };
    this.joinTimer = this.clock.setTimeout(() => {
      this.joinTimer = null;
      if (socket === this.socket && !this.joined) this.retryLater();
    }, JOIN_WITHIN_MS);
  }

  /** Closes the socket, if any, and forgets it, so its late events are ignored. */
  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.joined = false;
    if (this.ackTimer !== null) this.clock.clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (this.joinTimer !== null) this.clock.clearTimeout(this.joinTimer);
    this.joinTimer = null;
    if (socket !== null) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close(1000);
      } catch {
        // already closed
      }
    }
  }

  /** Drops the connection and reconnects after a back-off (resuming, unless a resync cleared the client). */
  private retryLater(minDelayMs = 0): void {
    if (this.disposed) return;
    if (this.state.status === 'online' && this.clock.now() - this.onlineSince >= STABLE_AFTER_MS) {
      this.backoff.reset();
    }
    this.dropSocket();
    if (minDelayMs > 0) this.backoff.atLeast(minDelayMs);
    const delay = this.backoff.next();
    this.setState({ status: 'offline', retryAt: this.clock.now() + delay });
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  /** Gives up the document state (protocol RESYNC): a new clientId, a fresh join, a new snapshot. */
  private resync(reason: string): void {
    this.log(`resyncing the document: ${reason}`);
    if (this.client?.hasUnacknowledged) this.discardedOnResync = true;
    this.client = null;
    this.clientId = newClientId();
    this.retryLater();
  }

  private stop(message: string): void {
    this.dropSocket();
    this.setState({ status: 'stopped', message });
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.events.connection?.(state);
  }

  private send(message: ClientMessage): void {
    if (this.socket === null || this.socket.readyState !== SOCKET_OPEN) return;
    this.socket.send(JSON.stringify(message));
    this.lastSent = this.clock.now();
  }

  /** Keep-alive (protocol section 3): ping after 25 s of silence either way; no answer within 15 s: reconnect. */
  private tick(): void {
    this.tickTimer = this.clock.setTimeout(() => {
      this.tickTimer = null;
      if (this.disposed) return;
      const now = this.clock.now();
      if (this.joined) {
        if (this.pingSentAt !== null && now - this.pingSentAt >= PONG_WITHIN_MS) {
          this.pingSentAt = null;
          this.retryLater();
        } else if (this.pingSentAt === null
          && (now - this.lastSent >= PING_AFTER_MS || now - this.lastReceived >= PING_AFTER_MS)) {
          this.send({ type: 'ping' });
          this.pingSentAt = now;
        }
      }
      this.tick();
    }, TICK_MS);
  }

  // ---- the client algorithm -------------------------------------------------------------------------------------

  private submitEdit(edit: Edit): void {
    if (this.client === null || this.readOnlyDoc) throw new Error('the document is not editable now');
    this.transmit(this.client.applyLocal(edit));
    this.progress();
  }

  /** Sends a submission if connected; otherwise it stays in flight and is resent after the next resume. */
  private transmit(submission: Submission | null): void {
    if (submission === null || !this.joined) return;
    this.send({ type: 'submit', ...submission });
    if (this.ackTimer !== null) this.clock.clearTimeout(this.ackTimer);
    this.ackTimer = this.clock.setTimeout(() => {
      this.ackTimer = null;
      this.log('no ack within 30 s; reconnecting');
      this.retryLater();
    }, ACK_WITHIN_MS);
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'snapshot': return this.onSnapshot(message);
      case 'resumed': return this.onResumed(message);
      case 'committed': return this.onCommitted(message);
      case 'ack': return this.onAck(message.clientSeq, message.revision);
      case 'presence': return this.onPresence(message);
      case 'left':
        if (this.presence.remove(message.clientId)) this.events.people?.(this.presence.list());
        return;
      case 'error': return this.onError(message.code, message.message, message.fatal);
      case 'pong': return;
    }
  }

  private onJoined(readOnly: boolean): void {
    this.joined = true;
    this.onlineSince = this.clock.now();
    if (this.joinTimer !== null) this.clock.clearTimeout(this.joinTimer);
    this.joinTimer = null;
    this.readOnlyDoc = readOnly;
    this.events.readOnly?.(readOnly);
    this.setState({ status: 'online' });
  }

  private onSnapshot(m: ServerMessage & { type: 'snapshot' }): void {
    this.client = new OtClient(m.revision);
    this.committedLanguage = m.language;
    this.shownLanguage = m.language;
    this.presence.reset(m.present, m.revision, []);
    this.onJoined(m.readOnly);
    const discarded = this.discardedOnResync;
    this.discardedOnResync = false;
    this.events.snapshot?.({ revision: m.revision, text: m.text, language: m.language, readOnly: m.readOnly },
      discarded);
    this.events.people?.(this.presence.list());
    this.progress();
    this.sendPresence();
  }

  private onResumed(m: ServerMessage & { type: 'resumed' }): void {
    if (this.client === null || m.revision !== this.client.revision) {
      this.resync(`resumed at ${m.revision}, but this client holds ${this.client?.revision ?? 'nothing'}`);
      return;
    }
    this.presence.replace(m.present, this.client.revision, this.unacknowledgedOps());
    this.onJoined(m.readOnly);
    this.transmit(this.client.resend());
    this.events.people?.(this.presence.list());
    this.sendPresence();
  }

  private onCommitted(m: ServerMessage & { type: 'committed' }): void {
    const client = this.client;
    if (client === null) return;
    if (m.revision !== client.revision + 1) {
      this.resync(`revision ${m.revision} arrived after ${client.revision}`);
      return;
    }
    const op = client.applyServer(m.edit);
    if (m.edit.kind === 'text') {
      this.presence.committed(m.revision, m.edit.op, m.clientId);
      this.events.remoteText?.(op, m.clientId, m.authorName);
      this.presence.applied(op, m.clientId);
      this.events.people?.(this.presence.list());
    } else if (m.edit.kind === 'language') {
      this.committedLanguage = m.edit.language;
      this.showLanguage(m.authorName);
    } else {
      this.events.chat?.({
        revision: m.revision, clientId: m.clientId, authorName: m.authorName, text: m.edit.text,
        committedAt: m.committedAt,
      });
    }
    this.progress();
  }

  private onAck(clientSeq: number, revision: number): void {
    const client = this.client;
    if (client === null) return;
    const acked = client.inFlight?.edit;
    if (revision !== client.revision + 1 || acked === undefined) {
      this.resync(`ack of revision ${revision} while holding ${client.revision}`);
      return;
    }
    let next: Submission | null;
    try {
      next = client.serverAck(clientSeq);
    } catch (e) {
      if (!(e instanceof ProtocolViolation)) throw e;
      this.resync(e.message);
      return;
    }
    if (this.ackTimer !== null) this.clock.clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (acked.kind === 'text') {
      this.presence.committed(revision, acked.op, this.clientId);
    } else if (acked.kind === 'language') {
      this.committedLanguage = acked.language;
      this.showLanguage(null);
    } else {
      this.events.chat?.({
        revision, clientId: this.clientId, authorName: this.name, text: acked.text,
        committedAt: new Date(this.clock.now()).toISOString(),
      });
    }
    this.transmit(next);
    this.progress();
    this.sendPresence();
  }

  private onPresence(p: Participant): void {
    if (this.client === null || p.clientId === this.clientId) return;
    this.presence.update(p, this.client.revision, this.unacknowledgedOps());
    this.events.people?.(this.presence.list());
  }

  private onError(code: string, message: string, fatal: boolean): void {
    const recovery = recoveryOf(code, fatal);
    this.log(`${code} (${recovery}): ${message}`);
    switch (recovery) {
      case 'CONTINUE':
        return;
      case 'RESUME':
        if (asksForBackOff(code)) this.events.notice?.(describeError(code));
        this.retryLater(asksForBackOff(code) ? 4_000 : 0);
        return;
      case 'RESYNC':
        this.events.notice?.(`${describeError(code)} Reloading the document.`);
        this.resync(code);
        return;
      case 'STOP':
        this.stop(describeError(code));
    }
  }

  private sendPresence(): void {
    if (this.client === null || !this.joined) return;
    this.send({ type: 'presence', revision: this.client.revision, selections: this.options.selections().slice(0, 100) });
  }

  private unacknowledgedOps(): TextOperation[] {
    if (this.client === null) return [];
    return [this.client.inFlight?.edit, ...this.client.pending]
      .filter((e): e is Edit & { kind: 'text' } => e?.kind === 'text').map((e) => e.op);
  }

  /** The language to show: the user's own newest pending change, else the committed one. */
  private showLanguage(byName: string | null): void {
    const language = this.client?.pendingLanguage ?? this.committedLanguage;
    if (language === this.shownLanguage) return;
    this.shownLanguage = language;
    this.events.language?.(language, byName);
  }

  private progress(): void {
    if (this.client !== null) this.events.progress?.(this.client.revision, this.unacknowledged);
  }
}
