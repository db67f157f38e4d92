import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply } from '../src/ot/ot';
import { OtClient, ProtocolViolation } from '../src/ot/ot-client';
import { randomEdit, randomText, Random } from './helpers';
import { Simulation } from './simulation';

describe('OtClient', () => {
  test('the worked example of protocol section 5: Ada and Grace converge on the server\'s op', () => {
    const ada = new OtClient(41, 3);
    const sent = ada.applyLocal({ kind: 'text', op: [13, '!'] });
    assert.deepEqual(sent, { clientSeq: 3, baseRevision: 41, edit: { kind: 'text', op: [13, '!'] } });
    const shown = ada.applyServer({ kind: 'text', op: [{ d: 6 }] });
    assert.deepEqual(shown, [{ d: 6 }]);
    assert.deepEqual(ada.inFlight, { clientSeq: 3, edit: { kind: 'text', op: [7, '!'] } });
    assert.equal(apply(apply('hello 🌍 world\n', [13, '!']), shown), '🌍 world!\n');
    assert.equal(ada.serverAck(3), null);
    assert.equal(ada.revision, 43);
  });

  test('edits made while one is in flight wait, text edits composed into one', () => {
    const c = new OtClient(0);
    c.applyLocal({ kind: 'text', op: ['a'] });
    c.applyLocal({ kind: 'text', op: [1, 'b'] });
    c.applyLocal({ kind: 'text', op: [2, 'c'] });
    c.applyLocal({ kind: 'language', language: 'python' });
    c.applyLocal({ kind: 'text', op: [{ d: 1 }] });
    assert.deepEqual(c.pending, [
      { kind: 'text', op: [1, 'bc'] },
      { kind: 'language', language: 'python' },
      { kind: 'text', op: [{ d: 1 }] },
    ]);
    assert.deepEqual(c.serverAck(1), { clientSeq: 2, baseRevision: 1, edit: { kind: 'text', op: [1, 'bc'] } });
    assert.deepEqual(c.serverAck(2), { clientSeq: 3, baseRevision: 2, edit: { kind: 'language', language: 'python' } });
  });

  test('a waiting edit that remote edits cancel is not sent and takes no clientSeq', () => {
    const c2 = new OtClient(0);
    c2.applyLocal({ kind: 'chat', text: 'hi' });
    c2.applyLocal({ kind: 'text', op: [{ d: 1 }] }); // deletes the document's one code point
    assert.deepEqual(c2.applyServer({ kind: 'text', op: [{ d: 1 }] }), []); // someone deleted it first
    assert.equal(c2.serverAck(1), null);
    assert.deepEqual(c2.applyLocal({ kind: 'text', op: ['y'] }), { clientSeq: 2, baseRevision: 2, edit: { kind: 'text', op: ['y'] } });
  });

  test('the editor shows the newest own language change until it is committed, then the committed one', () => {
    const c = new OtClient(0);
    assert.equal(c.pendingLanguage, null);
    c.applyLocal({ kind: 'language', language: 'go' });
    c.applyLocal({ kind: 'chat', text: 'hi' });
    c.applyLocal({ kind: 'language', language: 'rust' });
    assert.equal(c.pendingLanguage, 'rust');
    c.serverAck(1);
    c.serverAck(2);
    assert.equal(c.pendingLanguage, 'rust');
    c.serverAck(3);
    assert.equal(c.pendingLanguage, null);
  });

  test('an ack that does not match the edit in flight is a protocol violation', () => {
    const c = new OtClient(5);
    assert.throws(() => c.serverAck(1), ProtocolViolation);
    c.applyLocal({ kind: 'chat', text: 'hi' });
    assert.throws(() => c.serverAck(2), ProtocolViolation);
  });

  test('resend after a reconnect: same clientSeq, the op as held now, the revision held now', () => {
    const c = new OtClient(10, 7);
    c.applyLocal({ kind: 'text', op: [2, 'x'] });
    c.applyServer({ kind: 'text', op: ['ab'] });
    assert.deepEqual(c.resend(), { clientSeq: 7, baseRevision: 11, edit: { kind: 'text', op: [4, 'x'] } });
  });
});

describe('convergence simulator', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    test(`4 clients, random edits and delays, seed ${seed}: everyone ends with the server's document`, () => {
      const random = new Random(seed);
      const sim = new Simulation('start 🌍\n', 4, random);
      for (let step = 0; step < 400; step++) {
        if (sim.idle || random.int(3) === 0) {
          const p = sim.peers[random.int(sim.peers.length)]!;
          const kind = random.int(20);
          if (kind === 0) sim.localEdit(p.id, { kind: 'language', language: random.pick(['python', 'go', 'rust']) });
          else if (kind === 1) sim.localEdit(p.id, { kind: 'chat', text: randomText(random) });
          else sim.localEdit(p.id, { kind: 'text', op: randomEdit(random, p.text) });
        } else {
          sim.deliverNext();
        }
      }
      sim.quiesce();
      for (const p of sim.peers) {
        assert.equal(p.text, sim.serverText, `client ${p.id}'s text`);
        assert.equal(p.ot.hasUnacknowledged, false);
        assert.equal(p.ot.revision, sim.server.history.length);
        assert.equal(p.language, sim.serverLanguage, `client ${p.id}'s language`);
        assert.deepEqual(p.chat, sim.serverChat, `client ${p.id}'s chat`);
      }
    });
  }
});
