import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codePointLength } from '../src/ot/code-points';
import { insertOp, deleteOp } from '../src/ot/text-operation';
import { Random } from './helpers';
import { Simulation } from './simulation';

const text = (op: ReturnType<typeof insertOp>) => ({ kind: 'text' as const, op });

describe('undo only undoes your own edits', () => {
  test('undo removes what I typed and keeps what someone typed after it', () => {
    const sim = new Simulation('', 2, new Random(1));
    sim.localEdit(0, text(insertOp(0, 'hello')));
    sim.quiesce();
    sim.localEdit(1, text(insertOp(5, ' world')));
    sim.quiesce();
    assert.ok(sim.undo(0));
    sim.quiesce();
    assert.equal(sim.serverText, ' world');
    assert.equal(sim.peers[0]!.text, ' world');
    assert.equal(sim.undo(0), false);
  });

  test('undo removes my text even after someone typed inside it, and keeps theirs', () => {
    const sim = new Simulation('', 2, new Random(2));
    sim.localEdit(0, text(insertOp(0, 'a😀c')));
    sim.quiesce();
    sim.localEdit(1, text(insertOp(2, 'XY')));
    sim.quiesce();
    assert.equal(sim.serverText, 'a😀XYc');
    sim.undo(0);
    sim.quiesce();
    assert.equal(sim.serverText, 'XY');
  });

  test('undo of a delete restores the text where it was, after text inserted at that spot meanwhile', () => {
    const sim = new Simulation('one two three', 2, new Random(3));
    sim.localEdit(0, text(deleteOp(4, 4))); // "two "
    sim.quiesce();
    sim.localEdit(1, text(insertOp(4, '2 '))); // at the place "two " was
    sim.quiesce();
    sim.undo(0);
    sim.quiesce();
    assert.equal(sim.serverText, 'one 2 two three');
    assert.equal(sim.peers[1]!.text, sim.serverText);
  });

  test('undo and redo while remote edits are still arriving', () => {
    const sim = new Simulation('', 2, new Random(4));
    sim.localEdit(0, text(insertOp(0, 'abc')));
    sim.localEdit(1, text(insertOp(0, '123')));
    sim.undo(0); // before anything was delivered
    sim.quiesce();
    assert.equal(sim.serverText, '123');
    sim.redo(0);
    sim.quiesce();
    assert.equal(sim.serverText.replace('abc', ''), '123');
    assert.ok(sim.serverText.includes('abc'));
    for (const p of sim.peers) assert.equal(p.text, sim.serverText);
  });

  test('edits of one group undo together; an edit after an undo clears the redo stack', () => {
    const sim = new Simulation('', 1, new Random(5));
    sim.localEdit(0, text(insertOp(0, 'a')), 'input');
    sim.localEdit(0, text(insertOp(1, 'b')), 'input');
    sim.localEdit(0, text(insertOp(2, 'c')), ''); // never groups
    sim.undo(0);
    assert.equal(sim.peers[0]!.text, 'ab');
    sim.undo(0);
    assert.equal(sim.peers[0]!.text, '');
    sim.redo(0);
    assert.equal(sim.peers[0]!.text, 'ab');
    sim.localEdit(0, text(insertOp(0, '>')));
    assert.equal(sim.redo(0), false);
  });

  for (const seed of [11, 12, 13, 14, 15, 16]) {
    test(`randomized, seed ${seed}: after undoing all of A's inserts, exactly B's text is left`, () => {
      const random = new Random(seed);
      const sim = new Simulation('', 3, random);
      // A (0) inserts capitals; B (1) and C (2) insert and delete lower case; then A undoes everything it did
      for (let step = 0; step < 300; step++) {
        if (sim.idle || random.int(3) === 0) {
          const id = random.int(3);
          const p = sim.peers[id]!;
          const length = codePointLength(p.text);
          const at = random.int(length + 1);
          if (id === 0) {
            sim.localEdit(0, text(insertOp(at, random.pick(['A', 'B😀', 'CD']))), random.pick(['input', '']));
          } else if (random.int(3) === 0 && at < length) {
            sim.localEdit(id, text(deleteOp(at, 1)));
          } else {
            sim.localEdit(id, text(insertOp(at, random.pick(['x', 'y𝄞', 'z']))));
          }
        } else {
          sim.deliverNext();
        }
      }
      sim.quiesce();
      const withoutA = sim.serverText.replace(/[A-Z]|😀/gu, '');
      // others keep typing while A undoes
      while (sim.peers[0]!.undo.canUndo) {
        sim.undo(0);
        if (random.int(2) === 0) sim.localEdit(1, text(insertOp(0, 'q')));
        sim.deliverNext();
      }
      sim.quiesce();
      assert.equal(sim.serverText.replace(/^q+/u, ''), withoutA.replace(/^q+/u, ''));
      assert.doesNotMatch(sim.serverText, /[A-Z]|😀/u);
      for (const p of sim.peers) assert.equal(p.text, sim.serverText);
    });
  }
});
