import { asksForBackOff, describeError, recoveryOf, retryAfterOf } from '../protocol/messages';

/** A server's `error` message, as the session acts on it. */
export interface ServerError {
  readonly code: string;
  readonly message: string;
  readonly fatal: boolean;
  readonly retryAfterMs?: number;
}

/** The least wait after RATE_LIMITED or TOO_MANY_CONNECTIONS when the server names none. */
export const BACK_OFF_AT_LEAST_MS = 4_000;

/** Said when connections close before they open, again and again: nothing else tells a page why. */
export const CANNOT_CONNECT = 'The server cannot be reached, or it refused the connection (for example, because'
  + ' this page\'s address is not one it allows).';

/** What the session does after an error (protocol section 9), and what it tells the person. */
export type RecoveryPlan =
  | { readonly action: 'continue' }
  /** Reconnect after exactly `delayMs` (the server's `retryAfterMs`), or the back-off from at least `minDelayMs`. */
  | { readonly action: 'resume'; readonly delayMs: number | null; readonly minDelayMs: number;
      readonly reason: string | null }
  /**
   * `catchUp`: the client is only further behind than the gateway replays (CANNOT_RESUME); its edits are still
   * good, and the history API can bring it to a revision the gateway resumes (history-catch-up.ts).
   */
  | { readonly action: 'resync'; readonly notice: string; readonly catchUp: boolean }
  | { readonly action: 'stop'; readonly message: string };

/**
 * The recovery of an error: its code's (an unknown code by its `fatal` flag), with the wait the server asked for.
 * A RESUME that asks the client to back off (or names a wait) has a reason to show while it waits: the person
 * should know why the document does not open.
 */
export function planRecovery(error: ServerError): RecoveryPlan {
  switch (recoveryOf(error.code, error.fatal)) {
    case 'CONTINUE':
      return { action: 'continue' };
    case 'RESUME': {
      const delayMs = retryAfterOf(error);
      const backOff = asksForBackOff(error.code);
      return {
        action: 'resume', delayMs, minDelayMs: backOff ? BACK_OFF_AT_LEAST_MS : 0,
        reason: backOff || delayMs !== null ? describeError(error.code) : null,
      };
    }
    case 'RESYNC':
      return { action: 'resync', notice: `${describeError(error.code)} Reloading the document.`,
        catchUp: error.code === 'CANNOT_RESUME' };
    case 'STOP':
      return { action: 'stop', message: describeError(error.code) };
  }
}
