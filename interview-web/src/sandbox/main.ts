/**
 * The sandbox page (`sandbox.html`): loaded by the app in an iframe with `sandbox="allow-scripts"` (and the
 * same as a CSP `sandbox` directive), so its origin is opaque: no cookies, no storage, no access to the
 * app's DOM. It hosts the runtime workers and talks to the app only through the protocol in
 * lib/runner/protocol.ts, validating every message: from the parent window, from the app's origin, of a
 * known shape. Nothing from the app is ever evaluated here; code only goes to a runtime worker.
 */
import { parseHostMessage, type FrameMessage, type RuntimeId } from '../lib/runner/protocol';
import javascriptWorkerUrl from '../workers/javascriptWorker?worker&url';
import pythonWorkerUrl from '../workers/pythonWorker?worker&url';
import { RuntimeHost } from './runtimeHost';

// The document's own origin is opaque ("null"); its URL's origin is the app's.
const appOrigin = location.origin;
const isolated = globalThis.crossOriginIsolated === true;

function send(message: FrameMessage): void {
  window.parent.postMessage(message, appOrigin);
}

const workerUrls: Record<RuntimeId, string> = { python: pythonWorkerUrl, javascript: javascriptWorkerUrl };
const hosts = new Map<RuntimeId, RuntimeHost>();
const runOwner = new Map<string, RuntimeHost>();

function host(id: RuntimeId): RuntimeHost {
  let existing = hosts.get(id);
  if (existing === undefined) {
    existing = new RuntimeHost({ id, workerUrl: new URL(workerUrls[id], location.href).href, isolated, send });
    hosts.set(id, existing);
  }
  return existing;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== window.parent || event.origin !== appOrigin) return;
  const message = parseHostMessage(event.data);
  if (message === null) return;
  switch (message.type) {
    case 'load':
      host(message.runtime).load(message.assets);
      return;
    case 'run': {
      const target = host(message.runtime);
      runOwner.set(message.runId, target);
      target.run({ runId: message.runId, code: message.code, stdin: message.stdin, timeLimitMs: message.timeLimitMs });
      return;
    }
    case 'stop':
      runOwner.get(message.runId)?.stop(message.runId);
      return;
  }
});

send({ type: 'hello', isolated });
