import assert from 'node:assert/strict';
import { apply } from '../src/ot/ot';
import type { TextOperation } from '../src/ot/text-operation';
import type { Viewport } from '../src/protocol/messages';
import type { Person } from '../src/session/presence-tracker';
import { type ChatLine, type ConnectionState, DocumentSession } from '../src/session/document-session';
import { FakeGateway, ManualClock } from './fake-gateway';
import { Random } from './helpers';

/** What a tab says of its view and whom it follows, beyond its selections. */
export interface TabPresence {
  readonly view?: () => Viewport | null;
  readonly following?: () => string | null;
}

/** A browser tab with a plain string for an editor. */
export class Tab {
  text = '';
  language = '';
  readonly states: ConnectionState[] = [];
  readonly chat: ChatLine[] = [];
  readonly notices: string[] = [];
  discarded = 0;
  readonly session: DocumentSession;

  /** Everyone else, as the session last reported them. */
  people: Person[] = [];

  constructor(gateway: FakeGateway, clock: ManualClock, name = 'Ada', seed = 1, presence: TabPresence = {}) {
    const random = new Random(seed);
    this.session = new DocumentSession({
      docId: 'doc-1', name, color: '#1f77b4', url: 'ws://test/ws/docs/doc-1',
      selections: () => [{ anchor: 0, head: 0 }],
      ...(presence.view ? { view: presence.view } : {}),
      ...(presence.following ? { following: presence.following } : {}),
      createSocket: gateway.createSocket, history: gateway.history, clock, random: () => random.next(), log: () => {},
      events: {
        snapshot: (s, discarded) => {
          this.text = s.text;
          this.language = s.language;
          if (discarded) this.discarded++;
        },
        remoteText: (op) => {
          this.text = apply(this.text, op);
        },
        language: (language) => {
          this.language = language;
        },
        chat: (line) => this.chat.push(line),
        connection: (state) => this.states.push(state),
        notice: (message) => this.notices.push(message),
        people: (people) => {
          this.people = people;
        },
      },
    });
  }

  type(op: TextOperation): void {
    this.text = apply(this.text, op);
    this.session.submitText(op);
  }

  get status(): string {
    return this.session.connection.status;
  }
}

export function setUp(initial = '') {
  const clock = new ManualClock();
  const gateway = new FakeGateway(initial);
  return { clock, gateway };
}

export const submits = (gateway: FakeGateway) =>
  gateway.received.filter(([, m]) => m.type === 'submit').map(([, m]) => m);
export const joins = (gateway: FakeGateway) => gateway.received.filter(([, m]) => m.type === 'join').map(([, m]) => m);

/** Three tabs on the gateway's document, P0 to P2, started and joined; `seed` seeds their back-off jitter. */
export function startTabs(gateway: FakeGateway, clock: ManualClock, seed: number): Tab[] {
  const tabs = [0, 1, 2].map((i) => new Tab(gateway, clock, `P${i}`, seed * 10 + i));
  for (const t of tabs) t.session.start();
  gateway.flush();
  return tabs;
}

/** Every tab is online with nothing unacknowledged and nothing discarded, at the log's head, with its text. */
export function assertConverged(tabs: readonly Tab[], gateway: FakeGateway, label: string): void {
  for (const t of tabs) {
    assert.equal(t.status, 'online', label);
    assert.equal(t.session.unacknowledged, 0, label);
    assert.equal(t.text, gateway.text, label);
    assert.equal(t.discarded, 0, label);
    assert.equal(t.session.revision, gateway.head, label);
  }
}
