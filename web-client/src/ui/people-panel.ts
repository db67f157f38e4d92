import type { Person } from '../session/presence-tracker';
import { h, replaceChildren } from './dom';

/** The person at this tab. */
export interface Me {
  readonly name: string;
  readonly color: string;
  readonly readOnly: boolean;
}

/** Following, as the people list shows it. */
export interface FollowMarks {
  /** Whom this tab follows; null: nobody. */
  readonly leaderId: string | null;
  /** This tab's clientId: whoever follows it is marked "following you". */
  readonly myId: string;
}

/**
 * Who is here: "Here now" with a count, everyone by name (the user first), those on a read-only link marked as
 * watching, and up to five avatars in the top bar. While the connection is lost the others are marked stale: the
 * list is what it was when the connection went, not who is there now. A click on someone else follows them
 * (another click stops); whom this tab follows, and who follows its person, are marked.
 */
export class PeoplePanel {
  readonly avatars = h('div', { class: 'avatars', testid: 'people-avatars' });
  private readonly list = h('ul', { class: 'people', testid: 'people-list' });
  private readonly count = h('span', { class: 'count', testid: 'people-count' });
  readonly element = h('section', { class: 'people-section', 'aria-label': 'People here' },
    h('h2', {}, 'Here now ', this.count), this.list);

  constructor(private readonly onFollow: (clientId: string) => void = () => {}) {}

  render(me: Me, people: readonly Person[], stale: boolean, follow: FollowMarks = { leaderId: null, myId: '' }): void {
    const others = [...people].sort((a, b) => a.name.localeCompare(b.name));
    this.count.textContent = String(others.length + 1);
    this.count.title = `${others.length + 1} ${others.length === 0 ? 'person' : 'people'} here, you included`;
    replaceChildren(this.list, this.entry({ ...me, clientId: 'me', you: true, stale: false }),
      ...others.map((p) => this.entry({
        name: p.name, color: p.color, clientId: p.clientId, readOnly: p.readOnly === true, you: false, stale,
        followed: p.clientId === follow.leaderId, followsMe: follow.myId !== '' && p.following === follow.myId,
      })));
    const shown = others.slice(0, 5).map((p) => {
      const avatar = h('span', { class: 'avatar', title: p.readOnly ? `${p.name} (read-only)` : p.name,
        testid: 'avatar' }, initials(p.name));
      avatar.style.background = p.color;
      return avatar;
    });
    if (others.length > 5) shown.push(h('span', { class: 'avatar more' }, `+${others.length - 5}`));
    replaceChildren(this.avatars, ...shown);
    this.avatars.classList.toggle('stale', stale);
    this.avatars.setAttribute('aria-label', `${others.length} other ${others.length === 1 ? 'person' : 'people'} here`);
  }

  private entry(e: Entry): HTMLElement {
    const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
    dot.style.background = e.color;
    let name: HTMLElement = h('span', { class: 'name' }, e.name);
    if (!e.you) {
      name = h('button', {
        type: 'button', class: 'name follow-person', testid: 'follow-person',
        'aria-pressed': String(e.followed === true),
        title: e.followed ? `Stop following ${e.name}` : `Follow ${e.name}: your view goes where theirs goes`,
      }, e.name);
      name.addEventListener('click', () => this.onFollow(e.clientId));
    }
    return h('li', {
      testid: 'person', 'data-client-id': e.clientId, 'data-read-only': e.readOnly ? 'true' : null,
      'data-stale': e.stale ? 'true' : null, title: e.stale ? 'Offline: maybe no longer here' : null,
      'data-following': e.followed ? 'true' : null, 'data-follows-me': e.followsMe ? 'true' : null,
    }, dot, name, e.you ? h('span', { class: 'you' }, '(you)') : null,
    e.readOnly ? h('span', { class: 'tag', title: 'On a read-only link: can watch, cannot edit' }, 'read-only') : null,
    e.followed ? h('span', { class: 'tag follow-tag', testid: 'following-tag' }, 'following') : null,
    e.followsMe ? h('span', { class: 'tag follow-tag', testid: 'follows-you-tag',
      title: `${e.name} follows your view` }, 'following you') : null);
  }
}

interface Entry {
  readonly name: string;
  readonly color: string;
  readonly clientId: string;
  readonly readOnly: boolean;
  readonly you: boolean;
  readonly stale: boolean;
  readonly followed?: boolean;
  readonly followsMe?: boolean;
}

/** One or two letters for an avatar: of the first and last word, letters and digits only. */
export function initials(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  if (words.length === 0) return '?';
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!].map((w) => [...w][0]) : [...words[0]!].slice(0, 2);
  return letters.join('').toUpperCase();
}
