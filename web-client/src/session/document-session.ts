import { ops } from '../api/rest';
import { type Edit, OtClient, ProtocolViolation, type Submission } from '../ot/ot-client';
import type { TextOperation } from '../ot/text-operation';
import {
  type ClientMessage, describeError, newClientId, type Participant, type ServerMessage,
} from '../protocol/messages';
import { type Clock, systemClock } from './clock';
import { SessionConnection } from './connection';
import { asDelivered, HistoryCatchUp } from './history-catch-up';
import type { Person } from './presence-tracker';
import { planRecovery, type ServerError } from './recovery';
import { RevisionEffects } from './revision-effects';
import type { ChatLine, ConnectionState, SessionEvents, SessionOptions } from './session-types';

export type { ChatLine, ConnectionState, DocumentState, SessionEvents, SessionOptions } from './session-types';

const ACK_WITHIN_MS = 30_000;
const PRESENCE_EVERY_MS = 50;

/**
 * One browser tab's connection to one document: the join, the client algorithm (OtClient), presence, keep-alive,
 * reconnects and the recovery of every error (docs/protocol.md, sections 3 to 9). It knows nothing of the editor:
 * the editor applies local edits itself and reports them here, and applies what `remoteText` hands it.
 *
 * Edits made while offline stay in the OtClient (one in flight, the rest in the outbox); after a reconnect the
 * session joins with `knownRevision` and resends the edit in flight with its clientSeq. Away longer than the
 * gateway replays (CANNOT_RESUME), it first catches up from the history API ({@link HistoryCatchUp}), keeping its
 * clientId and edits. So nothing typed is lost unless the server refuses it for good (RESYNC), and then the page
 * is told, with the person's version to keep. The socket, reconnects and keep-alive are the
 * {@link SessionConnection}'s.
 */
export class DocumentSession {
  private readonly clock: Clock;
  private readonly link: SessionConnection;
  private readonly effects: RevisionEffects;
  private readonly events: SessionEvents;
  private readonly log: (message: string) => void;
  private readonly catchUps: HistoryCatchUp;
  private client: OtClient | null = null;
  private clientId = newClientId();
  private name: string;
  private color: string;
  private readOnlyDoc = false;
  private discardedOnResync = false;
  private ackTimer: unknown = null;
  private presenceTimer: unknown = null;

  constructor(private readonly options: SessionOptions) {
    this.clock = options.clock ?? systemClock;
    this.events = options.events;
    this.log = options.log ?? ((message) => console.warn(`tandem: ${message}`));
    this.name = options.name;
    this.color = options.color;
    this.effects = new RevisionEffects(this.events, () => this.client?.pendingLanguage ?? null,
      () => this.clock.now());
    const history = options.history ?? ((from, signal) => ops(options.docId, from, undefined, signal));
    this.catchUps = new HistoryCatchUp(history, this.log, (message) => this.events.notice?.(message));
    this.link = new SessionConnection({
      url: options.url, clock: this.clock, random: options.random ?? Math.random,
      ...(options.createSocket ? { createSocket: options.createSocket } : {}),
    }, {
      opened: () => this.sendJoin(),
      message: (message) => this.receive(message),
      unreadable: (e) => {
        this.log(`unreadable message from the server: ${e.message}`);
        this.resync('an unreadable message');
      },
      dropped: () => {
        if (this.ackTimer !== null) this.clock.clearTimeout(this.ackTimer);
        this.ackTimer = null;
      },
      state: (state) => this.events.connection?.(state),
    });
  }

  /** Connects and joins. */
  start(): void {
    this.link.start();
  }

  /** Closes the connection for good (the page is left). */
  dispose(): void {
    if (this.presenceTimer !== null) this.clock.clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    this.catchUps.cancel();
    this.link.dispose();
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
    return this.link.state;
  }

  /** Edits not yet acknowledged by the server: in flight and waiting. */
  get unacknowledged(): number {
    return this.client?.unacknowledged.length ?? 0;
  }

