import type { Person } from '../session/presence-tracker';
import { h, replaceChildren } from './dom';

/** The person at this tab. */
export interface Me {
  readonly name: string;
  readonly color: string;
  readonly readOnly: boolean;
}

/**
 * Who is here: "Here now" with a count, everyone by name (the user first), those on a read-only link marked as
 * watching, and up to five avatars in the top bar. While the connection is lost the others are marked stale: the
 * list is what it was when the connection went, not who is there now.
 */
export class PeoplePanel {
  readonly avatars = h('div', { class: 'avatars', testid: 'people-avatars' });
  private readonly list = h('ul', { class: 'people', testid: 'people-list' });
  private readonly count = h('span', { class: 'count', testid: 'people-count' });
  readonly element = h('section', { class: 'people-section', 'aria-label': 'People here' },
    h('h2', {}, 'Here now ', this.count), this.list);

  render(me: Me, people: readonly Person[], stale: boolean): void {
    const others = [...people].sort((a, b) => a.name.localeCompare(b.name));
    this.count.textContent = String(others.length + 1);
    this.count.title = `${others.length + 1} ${others.length === 0 ? 'person' : 'people'} here, you included`;
    replaceChildren(this.list, entry(me.name, me.color, 'me', me.readOnly, true, false),
      ...others.map((p) => entry(p.name, p.color, p.clientId, p.readOnly === true, false, stale)));
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
}

function entry(name: string, color: string, clientId: string, readOnly: boolean, you: boolean, stale: boolean):
  HTMLElement {
  const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
  dot.style.background = color;
  return h('li', {
    testid: 'person', 'data-client-id': clientId, 'data-read-only': readOnly ? 'true' : null,
    'data-stale': stale ? 'true' : null, title: stale ? 'Offline: maybe no longer here' : null,
  }, dot, h('span', { class: 'name' }, name), you ? h('span', { class: 'you' }, '(you)') : null,
  readOnly ? h('span', { class: 'tag', title: 'On a read-only link: can watch, cannot edit' }, 'read-only') : null);
}

/** One or two letters for an avatar: of the first and last word, letters and digits only. */
export function initials(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  if (words.length === 0) return '?';
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!].map((w) => [...w][0]) : [...words[0]!].slice(0, 2);
  return letters.join('').toUpperCase();
}
