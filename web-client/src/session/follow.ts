import type { Viewport } from '../protocol/messages';
import type { Person } from './presence-tracker';

/** Why this tab stopped following: its person acted in the editor, asked to, or the leader went. */
export type StopReason = 'typed' | 'clicked' | 'scrolled' | 'escape' | 'toggled' | 'left';

/** Where the leader is, in code points of this tab's document (their presence, moved through what we applied). */
export interface FollowTarget {
  /** What they show; null when their client does not say. */
  readonly view: Viewport | null;
  /** Their caret (the head of their first selection); null when they show none. */
  readonly caret: number | null;
}

export interface FollowHooks {
  /** Scroll this tab's editor to show `target`; called when following starts and whenever the leader moves. */
  reveal(target: FollowTarget): void;
  /** Whom this tab follows changed: `leader` (null: nobody any more, for `reason`). */
  changed(leader: Person | null, reason: StopReason | null): void;
}

/**
 * Following a collaborator (docs/protocol.md, section 8), as in Zed or Live Share: this tab's view goes where the
 * leader's goes, as their presence arrives, until this tab's person acts in the editor, presses Esc, follows
 * someone else, or the leader leaves. It knows nothing of the editor or the page: {@link FollowHooks} do.
 */
export class Follow {
  private leader: Person | null = null;
  private shown: string | null = null;

  constructor(private readonly hooks: FollowHooks) {}

  /** The clientId followed; null: nobody. */
  get leaderId(): string | null {
    return this.leader?.clientId ?? null;
  }

  /** Follows `clientId` (one of `people`); the one already followed is stopped instead (a second click). */
  toggle(clientId: string, people: readonly Person[]): void {
    if (this.leader?.clientId === clientId) {
      this.stop('toggled');
      return;
    }
    const leader = people.find((p) => p.clientId === clientId);
    if (leader === undefined) return;
    this.leader = leader;
    this.shown = null;
    this.hooks.changed(leader, null);
    this.reveal(leader);
  }

  /** Stops following (nothing happens when nobody is followed). */
  stop(reason: StopReason): void {
    if (this.leader === null) return;
    this.leader = null;
    this.shown = null;
    this.hooks.changed(null, reason);
  }

  /** Who is here now (their positions in this tab's document): the leader moved, or left. */
  people(people: readonly Person[]): void {
    if (this.leader === null) return;
    const leader = people.find((p) => p.clientId === this.leader!.clientId);
    if (leader === undefined) {
      this.stop('left');
      return;
    }
    const renamed = leader.name !== this.leader.name || leader.color !== this.leader.color;
    this.leader = leader;
    if (renamed) this.hooks.changed(leader, null);
    this.reveal(leader);
  }

  private reveal(leader: Person): void {
    const target = targetOf(leader);
    const key = JSON.stringify(target);
    if (key === this.shown) return; // someone else moved: the leader did not
    this.shown = key;
    this.hooks.reveal(target);
  }
}

export function targetOf(leader: Person): FollowTarget {
  return { view: leader.view, caret: leader.selections[0]?.head ?? null };
}

/** The people who follow `clientId`, by name. */
export function followersOf(people: readonly Person[], clientId: string): Person[] {
  return people.filter((p) => p.following === clientId).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The line (1-based) a follower's editor should show at its top: the leader's top line, so both see the same
 * lines, unless this window is too short to show the leader's caret from there; then the caret's line where it is
 * already in view, else a third down from the top. Null: nothing to go to.
 *
 * @param viewTop the leader's first line in view, or null
 * @param caret the leader's caret's line, or null
 * @param visible how many lines this window shows
 * @param currentTop this window's first line now
 */
export function topLineFor(viewTop: number | null, caret: number | null, visible: number, currentTop: number):
  number | null {
  const lines = Math.max(1, visible);
  const shows = (top: number, line: number) => line >= top && line < top + lines;
  if (viewTop !== null && (caret === null || shows(viewTop, caret))) return viewTop;
  if (caret === null) return null;
  if (shows(currentTop, caret)) return currentTop;
  return Math.max(1, caret - Math.floor(lines / 3));
}
