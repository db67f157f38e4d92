import { type ClientMessage, decodeServerFrame, type ServerMessage } from '../protocol/messages';
import { Backoff } from './backoff';
import { type Clock, SOCKET_OPEN, type SocketLike } from './clock';
import { CANNOT_CONNECT } from './recovery';
import type { ConnectionState } from './session-types';

const PING_AFTER_MS = 25_000;
const PONG_WITHIN_MS = 15_000;
const JOIN_WITHIN_MS = 15_000;
const STABLE_AFTER_MS = 10_000;
const TICK_MS = 5_000;
/** Connections that closed before they opened, in a row, before the state says the server cannot be reached. */
const FAILED_OPENS_BEFORE_REASON = 2;

/** RFC 6455 close code 1009, Message Too Big. */
const MESSAGE_TOO_BIG = 1009;

function closeCode(event: unknown): number | undefined {
  const code = (event as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** What the connection tells its session. */
export interface ConnectionHandlers {
  /** The socket opened: send `join`. */
  opened(): void;
  message(message: ServerMessage): void;
  /** A frame that is not a server message (the session resyncs). */
  unreadable(error: Error): void;
  /** The socket was dropped (closed, or given up): timers that wait for answers on it are void. */
  dropped(): void;
  state(state: ConnectionState): void;
}

export interface ConnectionOptions {
  readonly url: string;
  readonly clock: Clock;
  readonly random: () => number;
  readonly createSocket?: (url: string) => SocketLike;
}

/** How to reconnect: after exactly `delayMs`, or after the back-off (from at least `minDelayMs`). */
export interface Retry {
  readonly delayMs?: number | null;
  readonly minDelayMs?: number;
  /** Why the session is not connected, for the person; kept until it is online again. */
  readonly reason?: string | null;
}

/**
 * The WebSocket of a {@link DocumentSession}: opening it, reconnecting with back-off (protocol section 3), the join
 * timeout, keep-alive (ping after 25 s of silence either way; no answer within 15 s: reconnect) and the connection
 * state the page shows. It knows the protocol only as far as frames go; what they mean is the session's.
 */
export class SessionConnection {
  private readonly backoff: Backoff;
  private socket: SocketLike | null = null;
  private current: ConnectionState = { status: 'connecting' };
  private joinedSocket = false;
  private onlineSince = 0;
  private lastSent = 0;
  private lastReceived = 0;
  private pingSentAt: number | null = null;
  private failedOpens = 0;
  private reason: string | null = null;
  private joinTimer: unknown = null;
  private retryTimer: unknown = null;
  private tickTimer: unknown = null;
  private disposed = false;

  constructor(private readonly options: ConnectionOptions, private readonly handlers: ConnectionHandlers) {
    this.backoff = new Backoff(options.random);
  }

  start(): void {
    this.connect();
    this.tick();
  }

  dispose(): void {
    this.disposed = true;
    for (const t of [this.joinTimer, this.retryTimer, this.tickTimer]) {
      if (t !== null) this.options.clock.clearTimeout(t);
    }
    this.dropSocket();
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Whether the socket is open and the document joined on it. */
  get joined(): boolean {
    return this.joinedSocket;
  }

  get hasSocket(): boolean {
    return this.socket !== null;
  }

  send(message: ClientMessage): void {
    if (this.socket === null || this.socket.readyState !== SOCKET_OPEN) return;
    this.socket.send(JSON.stringify(message));
    this.lastSent = this.options.clock.now();
  }

  /** The server answered the join (snapshot or resumed): online. */
  joinedNow(): void {
    this.joinedSocket = true;
    this.onlineSince = this.options.clock.now();
    this.failedOpens = 0;
    this.reason = null;
    if (this.joinTimer !== null) this.options.clock.clearTimeout(this.joinTimer);
    this.joinTimer = null;
    this.setState({ status: 'online' });
  }

  /** Drops the connection and reconnects after a wait. */
  retryLater(retry: Retry = {}): void {
    if (this.disposed) return;
    const clock = this.options.clock;
    if (this.current.status === 'online' && clock.now() - this.onlineSince >= STABLE_AFTER_MS) {
      this.backoff.reset();
    }
    this.dropSocket();
    if (retry.reason) this.reason = retry.reason;
    if ((retry.minDelayMs ?? 0) > 0) this.backoff.atLeast(retry.minDelayMs!);
    const backedOff = this.backoff.next();
    const delay = retry.delayMs ?? backedOff;
    this.setState({ status: 'offline', retryAt: clock.now() + delay, ...this.reasonField() });
    if (this.retryTimer !== null) clock.clearTimeout(this.retryTimer);
    this.retryTimer = clock.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  /**
   * Drops the connection and does not reconnect until the session calls {@link reconnect} or {@link retryLater}:
   * it has work to do first (catching up from the history API). The state is `connecting`.
   */
  hold(): void {
    if (this.disposed) return;
    this.dropSocket();
    if (this.retryTimer !== null) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.setState({ status: 'connecting', ...this.reasonField() });
  }

  /** Gives up: no automatic reconnect (protocol STOP). */
  stop(message: string): void {
    this.dropSocket();
    this.setState({ status: 'stopped', message });
  }

  /** Opens a new connection at once, dropping the current one (to join under another name). */
  reconnect(): void {
    this.dropSocket();
    this.connect();
  }

  /** Reconnects at once if waiting to (the browser is back online, or the person asked to). */
  reconnectNow(): void {
    if (this.disposed || this.current.status === 'online' || this.current.status === 'connecting') return;
    if (this.retryTimer !== null) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /** The browser says the network is gone: stop waiting for the socket to notice. */
  networkLost(): void {
    if (this.socket !== null && !this.disposed && this.current.status !== 'stopped') this.retryLater();
  }

  private connect(): void {
    if (this.disposed) return;
    this.setState({ status: 'connecting', ...this.reasonField() });
    this.joinedSocket = false;
    const socket = (this.options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike))(
      this.options.url);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      opened = true;
      this.lastReceived = this.options.clock.now();
      this.handlers.opened();
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket || typeof event.data !== 'string') return;
      this.lastReceived = this.options.clock.now();
      this.pingSentAt = null;
      let messages: ServerMessage[];
      try {
        messages = decodeServerFrame(event.data);
      } catch (e) {
        this.handlers.unreadable(e as Error);
        return;
      }
      for (const message of messages) {
        this.handlers.message(message);
        if (socket !== this.socket) return; // the message closed or replaced the connection: the rest is stale
      }
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      if (closeCode(event) === MESSAGE_TOO_BIG) {
        // past the gateway's hard frame limit it closes at once, without an error message (protocol section 3):
        // resending the same edit would be closed the same way for ever, so it is the refusal it stands for
        this.handlers.message({ type: 'error', code: 'MESSAGE_TOO_LARGE', fatal: true,
          message: 'the gateway closed the connection with 1009: a message was larger than it takes' });
        if (socket !== this.socket) return;
      }
      // a browser says nothing of why a handshake failed (a refused origin, a proxy, no server): count them
      if (!opened && ++this.failedOpens >= FAILED_OPENS_BEFORE_REASON) this.reason = CANNOT_CONNECT;
      this.retryLater();
    };
    socket.onerror = () => {
      // a close event follows
    };
    this.joinTimer = this.options.clock.setTimeout(() => {
      this.joinTimer = null;
      if (socket === this.socket && !this.joinedSocket) this.retryLater();
    }, JOIN_WITHIN_MS);
  }

  /** Closes the socket, if any, and forgets it, so its late events are ignored. */
  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.joinedSocket = false;
    if (this.joinTimer !== null) this.options.clock.clearTimeout(this.joinTimer);
    this.joinTimer = null;
    this.handlers.dropped();
    if (socket !== null) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close(1000);
      } catch {
        // already closed
      }
    }
  }

  private reasonField(): { reason?: string } {
    return this.reason === null ? {} : { reason: this.reason };
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.handlers.state(state);
  }

  private tick(): void {
    this.tickTimer = this.options.clock.setTimeout(() => {
      this.tickTimer = null;
      if (this.disposed) return;
      const now = this.options.clock.now();
      if (this.joinedSocket) {
        if (this.pingSentAt !== null && now - this.pingSentAt >= PONG_WITHIN_MS) {
          this.pingSentAt = null;
          this.retryLater();
        } else if (this.pingSentAt === null
          && (now - this.lastSent >= PING_AFTER_MS || now - this.lastReceived >= PING_AFTER_MS)) {
          this.send({ type: 'ping' });
          this.pingSentAt = now;
        }
      }
      this.tick();
    }, TICK_MS);
  }
}
