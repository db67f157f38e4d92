import { type ChangeSet, StateField, type Text } from '@codemirror/state';
import { isHighSurrogate, isLowSurrogate } from '../ot/code-points';

/**
 * Converts positions between CodeMirror's UTF-16 offsets and the protocol's code points, for one document: it
 * knows where the document's surrogate pairs are (sorted UTF-16 offsets of their first unit). A document without
 * astral characters converts for free; each change updates the index from the change on, instead of rescanning.
 */
export class AstralIndex {
  private constructor(private readonly pairs: readonly number[]) {}

  static of(doc: Text): AstralIndex {
    const pairs: number[] = [];
    scan(doc, 0, pairs);
    return new AstralIndex(pairs);
  }

  /** The code point offset of UTF-16 offset `pos` (inside a pair: the offset after it, as the protocol counts). */
  toCodePoint(pos: number): number {
    // pairs whose low unit lies before pos: first units at or before pos - 2
    return pos - countBelow(this.pairs, pos - 1);
  }

  /** The UTF-16 offset of code point offset `cp`. */
  toUtf16(cp: number): number {
    // the k-th pair starts at code point pairs[k] - k; every pair starting before cp adds one unit
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pairs[mid]! - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  /** The document's length in code points. */
  length(doc: Text): number {
    return doc.length - this.pairs.length;
  }

  /** The index of the document after `changes`. */
  map(changes: ChangeSet, newDoc: Text): AstralIndex {
    if (changes.empty) return this;
    const out: number[] = [];
    let i = 0;
    changes.iterChanges((fromA, toA, fromB, _toB, inserted) => {
      const shift = fromB - fromA;
      while (i < this.pairs.length && this.pairs[i]! < fromA) out.push(this.pairs[i++]! + shift);
      while (i < this.pairs.length && this.pairs[i]! < toA) i++;
      scan(inserted, fromB, out);
    });
    const shift = newDoc.length - changes.length;
    while (i < this.pairs.length) out.push(this.pairs[i++]! + shift);
    return new AstralIndex(out);
  }
}

/** Appends the offsets (plus `offset`) of the surrogate pairs of `text`. */
function scan(text: Text, offset: number, out: number[]): void {
  let pos = offset;
  for (const iter = text.iter(); !iter.next().done;) {
    const s = iter.value;
    for (let j = 0; j < s.length; j++) {
      if (isHighSurrogate(s.charCodeAt(j)) && j + 1 < s.length && isLowSurrogate(s.charCodeAt(j + 1))) {
        out.push(pos + j);
        j++;
      }
    }
    pos += s.length;
  }
}

/** Number of items of sorted `list` below `value`. */
function countBelow(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The editor state's astral index, kept up to date with every transaction. */
export const astralIndex = StateField.define<AstralIndex>({
  create: (state) => AstralIndex.of(state.doc),
  update: (index, tr) => (tr.docChanged ? index.map(tr.changes, tr.newDoc) : index),
});