  /** Chat lines the user sent that are not committed yet, oldest first. */
  pendingChat(): ChatLine[] {
    return (this.client?.unacknowledged ?? []).filter((e) => e.kind === 'chat').map((e) => ({
      revision: null, clientId: this.clientId, authorName: this.name, text: e.text, committedAt: null,
    }));
  }

  /** The clientId this tab's edits are committed under (a new one after a resync). */
  get authorId(): string {
    return this.clientId;
  }

  /** The user's unacknowledged text ops, in order: the editor's text is `revision`'s plus these. */
  pendingTextOps(): TextOperation[] {
    return this.unacknowledgedOps();
  }

  people(): Person[] {
    return this.effects.people();
  }

  /** The user edited the text; `op` is already applied to the editor's document. */
  submitText(op: TextOperation): void {
    this.submitEdit({ kind: 'text', op });
    this.effects.typed(op);
  }

  /** The user switched the document's language. */
  submitLanguage(language: string): void {
    this.submitEdit({ kind: 'language', language });
    this.effects.showLanguage(null);
  }

  /** The user sent a chat line. */
  submitChat(text: string): void {
    this.submitEdit({ kind: 'chat', text });
  }

  /** The user named revision `revision` (at most the revision the session holds). */
  submitVersionName(revision: number, name: string): void {
    this.submitEdit({ kind: 'name', revision, name });
  }

  /** The user's selections, view or whom they follow changed: tell the others (at most every 50 ms). */
  selectionsChanged(): void {
    if (this.presenceTimer !== null || !this.link.joined) return;
    this.presenceTimer = this.clock.setTimeout(() => {
      this.presenceTimer = null;
      this.sendPresence();
    }, PRESENCE_EVERY_MS);
  }

  /** Joins again under another name or color (the join carries them). */
  rename(name: string, color: string): void {
    this.name = name;
    this.color = color;
    if (this.link.hasSocket) this.link.reconnect();
  }

  /** Reconnects at once (the browser is back online, or the person asked to). */
  reconnectNow(): void {
    this.link.reconnectNow();
  }

  /** The browser says the network is gone: stop waiting for the socket to notice. */
  networkLost(): void {
    this.link.networkLost();
  }

  // ---- connection ---------------------------------------------------------------------------------------------

  private sendJoin(): void {
    const join: ClientMessage = {
      type: 'join', docId: this.options.docId, clientId: this.clientId, name: this.name, color: this.color,
      batches: true,
    };
    if (this.client !== null) join.knownRevision = this.client.revision;
    this.send(join);
  }

  /** Gives up the document state (protocol RESYNC): a new clientId, a fresh join, a new snapshot. */
  private resync(reason: string): void {
    this.log(`resyncing the document: ${reason}`);
    if (this.client?.hasUnacknowledged) this.discardedOnResync = true;
    this.catchUps.cancel();
    this.client = null;
    this.clientId = newClientId();
    this.link.retryLater();
  }

  private send(message: ClientMessage): void {
    this.link.send(message);
  }

  // ---- the client algorithm -------------------------------------------------------------------------------------

  private submitEdit(edit: Edit): void {
    if (this.client === null || this.readOnlyDoc) throw new Error('the document is not editable now');
    this.transmit(this.client.applyLocal(edit));
    this.progress();
  }

