// One participant per server kind, each through the client library that server's own users run:
// - interview: the web client's own CollabClient (interview-web/src/lib/collabClient.ts, bundled as it is by
//   esbuild into dist/) on @microsoft/signalr with the MessagePack protocol (or JSON), WebSockets without
//   negotiation — exactly createCollabTransport's settings;
// - y-websocket: y-websocket's WebsocketProvider;
// - hocuspocus: @hocuspocus/provider's HocuspocusProvider.
// Every socket is `ws` wrapped to count the bytes it receives and to note when it opened.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { HttpTransportType, HubConnectionBuilder, JsonHubProtocol, LogLevel } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';

/** A `ws` WebSocket class that adds what it receives to `meter.bytesIn` and notes its open time. */
function meteredWebSocket(meter) {
  return class MeteredWebSocket extends WebSocket {
    constructor(url, protocols, options) {
      super(url, protocols, options);
      meter.sockets++;
      this.on('open', () => {
        meter.openedAt ??= performance.now();
      });
      this.on('message', (data) => {
        meter.bytesIn += data.byteLength ?? data.length ?? 0;
      });
    }
  };
}

/** Sends the flush at the end of the current task instead of on the next animation frame (see docs/performance.md). */
const immediateFlush = (callback) => {
  let cancelled = false;
  queueMicrotask(() => {
    if (!cancelled) callback();
  });
  return () => {
    cancelled = true;
  };
};

/** Uint8Array arguments as base64 strings: what the JSON hub protocol carries for byte[] parameters. */
function jsonArgs(args) {
  return args.map((a) => (a instanceof Uint8Array ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') : a));
}

/**
 * Interview only: round trips of the typist's answered calls while `on`: PushUpdate (stored and relayed) and Confirm
 * (everything sent before it stored); the keystrokes sent without an answer in between have none.
 */
export const pushAcks = { on: false, samples: [] };

let CollabClient;
export async function loadCollabClient(bundle) {
  ({ CollabClient } = await import(bundle));
}

/**
 * Connects one participant. Returns { doc, text, meter, synced: Promise<void>, errors(), destroy() }.
 * `target`: { kind, url (ws base for references, http base for interview), room, protocol: 'msgpack'|'json' }.
 */
export function connect(target, name) {
  const meter = { bytesIn: 0, openedAt: undefined, sockets: 0, joinMs: [], errorKinds: {} };
  const WS = meteredWebSocket(meter);
  if (target.kind === 'interview') return connectInterview(target, name, meter, WS);
  if (target.kind === 'y-websocket') return connectYWebsocket(target, name, meter, WS);
  if (target.kind === 'hocuspocus') return connectHocuspocus(target, name, meter, WS);
  throw new Error(`unknown server kind ${target.kind}`);
}

function connectInterview(target, name, meter, WS) {
  const json = target.protocol === 'json';
  let resolveSynced;
  const synced = new Promise((r) => (resolveSynced = r));
  const client = new CollabClient({
    sessionId: target.room,
    name,
    language: 'javascript',
    // Every bench participant is a candidate with its own identity, as a browser tab would be.
    participantId: randomBytes(16).toString('base64url'),
    interviewerKey: null,
    events: null,
    scheduleFlush: target.flush === 'frame' ? undefined : immediateFlush,
    createTransport: (url) => {
      const connection = new HubConnectionBuilder()
        .withUrl(target.url + url, { transport: HttpTransportType.WebSockets, skipNegotiation: true, WebSocket: WS })
        .withHubProtocol(json ? new JsonHubProtocol() : new MessagePackHubProtocol())
        .withAutomaticReconnect()
        .configureLogging(LogLevel.None)
        .build();
      // The transport CollabClient sees: the real connection; JoinSession timed (the late-join figure), and
      // byte arguments as base64 under JSON (the browser client speaks MessagePack only).
      return {
        start: () => connection.start(),
        stop: () => connection.stop(),
        on: (e, h) => connection.on(e, h),
        off: (e, h) => connection.off(e, h),
        onclose: (cb) => connection.onclose(cb),
        onreconnecting: (cb) => connection.onreconnecting(cb),
        onreconnected: (cb) => connection.onreconnected(cb),
        invoke: async (method, ...args) => {
          const started = performance.now();
          const result = await connection.invoke(method, ...(json ? jsonArgs(args) : args));
          if (method === 'JoinSession' || method === 'JoinSessionAs') meter.joinMs.push(performance.now() - started);
          else if ((method === 'PushUpdate' || method === 'Confirm') && pushAcks.on) pushAcks.samples.push(performance.now() - started);
          return result;
        },
        send: (method, ...args) => connection.send(method, ...(json ? jsonArgs(args) : args)),
      };
    },
  });
  client.on('synced', () => resolveSynced());
  client.on('error', ({ operation, code }) => countError(meter, `${operation}:${code ?? 'connection'}`));
  return {
    doc: client.doc,
    text: client.text,
    meter,
    synced,
    destroy: () => client.dispose(),
  };
}

function connectYWebsocket(target, name, meter, WS) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(target.url, target.room, doc, { WebSocketPolyfill: WS, disableBc: true });
  provider.awareness.setLocalStateField('user', { name, color: '#30bced' });
  const synced = new Promise((resolve) => {
    const onSync = (isSynced) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  provider.on('connection-error', () => countError(meter, 'connection-error'));
  provider.on('connection-close', () => {
    if (!meter.closing) countError(meter, 'connection-close');
  });
  return referenceParticipant(provider, doc, meter, synced);
}

function connectHocuspocus(target, name, meter, WS) {
  const doc = new Y.Doc();
  let resolveSynced;
  const synced = new Promise((r) => (resolveSynced = r));
  const provider = new HocuspocusProvider({
    url: target.url,
    name: target.room,
    document: doc,
    WebSocketPolyfill: WS,
    onSynced: () => resolveSynced(),
    onClose: () => {
      if (!meter.closing) countError(meter, 'close');
    },
  });
  provider.setAwarenessField('user', { name, color: '#30bced' });
  return referenceParticipant(provider, doc, meter, synced);
}

/** Counts an error by its kind; a participant's error count is the sum over its kinds. */
function countError(meter, kind) {
  meter.errorKinds[kind] = (meter.errorKinds[kind] ?? 0) + 1;
}

/** A reference server's participant: its provider's document, closed with the provider (no error counted). */
function referenceParticipant(provider, doc, meter, synced) {
  return {
    doc,
    text: doc.getText('code'),
    meter,
    synced,
    destroy: () => {
      meter.closing = true;
      provider.destroy();
      doc.destroy();
    },
  };
}
