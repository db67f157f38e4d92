/**
 * Code point arithmetic on JavaScript strings, which count UTF-16 units. The protocol counts code points
 * (docs/protocol.md, section 2): a surrogate pair is one code point and is never split.
 */

/** Whether the UTF-16 unit `c` is a low (trailing) surrogate. */
export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Whether the UTF-16 unit `c` is a high (leading) surrogate. */
export function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Number of code points in `s` (for well-formed text: its units that are not low surrogates). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    if (isLowSurrogate(s.charCodeAt(i)) && i > 0 && isHighSurrogate(s.charCodeAt(i - 1))) n--;
  }
  return n;
}

/** Number of code points in `s`, refusing text with an unpaired surrogate (as ot-core's `checkedLength`). */
export function checkedCodePointLength(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHighSurrogate(c)) {
      if (i + 1 >= s.length || !isLowSurrogate(s.charCodeAt(i + 1))) {
        throw new InvalidOperationError(`text has an unpaired surrogate at UTF-16 index ${i}`);
      }
      i++;
    } else if (isLowSurrogate(c)) {
      throw new InvalidOperationError(`text has an unpaired surrogate at UTF-16 index ${i}`);
    }
    count++;
  }
  return count;
}

/** UTF-16 index in `s` of code point offset `codePoints`, counted from UTF-16 index `from`. */
export function utf16Offset(s: string, codePoints: number, from = 0): number {
  let i = from;
  for (let n = 0; n < codePoints; n++) {
    if (i >= s.length) throw new RangeError(`code point offset ${codePoints} is past the end of the text`);
    i += isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** Code point offset of UTF-16 index `index` in `s`: the units before it that are not low surrogates. */
export function codePointOffset(s: string, index: number): number {
  let n = 0;
  for (let i = 0; i < index; i++) {
    if (!isLowSurrogate(s.charCodeAt(i))) n++;
  }
  return n;
}

/** The code points `[from, to)` of `s`. */
export function codePointSlice(s: string, from: number, to: number): string {
  const start = utf16Offset(s, from);
  return s.slice(start, utf16Offset(s, to - from, start));
}

/** An operation that is malformed, or that does not fit the document it is applied to. */
export class InvalidOperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOperationError';
  }
}
