import type { ConnectionState } from '../session/session-types';
import { h } from './dom';

/**
 * Why the document is not connected, in words, above the editor: the server refused the join (too many people,
 * a document that does not exist), or no connection opens at all. Hidden while connected, and while a reconnect
 * has no reason worth telling (a moment's network loss is the indicator's business).
 */
export class ConnectionBanner {
  readonly element = h('div', { class: 'connection-banner', testid: 'connection-banner', role: 'status',
    hidden: true });

  /** Shows `state`'s reason; `loaded` says whether the person has the document in front of them already. */
  render(state: ConnectionState, loaded: boolean): void {
    const reason = state.status === 'stopped' ? state.message
      : state.status === 'online' ? undefined : state.reason;
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
