import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codePointLength, codePointOffset } from '../src/ot/code-points';
import { apply, compose, invert, transform, transformPosition } from '../src/ot/ot';
import { fromJson, type TextOperation } from '../src/ot/text-operation';
import { loadVectors } from './helpers';

// Every case of testdata/ot-vectors/ot-vectors.json, which ot-core's OtVectorsTest checks against the Java
// implementation: the browser and the server compute the same operations.
const vectors = loadVectors();

describe('shared OT vectors (testdata/ot-vectors, checked against ot-core by OtVectorsTest)', () => {
  type Case = Record<string, unknown>;
  const op = (json: unknown): TextOperation => fromJson(json);

  /** One test per section; a failure names the case by its index in the section and shows it. */
  function section(name: string, check: (c: Case) => void): void {
    const cases = vectors[name] ?? [];
    test(`${name}: ${cases.length} cases`, () => {
      assert.ok(cases.length > 0, `the vectors have no ${name} section`);
      cases.forEach((c, i) => {
        try {
          check(c);
        } catch (e) {
          throw new Error(`${name} #${i} ${JSON.stringify(c)}: ${(e as Error).message}`, { cause: e });
        }
      });
    });
  }

  section('apply', (c) => {
    assert.deepEqual(op(c.op), c.op, 'ops in the file are normalized');
    assert.equal(apply(c.doc as string, op(c.op)), c.result);
  });

  section('compose', (c) => {
    const composed = compose(op(c.a), op(c.b));
    assert.deepEqual(composed, c.result);
    const doc = c.doc as string;
    assert.equal(apply(doc, composed), apply(apply(doc, op(c.a)), op(c.b)));
  });

  section('transform', (c) => {
    const doc = c.doc as string;
    const a = op(c.a);
    const b = op(c.b);
    const aLeft = transform(a, b, 'left');
    const aRight = transform(a, b, 'right');
    const bLeft = transform(b, a, 'left');
    const bRight = transform(b, a, 'right');
    assert.deepEqual(aLeft, c.aLeft, 'aLeft');
    assert.deepEqual(aRight, c.aRight, 'aRight');
    assert.deepEqual(bLeft, c.bLeft, 'bLeft');
    assert.deepEqual(bRight, c.bRight, 'bRight');
    assert.equal(apply(apply(doc, b), aLeft), c.resultALeft);
    assert.equal(apply(apply(doc, a), bRight), c.resultALeft);
    assert.equal(apply(apply(doc, b), aRight), c.resultARight);
    assert.equal(apply(apply(doc, a), bLeft), c.resultARight);
  });

  section('invert', (c) => {
    const doc = c.doc as string;
    const inverse = invert(op(c.op), doc);
    assert.deepEqual(inverse, c.result);
    assert.equal(apply(apply(doc, op(c.op)), inverse), doc);
  });

  section('transformPosition', (c) => {
    assert.equal(transformPosition(c.position as number, op(c.op), c.ownOp as boolean), c.result);
  });

  section('normalize', (c) => assert.deepEqual(fromJson(c.input), c.result));

  section('invalid', (c) => assert.throws(() => fromJson(JSON.parse(c.json as string)), { name: 'InvalidOperationError' }));

  section('doesNotFit', (c) => assert.throws(() => apply(c.doc as string, op(c.op)), { name: 'InvalidOperationError' }));

  section('codePoints', (c) => {
    const text = c.text as string;
    assert.equal(codePointLength(text), c.codePoints);
    assert.equal(text.length, c.utf16Length);
    const offsets = c.codePointOffsets as number[];
    for (let i = 0; i <= text.length; i++) assert.equal(codePointOffset(text, i), offsets[i], `UTF-16 index ${i}`);
  });
});
