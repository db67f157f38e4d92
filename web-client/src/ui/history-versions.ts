import { type NamedVersion, versions as fetchVersions } from '../api/rest';
import { codePointLength } from '../ot/code-points';
import { colorForName } from './colors';
import { h, replaceChildren } from './dom';

const MAX_NAME = 100;

export interface VersionActions {
  /** The revision the History slider is at. */
  readonly revision: () => number;
  /** Move the slider to `revision`. */
  readonly jump: (revision: number) => void;
  /** Name `revision` (a `name` edit); absent for a read-only link. */
  readonly name: ((revision: number, name: string) => void) | null;
  /** Fork the document at `revision` into a new one; absent for a read-only link. */
  readonly fork: ((revision: number) => void) | null;
}

/**
 * Named versions in History: the list of names (from `/versions`, then live as they are committed), each a button
 * that moves the slider to its revision, and the actions at the slider's revision: "Name this version" and
 * "Fork". Names are text (textContent), never markup. Restoring a named version is History's own Restore, once the
 * slider is there.
 */
export class VersionsPanel {
  /** The list, for History's side column. */
  readonly element: HTMLElement;
  /** The actions, for History's bar. */
  readonly actions: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly form: HTMLFormElement;
  private readonly input: HTMLInputElement;
  private readonly named = new Map<number, NamedVersion>();

  constructor(private readonly docId: string, private readonly act: VersionActions) {
    this.list = h('ol', { class: 'versions', testid: 'history-versions' });
    this.element = h('section', { class: 'history-versions' }, h('h3', {}, 'Named versions'), this.list);
    this.input = h('input', {
      type: 'text', placeholder: 'before the refactor', maxlength: MAX_NAME * 2, testid: 'history-version-name',
      'aria-label': 'Name of this version',
    });
    const save = h('button', { type: 'submit', class: 'primary', testid: 'history-version-save' }, 'Save name');
    this.form = h('form', { class: 'version-form', hidden: true }, this.input, save);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    const nameButton = h('button', { type: 'button', class: 'secondary', testid: 'history-name-version' },
      'Name this version');
    nameButton.addEventListener('click', () => {
      this.form.hidden = !this.form.hidden;
      if (!this.form.hidden) this.input.focus();
    });
    const forkButton = h('button', { type: 'button', class: 'secondary', testid: 'history-fork',
      title: 'A new document starting from this version' }, 'Fork');
    forkButton.addEventListener('click', () => act.fork?.(act.revision()));
    for (const [button, allowed] of [[nameButton, act.name], [forkButton, act.fork]] as const) {
      if (allowed === null) {
        button.disabled = true;
        button.title = 'This link is read-only';
      }
    }
    this.actions = h('div', { class: 'version-actions' }, nameButton, forkButton, this.form);
    this.render();
  }

  /** Loads every name given so far (merged with what arrived live meanwhile). */
  async load(signal?: AbortSignal): Promise<void> {
    try {
      for (const v of await fetchVersions(this.docId, signal)) this.named.set(v.nameRevision, v);
      this.render();
    } catch {
      // a document the history service does not know yet has no names; live ones still show
    }
  }

  /** A name committed while History is open. */
  add(version: NamedVersion): void {
    this.named.set(version.nameRevision, version);
    this.render();
  }

  private submit(): void {
    const name = this.input.value.replace(/\s+/g, ' ').trim();
    if (name === '' || this.act.name === null) return;
    if (codePointLength(name) > MAX_NAME) {
      this.input.setCustomValidity(`A name has at most ${MAX_NAME} characters.`);
      this.input.reportValidity();
      return;
    }
    this.input.setCustomValidity('');
    // control characters are not allowed in a name (protocol section 2)
    // eslint-disable-next-line no-control-regex
    this.act.name(this.act.revision(), name.replace(/[\u0000-\u001f\u007f-\u009f]/g, ''));
    this.input.value = '';
    this.form.hidden = true;
  }

  private render(): void {
    const items = [...this.named.values()].sort((a, b) => a.nameRevision - b.nameRevision).map((v) => {
      const who = h('span', { class: 'version-author' }, v.authorName);
      who.style.color = colorForName(v.authorName);
      const b = h('button', { type: 'button', class: 'version', testid: 'history-version' },
        h('span', { class: 'version-name' }, v.name),
        h('span', { class: 'version-meta' }, `revision ${v.revision} · named by `, who));
      b.addEventListener('click', () => this.act.jump(v.revision));
      return h('li', {}, b);
    });
    if (items.length === 0) items.push(h('li', { class: 'empty' }, 'No named versions yet.'));
    replaceChildren(this.list, ...items);
  }
}
