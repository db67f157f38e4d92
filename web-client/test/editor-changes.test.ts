import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChangeSet, EditorSelection, EditorState, Text, Transaction } from '@codemirror/state';
import { codePointLength } from '../src/ot/code-points';
import { apply } from '../src/ot/ot';
import { AstralIndex, astralIndex } from '../src/editor/astral-index';
import { changesToOp, keepChangesInProtocol, opToChanges } from '../src/editor/changes';
import { Random, randomEdit, randomText } from './helpers';

const doc = (s: string) => Text.of(s.split('\n'));

describe('UTF-16 <-> code points in the editor', () => {
  test('the index converts both ways on text with emoji and astral characters', () => {
    const s = 'a😀b\n𝄞\n\n👍🏽x';
    const index = AstralIndex.of(doc(s));
    for (let u = 0; u <= s.length; u++) {
      // inside a pair, slice() keeps a lone high surrogate, which counts as one: the protocol's rule
      assert.equal(index.toCodePoint(u), [...s.slice(0, u)].length, `toCodePoint(${u})`);
    }
    for (let cp = 0; cp <= codePointLength(s); cp++) {
      assert.equal(index.toUtf16(cp), [...s].slice(0, cp).join('').length, `toUtf16(${cp})`);
    }
    assert.equal(index.length(doc(s)), codePointLength(s));
  });

  test('random changes: the op of a CodeMirror change does the same, and so do the changes of an op', () => {
    const random = new Random(3);
    let state = EditorState.create({ doc: 'start 😀\n', extensions: [astralIndex, EditorState.lineSeparator.of('\n')] });
    for (let i = 0; i < 400; i++) {
      const before = state.doc.toString();
      const index = state.field(astralIndex);
      // an op in code points, turned into CodeMirror changes, applied, and turned back into an op
      const op = randomEdit(random, before);
      const changes = ChangeSet.of(opToChanges(op, index), state.doc.length, '\n');
      const tr = state.update({ changes });
      assert.equal(tr.newDoc.toString(), apply(before, op));
      assert.deepEqual(changesToOp(tr.changes, index), op);
      state = tr.state;
      // the index the state field keeps equals one built from scratch
      assert.deepEqual(state.field(astralIndex), AstralIndex.of(state.doc));
      if (random.int(5) === 0) {
        // several changes in one transaction, as multiple selections make
        const text = state.doc.toString();
        const cps = codePointLength(text);
        const a = random.int(cps + 1);
        const b = random.int(cps + 1);
        const idx = state.field(astralIndex);
        const multi = state.update({ changes: [
          { from: idx.toUtf16(Math.min(a, b)), insert: randomText(random) },
          { from: idx.toUtf16(Math.max(a, b)), insert: randomText(random) },
        ] });
        assert.equal(apply(text, changesToOp(multi.changes, idx)), multi.newDoc.toString());
        state = multi.state;
      }
    }
  });

  test('pasted Windows line breaks become \\n, and a change never splits a surrogate pair', () => {
    const state = EditorState.create({
      doc: 'a😀b', extensions: [astralIndex, EditorState.lineSeparator.of('\n'), keepChangesInProtocol],
      selection: EditorSelection.cursor(1),
    });
    const pasted = state.update({ changes: { from: 1, insert: 'x\r\ny\rz' }, userEvent: 'input.paste',
      selection: EditorSelection.cursor(7) });
    assert.equal(pasted.newDoc.toString(), 'ax\ny\nz😀b');
    assert.equal(pasted.newSelection.main.head, 6);
    const split = state.update({ changes: { from: 2, to: 3 } }); // the low half of 😀
    assert.equal(split.newDoc.toString(), 'ab');
    const remote = state.update({ changes: { from: 1, insert: '\r' }, annotations: Transaction.remote.of(true) });
    assert.equal(remote.newDoc.toString(), 'a\r😀b', 'remote text is applied as it is');
  });
});
