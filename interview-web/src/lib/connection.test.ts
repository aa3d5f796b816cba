import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hubUrl, SessionConnection, type ConnectionStatus, type HubLike } from './connection';

/** A hand-driven stand-in for HubConnection: each start() waits until the test settles it. */
class FakeHub implements HubLike {
  readonly starts: { resolve: () => void; reject: (e: Error) => void }[] = [];
  stopped = 0;
  close?: (error?: Error) => void;
  reconnecting?: (error?: Error) => void;
  reconnected?: (connectionId?: string) => void;

  start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      this.starts.push({ resolve, reject });
    });
  stop = (): Promise<void> => {
    this.stopped++;
    return Promise.resolve();
  };
  onclose = (callback: (error?: Error) => void) => void (this.close = callback);
  onreconnecting = (callback: (error?: Error) => void) => void (this.reconnecting = callback);
  onreconnected = (callback: (connectionId?: string) => void) => void (this.reconnected = callback);
}

let hub: FakeHub;
let events: EventTarget;
const created: SessionConnection[] = [];

function connect(): { connection: SessionConnection; seen: ConnectionStatus[]; url: string } {
  let url = '';
  const connection = new SessionConnection({
    sessionId: 'Ab3_-Ab3_-Ab3_-Ab3_-xy',
    createHub: (u) => ((url = u), hub),
    restartDelaysMs: [100, 1000],
    events,
  });
  created.push(connection);
  const seen: ConnectionStatus[] = [];
  connection.subscribe((status) => seen.push(status));
  return { connection, seen, url };
}

beforeEach(() => {
  vi.useFakeTimers();
  hub = new FakeHub();
  events = new EventTarget();
});

afterEach(() => {
  for (const connection of created.splice(0)) connection.dispose();
  vi.useRealTimers();
});

describe('SessionConnection', () => {
  it('connects to the collaboration hub for its session', async () => {
    const { connection, url } = connect();
    expect(url).toBe(hubUrl('Ab3_-Ab3_-Ab3_-Ab3_-xy'));
    expect(url).toBe('/hubs/collab?session=Ab3_-Ab3_-Ab3_-Ab3_-xy');
    expect(connection.status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.starts).toHaveLength(1);
  });

  it('never opens a socket when disposed in the tick it was created', async () => {
    const { connection } = connect();
    connection.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(hub.starts).toHaveLength(0);
  });

  it('waits longer after each failed start', async () => {
    connect();
    await vi.advanceTimersByTimeAsync(0);
    hub.starts[0]!.reject(new Error('down'));
    await vi.advanceTimersByTimeAsync(100);
    hub.starts[1]!.reject(new Error('down'));
    await vi.advanceTimersByTimeAsync(999);
    expect(hub.starts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.starts).toHaveLength(3);
  });

  it('reports connected once the hub has started', async () => {
    const { connection, seen } = connect();
    await vi.advanceTimersByTimeAsync(0);
    hub.starts[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status).toBe('connected');
    expect(seen).toEqual(['connected']);
  });

  it('follows SignalR through a reconnect', async () => {
    const { seen } = connect();
    await vi.advanceTimersByTimeAsync(0);
    hub.starts[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    hub.reconnecting?.();
    hub.reconnected?.('x');
    expect(seen).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('goes offline when refused and starts again after the backoff', async () => {
    const { connection, seen } = connect();
    await vi.advanceTimersByTimeAsync(0);
    hub.starts[0]!.reject(new Error('404'));
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status).toBe('offline');

    await vi.advanceTimersByTimeAsync(99);
    expect(hub.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.starts).toHaveLength(2);
    expect(connection.status).toBe('reconnecting');

    hub.starts[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['offline', 'reconnecting', 'connected']);
  });

  it('starts again at once when the browser comes back online', async () => {
    const { connection } = connect();
    await vi.advanceTimersByTimeAsync(0);
    hub.starts[0]!.reject(new Error('network'));
    await vi.advanceTimersByTimeAsync(0);
    events.dispatchEvent(new Event('online'));
    expect(hub.starts).toHaveLength(2);
    expect(connection.status).toBe('reconnecting');
  });

  it('goes offline and tries again when SignalR gives up reconnecting', async () => {
    const { connection } = connect();
    await vi.advanceTimersByTimeAsync(0);
    hub.starts[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    hub.close?.(new Error('gone'));
    expect(connection.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(100);
    expect(hub.starts).toHaveLength(2);
  });

  it('stops the hub, its timers and its listeners on dispose', async () => {
    const { connection, seen } = connect();
    await vi.advanceTimersByTimeAsync(0);
    hub.starts[0]!.reject(new Error('404'));
    await vi.advanceTimersByTimeAsync(0);
    connection.dispose();
    expect(hub.stopped).toBe(1);

    await vi.advanceTimersByTimeAsync(10_000);
    events.dispatchEvent(new Event('online'));
    hub.close?.();
    expect(hub.starts).toHaveLength(1);
    expect(seen).toEqual(['offline']);
  });

  it('ignores a start that fails because it was disposed meanwhile', async () => {
    const { connection, seen } = connect();
    await vi.advanceTimersByTimeAsync(0);
    connection.dispose();
    hub.starts[0]!.reject(new Error('stopped during negotiation'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([]);
    expect(hub.starts).toHaveLength(1);
  });
});
