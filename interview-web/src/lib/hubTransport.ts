/**
 * The SignalR side of collaboration (docs/protocol.md): the small surface {@link CollabClient} uses, so
 * tests can pass a fake; the real MessagePack/WebSocket connection; and tolerant readers for what the
 * hub sends back.
 */
import { HttpTransportType, HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';

/** The part of HubConnection the collaboration client uses. A real HubConnection satisfies it. */
export interface HubTransport {
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke(method: string, ...args: unknown[]): Promise<unknown>;
  /** A call without an answer (no completion message); fails only when there is no connection to send on. */
  send(method: string, ...args: unknown[]): Promise<void>;
  on(event: string, handler: (...args: unknown[]) => void): void;
  off(event: string, handler: (...args: unknown[]) => void): void;
  /** HubConnection cannot unregister these three; the client's callbacks check whether it was disposed. */
  onclose(callback: (error?: Error) => void): void;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
}

/** Hub method and event names: the public protocol. */
export const HubMethod = {
  /** `JoinSessionAs` (docs/protocol.md, "Hub additions"): the web client always joins with an identity. */
  join: 'JoinSessionAs',
  pushUpdate: 'PushUpdate',
  pushAwareness: 'PushAwareness',
  /** `PushUpdate` and `PushAwareness` without an answer; a refusal comes back as the `Refused` event. */
  sendUpdate: 'SendUpdate',
  sendAwareness: 'SendAwareness',
  /** Answers once the hub has handled every call this connection made before it. */
  confirm: 'Confirm',
} as const;

export const HubEvent = {
  update: 'Update',
  awareness: 'Awareness',
  /** The hub may have missed updates (its Redis connection came back): exchange state vectors again. */
  resync: 'Resync',
  /** The interviewer changed the session state (controls, timer, question, the end). */
  sessionState: 'SessionState',
  /** The interviewer removed this participant; the server closes the connection next. */
  removed: 'Removed',
  /** A call sent without an answer was refused: its method and the error code. */
  refused: 'Refused',
} as const;

/** The codes a refused hub call carries (the HubException message). */
export const HUB_ERROR_CODES = [
  'session-not-found',
  'not-joined',
  'invalid-name',
  'invalid-update',
  'too-large',
  'rate-limited',
  'session-full',
  'document-too-large',
  'unavailable',
  'forbidden',
  'invalid-participant',
  'session-locked',
  'removed',
  'session-ended',
] as const;

export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];

/** The per-update limit of `PushUpdate` and `SendUpdate` (the hub refuses bigger ones with `too-large`). */
export const MAX_UPDATE_BYTES = 256 * 1024;

export function hubUrl(sessionId: string): string {
  return `/hubs/collab?session=${encodeURIComponent(sessionId)}`;
}

/**
 * Waits before retry `attempt` (0-based): 0 s, then doubling from 0.5 s, never more than 5 s, with ±20 %
 * jitter so a room full of clients does not reconnect in lockstep after a server restart.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  if (attempt <= 0) return 0;
  const base = Math.min(5000, 500 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * WebSockets only, without negotiation: one request instead of two, and a WebSocket reaches one hub
 * instance whatever a load balancer in front of them does. Automatic reconnect never gives up.
 */
export function createCollabTransport(url: string): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(url, { transport: HttpTransportType.WebSockets, skipNegotiation: true })
    .withHubProtocol(new MessagePackHubProtocol())
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => backoffDelay(previousRetryCount) })
    .configureLogging(LogLevel.Warning)
    .build();
}

export type JoinResult = {
  readonly update: Uint8Array;
  readonly stateVector: Uint8Array;
  readonly awareness: Uint8Array;
  readonly instance: string;
  /** `interviewer` or `candidate`; null from a hub that does not say. */
  readonly role: 'interviewer' | 'candidate' | null;
  /** The session state as sent (validated by the session-state reader), or undefined. */
  readonly state: unknown;
};

const EMPTY = new Uint8Array(0);

function base64ToBytes(value: string): Uint8Array {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A binary protocol field as bytes: `Uint8Array` from MessagePack, a base64 string from the JSON protocol,
 * nothing (null/undefined) as empty. Anything else is a protocol error.
 */
export function readBytes(value: unknown): Uint8Array {
  if (value === null || value === undefined) return EMPTY;
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return base64ToBytes(value);
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    return Uint8Array.from(value as number[]);
  }
  throw new TypeError('Expected binary data from the hub.');
}

/** A result field by its camelCase name, or PascalCase (MessagePack resolvers may keep C# names). */
function field(record: Record<string, unknown>, name: string): unknown {
  return name in record ? record[name] : record[name[0]!.toUpperCase() + name.slice(1)];
}

export function readJoinResult(value: unknown): JoinResult {
  if (typeof value !== 'object' || value === null) throw new TypeError('JoinSession returned no result.');
  const record = value as Record<string, unknown>;
  const instance = field(record, 'instance');
  const role = field(record, 'role');
  return {
    role: role === 'interviewer' || role === 'candidate' ? role : null,
    state: field(record, 'state'),
    update: readBytes(field(record, 'update')),
    stateVector: readBytes(field(record, 'stateVector')),
    awareness: readBytes(field(record, 'awareness')),
    instance: typeof instance === 'string' ? instance : '',
  };
}

/**
 * The code of a refused hub call. SignalR reports a HubException as
 * "An unexpected error occurred invoking 'X' on the server. HubException: too-large".
 */
export function hubErrorCode(error: unknown): HubErrorCode | null {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const code = /(?:^|HubException: )([a-z]+(?:-[a-z]+)*)\s*$/.exec(message)?.[1];
  return (HUB_ERROR_CODES as readonly string[]).includes(code ?? '') ? (code as HubErrorCode) : null;
}
