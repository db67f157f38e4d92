import type { Edit } from '../ot/ot-client';
import { fromJson } from '../ot/text-operation';

/** The WebSocket messages of docs/protocol.md (sections 6 and 7), as the browser sends and reads them. */

/** A caret or selection in code points: `anchor` where it started, `head` where the caret is. */
export interface Selection {
  readonly anchor: number;
  readonly head: number;
}

/**
 * What a client shows of its document, in code points: from the start of the first line in view to the end of the
 * last.
 */
export interface Viewport {
  readonly from: number;
  readonly to: number;
}

/** Another client connected to the document. */
export interface Participant {
  readonly clientId: string;
  readonly name: string;
  readonly color: string;
  readonly revision: number;
  readonly selections: readonly Selection[];
  /** Joined with a read-only id (absent: false). */
  readonly readOnly?: boolean;
  /** What they show of the document, at `revision` like the selections (absent: their client does not say). */
  readonly view?: Viewport;
  /** The clientId whose view they follow (absent: nobody). */
  readonly following?: string;
}

export type ClientMessage =
  | { type: 'join'; docId: string; clientId: string; name: string; color: string; knownRevision?: number;
      batches?: boolean }
  | { type: 'submit'; clientSeq: number; baseRevision: number; edit: Edit }
  | { type: 'presence'; revision: number; selections: readonly Selection[]; view?: Viewport; following?: string }
  | { type: 'ping' };

export type ServerMessage =
  | { type: 'snapshot'; docId: string; revision: number; text: string; language: string; readOnly: boolean;
      present: Participant[] }
  | { type: 'resumed'; docId: string; revision: number; head: number; readOnly: boolean; present: Participant[] }
  | { type: 'committed'; revision: number; clientId: string; clientSeq: number; edit: Edit; committedAt: string;
      authorName: string }
  | { type: 'ack'; clientSeq: number; revision: number }
  | ({ type: 'presence' } & Participant)
  | { type: 'left'; clientId: string }
  | { type: 'error'; code: string; message: string; clientSeq?: number; fatal: boolean; retryAfterMs?: number }
  | { type: 'pong' };

/** What a client does after an error (protocol section 9). */
export type Recovery = 'CONTINUE' | 'RESUME' | 'RESYNC' | 'STOP';

const RECOVERY: Record<string, Recovery> = {
  MALFORMED_MESSAGE: 'STOP',
  UNKNOWN_MESSAGE_TYPE: 'CONTINUE',
  INVALID_EDIT: 'RESYNC',
  OP_DOES_NOT_FIT: 'RESYNC',
  BASE_REVISION_AHEAD: 'RESYNC',
  BASE_REVISION_TOO_OLD: 'RESUME',
  CLIENT_SEQ_OUT_OF_ORDER: 'RESYNC',
  CLIENT_SEQ_REUSED: 'RESYNC',
  ALREADY_COMMITTED: 'CONTINUE',
  EDIT_IN_FLIGHT: 'RESYNC',
  DOCUMENT_TOO_LARGE: 'RESYNC',
  MESSAGE_TOO_LARGE: 'RESYNC',
  RATE_LIMITED: 'RESUME',
  TOO_MANY_CONNECTIONS: 'RESUME',
  UNKNOWN_DOCUMENT: 'STOP',
  READ_ONLY: 'RESYNC',
  NOT_JOINED: 'STOP',
  ALREADY_JOINED: 'STOP',
  CANNOT_RESUME: 'RESYNC',
  UNAVAILABLE: 'RESUME',
  INTERNAL_ERROR: 'RESUME',
};

/** The recovery of an error code; an unknown code by its fatal flag: not fatal, CONTINUE; fatal, RESYNC. */
export function recoveryOf(code: string, fatal: boolean): Recovery {
  return Object.hasOwn(RECOVERY, code) ? RECOVERY[code]! : fatal ? 'RESYNC' : 'CONTINUE';
}

/** Codes after which the client should wait longer before reconnecting (the server asked it to back off). */
export function asksForBackOff(code: string): boolean {
  return code === 'RATE_LIMITED' || code === 'TOO_MANY_CONNECTIONS';
}

