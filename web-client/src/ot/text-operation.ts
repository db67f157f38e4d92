import { checkedCodePointLength, codePointLength, InvalidOperationError } from './code-points';

/**
 * A text operation in ot-text-unicode's JSON form, which is also our in-memory form (docs/protocol.md, section 2):
 * a positive integer retains that many code points, a non-empty string inserts it, `{d: n}` deletes n code points.
 * Values of this type are always normalized exactly as ot-core's `TextOperation` is: no empty component, no two
 * adjacent components of one kind, no trailing retain. So two equal operations are equal as JSON.
 */
export type Component = number | string | Delete;
export interface Delete {
  readonly d: number;
}
export type TextOperation = readonly Component[];

export const NOOP: TextOperation = Object.freeze([]);

export const isRetain = (c: Component): c is number => typeof c === 'number';
export const isInsert = (c: Component): c is string => typeof c === 'string';
export const isDelete = (c: Component): c is Delete => typeof c === 'object';

/** Code points a component covers: of the old document for retain and delete, of new text for insert. */
export function componentLength(c: Component): number {
  if (typeof c === 'number') return c;
  if (typeof c === 'string') return codePointLength(c);
  return c.d;
}

const MAX_COUNT = 2 ** 31 - 1;

/** Builds a normalized operation: drops empty components, merges adjacent ones of one kind, trims the tail. */
export class OpBuilder {
  private readonly parts: Component[] = [];

  retain(count: number): this {
    if (count < 0) throw new InvalidOperationError(`retain must not be negative, was ${count}`);
    return count === 0 ? this : this.add(count);
  }

  insert(text: string): this {
    return text === '' ? this : this.add(text);
  }

  delete(count: number): this {
    if (count < 0) throw new InvalidOperationError(`delete must not be negative, was ${count}`);
    return count === 0 ? this : this.add({ d: count });
  }

  /** Appends `c` (non-empty), merging it into the last component when they are of one kind. */
  add(c: Component): this {
    const last = this.parts.length - 1;
    const previous = last < 0 ? undefined : this.parts[last];
    if (typeof previous === 'number' && typeof c === 'number') {
      this.parts[last] = checkCount(previous + c);
    } else if (typeof previous === 'string' && typeof c === 'string') {
      this.parts[last] = previous + c;
    } else if (typeof previous === 'object' && typeof c === 'object') {
      this.parts[last] = { d: checkCount(previous.d + c.d) };
    } else {
      this.parts.push(c);
    }
    return this;
  }

  build(): TextOperation {
    if (this.parts.length > 0 && typeof this.parts[this.parts.length - 1] === 'number') this.parts.pop();
    return this.parts.length === 0 ? NOOP : this.parts;
  }
}

function checkCount(n: number): number {
  if (n > MAX_COUNT) throw new InvalidOperationError('op spans more than 2^31-1 code points');
  return n;
}

/** Insert `text` at code point `position`. */
export function insertOp(position: number, text: string): TextOperation {
  return new OpBuilder().retain(position).insert(text).build();
}

/** Delete `count` code points at code point `position`. */
export function deleteOp(position: number, count: number): TextOperation {
  return new OpBuilder().retain(position).delete(count).build();
}

/**
 * Reads an operation from parsed JSON, accepting any form the protocol allows (non-normalized, `{d: "text"}`)
 * and returning it normalized.
 * @throws InvalidOperationError naming the first item that is not a valid component (ot-core's wording)
 */
export function fromJson(json: unknown): TextOperation {
  if (!Array.isArray(json)) throw new InvalidOperationError('an op must be an array');
  const b = new OpBuilder();
  json.forEach((item, i) => {
    try {
      b.add(componentFromJson(item));
    } catch (e) {
      if (!(e instanceof InvalidOperationError)) throw e;
      throw new InvalidOperationError(`op component ${i} (${JSON.stringify(item)}): ${e.message}`);
    }
  });
  return b.build();
}

function componentFromJson(item: unknown): Component {
  if (typeof item === 'number') return exactCount(item);
  if (typeof item === 'string') {
    if (item === '') throw new InvalidOperationError('insert must not be empty');
    checkedCodePointLength(item);
    return item;
  }
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const keys = Object.keys(item);
    const d = (item as { d?: unknown }).d;
    if (keys.length === 1 && keys[0] === 'd') {
      if (typeof d === 'number') return { d: exactCount(d) };
      if (typeof d === 'string' && d !== '') return { d: checkedCodePointLength(d) };
    }
  }
  throw new InvalidOperationError(
    'expected a positive integer (retain), a non-empty string (insert) or {"d": n} (delete)');
}

function exactCount(n: number): number {
  if (Number.isInteger(n) && n > 0 && n <= MAX_COUNT) return n;
  throw new InvalidOperationError(`count must be a positive integer below 2^31, was ${n}`);
}

/** Code points of the document the operation reads explicitly (retains and deletes). */
export function baseLength(op: TextOperation): number {
  let n = 0;
  for (const c of op) if (typeof c !== 'string') n += componentLength(c);
  return n;
}

/** Length of the document after applying `op` to a document of `documentLength` code points. */
export function targetLength(op: TextOperation, documentLength: number): number {
  let n = documentLength;
  for (const c of op) {
    if (typeof c === 'string') n += codePointLength(c);
    else if (typeof c === 'object') n -= c.d;
  }
  return n;
}

export function isNoop(op: TextOperation): boolean {
  return op.length === 0;
}

/** Structural equality of two normalized operations. */
export function opsEqual(a: TextOperation, b: TextOperation): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'object' && typeof y === 'object') {
      if (x.d !== y.d) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}
