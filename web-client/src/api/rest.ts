import type { Edit, ForkedFrom } from '../ot/ot-client';
import { decodeEdit } from '../protocol/messages';

/**
 * The gateway's HTTP API: creating documents, and the history API of the snapshot service it forwards
 * (docs/protocol.md, section 14). Same origin as the page.
 */

export interface CreatedDocument {
  readonly docId: string;
  readonly readOnlyId: string;
}

export interface DocumentAt {
  readonly docId: string;
  readonly revision: number;
  readonly headRevision: number;
  readonly text: string;
  readonly language: string;
  /** Where a forked document came from (absent for a document that was not forked). */
  readonly forkedFrom?: ForkedFrom;
}

/** A name given to a revision (`GET /api/docs/{id}/versions`). */
export interface NamedVersion {
  /** The revision named. */
  readonly revision: number;
  readonly name: string;
  /** The revision the name was committed at. */
  readonly nameRevision: number;
  readonly clientId: string;
  readonly authorName: string;
  readonly committedAt: string;
}

/** The answer to `POST /api/docs/{id}/forks`: the new document's links and where it came from. */
export interface CreatedFork extends CreatedDocument {
  readonly forkedFrom: ForkedFrom;
}

export interface CommittedEdit {
  readonly revision: number;
  readonly clientId: string;
  readonly clientSeq: number;
  readonly edit: Edit;
  readonly committedAt: string;
  readonly authorName: string;
}

export interface EditingSession {
  readonly firstRevision: number;
  readonly lastRevision: number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly authors: readonly string[];
}

export interface Timeline {
  readonly headRevision: number;
  readonly idleGapSeconds: number;
  readonly sessions: readonly EditingSession[];
}

/** Who wrote each code point of the text at `revision` (`/authorship`, protocol section 14). */
export interface DocumentAuthorship {
  readonly docId: string;
  readonly revision: number;
  readonly headRevision: number;
  readonly runs: ReadonlyArray<{ readonly length: number; readonly author: string; readonly name: string }>;
}

export interface ChatMessage {
  readonly revision: number;
  readonly clientId: string;
  readonly authorName: string;
  readonly text: string;
  readonly committedAt: string;
}

/** An answer of the API that is not a success: its HistoryError code, or the HTTP status. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function request<T>(method: string, path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { method, headers: { Accept: 'application/json' }, signal });
  const body = await response.text();
  let json: unknown = null;
  try {
    json = body ? JSON.parse(body) : null;
  } catch {
    // not JSON: reported below
  }
  if (!response.ok) {
    const error = json as { code?: string; message?: string } | null;
    throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? body.slice(0, 200));
  }
  return json as T;
}

const docPath = (id: string) => `/api/docs/${encodeURIComponent(id)}`;

export function createDocument(): Promise<CreatedDocument> {
  return request('POST', '/api/docs');
}

/**
 * The read-only id of a document, if the gateway can tell (`GET /api/links/{docId}`); null when it cannot (the
 * id was not made by `POST /api/docs`, or the gateway has no such endpoint).
 */
export async function readOnlyIdOf(docId: string): Promise<string | null> {
  try {
    const answer = await request<{ readOnlyId?: string }>('GET', `/api/links/${encodeURIComponent(docId)}`);
    return typeof answer?.readOnlyId === 'string' ? answer.readOnlyId : null;
  } catch {
    return null;
  }
}

export function timeline(docId: string, signal?: AbortSignal): Promise<Timeline> {
  return request('GET', `${docPath(docId)}/timeline`, signal);
}

export function documentAt(docId: string, revision: number, signal?: AbortSignal): Promise<DocumentAt> {
  return request('GET', `${docPath(docId)}/revisions/${revision}`, signal);
}

/** The authorship at `revision`, or at the snapshot service's head when `revision` is absent. */
export function authorship(docId: string, revision?: number, signal?: AbortSignal): Promise<DocumentAuthorship> {
  return request('GET', `${docPath(docId)}/authorship${revision === undefined ? '' : `?revision=${revision}`}`, signal);
}

/** The committed edits of revisions `from` to `to` (or the head), one page; `next` is where the next page starts. */
export async function ops(docId: string, from: number, to?: number, signal?: AbortSignal):
  Promise<{ ops: CommittedEdit[]; next?: number; headRevision: number }> {
  const page = await request<{ ops: Array<CommittedEdit & { edit: unknown }>; next?: number; headRevision: number }>(
    'GET', `${docPath(docId)}/ops?from=${from}${to === undefined ? '' : `&to=${to}`}`, signal);
  return { ...page, ops: page.ops.map((o) => ({ ...o, edit: decodeEdit(o.edit) })) };
}

/** The latest `limit` chat messages before revision `before` (default: all), oldest first. */
export function chat(docId: string, before?: number, limit = 50):
  Promise<{ messages: ChatMessage[]; next?: number }> {
  const query = `limit=${limit}${before === undefined ? '' : `&before=${before}`}`;
  return request('GET', `${docPath(docId)}/chat?${query}`);
}

/** The document at its head (`GET /api/docs/{id}`), with its `forkedFrom` if it was forked. */
export function documentHead(docId: string, signal?: AbortSignal): Promise<DocumentAt> {
  return request('GET', docPath(docId), signal);
}

/** Every name given to the document's revisions, in the order they were given (all pages). */
export async function versions(docId: string, signal?: AbortSignal): Promise<NamedVersion[]> {
  const all: NamedVersion[] = [];
  let from: number | undefined = 1;
  while (from !== undefined) {
    const page: { versions: NamedVersion[]; next?: number } =
      await request('GET', `${docPath(docId)}/versions?from=${from}`, signal);
    all.push(...page.versions);
    from = page.next;
  }
  return all;
}

/** A new document whose first revision is the text and language of `docId` at `revision`. */
export function forkDocument(docId: string, revision: number, author: string): Promise<CreatedFork> {
  return request('POST', `${docPath(docId)}/forks?revision=${revision}&author=${encodeURIComponent(author)}`);
}
