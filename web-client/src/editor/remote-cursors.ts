import { type EditorState, type Range, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, WidgetType } from '@codemirror/view';
import type { Person } from '../session/presence-tracker';
import { astralIndex } from './astral-index';

/** Replaces the remote carets and selections shown (positions in code points of the current document). */
export const setRemoteCursors = StateEffect.define<readonly Person[]>();

/** Another person's caret: a thin bar in their color, with their name above it (as text, never markup). */
class CaretWidget extends WidgetType {
  constructor(readonly clientId: string, readonly name: string, readonly color: string) {
    super();
  }

  eq(other: CaretWidget): boolean {
    return other.clientId === this.clientId && other.name === this.name && other.color === this.color;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cm-remote-caret';
    caret.dataset.testid = 'remote-caret';
    caret.dataset.clientId = this.clientId;
    caret.style.setProperty('--person-color', this.color);
    caret.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'cm-remote-caret-label';
    label.textContent = this.name;
    caret.append(label);
    return caret;
  }

  ignoreEvent(): boolean {
    return true;
  }
}

function decorationsFor(people: readonly Person[], state: EditorState): DecorationSet {
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
        widget: new CaretWidget(person.clientId, person.name, person.color), side: 1,
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
