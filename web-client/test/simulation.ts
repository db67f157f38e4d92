import { apply, invert } from '../src/ot/ot';
import { type Edit, OtClient, type Submission } from '../src/ot/ot-client';
import type { TextOperation } from '../src/ot/text-operation';
import { UndoManager } from '../src/ot/undo';
import { Random, TestServer } from './helpers';

/** A client of the simulation: the client algorithm, the user's undo history and the text on screen. */
export class Peer {
  readonly ot = new OtClient(0);
  readonly undo = new UndoManager(1000, 1000);
  readonly chat: string[] = [];
  /** The language of the last committed language change this client has seen. */
  committedLanguage = 'plaintext';
  /** What the editor shows: the client's own pending change, else the committed one. */
  get language(): string {
    return this.ot.pendingLanguage ?? this.committedLanguage;
  }

  upstream = 0; // time of the last delivery scheduled on each channel, so each is ordered like one socket
  downstream = 0;

  constructor(readonly id: number, public text: string) {}
}

/**
 * One server and N clients over a simulated network (ot-core's sim.Simulation, in TypeScript): every message is
 * delivered after a random delay, in order per direction and client, interleaved at random across clients.
 */
export class Simulation {
  readonly server = new TestServer();
  readonly peers: Peer[] = [];
  serverText: string;
  serverLanguage = 'plaintext';
  readonly serverChat: string[] = [];
  private readonly queue: Array<{ at: number; seq: number; run: () => void }> = [];
  private now = 0;
  private seq = 0;

  constructor(initialText: string, clients: number, readonly random: Random) {
    this.serverText = initialText;
    for (let i = 0; i < clients; i++) this.peers.push(new Peer(i, initialText));
  }

  /** Client `id` makes `edit` (a text edit is applied to its text first); undoable unless `undoable` is false. */
  localEdit(id: number, edit: Edit, group = ''): void {
    const p = this.peers[id]!;
    if (edit.kind === 'text') {
      p.undo.recordLocal(invert(edit.op, p.text), group, this.now);
      p.text = apply(p.text, edit.op);
    }
    this.submit(p, p.ot.applyLocal(edit));
  }

  /** Client `id` undoes its last edit; false if there is nothing to undo. */
  undo(id: number): boolean {
    const p = this.peers[id]!;
    const op = p.undo.popUndo();
    if (op === null) return false;
    p.undo.recordUndone(invert(op, p.text));
    this.applyOwn(p, op);
    return true;
  }

  /** Client `id` redoes what it undid last; false if there is nothing to redo. */
  redo(id: number): boolean {
    const p = this.peers[id]!;
    const op = p.undo.popRedo();
    if (op === null) return false;
    p.undo.recordRedone(invert(op, p.text));
    this.applyOwn(p, op);
    return true;
  }

  private applyOwn(p: Peer, op: TextOperation): void {
    p.text = apply(p.text, op);
    this.submit(p, p.ot.applyLocal({ kind: 'text', op }));
  }

  /** Delivers every message in flight, and everything sent in response, until the network is empty. */
  quiesce(): void {
    while (this.deliverNext()) {
      // keep delivering
    }
  }

  deliverNext(): boolean {
    if (this.queue.length === 0) return false;
    this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.queue.shift()!;
    this.now = Math.max(this.now, next.at);
    next.run();
    return true;
  }

  get idle(): boolean {
    return this.queue.length === 0;
  }

  private submit(from: Peer, submission: Submission | null): void {
    if (submission === null) return;
    this.schedule(from, 'upstream', () => {
      const { edit, baseRevision, clientSeq } = submission;
      let committed: Edit = edit;
      if (edit.kind === 'text') {
        committed = { kind: 'text', op: this.server.receive(baseRevision, edit.op) };
        this.serverText = apply(this.serverText, committed.op);
      } else {
        this.server.receive(baseRevision, []);
        if (edit.kind === 'language') this.serverLanguage = edit.language;
        else if (edit.kind === 'chat') this.serverChat.push(edit.text);
      }
      for (const p of this.peers) {
        if (p === from) {
          this.schedule(p, 'downstream', () => {
            const acked = p.ot.inFlight!.edit;
            if (acked.kind === 'language') p.committedLanguage = acked.language;
            if (acked.kind === 'chat') p.chat.push(acked.text);
            this.submit(p, p.ot.serverAck(clientSeq));
          });
        } else {
          this.schedule(p, 'downstream', () => {
            const op = p.ot.applyServer(committed);
            p.text = apply(p.text, op);
            p.undo.transformRemote(op);
            if (committed.kind === 'language') p.committedLanguage = committed.language;
            if (committed.kind === 'chat') p.chat.push(committed.text);
          });
        }
      }
    });
  }

  private schedule(p: Peer, channel: 'upstream' | 'downstream', run: () => void): void {
    const at = Math.max(this.now + 1 + this.random.int(50), p[channel] + 1);
    p[channel] = at;
    this.queue.push({ at, seq: this.seq++, run });
  }
}