/** The longest wait a server may ask for before a reconnect (protocol section 7, `error.retryAfterMs`). */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** The error's `retryAfterMs` if it is a valid one (an integer from 0 to one hour), else null. */
export function retryAfterOf(error: { retryAfterMs?: unknown }): number | null {
  const ms = error.retryAfterMs;
  return typeof ms === 'number' && Number.isInteger(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS ? ms : null;
}

/** Words for the person at the keyboard (the `message` of an error is for developers). */
export function describeError(code: string): string {
  switch (code) {
    case 'UNKNOWN_DOCUMENT': return 'This document does not exist.';
    case 'READ_ONLY': return 'This link is read-only.';
    case 'DOCUMENT_TOO_LARGE': return 'The document would become too large.';
    case 'MESSAGE_TOO_LARGE': return 'That change is too large to send at once.';
    case 'RATE_LIMITED': return 'Too many changes too fast; slowing down.';
    case 'TOO_MANY_CONNECTIONS': return 'The document has too many people connected right now.';
    case 'UNAVAILABLE': return 'The server is unavailable for a moment.';
    case 'CLIENT_SEQ_REUSED':
    case 'CLIENT_SEQ_OUT_OF_ORDER':
    case 'EDIT_IN_FLIGHT': return 'The server and this tab disagree about which changes were sent.';
    case 'CANNOT_RESUME': return 'This tab was away too long to catch up.';
    case 'MALFORMED_MESSAGE':
    case 'NOT_JOINED':
    case 'ALREADY_JOINED': return 'The editor and the server do not understand each other. Reload the page.';
    default: return 'The server could not accept a change.';
  }
}

/**
 * Reads the server messages of a WebSocket frame: one, or a batch (a JSON array of them, protocol section 3, sent
 * to a client that joined with `batches`), in order. Types this client does not know are left out (ignored,
 * protocol section 13); text ops are normalized on the way in.
 * @throws Error when the frame is not a message or an array of messages (a JSON object with a string `type`)
 */
export function decodeServerFrame(frame: string): ServerMessage[] {
  const parsed = JSON.parse(frame) as unknown;
  const all = Array.isArray(parsed) ? parsed : [parsed];
  return all.map(decodeParsed).filter((m): m is ServerMessage => m !== null);
}

function decodeParsed(parsed: unknown): ServerMessage | null {
  const message = parsed as { type?: unknown; edit?: unknown };
  if (message === null || typeof message !== 'object' || typeof message.type !== 'string') {
    throw new Error('a server message must be a JSON object with a type');
  }
  switch (message.type) {
    case 'committed':
      return { ...(message as ServerMessage & { type: 'committed' }), edit: decodeEdit(message.edit) };
    case 'presence':
      return participantOf(message as ServerMessage & { type: 'presence' });
    case 'snapshot': case 'resumed': {
      const m = message as ServerMessage & { type: 'snapshot' | 'resumed' };
      return { ...m, present: Array.isArray(m.present) ? m.present.map(participantOf) : m.present };
    }
    case 'ack': case 'left': case 'error': case 'pong':
      return message as ServerMessage;
    default:
      return null;
  }
}

/**
 * A participant as the server sent it, with `view` and `following` kept only when they are what the protocol says
 * (section 6): a bad one is dropped, as if an older client had sent none, since presence is advisory.
 */
export function participantOf<P extends Participant>(p: P): P {
  const { view, following, ...rest } = p as P & { view?: unknown; following?: unknown };
  const v = viewOf(view);
  return {
    ...rest, ...(v !== null ? { view: v } : {}),
    ...(typeof following === 'string' && IDENTIFIER.test(following) ? { following } : {}),
  } as unknown as P;
}

/** A view if `json` is one: integers `0 <= from <= to`. */
export function viewOf(json: unknown): Viewport | null {
  const v = json as { from?: unknown; to?: unknown } | null;
  if (v === null || typeof v !== 'object') return null;
  const { from, to } = v;
  return Number.isSafeInteger(from) && Number.isSafeInteger(to) && (from as number) >= 0
    && (to as number) >= (from as number) ? { from: from as number, to: to as number } : null;
}

/** An edit as JSON carries it; a text op is normalized. */
export function decodeEdit(json: unknown): Edit {
  const edit = json as {
    kind?: unknown; op?: unknown; language?: unknown; text?: unknown; revision?: unknown; name?: unknown;
    forkedFrom?: { docId?: unknown; revision?: unknown };
  };
  switch (edit?.kind) {
    case 'text': return { kind: 'text', op: fromJson(edit.op) };
    case 'language': return { kind: 'language', language: String(edit.language) };
    case 'chat': return { kind: 'chat', text: String(edit.text) };
    case 'name': return { kind: 'name', revision: Number(edit.revision), name: String(edit.name) };
    case 'fork': return {
      kind: 'fork', text: String(edit.text), language: String(edit.language),
      forkedFrom: { docId: String(edit.forkedFrom?.docId), revision: Number(edit.forkedFrom?.revision) },
    };
    default: throw new Error(`unknown edit kind ${JSON.stringify(edit?.kind)}`);
  }
}

/** A protocol identifier: 1 to 64 characters of A-Z a-z 0-9 _ - (docId, clientId). */
export const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

/** A color as the protocol writes it. */
export const COLOR = /^#[0-9a-f]{6}$/;

/**
 * A display name as the protocol accepts it (1 to 64 code points, not blank, no control character, no unpaired
 * surrogate), from what a person typed: trimmed, control characters dropped, cut at 64 code points.
 */
export function cleanName(input: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = [...input.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim()]
    .filter((ch) => ch.length === 2 || !/[\ud800-\udfff]/.test(ch));
  return cleaned.slice(0, 64).join('').trim();
}

/** A new clientId: 128 random bits as 22 characters of base64url (protocol section 4). */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
