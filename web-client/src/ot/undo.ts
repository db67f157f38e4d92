import { compose, transform } from './ot';
import { isNoop, type TextOperation } from './text-operation';

/** What an undo or redo does to the document, and the kind of edit it reverts (for grouping). */
interface Entry {
  op: TextOperation;
  readonly group: string;
  readonly at: number;
}

/**
 * Undo and redo of the local user's own edits only (ot.js's UndoManager). Each stack holds inverse operations
 * that apply to the current document. When a remote operation is applied, every entry is transformed through it,
 * from the newest down: entry i applies to the document as it was right after the user's edit i, so the remote
 * operation is itself transformed past each entry on the way down. Undoing therefore removes exactly what this
 * user typed, wherever others have typed since, and never touches their text.
 *
 * The undo operation is on the RIGHT of a tie with a remote insert: text the user deleted and now restores goes
 * after text someone inserted at that spot meanwhile, where it was before, relative to it.
 */
export class UndoManager {
  private undoStack: Entry[] = [];
  private redoStack: Entry[] = [];

  /**
   * @param maxEntries oldest entries beyond this are dropped
   * @param groupWithinMs consecutive edits of one group (typing, deleting) closer than this undo together
   */
  constructor(private readonly maxEntries = 500, private readonly groupWithinMs = 500) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /**
   * The user made an edit whose inverse is `inverse`. `group` names its kind ("input", "delete", ...; empty for
   * edits that never group); `now` is a clock in milliseconds. Clears the redo stack.
   */
  recordLocal(inverse: TextOperation, group: string, now: number): void {
    if (isNoop(inverse)) return;
    this.redoStack = [];
    const top = this.undoStack[this.undoStack.length - 1];
    if (top && group !== '' && top.group === group && now - top.at < this.groupWithinMs) {
      // undoing both: first the newer edit's inverse, then the older one's
      this.undoStack[this.undoStack.length - 1] = { op: compose(inverse, top.op), group, at: now };
      return;
    }
    this.undoStack.push({ op: inverse, group, at: now });
    if (this.undoStack.length > this.maxEntries) this.undoStack.shift();
  }

  /** Ends the current group: the next edit starts a new undo step. */
  closeGroup(): void {
    const top = this.undoStack[this.undoStack.length - 1];
    if (top) this.undoStack[this.undoStack.length - 1] = { ...top, at: -Infinity };
  }

  /** Pops the operation that undoes the user's last edit; apply it, then record its inverse with `recordUndone`. */
  popUndo(): TextOperation | null {
    return this.undoStack.pop()?.op ?? null;
  }

  /** Pops the operation that redoes the last undone edit; apply it, then record its inverse with `recordRedone`. */
  popRedo(): TextOperation | null {
    return this.redoStack.pop()?.op ?? null;
  }

  /** An undo was applied; `inverse` redoes it. */
  recordUndone(inverse: TextOperation): void {
    if (!isNoop(inverse)) this.redoStack.push({ op: inverse, group: '', at: -Infinity });
  }

  /** A redo was applied; `inverse` undoes it again. Keeps the rest of the redo stack. */
  recordRedone(inverse: TextOperation): void {
    if (!isNoop(inverse)) this.undoStack.push({ op: inverse, group: '', at: -Infinity });
  }

  /** A remote operation `op` was applied to the document: moves every entry past it. */
  transformRemote(op: TextOperation): void {
    if (isNoop(op)) return;
    this.undoStack = transformStack(this.undoStack, op);
    this.redoStack = transformStack(this.redoStack, op);
  }

  /** Forgets everything (the document was replaced). */
  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
  }
}

function transformStack(stack: Entry[], remote: TextOperation): Entry[] {
  const result: Entry[] = new Array(stack.length);
  let op = remote;
  for (let i = stack.length - 1; i >= 0; i--) {
    const entry = stack[i]!;
    const moved = transform(entry.op, op, 'right');
    op = transform(op, entry.op, 'left');
    result[i] = { op: moved, group: entry.group, at: entry.at };
  }
  // entries a remote edit cancelled entirely (it deleted the text they would restore) undo nothing
  return result.filter((e) => !isNoop(e.op));
}
