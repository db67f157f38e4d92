import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codePointLength } from '../src/ot/code-points';
import { insertOp } from '../src/ot/text-operation';
import { describeError, retryAfterOf } from '../src/protocol/messages';
import { CANNOT_CONNECT } from '../src/session/recovery';
import { Random, randomEdit } from './helpers';
import { assertConverged, joins, setUp, startTabs, submits, Tab } from './tab';

describe('DocumentSession', () => {
  test('joins, loads the snapshot, submits an edit, is acknowledged and sends presence after the ack', () => {
    const { clock, gateway } = setUp('hello 🌍\n');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    assert.equal(tab.text, 'hello 🌍\n');
    assert.equal(tab.status, 'online');
    tab.type(insertOp(7, '!'));
    gateway.flush();
    assert.equal(gateway.text, 'hello 🌍!\n');
    assert.equal(tab.session.revision, 1);
    assert.equal(tab.session.unacknowledged, 0);
    const types = gateway.received.map(([, m]) => m.type);
    assert.deepEqual(types, ['join', 'presence', 'submit', 'presence']);
    assert.deepEqual(submits(gateway)[0], { type: 'submit', clientSeq: 1, baseRevision: 0,
      edit: { kind: 'text', op: [7, '!'] } });
  });

  test('joins with batches, and a batch (an array of messages in one frame) is handled message by message', () => {
    const { clock, gateway } = setUp('ab');
    gateway.batchFrames = true;
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    assert.equal(joins(gateway)[0]!.batches, true);
    tab.type(insertOp(2, 'c'));
    gateway.commitForeign({ kind: 'text', op: insertOp(0, '1') });
    gateway.commitForeign({ kind: 'text', op: insertOp(0, '2') });
    const before = gateway.batchesSent;
    gateway.flush();
    assert.ok(gateway.batchesSent > before, 'the foreign ops and the ack went as a batch');
    assert.equal(tab.text, gateway.text);
    assert.equal(tab.session.revision, gateway.head);
    assert.equal(tab.session.unacknowledged, 0);
  });

  test('edits made offline are kept and sent after the reconnect; the edit in flight keeps its clientSeq', () => {
    const { clock, gateway } = setUp('abc');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    tab.type(insertOp(3, 'd')); // sent, not yet delivered
    gateway.dropAll();
    assert.equal(tab.status, 'offline');
    tab.type(insertOp(4, 'e'));
    tab.type(insertOp(0, '>'));
    gateway.commitForeign({ kind: 'text', op: insertOp(0, '😀') });
    clock.advance(1_000);
    gateway.flush();
    assert.equal(tab.status, 'online');
    const rejoin = joins(gateway)[1]!;
    assert.equal(rejoin.knownRevision, 0);
    assert.equal(rejoin.clientId, joins(gateway)[0]!.clientId);
    const sent = submits(gateway);
    assert.deepEqual(sent.map((s) => s.clientSeq), [1, 2]);
    assert.equal(gateway.text, tab.text);
    assert.equal(tab.text, '😀>abcde');
    assert.equal(tab.session.unacknowledged, 0);
  });

  test('a resend of an edit committed before the connection dropped is acknowledged once, from the replay', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    tab.type(insertOp(0, 'x'));
    // the submit reaches the server and is committed, but the connection drops before the ack arrives
    gateway.sockets[0]!.pumpUp();
    gateway.dropAll();
    assert.equal(gateway.text, 'x');
    tab.type(insertOp(1, 'y'));
    clock.advance(1_000);
    gateway.flush();
    assert.equal(gateway.text, 'xy');
    assert.equal(tab.text, 'xy');
    assert.deepEqual(submits(gateway).map((s) => s.clientSeq), [1, 1, 2]);
  });

  test('RESUME errors reconnect and resend; RATE_LIMITED backs off at least 2 s', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.refuseNext.push('RATE_LIMITED');
    tab.type(insertOp(0, 'a'));
    gateway.flush();
    assert.equal(tab.status, 'offline');
    const state = tab.session.connection as { retryAt: number };
    assert.ok(state.retryAt - clock.now() >= 2_000, `retry in ${state.retryAt - clock.now()} ms`);
    assert.equal(tab.notices.length, 1);
    clock.advance(10_000);
    gateway.flush();
    assert.equal(gateway.text, 'a');
    assert.deepEqual(submits(gateway).map((s) => s.clientSeq), [1, 1]);
    assert.equal(joins(gateway)[1]!.knownRevision, 0);
  });

  test('RESYNC errors discard the document and rejoin with a new clientId and no knownRevision', () => {
    const { clock, gateway } = setUp('abc');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.refuseNext.push('OP_DOES_NOT_FIT');
    tab.type(insertOp(0, 'zz'));
    gateway.flush();
    clock.advance(1_000);
    gateway.flush();
    const [first, second] = joins(gateway);
    assert.notEqual(second!.clientId, first!.clientId);
    assert.equal(second!.knownRevision, undefined);
    assert.equal(tab.text, 'abc');
    assert.equal(tab.discarded, 1);
    assert.equal(tab.status, 'online');
  });

  test('a close with 1009 (past the hard frame limit) is MESSAGE_TOO_LARGE: resync, not the same frame for ever', () => {
    const { clock, gateway } = setUp('abc');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    tab.type(insertOp(0, 'zz'));
    gateway.sockets.at(-1)!.closeWith(1009);
    clock.advance(1_000);
    gateway.flush();
    const [first, second] = joins(gateway);
    assert.notEqual(second!.clientId, first!.clientId);
    assert.equal(second!.knownRevision, undefined);
    assert.equal(tab.text, 'abc');
    assert.equal(tab.discarded, 1);
  });

  test('TOO_MANY_CONNECTIONS waits exactly the retryAfterMs the server asks for, and says why', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.sockets[0]!.fatal('TOO_MANY_CONNECTIONS', undefined, { retryAfterMs: 30_000 });
    gateway.flush();
    const state = tab.session.connection as { status: string; retryAt: number; reason?: string };
    assert.equal(state.status, 'offline');
    assert.equal(state.retryAt - clock.now(), 30_000);
    assert.equal(state.reason, describeError('TOO_MANY_CONNECTIONS'));
    clock.advance(29_999);
    gateway.flush();
    assert.equal(joins(gateway).length, 1);
    clock.advance(1);
    assert.equal((tab.session.connection as { reason?: string }).reason, describeError('TOO_MANY_CONNECTIONS'));
    gateway.flush();
    assert.equal(joins(gateway).length, 2);
    assert.equal(tab.status, 'online');
    assert.equal((tab.session.connection as { reason?: string }).reason, undefined);
  });

  test('with no valid retryAfterMs, TOO_MANY_CONNECTIONS backs off as RATE_LIMITED does (at least 2 s)', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.sockets[0]!.fatal('TOO_MANY_CONNECTIONS', undefined, { retryAfterMs: -5 });
    gateway.flush();
    const state = tab.session.connection as { retryAt: number };
    assert.ok(state.retryAt - clock.now() >= 2_000, `retry in ${state.retryAt - clock.now()} ms`);
  });

  test('UNKNOWN_DOCUMENT stops with a reason for the person', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.sockets[0]!.fatal('UNKNOWN_DOCUMENT');
    gateway.flush();
    assert.deepEqual(tab.session.connection, { status: 'stopped', message: 'This document does not exist.' });
  });

  test('ALREADY_COMMITTED is ignored; CLIENT_SEQ_REUSED resyncs with a new clientId', () => {
    const { clock, gateway } = setUp('abc');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.sockets[0]!.toClient({ type: 'error', code: 'ALREADY_COMMITTED', message: 'x', clientSeq: 1,
      fatal: false });
    gateway.flush();
    assert.equal(tab.status, 'online');
    assert.equal(joins(gateway).length, 1);
    gateway.sockets[0]!.fatal('CLIENT_SEQ_REUSED', 1);
    gateway.flush();
    clock.advance(1_000);
    gateway.flush();
    const [first, second] = joins(gateway);
    assert.notEqual(second!.clientId, first!.clientId);
    assert.equal(second!.knownRevision, undefined);
    assert.equal(tab.status, 'online');
  });

  test('connections that close before they open, again and again, say the server cannot be reached', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.sockets[0]!.drop();
    assert.equal((tab.session.connection as { reason?: string }).reason, undefined);
    clock.advance(1_000);
    gateway.sockets[1]!.drop();
    assert.equal((tab.session.connection as { reason?: string }).reason, CANNOT_CONNECT);
    clock.advance(2_000);
    assert.equal((tab.session.connection as { reason?: string }).reason, CANNOT_CONNECT);
    gateway.flush();
    assert.equal(tab.status, 'online');
  });

  test('STOP errors stop: no reconnect', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.sockets[0]!.fatal('MALFORMED_MESSAGE');
    gateway.flush();
    clock.advance(120_000);
    gateway.flush();
    assert.equal(tab.status, 'stopped');
    assert.equal(joins(gateway).length, 1);
  });

  test('CONTINUE errors and unknown message types change nothing', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.sockets[0]!.toClient({ type: 'error', code: 'UNKNOWN_MESSAGE_TYPE', message: 'x', fatal: false });
    gateway.sockets[0]!.toClient({ type: 'from-the-future', x: 1 });
    gateway.flush();
    assert.equal(tab.status, 'online');
    assert.equal(joins(gateway).length, 1);
  });

  test('an unknown fatal error code resyncs; a gap in the revisions resyncs', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    gateway.sockets[0]!.toClient({ type: 'committed', revision: 5, clientId: 'x', clientSeq: 1,
      edit: { kind: 'text', op: ['boo'] }, committedAt: '2025-01-15T09:30:00Z', authorName: 'X' });
    gateway.flush();
    clock.advance(1_000);
    gateway.flush();
    assert.equal(joins(gateway).length, 2);
    assert.equal(joins(gateway)[1]!.knownRevision, undefined);
    gateway.sockets[1]!.fatal('SOMETHING_NEW');
    gateway.flush();
    clock.advance(2_000);
    gateway.flush();
    assert.equal(joins(gateway).length, 3);
    assert.equal(joins(gateway)[2]!.knownRevision, undefined);
  });

  test('reconnects back off with jitter: 0.5 s doubling to 30 s, each in the upper half of its range', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      gateway.sockets[gateway.sockets.length - 1]!.drop();
      const state = tab.session.connection as { retryAt: number };
      delays.push(state.retryAt - clock.now());
      clock.advance(state.retryAt - clock.now());
    }
    const ceilings = [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000];
    delays.forEach((d, i) => assert.ok(d >= ceilings[i]! / 2 && d <= ceilings[i]!, `delay ${i}: ${d}`));
  });

  test('pings after 25 s of silence and reconnects when no pong comes', () => {
    const { clock, gateway } = setUp('');
    const tab = new Tab(gateway, clock);
    tab.session.start();
    gateway.flush();
    clock.advance(30_000);
    gateway.flush();
    assert.ok(gateway.received.some(([, m]) => m.type === 'ping'));
    assert.equal(tab.status, 'online');
    // now the network silently eats everything
    const socket = gateway.sockets[0]!;
    socket.pump = () => false;
    clock.advance(60_000);
    assert.notEqual(tab.status, 'online');
  });

  test('language changes and chat: shown at once for the author, committed for everyone', () => {
    const { clock, gateway } = setUp('');
    const ada = new Tab(gateway, clock, 'Ada', 1);
    const grace = new Tab(gateway, clock, 'Grace', 2);
    ada.session.start();
    grace.session.start();
    gateway.flush();
    ada.session.submitLanguage('python');
    assert.equal(ada.language, 'python');
    ada.session.submitChat('hi <b>there</b>');
    assert.equal(ada.session.pendingChat().length, 1);
    gateway.flush();
    assert.equal(grace.language, 'python');
    assert.deepEqual(grace.chat.map((c) => [c.authorName, c.text, c.revision]), [['Ada', 'hi <b>there</b>', 2]]);
    assert.deepEqual(ada.chat.map((c) => [c.authorName, c.text, c.revision]), [['Ada', 'hi <b>there</b>', 2]]);
    assert.equal(ada.session.pendingChat().length, 0);
  });

  test('randomized: three tabs typing through dropped connections and refusals converge, nothing lost', () => {
    for (const [seed, batchFrames] of [[21, false], [22, false], [23, false], [24, true], [25, true]] as const) {
      const random = new Random(seed);
      const { clock, gateway } = setUp('start\n');
      gateway.batchFrames = batchFrames;
      const tabs = startTabs(gateway, clock, seed);
      for (let step = 0; step < 400; step++) {
        const r = random.int(20);
        const tab = tabs[random.int(3)]!;
        if (r < 8 && tab.session.loaded) {
          tab.type(randomEdit(random, tab.text));
        } else if (r < 9) {
          gateway.sockets[random.int(gateway.sockets.length)]!.drop();
        } else if (r < 10) {
          gateway.refuseNext.push(random.pick(['UNAVAILABLE', 'INTERNAL_ERROR', 'BASE_REVISION_TOO_OLD']));
        } else if (r < 14) {
          clock.advance(random.int(3_000));
        } else {
          const s = gateway.sockets[random.int(gateway.sockets.length)]!;
          s.pump();
        }
      }
      gateway.refuseNext.length = 0;
      for (let i = 0; i < 20; i++) {
        clock.advance(35_000);
        gateway.flush();
      }
      assertConverged(tabs, gateway, `seed ${seed}: transient errors never lose edits`);
      assert.ok(codePointLength(gateway.text) > 0);
      if (batchFrames) assert.ok(gateway.batchesSent > 10, `seed ${seed}: batches were sent (${gateway.batchesSent})`);
    }
  });
});

describe('retryAfterMs', () => {
  test('is used only when it is an integer from 0 to one hour', () => {
    assert.equal(retryAfterOf({ retryAfterMs: 0 }), 0);
    assert.equal(retryAfterOf({ retryAfterMs: 3_600_000 }), 3_600_000);
    assert.equal(retryAfterOf({}), null);
    assert.equal(retryAfterOf({ retryAfterMs: -1 }), null);
    assert.equal(retryAfterOf({ retryAfterMs: 3_600_001 }), null);
    assert.equal(retryAfterOf({ retryAfterMs: 1.5 }), null);
    assert.equal(retryAfterOf({ retryAfterMs: '100' }), null);
  });
});
