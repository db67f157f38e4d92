import type { Person } from '../session/presence-tracker';
import { h, replaceChildren } from './dom';

/**
 * Over the editor, both sides of following: "Following Grace · Esc to stop" (with a Stop button) while this tab
 * follows someone, in their color; and "Ada is following you" while others follow this tab's person. Overlays, so
 * the editor's lines never move when they show or go.
 */
export class FollowIndicator {
  private readonly leaderName = h('strong', {});
  private readonly stopButton = h('button', { type: 'button', class: 'link', testid: 'stop-following' }, 'Stop');
  private readonly following = h('div', {
    class: 'follow-bar', testid: 'following-indicator', role: 'status', hidden: true,
  }, 'Following ', this.leaderName, h('span', { class: 'follow-hint' }, ' · Esc to stop '), this.stopButton);
  private readonly followers = h('div', {
    class: 'follow-bar followers', testid: 'followers-indicator', role: 'status', hidden: true,
  });
  readonly element = h('div', { class: 'follow-indicators' }, this.following, this.followers);

  constructor(stop: () => void) {
    this.stopButton.addEventListener('click', stop);
  }

  /** Whom this tab follows (null: nobody) and who follows this tab's person. */
  render(leader: Person | null, followers: readonly Person[]): void {
    this.following.hidden = leader === null;
    if (leader !== null) {
      this.leaderName.textContent = leader.name;
      this.following.style.setProperty('--person-color', leader.color);
      this.following.dataset.clientId = leader.clientId;
    }
    this.followers.hidden = followers.length === 0;
    replaceChildren(this.followers, followersText(followers.map((p) => p.name)));
  }
}

/** "Ada is following you", "Ada and Linus are following you", "Ada, Linus and 2 others are following you". */
export function followersText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is following you`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are following you`;
  const others = names.length - 2;
  return `${names[0]}, ${names[1]} and ${others} ${others === 1 ? 'other' : 'others'} are following you`;
}
