import { autocompletion, closeBrackets, closeBracketsKeymap, completeAnyWord, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting,
} from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Annotation, Compartment, EditorSelection, EditorState, type Extension, Prec, Transaction } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import {
  crosshairCursor, drawSelection, dropCursor, EditorView, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, placeholder, rectangularSelection, type ViewUpdate,
} from '@codemirror/view';
import { invert } from '../ot/ot';
import { isNoop, type TextOperation } from '../ot/text-operation';
import { UndoManager } from '../ot/undo';
import type { Selection } from '../protocol/messages';
import type { Person } from '../session/presence-tracker';
import { astralIndex } from './astral-index';
import { type AuthorRef, authorshipMarks, changeAuthor } from './authorship-marks';
import { changesToOp, keepChangesInProtocol, opToChanges } from './changes';
import { diffOp } from '../ot/diff';
import { languageMode } from './languages';
import { remoteCursors, setRemoteCursors } from './remote-cursors';

export type Theme = 'light' | 'dark';

/** Marks the editor's own undo and redo transactions, whose inverses go to the other stack. */
const undoRedo = Annotation.define<'undo' | 'redo'>();

export interface CollabEditorOptions {
  readonly theme: Theme;
  /** The user changed the text: `op` (code points) is already applied to the editor. */
  readonly onLocalOp: (op: TextOperation) => void;
  /** The user's selections or caret moved. */
  readonly onSelection: () => void;
}

/**
 * CodeMirror 6 set up for collaborative editing: every local change becomes a text operation in code points,
 * remote operations are applied as changes CodeMirror maps the user's selection through, others' carets are
 * decorations, and undo/redo use an {@link UndoManager} that reverts only this user's edits (CodeMirror's own
 * history is not installed: it would also undo what others typed).
 */
export class CollabEditor {
  readonly view: EditorView;
  private readonly undoManager = new UndoManager();
  private readonly language = new Compartment();
  private readonly theme = new Compartment();
  private readonly readOnly = new Compartment();
  private readonly hint = new Compartment();
  private languageRequest = 0;

