import type { EditorView } from '@codemirror/view';
import { FollowView } from '../editor/follow-view';
import type { Viewport } from '../protocol/messages';
import { Follow, followersOf, type StopReason } from '../session/follow';
import type { Person } from '../session/presence-tracker';
import { FollowIndicator } from './follow-indicator';
import { toast } from './toast';

export interface FollowingOptions {
  readonly view: EditorView;
  /** This tab's clientId now (it changes after a resync). */
  readonly myId: () => string;
  /** Whom this tab follows, or what it shows, changed: send presence. */
  readonly presenceChanged: () => void;
  /** Whom this tab follows changed (`leader` null: nobody): redraw the people list. */
  readonly changed: (leader: Person | null) => void;
}

/**
 * Following, wired: the {@link Follow} state machine, the editor's {@link FollowView} and the
 * {@link FollowIndicator}. The page hands it who is here and the clicks on a person; it gives the session the
 * view and whom this tab follows for its presence.
 */
export class Following {
  private readonly follow: Follow;
  private readonly editorSide: FollowView;
  private readonly indicator: FollowIndicator;
  private people: readonly Person[] = [];
  private readonly escape = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && document.querySelector('dialog[open]') === null) this.stop('escape');
  };

  constructor(private readonly options: FollowingOptions) {
    this.indicator = new FollowIndicator(() => this.stop('toggled'));
    this.follow = new Follow({
      reveal: (target) => this.editorSide.reveal(target),
      changed: (leader, reason) => {
        if (reason === 'left') toast('The person you followed left: you are no longer following.');
        this.render();
        options.presenceChanged();
        options.changed(leader);
      },
    });
    this.editorSide = new FollowView(options.view, (reason) => this.stop(reason), options.presenceChanged);
    window.addEventListener('keydown', this.escape);
  }

  /** The indicators, to place over the editor. */
  get element(): HTMLElement {
    return this.indicator.element;
  }

  /** The clientId this tab follows; null: nobody. */
  get leaderId(): string | null {
    return this.follow.leaderId;
  }

  /** What this tab shows, for its presence. */
  viewport(): Viewport {
    return this.editorSide.visible();
  }

  /** Follows the person (a click on them in "Here now"), or stops following them (a second click). */
  toggle(clientId: string): void {
    this.follow.toggle(clientId, this.people);
  }

  stop(reason: StopReason): void {
    this.follow.stop(reason);
  }

  /** Who is here now, their positions in this tab's document. */
  setPeople(people: readonly Person[]): void {
    this.people = people;
    this.follow.people(people);
    this.render();
  }

  dispose(): void {
    window.removeEventListener('keydown', this.escape);
    this.editorSide.dispose();
  }

  private render(): void {
    const leader = this.people.find((p) => p.clientId === this.follow.leaderId) ?? null;
    this.indicator.render(leader, followersOf(this.people, this.options.myId()));
  }
}
