import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyAuthorship, type Authorship, insertedRanges } from '../src/ot/authorship';
import { codePointLength } from '../src/ot/code-points';
import { diffOp } from '../src/ot/diff';
import { apply } from '../src/ot/ot';
import { authorsAfter, Random, randomEdit } from './helpers';

/** Authorship as one author per code point, for comparing with a naive model. */
function expand(spans: Authorship): number[] {
  return spans.flatMap((s) => Array<number>(s.length).fill(s.author));
}

describe('authorship', () => {
  test('each code point belongs to whoever inserted it', () => {
    let spans: Authorship = [];
    spans = applyAuthorship(spans, ['hello 🌍'], 0);
    spans = applyAuthorship(spans, [5, ' big'], 1);
    spans = applyAuthorship(spans, [{ d: 1 }, 'H'], 2);
    assert.deepEqual(spans, [
      { length: 1, author: 2 }, { length: 4, author: 0 }, { length: 4, author: 1 }, { length: 2, author: 0 },
    ]);
  });

  test('random ops: the spans match a per-code-point model and always cover the document', () => {
    const random = new Random(7);
    let text = '';
    let spans: Authorship = [];
    let model: number[] = [];
    for (let i = 0; i < 500; i++) {
      const op = randomEdit(random, text);
      const author = random.int(4);
      text = apply(text, op);
      spans = applyAuthorship(spans, op, author);
      model = authorsAfter(model, op, author);
      assert.deepEqual(expand(spans), model);
      assert.equal(model.length, codePointLength(text));
    }
  });

  test('inserted ranges are positions in the document after the op', () => {
    assert.deepEqual(insertedRanges([2, 'ab', { d: 3 }, 1, '😀']), [[2, 4], [5, 6]]);
  });
});

describe('diffOp', () => {
  test('turns one text into the other, keeping the lines they share', () => {
    const from = 'a\nb😀\nc\nd\n';
    const to = 'a\nX\nc\nd\nE';
    const op = diffOp(from, to);
    assert.equal(apply(from, op), to);
    assert.deepEqual(op, [2, { d: 3 }, 'X\n', 4, 'E']);
  });

  test('random pairs of texts, and the fallback for large ones', () => {
    const random = new Random(9);
    for (let i = 0; i < 200; i++) {
      let a = '';
      let b = '';
      for (let j = random.int(30); j > 0; j--) a = apply(a, randomEdit(random, a));
      b = a;
      for (let j = random.int(10); j > 0; j--) b = apply(b, randomEdit(random, b));
      assert.equal(apply(a, diffOp(a, b)), b);
      assert.equal(apply(a, diffOp(a, b, 1)), b);
    }
    assert.deepEqual(diffOp('', ''), []);
    assert.deepEqual(diffOp('same', 'same'), []);
  });
});