  constructor(parent: HTMLElement, private readonly options: CollabEditorOptions) {
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: '',
        extensions: [
          this.collaboration(),
          this.language.of([]),
          this.theme.of(themeExtension(options.theme)),
          this.readOnly.of(EditorState.readOnly.of(true)),
          this.hint.of([]),
          editing(),
          // the browser's own undo (its Edit menu, or a key the page did not route) must never undo the editor's
          // DOM: that edit would bypass the UndoManager and could take back what someone else typed
          EditorView.domEventHandlers({
            beforeinput: (event) => {
              if (event.inputType === 'historyUndo') this.undo();
              else if (event.inputType === 'historyRedo') this.redo();
              else return false;
              event.preventDefault();
              return true;
            },
          }),
          Prec.high(keymap.of([
            { key: 'Mod-z', run: () => this.undo(), preventDefault: true },
            { key: 'Mod-y', run: () => this.redo(), preventDefault: true },
            { key: 'Mod-Shift-z', run: () => this.redo(), preventDefault: true },
          ])),
        ],
      }),
    });
  }

  /** Replaces the whole text (a snapshot); forgets the undo history. */
  load(text: string): void {
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: text },
      annotations: [Transaction.remote.of(true), Transaction.addToHistory.of(false)],
      selection: EditorSelection.cursor(Math.min(this.view.state.selection.main.head, text.length)),
    });
    this.undoManager.clear();
  }

  /** Applies someone else's operation, already transformed to apply to this document; `author` made it. */
  applyRemote(op: TextOperation, author?: AuthorRef): void {
    if (isNoop(op)) return;
    this.view.dispatch({
      changes: opToChanges(op, this.view.state.field(astralIndex)),
      annotations: [Transaction.remote.of(true), Transaction.addToHistory.of(false),
        ...(author ? [changeAuthor.of(author)] : [])],
    });
    this.undoManager.transformRemote(op);
  }

  /** Makes the text `text` as one local edit of only what differs (restoring an old version). */
  replaceWith(text: string, userEvent = 'restore'): void {
    const op = diffOp(this.text(), text);
    if (isNoop(op)) return;
    this.undoManager.closeGroup();
    this.view.dispatch({ changes: opToChanges(op, this.view.state.field(astralIndex)), userEvent });
  }

  /** Shows others' carets; `stale` greys them (the connection is lost, they may have moved or left). */
  showPeople(people: readonly Person[], stale = false): void {
    this.view.dispatch({ effects: setRemoteCursors.of({ people, stale }) });
  }

  /** What an empty document shows (CodeMirror's placeholder); null for nothing. */
  setEmptyHint(hint: HTMLElement | null): void {
    this.view.dispatch({ effects: this.hint.reconfigure(hint === null ? [] : placeholder(hint)) });
  }

  get hasFocus(): boolean {
    return this.view.hasFocus;
  }

  /** Switches the highlighting to the language `id` (loading its mode first, if need be). */
  async setLanguage(id: string): Promise<void> {
    const request = ++this.languageRequest;
    let extension: Extension = [];
    try {
      extension = await languageMode(id).load();
    } catch (e) {
      console.warn(`tandem: cannot load the ${id} mode`, e);
    }
    if (request === this.languageRequest) this.view.dispatch({ effects: this.language.reconfigure(extension) });
  }

  setTheme(theme: Theme): void {
    this.view.dispatch({ effects: this.theme.reconfigure(themeExtension(theme)) });
  }

  setReadOnly(readOnly: boolean): void {
    this.view.dispatch({ effects: this.readOnly.reconfigure(EditorState.readOnly.of(readOnly)) });
  }

  /** The selections, in code points. */
  selections(): Selection[] {
    const index = this.view.state.field(astralIndex);
    return this.view.state.selection.ranges.map((r) => ({
      anchor: index.toCodePoint(r.anchor), head: index.toCodePoint(r.head),
    }));
  }

  text(): string {
    return this.view.state.doc.toString();
  }

  /** Undoes the user's last edit (never someone else's). */
  undo(): boolean {
    return this.applyUndoRedo(this.undoManager.popUndo(), 'undo');
  }

  redo(): boolean {
    return this.applyUndoRedo(this.undoManager.popRedo(), 'redo');
  }

  get canUndo(): boolean {
    return this.undoManager.canUndo;
  }

  get canRedo(): boolean {
    return this.undoManager.canRedo;
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.view.destroy();
  }

  private applyUndoRedo(op: TextOperation | null, kind: 'undo' | 'redo'): boolean {
    if (op === null || this.view.state.readOnly) return true;
    const changes = this.view.state.changes(opToChanges(op, this.view.state.field(astralIndex)));
    let caret = this.view.state.selection.main.head;
    changes.iterChanges((_fromA, _toA, _fromB, toB) => {
      caret = toB;
    });
    this.view.dispatch({
      changes, selection: EditorSelection.cursor(caret), scrollIntoView: true,
      annotations: [undoRedo.of(kind)], userEvent: kind,
    });
    return true;
  }

  /** Turns each local transaction into an operation for the session and an entry of the undo history. */
  private collaboration(): Extension {
    return [
      EditorState.lineSeparator.of('\n'),
      astralIndex,
      keepChangesInProtocol,
      remoteCursors,
      authorshipMarks,
      EditorView.updateListener.of((update: ViewUpdate) => {
        for (const tr of update.transactions) {
          if (!tr.docChanged || tr.annotation(Transaction.remote) === true) continue;
          const index = tr.startState.field(astralIndex);
          const before = tr.startState.doc;
          const op = changesToOp(tr.changes, index);
          const inverse = invert(op, (from, to) => before.sliceString(index.toUtf16(from), index.toUtf16(to)));
          const kind = tr.annotation(undoRedo);
          if (kind === 'undo') this.undoManager.recordUndone(inverse);
          else if (kind === 'redo') this.undoManager.recordRedone(inverse);
          else this.undoManager.recordLocal(inverse, undoGroup(tr), Date.now());
          this.options.onLocalOp(op);
        }
        if (update.selectionSet) {
          if (!update.docChanged) this.undoManager.closeGroup();
          this.options.onSelection();
        }
      }),
    ];
  }
}

/**
 * Typing (new lines included) and deleting group into one undo step each, while they follow each other within half
 * a second; a paste, a drop, a completion, a restore and anything else is a step of its own.
 */
function undoGroup(tr: Transaction): string {
  if (tr.isUserEvent('input.paste') || tr.isUserEvent('input.drop') || tr.isUserEvent('input.complete')) return '';
  if (tr.isUserEvent('input')) return 'input';
  if (tr.isUserEvent('delete')) return 'delete';
  return '';
}

/** The editing features: what makes it feel like a code editor. */
function editing(): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    foldGutter(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    indentUnit.of('  '),
    bracketMatching(),
    closeBrackets(),
    autocompletion(),
    EditorState.languageData.of(() => [{ autocomplete: completeAnyWord }]),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    keymap.of([
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...foldKeymap, ...completionKeymap, indentWithTab,
    ]),
    EditorView.contentAttributes.of({ 'aria-label': 'Document text', 'data-testid': 'editor-content' }),
    EditorView.theme({
      '&': { height: '100%', fontSize: '14px' },
      '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
    }),
  ];
}

function themeExtension(theme: Theme): Extension {
  return theme === 'dark'
    ? oneDark
    : [syntaxHighlighting(defaultHighlightStyle, { fallback: true }), EditorView.theme({}, { dark: false })];
}
