/**
 * Test doubles for the collaboration hub: {@link FakeServer} keeps a Yjs document and awareness the way
 * the real hub does (docs/protocol.md) and {@link FakeHub} is one client's connection to it, driven by
 * the test (drop, reconnect, close, hold calls). Only tests import this file.
 */
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { hubErrorCode, type HubTransport } from '../hubTransport';

type Handler = (...args: unknown[]) => void;

export type Invocation = {
  readonly method: string;
  readonly args: unknown[];
  readonly resolve: (value?: unknown) => void;
  readonly reject: (error: Error) => void;
};

export function hubException(method: string, code: string): Error {
  return new Error(`An unexpected error occurred invoking '${method}' on the server. HubException: ${code}`);
}

export class FakeHub implements HubTransport {
  readonly invocations: Invocation[] = [];
  readonly handlers = new Map<string, Set<Handler>>();
  /** Pending start() calls when `autoStart` is off. */
  readonly starts: { resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Methods the test answers itself (through `invocations`) instead of the server. */
  readonly held = new Set<string>();
  /** Makes the server refuse the next calls of a method with a HubException code. */
  readonly refuse = new Map<string, string[]>();
  autoStart = true;
  startCount = 0;
  stopCount = 0;
  url = '';
  #close: ((error?: Error) => void)[] = [];
  #reconnecting: ((error?: Error) => void)[] = [];
  #reconnected: ((connectionId?: string) => void)[] = [];
  #pending = new Set<Invocation>();

  constructor(readonly server: FakeServer) {}

  start(): Promise<void> {
    this.startCount++;
    if (this.autoStart) return Promise.resolve();
    return new Promise((resolve, reject) => this.starts.push({ resolve, reject }));
  }

  stop(): Promise<void> {
    this.stopCount++;
    this.#cancelPending();
    this.server.disconnect(this);
    return Promise.resolve();
  }

  invoke(method: string, ...args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const invocation: Invocation = {
        method,
        args,
        resolve: (value) => {
          this.#pending.delete(invocation);
          resolve(value);
        },
        reject: (error) => {
          this.#pending.delete(invocation);
          reject(error);
        },
      };
      this.#pending.add(invocation);
      this.#dispatch(invocation);
    });
  }

  /** A call without an answer: the server handles it (unless held), a refusal comes back as `Refused`. */
  send(method: string, ...args: unknown[]): Promise<void> {
    const invocation: Invocation = {
      method,
      args,
      resolve: () => undefined,
      reject: (error) => this.emit('Refused', method, hubErrorCode(error) ?? error.message),
    };
    this.#dispatch(invocation);
    return Promise.resolve();
  }

  /** Records a call, then refuses it (`refuse`), keeps it for the test (`held`) or lets the server handle it. */
  #dispatch(invocation: Invocation): void {
    this.invocations.push(invocation);
    const code = this.refuse.get(invocation.method)?.shift();
    if (code !== undefined) invocation.reject(hubException(invocation.method, code));
    else if (!this.held.has(invocation.method)) this.server.handle(this, invocation);
  }

  on(event: string, handler: Handler): void {
    let set = this.handlers.get(event);
    if (set === undefined) this.handlers.set(event, (set = new Set()));
    set.add(handler);
  }

  off(event: string, handler: Handler): void {
    this.handlers.get(event)?.delete(handler);
    if (this.handlers.get(event)?.size === 0) this.handlers.delete(event);
  }

  onclose(callback: (error?: Error) => void): void {
    this.#close.push(callback);
  }

  onreconnecting(callback: (error?: Error) => void): void {
    this.#reconnecting.push(callback);
  }

  onreconnected(callback: (connectionId?: string) => void): void {
    this.#reconnected.push(callback);
  }

  /** The server calls a client method. */
  emit(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }

  calls(method: string): Invocation[] {
    return this.invocations.filter((i) => i.method === method);
  }

  /** The socket drops: calls in flight fail, the server forgets us, SignalR starts reconnecting. */
  drop(): void {
    this.#cancelPending();
    this.server.disconnect(this);
    for (const callback of this.#reconnecting) callback(new Error('WebSocket closed with status code: 1006'));
  }

  /** SignalR's automatic reconnect succeeded. */
  reconnect(): void {
    for (const callback of this.#reconnected) callback('new-connection-id');
  }

  /** The connection closed for good (e.g. the server refused it while reconnecting). */
  close(): void {
    this.#cancelPending();
    this.server.disconnect(this);
    for (const callback of this.#close) callback(new Error('closed'));
  }

  #cancelPending(): void {
    for (const invocation of [...this.#pending]) {
      invocation.reject(new Error('Invocation canceled due to the underlying connection being closed.'));
    }
  }
}

/** The hub's side of one session: the stored document, the awareness it relays, who has joined. */
export class FakeServer {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(new Y.Doc());
  /** Joined connections and the awareness client ids each announced. */
  readonly joined = new Map<FakeHub, Set<number>>();
  /** The session state JoinSessionAs returns (untyped, as the wire carries it). */
  sessionState: unknown = undefined;
  /** After the end the hub refuses pushes with `session-ended`. */
  ended = false;
  /** The right interviewer key; a different non-null one is `forbidden`. */
  interviewerKey = 'interviewer-key-0123456789';

  constructor() {
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
      const ids = origin instanceof FakeHub ? this.joined.get(origin) : undefined;
      for (const id of [...added, ...updated]) ids?.add(id);
    });
  }

  get text(): string {
    return this.doc.getText('code').toString();
  }

  handle(hub: FakeHub, invocation: Invocation): void {
    const { method, args } = invocation;
    if (method === 'JoinSessionAs') {
      const key = args[4] as string | null;
      if (key !== null && key !== '' && key !== this.interviewerKey) {
        invocation.reject(hubException(method, 'forbidden'));
        return;
      }
      this.joined.set(hub, this.joined.get(hub) ?? new Set());
      const present = [...this.awareness.getStates().keys()];
      invocation.resolve({
        update: Y.encodeStateAsUpdate(this.doc, args[2] as Uint8Array),
        stateVector: Y.encodeStateVector(this.doc),
        awareness: present.length > 0 ? encodeAwarenessUpdate(this.awareness, present) : new Uint8Array(0),
        instance: 'fake',
        role: key ? 'interviewer' : 'candidate',
        state: this.sessionState,
      });
      return;
    }
    if (!this.joined.has(hub)) {
      invocation.reject(hubException(method, 'not-joined'));
      return;
    }
    const update = args[1] as Uint8Array;
    const isUpdate = method === 'PushUpdate' || method === 'SendUpdate';
    if (isUpdate && this.ended) {
      invocation.reject(hubException(method, 'session-ended'));
      return;
    }
    if (isUpdate) {
      Y.applyUpdate(this.doc, update);
      this.#relay(hub, 'Update', update);
    } else if (method === 'PushAwareness' || method === 'SendAwareness') {
      applyAwarenessUpdate(this.awareness, update, hub);
      this.#relay(hub, 'Awareness', update);
    }
    invocation.resolve();
  }

  /** A connection ended: tell the others its awareness clients left. */
  disconnect(hub: FakeHub): void {
    const ids = [...(this.joined.get(hub) ?? [])].filter((id) => this.awareness.getStates().has(id));
    this.joined.delete(hub);
    if (ids.length === 0) return;
    removeAwarenessStates(this.awareness, ids, 'server');
    this.#relay(hub, 'Awareness', encodeAwarenessUpdate(this.awareness, ids));
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  #relay(from: FakeHub, event: string, update: Uint8Array): void {
    for (const hub of this.joined.keys()) if (hub !== from) hub.emit(event, update);
  }
}
