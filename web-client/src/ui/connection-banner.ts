import type { ConnectionState } from '../session/session-types';
import { h } from './dom';

/**
 * Why the document is not connected, in words, above the editor: the server refused the join (too many people,
 * a document that does not exist), no connection opens at all, or (once the document is open) the connection was
 * lost: then it says that editing goes on, how many changes wait, and that what others do is not shown meanwhile.
 * Hidden while connected, and while the first connection is still being made.
 */
export class ConnectionBanner {
  readonly element = h('div', { class: 'connection-banner', testid: 'connection-banner', role: 'status',
    hidden: true });

  /**
   * Shows `state`'s reason; `loaded` says whether the person has the document in front of them already, `unsent`
   * how many of their changes wait to be sent.
   */
  render(state: ConnectionState, loaded: boolean, unsent: number): void {
    // once the document is open, a lost connection is always worth a word: editing goes on
    const reason = state.status === 'stopped' ? state.message
      : state.status === 'online' ? undefined
        : loaded ? `${offline(unsent)}${state.reason ? ` ${state.reason}` : ''}` : state.reason;
    this.element.hidden = reason === undefined;
    if (reason === undefined) return;
    let next = '';
    if (state.status === 'offline') {
      next = ` Trying again in ${Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000))} s.`;
    } else if (state.status === 'connecting') {
      next = ' Trying again…';
    }
    this.element.dataset.state = state.status;
    this.element.textContent = `${loaded ? '' : 'Cannot open this document. '}${reason}${next}`;
  }
}

function offline(unsent: number): string {
  const waiting = unsent === 0 ? 'your changes are kept'
    : `${unsent} ${unsent === 1 ? 'change waits' : 'changes wait'} here`;
  return `You are offline. Keep editing: ${waiting} and will be sent when the connection is back.`
    + ' Others\' carets and who is here may be out of date.';
}
