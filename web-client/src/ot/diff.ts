import { codePointLength } from './code-points';
import { OpBuilder, type TextOperation } from './text-operation';

/**
 * An operation that turns `from` into `to`: common prefix and suffix kept, and in between a line diff (longest
 * common subsequence of lines), so restoring an old version keeps the lines both versions share, and with them
 * their authorship and everyone's cursors in them. Falls back to replacing the middle whole when the line
 * comparison would be too large.
 */
export function diffOp(from: string, to: string, maxCells = 4_000_000): TextOperation {
  const a = splitLines(from);
  const b = splitLines(to);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const builder = new OpBuilder();
  builder.retain(cpLength(a, 0, start));
  const n = endA - start;
  const m = endB - start;
  if (n * m > maxCells) {
    builder.delete(cpLength(a, start, endA)).insert(b.slice(start, endB).join(''));
  } else {
    // lcs[i][j]: length of the LCS of a[start+i..endA) and b[start+j..endB)
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i]![j] = a[start + i] === b[start + j]
          ? lcs[i + 1]![j + 1]! + 1
          : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        builder.retain(codePointLength(a[start + i]!));
        i++;
        j++;
      } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
        builder.delete(codePointLength(a[start + i]!));
        i++;
      } else {
        builder.insert(b[start + j]!);
        j++;
      }
    }
  }
  return builder.build();
}

/** Lines with their "\n" kept, so they join back to the text. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

function cpLength(lines: string[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += codePointLength(lines[i]!);
  return n;
}
