import { type EditorState, type Range, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, WidgetType } from '@codemirror/view';
import type { Person } from '../session/presence-tracker';
import { astralIndex } from './astral-index';

/** Replaces the remote carets and selections shown (positions in code points of the current document). */
export const setRemoteCursors = StateEffect.define<RemoteCursors>();

/** The others to show; `stale` while the connection is lost (their carets are greyed). */
export interface RemoteCursors {
  readonly people: readonly Person[];
  readonly stale: boolean;
}

/** How long a caret's name shows after its person moved or typed (styles.css fades it out by then). */
export const LABEL_SHOWN_MS = 2500;

/**
 * Another person's caret: a thin bar in their color, with their name above it (as text, never markup). The name
 * shows for a moment after they moved or typed, and on hover, so it does not cover the line above for good: a CSS
 * animation hides it, started as far along as the time since `activeAt` (CodeMirror redraws a widget whenever it
 * redraws its line, and the name must not flash back then).
 */
class CaretWidget extends WidgetType {
  constructor(readonly clientId: string, readonly name: string, readonly color: string, readonly activeAt: number,
    readonly stale: boolean) {
    super();
  }

  eq(other: CaretWidget): boolean {
    return other.clientId === this.clientId && other.name === this.name && other.color === this.color
      && other.activeAt === this.activeAt && other.stale === this.stale;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cm-remote-caret';
    caret.dataset.testid = 'remote-caret';
    caret.dataset.clientId = this.clientId;
    caret.style.setProperty('--person-color', this.color);
    caret.setAttribute('aria-hidden', 'true');
    caret.title = this.name;
    if (this.stale) caret.dataset.stale = 'true';
    const label = document.createElement('span');
    label.className = 'cm-remote-caret-label';
    label.textContent = this.name;
    label.style.animationDelay = `-${Math.max(0, Date.now() - this.activeAt)}ms`;
    caret.append(label);
    return caret;
  }

  ignoreEvent(): boolean {
    return true;
  }
}

function decorationsFor({ people, stale }: RemoteCursors, state: EditorState): DecorationSet {
  const index = state.field(astralIndex);
  const length = state.doc.length;
  const ranges: Array<Range<Decoration>> = [];
  const at = (cp: number) => Math.min(index.toUtf16(Math.max(0, cp)), length); // clamped (protocol section 8)
  for (const person of people) {
    for (const s of person.selections) {
      const anchor = at(s.anchor);
      const head = at(s.head);
      if (anchor !== head) {
        ranges.push(Decoration.mark({
          class: 'cm-remote-selection',
          attributes: { style: `background-color: ${person.color}33` },
        }).range(Math.min(anchor, head), Math.max(anchor, head)));
      }
      ranges.push(Decoration.widget({
        widget: new CaretWidget(person.clientId, person.name, person.color, person.activeAt, stale), side: 1,
      }).range(head));
    }
  }
  return Decoration.set(ranges, true);
}

/** The remote carets and selections; between updates they move with the text (mapped through changes). */
export const remoteCursors = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    let result = decorations.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setRemoteCursors)) result = decorationsFor(effect.value, tr.state);
    }
    return result;
  },
  provide: (field) => EditorView.decorations.from(field),
});