  /** Sends a submission if connected; otherwise it stays in flight and is resent after the next resume. */
  private transmit(submission: Submission | null): void {
    if (submission === null || !this.link.joined) return;
    this.send({ type: 'submit', ...submission });
    if (this.ackTimer !== null) this.clock.clearTimeout(this.ackTimer);
    this.ackTimer = this.clock.setTimeout(() => {
      this.ackTimer = null;
      this.log('no ack within 30 s; reconnecting');
      this.link.retryLater();
    }, ACK_WITHIN_MS);
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'snapshot': return this.onSnapshot(message);
      case 'resumed': return this.onResumed(message);
      case 'committed': return this.onCommitted(message);
      case 'ack': return this.onAck(message.clientSeq, message.revision);
      case 'presence': return this.onPresence(message);
      case 'left': return this.effects.left(message.clientId);
      case 'error': return this.onError(message);
      case 'pong': return;
    }
  }

  private onJoined(readOnly: boolean): void {
    this.readOnlyDoc = readOnly;
    this.events.readOnly?.(readOnly);
    this.link.joinedNow();
  }

  private onSnapshot(m: ServerMessage & { type: 'snapshot' }): void {
    this.client = new OtClient(m.revision);
    this.effects.loaded(m.revision, m.language, m.present);
    this.onJoined(m.readOnly);
    const discarded = this.discardedOnResync;
    this.discardedOnResync = false;
    this.events.snapshot?.({ revision: m.revision, text: m.text, language: m.language, readOnly: m.readOnly },
      discarded);
    this.events.people?.(this.effects.people());
    this.progress();
    this.sendPresence();
  }

  private onResumed(m: ServerMessage & { type: 'resumed' }): void {
    if (this.client === null || m.revision !== this.client.revision) {
      this.resync(`resumed at ${m.revision}, but this client holds ${this.client?.revision ?? 'nothing'}`);
      return;
    }
    this.catchUps.resumed();
    this.onJoined(m.readOnly);
    this.transmit(this.client.resend());
    this.effects.resumed(m.revision, m.present, this.unacknowledgedOps());
    this.sendPresence();
  }

  private onCommitted(m: ServerMessage & { type: 'committed' }): void {
    const client = this.client;
    if (client === null) return;
    if (m.revision !== client.revision + 1) {
      this.resync(`revision ${m.revision} arrived after ${client.revision}`);
      return;
    }
    this.effects.committed(m, client.applyServer(m.edit));
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
    this.effects.acknowledged(acked, revision, { clientId: this.clientId, name: this.name });
    this.transmit(next);
    this.progress();
    this.sendPresence();
  }

  private onPresence(p: Participant): void {
    if (this.client === null || p.clientId === this.clientId) return;
    this.effects.presenceOf(p, this.client.revision, this.unacknowledgedOps());
  }

  private onError(error: ServerError): void {
    const plan = planRecovery(error);
    this.log(`${error.code} (${plan.action}): ${error.message}`);
    switch (plan.action) {
      case 'continue':
        return;
      case 'resume':
        if (plan.reason !== null) this.events.notice?.(plan.reason);
        this.link.retryLater(plan);
        return;
      case 'resync':
        if (plan.catchUp && this.client?.hasUnacknowledged) {
          this.catchUp();
          return;
        }
        this.events.notice?.(plan.notice);
        this.resync(error.code);
        return;
      case 'stop':
        this.link.stop(plan.message);
    }
  }

  /**
   * CANNOT_RESUME with edits to keep: brings the client to the history's head, applying every revision as the
   * gateway's replay would (its own committed edit as the ack, so it is never sent again), then joins again with
   * the same clientId, and the edit in flight is resent as after any resume.
   */
  private catchUp(): void {
    const client = this.client!;
    this.link.hold();
    this.catchUps.start(client.revision + 1, {
      apply: (edit) => {
        if (this.client === client) this.receive(asDelivered(edit, this.clientId));
        return this.client === client; // a revision that does not follow, or an ack of nothing in flight, resynced
      },
      rejoin: () => this.link.reconnect(),
      retryLater: (reason) => this.link.retryLater({ reason }),
      resync: (reason) => {
        this.events.notice?.(`${describeError('CANNOT_RESUME')} Reloading the document.`);
        this.resync(`catching up from the history: ${reason}`);
      },
    });
  }

  private sendPresence(): void {
    if (this.client === null || !this.link.joined) return;
    const view = this.options.view?.() ?? null;
    const following = this.options.following?.() ?? null;
    this.send({ type: 'presence', revision: this.client.revision, selections: this.options.selections().slice(0, 100),
      ...(view !== null ? { view } : {}), ...(following !== null ? { following } : {}) });
  }

  private unacknowledgedOps(): TextOperation[] {
    return (this.client?.unacknowledged ?? []).filter((e) => e.kind === 'text').map((e) => e.op);
  }

  private progress(): void {
    if (this.client !== null) this.events.progress?.(this.client.revision, this.unacknowledged);
  }
}
