import { type ChangeSet, type ChangeSpec, EditorState, type Text, Transaction } from '@codemirror/state';
import { isHighSurrogate, isLowSurrogate } from '../ot/code-points';
import { OpBuilder, type TextOperation } from '../ot/text-operation';
import type { AstralIndex } from './astral-index';

/** The text operation (code points) of CodeMirror `changes` (UTF-16) made to a document with index `index`. */
export function changesToOp(changes: ChangeSet, index: AstralIndex): TextOperation {
  const b = new OpBuilder();
  let done = 0; // code points of the old document already walked
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    const from = index.toCodePoint(fromA);
    const to = index.toCodePoint(toA);
    b.retain(from - done).delete(to - from).insert(inserted.toString());
    done = to;
  });
  return b.build();
}

/** CodeMirror changes (UTF-16, all relative to `index`'s document) that do what `op` does. */
export function opToChanges(op: TextOperation, index: AstralIndex): ChangeSpec[] {
  const changes: Array<{ from: number; to: number; insert: string }> = [];
  let position = 0; // code point in the old document
  for (const c of op) {
    if (typeof c === 'number') {
      position += c;
    } else {
      const from = index.toUtf16(position);
      const last = changes[changes.length - 1];
      const target = last && last.to === from ? last : null;
      if (typeof c === 'string') {
        if (target) target.insert += c;
        else changes.push({ from, to: from, insert: c });
      } else {
        position += c.d;
        const to = index.toUtf16(position);
        if (target) target.to = to;
        else changes.push({ from, to, insert: '' });
      }
    }
  }
  return changes;
}

/**
 * Keeps what the user types within the protocol's rules (section 2): line breaks are "\n" only (a pasted "\r\n"
 * or "\r" becomes "\n"), and no change splits a surrogate pair (one that would is widened to cover it). With the
 * editor's line separator set to "\n", the text CodeMirror holds is then exactly the text of the protocol.
 */
export const keepChangesInProtocol = EditorState.transactionFilter.of((tr: Transaction) => {
  if (!tr.docChanged || tr.annotation(Transaction.remote) === true) return tr;
  // undo, redo and restore put back text that was in the document before, exactly
  if (tr.isUserEvent('undo') || tr.isUserEvent('redo') || tr.isUserEvent('restore')) return tr;
  const doc = tr.startState.doc;
  let needed = false;
  tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    if (splitsPair(doc, fromA) || splitsPair(doc, toA) || inserted.toString().includes('\r')) needed = true;
  });
  if (!needed) return tr;
  const specs: ChangeSpec[] = [];
  tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    specs.push({
      from: splitsPair(doc, fromA) ? fromA - 1 : fromA,
      to: splitsPair(doc, toA) ? toA + 1 : toA,
      insert: inserted.toString().replace(/\r\n?/g, '\n'),
    });
  });
  const changes = tr.startState.changes(specs);
  return {
    changes,
    // the selection the transaction meant, carried from its document to the corrected one
    selection: tr.selection?.map(tr.changes.invertedDesc.composeDesc(changes.desc), 1),
    effects: tr.effects,
    annotations: [Transaction.userEvent.of(tr.annotation(Transaction.userEvent) ?? 'input')],
    scrollIntoView: tr.scrollIntoView,
  };
});

/** Whether UTF-16 offset `pos` of `doc` falls between the two units of a surrogate pair. */
function splitsPair(doc: Text, pos: number): boolean {
  if (pos <= 0 || pos >= doc.length) return false;
  const around = doc.sliceString(pos - 1, pos + 1);
  return isHighSurrogate(around.charCodeAt(0)) && isLowSurrogate(around.charCodeAt(1));
}

