import type { EditorState, Range } from '@codemirror/state';
import { Decoration, type DecorationSet } from '@codemirror/view';
import type { EditingSession } from '../api/rest';
import { AstralIndex } from '../editor/astral-index';
import type { HistoryModel, RevisionState } from '../history/history-model';
import { insertedRanges } from '../ot/authorship';
import { colorForName } from './colors';
import { h, icon, replaceChildren } from './dom';

/** The parts of the History view that only render what they are given: legend, sessions, decorations. */

/** Authorship colors (when `byAuthor`), and an outline on what revision `state.revision` inserted. */
export function decorations(model: HistoryModel, state: RevisionState, editorState: EditorState,
  byAuthor: boolean): DecorationSet {
  const index = AstralIndex.of(editorState.doc);
  const ranges: Array<Range<Decoration>> = [];
  if (byAuthor) {
    let cp = 0;
    for (const span of state.authorship) {
      const from = index.toUtf16(cp);
      cp += span.length;
      const to = index.toUtf16(cp);
      const color = colorForName(model.authors[span.author] ?? '');
      ranges.push(Decoration.mark({
        attributes: { style: `background-color: ${color}2e; box-shadow: inset 0 -2px ${color}99` },
      }).range(from, to));
    }
  }
  const edit = model.edit(state.revision)?.edit;
  if (edit?.kind === 'text') {
    for (const [from, to] of insertedRanges(edit.op)) {
      ranges.push(Decoration.mark({ class: 'cm-history-changed' }).range(index.toUtf16(from), index.toUtf16(to)));
    }
  }
  return Decoration.set(ranges.filter((r) => r.from < r.to), true);
}

/** Who wrote how much of the text at `state` (or why that is not known yet). */
export function renderLegend(legend: HTMLElement, state: RevisionState | null, authors: readonly string[]): void {
  if (state === null) {
    replaceChildren(legend, h('li', { class: 'empty' }, 'Authorship appears once this revision is loaded.'));
    return;
  }
  const counts = new Map<number, number>();
  for (const s of state.authorship) counts.set(s.author, (counts.get(s.author) ?? 0) + s.length);
  const items = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([author, count]) => {
    const name = authors[author] ?? '?';
    const dot = h('span', { class: 'dot' });
    dot.style.background = colorForName(name);
    return h('li', { testid: 'history-legend-item' }, dot, h('span', { class: 'name' }, name),
      h('span', { class: 'count' }, `${count} chars`));
  });
  if (items.length === 0) items.push(h('li', { class: 'empty' }, 'No text at this revision.'));
  replaceChildren(legend, ...items);
}

/** The editing sessions as buttons that jump to each one's end, and their starts as ticks on the slider. */
export function renderSessions(list: HTMLElement, ticks: HTMLElement, sessions: readonly EditingSession[],
  max: number, go: (revision: number) => void): void {
  replaceChildren(list, ...sessions.map((s, i) => {
    const b = h('button', { type: 'button', class: 'session', testid: 'history-session' },
      h('span', { class: 'session-title' }, `Session ${i + 1}`),
      h('span', { class: 'session-meta' }, `${formatRange(s)} · revisions ${s.firstRevision}–${s.lastRevision}`),
      h('span', { class: 'session-authors' }, s.authors.join(', ')));
    b.addEventListener('click', () => go(s.lastRevision));
    return h('li', {}, b);
  }));
  if (sessions.length === 0) replaceChildren(list, h('li', { class: 'empty' }, 'No edits yet.'));
  replaceChildren(ticks, ...sessions.map((s) => {
    const tick = h('span', { class: 'tick' });
    tick.style.left = `${max === 0 ? 0 : ((s.firstRevision - 1) / max) * 100}%`;
    return tick;
  }));
}

export function iconButton(path: string, label: string, testid: string, run: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label, testid },
    icon(path));
  b.addEventListener('click', run);
  return b;
}

function formatRange(s: EditingSession): string {
  const start = new Date(s.startedAt);
  const end = new Date(s.endedAt);
  const time = (d: Date) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `${start.toLocaleDateString()} ${time(start)}–${time(end)}`;
}

/** The UTF-16 position of the first text revision `state.revision` inserted, to scroll to. */
export function firstChange(model: HistoryModel, state: RevisionState, editorState: EditorState): number | undefined {
  const edit = model.edit(state.revision)?.edit;
  if (edit?.kind !== 'text') return undefined;
  const first = insertedRanges(edit.op)[0];
  if (first) return AstralIndex.of(editorState.doc).toUtf16(first[0]);
  let position = 0;
  for (const c of edit.op) {
    if (typeof c === 'number') position += c;
    else break;
  }
  return Math.min(AstralIndex.of(editorState.doc).toUtf16(position), editorState.doc.length);
}
