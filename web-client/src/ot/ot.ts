import { codePointLength, codePointSlice, InvalidOperationError, utf16Offset } from './code-points';
import {
  baseLength, type Component, componentLength, OpBuilder, type TextOperation,
} from './text-operation';

/**
 * The OT functions for plain text: a line-by-line port of ot-core's `dev.tandem.ot.Ot` (itself ot-text-unicode's
 * semantics), so this client computes exactly the operations the server computes. All positions are code points.
 *
 * For operations `a` and `b` made concurrently on one document `s`:
 * - `apply(apply(s, a), transform(b, a, 'left')) === apply(apply(s, b), transform(a, b, 'right'))` (TP1);
 * - `apply(s, compose(a, c)) === apply(apply(s, a), c)` for `c` made after `a`;
 * - `apply(apply(s, a), invert(a, s)) === s`.
 * Compose is not closed under transform: transform against each of several operations in turn, never against
 * their composition, when the result must match a peer's. Shared test vectors (testdata/ot-vectors) hold the
 * Java and TypeScript implementations to the same answers.
 */

/** Tie rule of `transform`: when both operations insert at one position, the `'left'` one's insert goes first. */
export type Side = 'left' | 'right';

/** Refuses an operation that reaches past the end of a document of `documentLength` code points. */
export function checkFits(op: TextOperation, documentLength: number): void {
  const base = baseLength(op);
  if (base > documentLength) {
    throw new InvalidOperationError(
      `op retains or deletes ${base} code points but the document has only ${documentLength}`);
  }
}

/** `document` edited by `op`. */
export function apply(document: string, op: TextOperation): string {
  checkFits(op, codePointLength(document));
  const out: string[] = [];
  let at = 0; // UTF-16 index into document
  for (const c of op) {
    if (typeof c === 'string') {
      out.push(c);
    } else {
      const end = utf16Offset(document, componentLength(c), at);
      if (typeof c === 'number') out.push(document.slice(at, end));
      at = end;
    }
  }
  out.push(document.slice(at));
  return out.join('');
}

/** One operation with the effect of `a` followed by `b`. */
export function compose(a: TextOperation, b: TextOperation): TextOperation {
  const result = new OpBuilder();
  const first = new ComponentCursor(a);
  for (const c of b) {
    if (typeof c === 'string') {
      result.add(c);
      continue;
    }
    const deleting = typeof c === 'object';
    let length = componentLength(c);
    while (length > 0) {
      // a's deletes are output as they are; they cover none of the text b walks over
      const chunk = first.take(length, 'delete');
      if (typeof chunk === 'object') {
        result.add(chunk);
      } else if (!deleting) {
        result.add(chunk);
        length -= componentLength(chunk);
      } else {
        if (typeof chunk === 'number') result.delete(chunk);
        // b deleting text that a inserted: the two cancel out
        length -= componentLength(chunk);
      }
    }
  }
  for (let rest = first.takeRest(); rest !== null; rest = first.takeRest()) result.add(rest);
  return result.build();
}

/**
 * `op` rewritten to apply after `other`, where both were made on the same document. When both insert at one
 * position, the insert of the operation on the `'left'` side goes first.
 */
export function transform(op: TextOperation, other: TextOperation, side: Side): TextOperation {
  const result = new OpBuilder();
  const mine = new ComponentCursor(op);
  for (const c of other) {
    if (typeof c === 'string') {
      if (side === 'left' && typeof mine.peek() === 'string') result.add(mine.takeRest()!);
      result.retain(codePointLength(c));
      continue;
    }
    const otherDeletes = typeof c === 'object';
    let length = componentLength(c);
    while (length > 0) {
      const chunk = mine.take(length, 'insert');
      if (typeof chunk === 'string') {
        result.add(chunk);
        continue;
      }
      length -= componentLength(chunk);
      // text the other op deleted: my retain or delete of it has nothing left to act on
      if (!otherDeletes) result.add(chunk);
    }
  }
  for (let rest = mine.takeRest(); rest !== null; rest = mine.takeRest()) result.add(rest);
  return result.build();
}

/**
 * The operation that undoes `op`, which was applied to `documentBefore`: its text, or a function giving the text
 * of the code points `[from, to)` of it (for an editor that holds the document in another form).
 */
export function invert(
  op: TextOperation,
  documentBefore: string | ((from: number, to: number) => string),
): TextOperation {
  const slice = typeof documentBefore === 'string'
    ? (checkFits(op, codePointLength(documentBefore)),
      (from: number, to: number) => codePointSlice(documentBefore, from, to))
    : documentBefore;
  const result = new OpBuilder();
  let position = 0;
  for (const c of op) {
    if (typeof c === 'number') {
      result.retain(c);
      position += c;
    } else if (typeof c === 'string') {
      result.delete(codePointLength(c));
    } else {
      result.insert(slice(position, position + c.d));
      position += c.d;
    }
  }
  return result.build();
}

/**
 * Where a cursor at `position` ends up once `op` is applied. A cursor inside deleted text moves to where the
 * deletion was. Text inserted exactly at the cursor goes after it when the operation is the cursor owner's own
 * (`ownOp`: the cursor follows what its owner types) and before it otherwise.
 */
export function transformPosition(position: number, op: TextOperation, ownOp: boolean): number {
  let oldPosition = 0; // position in the document before op
  let result = position;
  for (const c of op) {
    if (oldPosition > position) break;
    if (typeof c === 'number') {
      oldPosition += c;
    } else if (typeof c === 'string') {
      if (oldPosition === position && !ownOp) break;
      result += codePointLength(c);
    } else {
      if (oldPosition < position) result -= Math.min(c.d, position - oldPosition);
      oldPosition += c.d;
    }
  }
  return result;
}

/**
 * Walks an operation's components, handing out pieces of at most a requested length (ot-text-unicode's
 * `makeTake`). Past the last component it hands out retains, the operation's implicit tail.
 */
class ComponentCursor {
  private index = 0;
  /** Code points of the current component already handed out. */
  private offset = 0;

  constructor(private readonly components: TextOperation) {}

  /** The current component, or `null` when the explicit components are used up. */
  peek(): Component | null {
    return this.index < this.components.length ? this.components[this.index]! : null;
  }

  /**
   * The next piece, at most `max` code points long. A component of the kind named `indivisible` is handed out
   * whole whatever its length.
   */
  take(max: number, indivisible: 'insert' | 'delete'): Component {
    if (this.index === this.components.length) return max;
    const c = this.components[this.index]!;
    const length = componentLength(c);
    const remaining = length - this.offset;
    if (remaining <= max || kind(c) === indivisible) {
      const piece = this.offset === 0 ? c : slice(c, this.offset, length);
      this.index++;
      this.offset = 0;
      return piece;
    }
    const piece = slice(c, this.offset, this.offset + max);
    this.offset += max;
    return piece;
  }

  /** The rest of the current component, or `null` when none is left. */
  takeRest(): Component | null {
    if (this.index === this.components.length) return null;
    const c = this.components[this.index]!;
    const piece = this.offset === 0 ? c : slice(c, this.offset, componentLength(c));
    this.index++;
    this.offset = 0;
    return piece;
  }
}

function kind(c: Component): 'retain' | 'insert' | 'delete' {
  return typeof c === 'number' ? 'retain' : typeof c === 'string' ? 'insert' : 'delete';
}

function slice(c: Component, from: number, to: number): Component {
  if (typeof c === 'string') return codePointSlice(c, from, to);
  return typeof c === 'number' ? to - from : { d: to - from };
}
