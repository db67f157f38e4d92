import { codePointLength } from './code-points';
import type { TextOperation } from './text-operation';

/** A run of consecutive code points inserted by one author. */
export interface AuthorSpan {
  readonly length: number;
  readonly author: number;
}

/** The author of every code point of a document, as runs: an author is an index into a list kept by the caller. */
export type Authorship = readonly AuthorSpan[];

/**
 * Authorship after `op`, made by `author`, is applied to a document whose authorship is `spans`: retained text
 * keeps its author, inserted text is `author`'s, deleted text is gone. Folding every op from revision 0 (the empty
 * document) gives, for each code point, who inserted it.
 */
export function applyAuthorship(spans: Authorship, op: TextOperation, author: number): Authorship {
  const out: AuthorSpan[] = [];
  const push = (length: number, who: number): void => {
    if (length === 0) return;
    const last = out[out.length - 1];
    if (last && last.author === who) out[out.length - 1] = { length: last.length + length, author: who };
    else out.push({ length, author: who });
  };
  let i = 0; // current span
  let used = 0; // code points of spans[i] already consumed
  const take = (count: number, keep: boolean): void => {
    while (count > 0) {
      const span = spans[i];
      if (!span) throw new RangeError('op does not fit the authorship it is applied to');
      const n = Math.min(count, span.length - used);
      if (keep) push(n, span.author);
      used += n;
      count -= n;
      if (used === span.length) {
        i++;
        used = 0;
      }
    }
  };
  for (const c of op) {
    if (typeof c === 'number') take(c, true);
    else if (typeof c === 'string') push(codePointLength(c), author);
    else take(c.d, false);
  }
  if (used > 0) push(spans[i]!.length - used, spans[i]!.author);
  for (let j = used > 0 ? i + 1 : i; j < spans.length; j++) push(spans[j]!.length, spans[j]!.author);
  return out;
}

/** Every inserted range of `op` in the document after it, as code point `[from, to)` pairs. */
export function insertedRanges(op: TextOperation): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let position = 0;
  for (const c of op) {
    if (typeof c === 'number') {
      position += c;
    } else if (typeof c === 'string') {
      const end = position + codePointLength(c);
      ranges.push([position, end]);
      position = end;
    }
  }
  return ranges;
}
