import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { codePointLength } from '../src/ot/code-points';
import { transform } from '../src/ot/ot';
import { OpBuilder, type TextOperation } from '../src/ot/text-operation';

/** A seeded pseudo-random generator (mulberry32), so a failing case reproduces from its seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** One code point each; several are two UTF-16 units. */
export const PIECES = ['a', 'b', '\n', '😀', 'é', '中', '𝄞', '  ', '\u0301', '👍'];

export function randomText(random: Random, maxPieces = 3): string {
  let s = '';
  for (let n = 1 + random.int(maxPieces); n > 0; n--) s += random.pick(PIECES);
  return s;
}

/** A random single edit of `text`: insert, delete or replace at a random code point. */
export function randomEdit(random: Random, text: string): TextOperation {
  const length = codePointLength(text);
  const position = random.int(length + 1);
  const b = new OpBuilder().retain(position);
  const kind = random.int(4);
  if (kind === 0 && position < length) b.delete(1 + random.int(Math.min(3, length - position)));
  else if (kind === 1 && position < length) b.delete(1).insert(randomText(random));
  else b.insert(randomText(random));
  return b.build();
}

/** The server rule (ot-core's OtServer): each submitted op transformed against every op since its base, on the RIGHT. */
export class TestServer {
  readonly history: TextOperation[] = [];

  receive(baseRevision: number, op: TextOperation): TextOperation {
    let result = op;
    for (const committed of this.history.slice(baseRevision)) result = transform(result, committed, 'right');
    this.history.push(result);
    return result;
  }
}

/** The shared OT vectors, written by ot-core's OtVectorsGenerator. */
export function loadVectors(): Record<string, Array<Record<string, unknown>>> {
  const file = process.env.TANDEM_OT_VECTORS
    ?? resolve(process.cwd(), '../testdata/ot-vectors/ot-vectors.json');
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The author of each code point after `op` by `author`, tracked one code point at a time: the naive model. */
export function authorsAfter<T>(model: readonly T[], op: TextOperation, author: T): T[] {
  const next: T[] = [];
  let position = 0;
  for (const c of op) {
    if (typeof c === 'number') {
      next.push(...model.slice(position, position + c));
      position += c;
    } else if (typeof c === 'string') {
      next.push(...Array<T>(codePointLength(c)).fill(author));
    } else {
      position += c.d;
    }
  }
  next.push(...model.slice(position));
  return next;
}
