import type { NamedVersion } from '../api/rest';
import type { TextOperation } from '../ot/text-operation';
import type { Selection, Viewport } from '../protocol/messages';
import type { Clock, SocketLike } from './clock';
import type { ReadHistory } from './history-catch-up';
import type { Person } from './presence-tracker';

/**
 * Where the connection is, for the connection indicator. `reason` says why the session is not connected when it
 * knows (the server refused the join, or the connection cannot be opened at all): words for the person.
 */
export type ConnectionState =
  | { readonly status: 'connecting'; readonly reason?: string }
  | { readonly status: 'online' }
  | { readonly status: 'offline'; readonly retryAt: number; readonly reason?: string }
  | { readonly status: 'stopped'; readonly message: string };

/** A chat line: committed (with its revision) or still on its way. */
export interface ChatLine {
  readonly revision: number | null;
  readonly clientId: string;
  readonly authorName: string;
  readonly text: string;
  readonly committedAt: string | null;
}

/** The document as a snapshot delivers it. */
export interface DocumentState {
  readonly revision: number;
  readonly text: string;
  readonly language: string;
  readonly readOnly: boolean;
}

/** What the session tells the editor and the page. Every callback is optional. */
export interface SessionEvents {
  /**
   * The document was loaded (first join) or reloaded after a resync: replace the editor's text. `discarded` is
   * true when the user's unacknowledged edits were thrown away (the page should say so, and offer their text).
   */
  snapshot?(state: DocumentState, discarded: boolean): void;
  /** A remote text op, transformed to apply to the editor's document now. */
  remoteText?(op: TextOperation, authorId: string, authorName: string): void;
  /** The language the editor shows changed (someone's committed change, or the user's own pending one). */
  language?(language: string, byName: string | null): void;
  /** A chat line was committed. */
  chat?(line: ChatLine): void;
  /** Someone (or the user) named a revision. */
  versionNamed?(version: NamedVersion): void;
  /** Others' carets or the list of people changed. */
  people?(people: Person[]): void;
  /** The connection's state changed. */
  connection?(state: ConnectionState): void;
  /** The revision, or what waits to be acknowledged, changed. */
  progress?(revision: number, unacknowledged: number): void;
  readOnly?(readOnly: boolean): void;
  /** Something the person should know (an error's recovery). */
  notice?(message: string): void;
}

export interface SessionOptions {
  readonly docId: string;
  readonly name: string;
  readonly color: string;
  /** The WebSocket URL, `ws(s)://host/ws/docs/{docId}`. */
  readonly url: string;
  /** The local selections, in code points of the local document. */
  readonly selections: () => Selection[];
  /** What the editor shows, in code points of the local document (presence `view`); absent or null: not said. */
  readonly view?: () => Viewport | null;
  /** The clientId this tab follows (presence `following`); absent or null: nobody. */
  readonly following?: () => string | null;
  readonly events: SessionEvents;
  readonly createSocket?: (url: string) => SocketLike;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Where the session reads committed edits after a revision (default: the gateway's history API, `/ops`). */
  readonly history?: ReadHistory;
  /** Where the session says why it reconnects or resyncs (for developers; default: the console). */
  readonly log?: (message: string) => void;
}
