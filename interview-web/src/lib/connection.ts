/**
 * One SignalR connection to the collaboration hub for one session. For now it only reports an honest
 * status; the Yjs provider will ride on the same connection.
 *
 * Invariants:
 * - `status` changes only through `#setStatus`, which notifies every subscriber once per change.
 * - The connection never gives up while it is alive: SignalR's automatic reconnect covers short drops;
 *   when that ends (or the first start fails) we stay `offline` and start again after a backoff, and at
 *   once when the browser reports it is back online.
 * - After `dispose()` no subscriber is called, no timer is pending, the `online` listener is removed and
 *   the hub is stopped. HubConnection cannot unregister its callbacks, so they check `#disposed`.
 */
import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** The part of HubConnection this class uses; tests pass a fake. */
export type HubLike = Pick<HubConnection, 'start' | 'stop' | 'onclose' | 'onreconnecting' | 'onreconnected'>;

export type ConnectionOptions = {
  readonly sessionId: string;
  /** Builds the hub for a URL; defaults to the real MessagePack/WebSocket connection. */
  readonly createHub?: (url: string) => HubLike;
  /** Waits before each new start after the connection was lost for good; the last one repeats. */
  readonly restartDelaysMs?: readonly number[];
  /** Where `online` events come from; defaults to `window` when there is one. */
  readonly events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
};

export function hubUrl(sessionId: string): string {
  return `/hubs/collab?session=${encodeURIComponent(sessionId)}`;
}

/**
 * WebSockets only, without negotiation: the gateway may put negotiate and connect on different hub
 * servers, and a WebSocket needs no sticky session.
 */
export function createCollabHub(url: string): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(url, { transport: HttpTransportType.WebSockets, skipNegotiation: true })
    .withHubProtocol(new MessagePackHubProtocol())
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000])
    .configureLogging(LogLevel.Warning)
    .build();
}

const DEFAULT_RESTART_DELAYS_MS = [2000, 5000, 10000, 30000] as const;

export class SessionConnection {
  readonly #hub: HubLike;
  readonly #restartDelays: readonly number[];
  readonly #events: ConnectionOptions['events'];
  readonly #listeners = new Set<(status: ConnectionStatus) => void>();
  #status: ConnectionStatus = 'connecting';
  #failedStarts = 0;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: ConnectionOptions) {
    this.#hub = (options.createHub ?? createCollabHub)(hubUrl(options.sessionId));
    this.#restartDelays = options.restartDelaysMs ?? DEFAULT_RESTART_DELAYS_MS;
    this.#events = options.events !== undefined ? options.events : typeof window === 'undefined' ? null : window;

    this.#hub.onreconnecting(() => this.#setStatus('reconnecting'));
    this.#hub.onreconnected(() => this.#setStatus('connected'));
    this.#hub.onclose(() => {
      if (this.#disposed) return;
      this.#setStatus('offline');
      this.#scheduleStart();
    });
    this.#events?.addEventListener('online', this.#onOnline);
    // Started on the next task rather than here: a connection disposed in the same tick (React
    // StrictMode mounts effects twice) then never opens a socket, instead of failing one mid-start.
    this.#restartTimer = setTimeout(() => void this.#start(), 0);
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Calls `listener` with each new status; returns the unsubscribe function. Shaped for useSyncExternalStore. */
  readonly subscribe = (listener: (status: ConnectionStatus) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#restartTimer);
    this.#events?.removeEventListener('online', this.#onOnline);
    this.#listeners.clear();
    this.#hub.stop().catch(() => undefined);
  }

  async #start(): Promise<void> {
    this.#restartTimer = undefined;
    if (this.#disposed) return;
    // A first attempt is "connecting"; any later one follows a loss, so it is "reconnecting".
    this.#setStatus(this.#status === 'offline' ? 'reconnecting' : this.#status);
    try {
      await this.#hub.start();
      if (this.#disposed) return;
      this.#failedStarts = 0;
      this.#setStatus('connected');
    } catch {
      // Refused (e.g. 404 for an expired session) or unreachable. Stopping during start also lands
      // here, after dispose, and is ignored.
      if (this.#disposed) return;
      this.#failedStarts++;
      this.#setStatus('offline');
      this.#scheduleStart();
    }
  }

  #scheduleStart(): void {
    if (this.#disposed || this.#restartTimer !== undefined) return;
    // The first restart waits the first delay; each further failed start moves one step along.
    const index = Math.min(Math.max(0, this.#failedStarts - 1), this.#restartDelays.length - 1);
    const delay = this.#restartDelays[index] ?? 0;
    this.#restartTimer = setTimeout(() => void this.#start(), delay);
  }

  readonly #onOnline = (): void => {
    if (this.#disposed || this.#status !== 'offline') return;
    clearTimeout(this.#restartTimer);
    void this.#start();
  };

  #setStatus(status: ConnectionStatus): void {
    if (this.#disposed || status === this.#status) return;
    this.#status = status;
    for (const listener of [...this.#listeners]) listener(status);
  }
}
