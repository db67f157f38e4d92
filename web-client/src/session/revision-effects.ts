import { type Edit, textOpOf } from '../ot/ot-client';
import type { TextOperation } from '../ot/text-operation';
import type { Participant, ServerMessage } from '../protocol/messages';
import { type Person, PresenceTracker } from './presence-tracker';
import type { SessionEvents } from './session-types';

/** Who the user is in their own document. */
export interface Author {
  readonly clientId: string;
  readonly name: string;
}

/**
 * What the revisions a session applies mean beside the text: the others' carets move through every op (protocol
 * section 8), the language shown is the user's own pending change or else the committed one, and chat lines and
 * version names are told to the page. The session decides what is applied; this tells the page about it.
 */
export class RevisionEffects {
  private readonly presence: PresenceTracker;
  private committedLanguage = 'plaintext';
  private shownLanguage = 'plaintext';

  /** `pendingLanguage`: the user's newest language change not acknowledged yet. */
  constructor(private readonly events: SessionEvents, private readonly pendingLanguage: () => string | null,
    private readonly now: () => number) {
    this.presence = new PresenceTracker(now);
  }

  people(): Person[] {
    return this.presence.list();
  }

  /** A snapshot at `revision`: these people are here, this is the language. */
  loaded(revision: number, language: string, present: Participant[]): void {
    this.committedLanguage = language;
    this.shownLanguage = language;
    this.presence.reset(present, revision, []);
  }

  /** A resume at `revision`: these people are here; `unacknowledged` are the user's text ops not committed yet. */
  resumed(revision: number, present: Participant[], unacknowledged: TextOperation[]): void {
    this.presence.replace(present, revision, unacknowledged);
    this.events.people?.(this.presence.list());
  }

  /** Someone's presence, at the user's `revision`. */
  presenceOf(p: Participant, revision: number, unacknowledged: TextOperation[]): void {
    this.presence.update(p, revision, unacknowledged);
    this.events.people?.(this.presence.list());
  }

  left(clientId: string): void {
    if (this.presence.remove(clientId)) this.events.people?.(this.presence.list());
  }

  /** The user typed `op` (applied to their document already). */
  typed(op: TextOperation): void {
    this.presence.applied(op, null);
    this.events.people?.(this.presence.list());
  }

  /** Someone else's edit, committed; `op` is its text op transformed to apply to the user's document now. */
  committed(m: ServerMessage & { type: 'committed' }, op: TextOperation): void {
    const edit = m.edit;
    if (edit.kind === 'text' || edit.kind === 'fork') {
      this.presence.committed(m.revision, textOpOf(edit), m.clientId);
      this.events.remoteText?.(op, m.clientId, m.authorName);
      this.presence.applied(op, m.clientId);
      this.events.people?.(this.presence.list());
    }
    if (edit.kind === 'language' || edit.kind === 'fork') {
      this.committedLanguage = edit.language;
      this.showLanguage(m.authorName);
    } else if (edit.kind !== 'text') {
      this.told(edit, m.revision, { clientId: m.clientId, name: m.authorName }, m.committedAt);
    }
  }

  /** The user's own `edit`, committed at `revision`. */
  acknowledged(edit: Edit, revision: number, me: Author): void {
    if (edit.kind === 'text') {
      this.presence.committed(revision, edit.op, me.clientId);
    } else if (edit.kind === 'language') {
      this.committedLanguage = edit.language;
      this.showLanguage(null);
    } else {
      this.told(edit, revision, me, new Date(this.now()).toISOString());
    }
  }

  /** A chat line or a version name, committed at `revision`: the page is told. */
  private told(edit: Edit, revision: number, by: Author, committedAt: string): void {
    if (edit.kind === 'chat') {
      this.events.chat?.({ revision, clientId: by.clientId, authorName: by.name, text: edit.text, committedAt });
    } else if (edit.kind === 'name') {
      this.events.versionNamed?.({
        revision: edit.revision, name: edit.name, nameRevision: revision, clientId: by.clientId,
        authorName: by.name, committedAt,
      });
    }
  }

  /** Shows the user's own pending language, else the committed one; `byName` made the change, if not the user. */
  showLanguage(byName: string | null): void {
    const language = this.pendingLanguage() ?? this.committedLanguage;
    if (language === this.shownLanguage) return;
    this.shownLanguage = language;
    this.events.language?.(language, byName);
  }
}
