import { EditorView } from '@codemirror/view';
import type { Viewport } from '../protocol/messages';
import { type FollowTarget, type StopReason, topLineFor } from '../session/follow';
import { astralIndex } from './astral-index';

/** Keys that do not act on the text or the caret: pressing them alone does not stop following. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'Fn']);

/**
 * The editor's side of following (docs/protocol.md, section 8): what this tab shows, as a view for its presence;
 * scrolling to a leader's view and caret; and noticing the person take over (a wheel, a touch, a click, a key in
 * the editor). Programmatic scrolls never count as the person's: only input events do.
 */
export class FollowView {
  private readonly removers: Array<() => void> = [];

  /**
   * @param acted the person took over the editor (stop following)
   * @param moved what the editor shows changed (it scrolled, or the window was resized): send presence
   */
  constructor(private readonly view: EditorView, acted: (reason: StopReason) => void, moved: () => void) {
    const scroller = view.scrollDOM;
    this.on(scroller, 'wheel', () => acted('scrolled'));
    this.on(scroller, 'touchstart', () => acted('scrolled'));
    this.on(scroller, 'mousedown', (event) =>
      acted(view.contentDOM.contains(event.target as Node) ? 'clicked' : 'scrolled'));
    this.on(view.contentDOM, 'keydown', (event) => {
      const { key } = event as KeyboardEvent;
      if (key === 'Escape') acted('escape');
      else if (!MODIFIERS.has(key)) acted('typed');
    });
    this.on(scroller, 'scroll', moved);
    this.on(window, 'resize', moved);
  }

  /** The lines in view, in code points: from the start of the first to the end of the last. */
  visible(): Viewport {
    const { from, to } = this.visibleUtf16();
    const index = this.view.state.field(astralIndex);
    return { from: index.toCodePoint(from), to: index.toCodePoint(to) };
  }

  /** Scrolls so the leader's view and caret show here (see {@link topLineFor}); nothing if they already do. */
  reveal(target: FollowTarget): void {
    const { state } = this.view;
    const index = state.field(astralIndex);
    const lineOf = (cp: number) => state.doc.lineAt(Math.min(index.toUtf16(Math.max(0, cp)), state.doc.length)).number;
    const currentTop = state.doc.lineAt(this.visibleUtf16().from).number;
    const visible = Math.floor(this.view.scrollDOM.clientHeight / this.view.defaultLineHeight);
    const top = topLineFor(target.view === null ? null : lineOf(target.view.from),
      target.caret === null ? null : lineOf(target.caret), visible, currentTop);
    if (top === null || top === currentTop) return;
    this.view.dispatch({ effects: EditorView.scrollIntoView(state.doc.line(top).from, { y: 'start', yMargin: 0 }) });
  }

  dispose(): void {
    for (const remove of this.removers) remove();
  }

  private visibleUtf16(): { from: number; to: number } {
    const rect = this.view.scrollDOM.getBoundingClientRect();
    const top = this.view.lineBlockAtHeight(Math.max(0, rect.top - this.view.documentTop));
    const bottom = this.view.lineBlockAtHeight(Math.max(0, rect.bottom - this.view.documentTop - 1));
    return { from: top.from, to: Math.max(top.from, bottom.to) };
  }

  private on(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener, { passive: true });
    this.removers.push(() => target.removeEventListener(type, listener));
  }
}
