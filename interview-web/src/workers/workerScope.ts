/**
 * What both runtime workers do to their own global scope, and how they send output. Runs inside the
 * sandbox frame's workers only (an opaque origin, under the sandbox page's CSP with `connect-src 'none'`).
 */
import { OutputLimiter } from '../lib/runner/output';
import { MAX_OUTPUT_MESSAGE_CHARS, type OutputStream, type WorkerEvent, type WorkerRequest } from '../lib/runner/protocol';

/** The parts of DedicatedWorkerGlobalScope we use (the app's TypeScript lib is DOM, not WebWorker). */
type WorkerScope = {
  postMessage(message: WorkerEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
};

const scope = globalThis as unknown as WorkerScope;

/** Posts to the frame. Bound before {@link lockDown} removes `postMessage` from the global scope. */
export const post: (message: WorkerEvent) => void =
  typeof scope.postMessage === 'function' ? scope.postMessage.bind(scope) : () => undefined;

export function onRequest(handler: (request: WorkerRequest) => void): void {
  scope.addEventListener('message', (event) => handler(event.data));
}

/**
 * Everything that reaches the network, storage, other contexts or the frame. The sandbox's CSP already
 * forbids connections; removing the objects as well means user code that finds its way to the worker's
 * globals (Pyodide's `js` module, for one) has nothing to call.
 */
export const LOCKED_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'importScripts',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'indexedDB',
  'caches',
  'Notification',
  'postMessage',
] as const;

/** Deletes each of `names` from `target` and its prototype chain; returns those still reachable. */
export function lockDown(target: object = globalThis, names: readonly string[] = LOCKED_GLOBALS): string[] {
  for (const name of names) {
    for (let object: object | null = target; object !== null; object = Object.getPrototypeOf(object) as object | null) {
      const descriptor = Object.getOwnPropertyDescriptor(object, name);
      if (descriptor === undefined) continue;
      if (descriptor.configurable) Reflect.deleteProperty(object, name);
      else if (descriptor.writable) Reflect.set(object, name, undefined);
    }
  }
  return names.filter((name) => (target as Record<string, unknown>)[name] !== undefined);
}

/**
 * Makes `WebAssembly.Memory.prototype.grow` refuse to go past `maxBytes`. Emscripten grows the heap through
 * it, so a runaway allocation ends in the language's own out-of-memory error instead of taking the tab's
 * memory. (QuickJS gets a fixed-maximum memory instead; Pyodide's memory is created inside its module.)
 */
export function capMemoryGrowth(maxBytes: number): void {
  const grow = WebAssembly.Memory.prototype.grow;
  Object.defineProperty(WebAssembly.Memory.prototype, 'grow', {
    value(this: WebAssembly.Memory, delta: number): number {
      if (this.buffer.byteLength + delta * 65536 > maxBytes) throw new RangeError('The sandbox memory limit is reached');
      const previousPages = grow.call(this, delta);
      largest = Math.max(largest, this.buffer.byteLength);
      return previousPages;
    },
    writable: false,
    configurable: false,
  });
}

let largest = 0;

/** The largest size any WebAssembly memory of this worker has grown to (0 if none grew). */
export function largestMemoryBytes(): number {
  return largest;
}

type ServedFile = { readonly body: ArrayBuffer; readonly type: string };

/**
 * Replaces `fetch` with one that answers from `files` (matched by file name) and refuses everything else.
 * Pyodide fetches its wasm and standard library while it starts; the app already downloaded them.
 */
export function serveFromMemory(files: Readonly<Record<string, ServedFile>>): void {
  (globalThis as { fetch: unknown }).fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const file = files[url.slice(url.lastIndexOf('/') + 1)];
    if (file === undefined) throw new TypeError('The sandbox has no network access');
    return new Response(file.body, { headers: { 'Content-Type': file.type } });
  };
}

/** Output is sent at least this often while a program prints (as a batch when it prints a lot). */
const FLUSH_MS = 16;
const FLUSH_CHARS = 16 * 1024;

/**
 * Batches a run's output into messages for the frame and caps it. A synchronous program blocks the
 * worker's event loop, so batching is decided on each write (not only by a timer).
 */
export class OutputSender {
  readonly #id: string;
  readonly #send: (message: WorkerEvent) => void;
  readonly #limiter = new OutputLimiter();
  #stream: OutputStream = 'stdout';
  #pending = '';
  #lastPost = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reportedTruncation = false;

  constructor(id: string, send: (message: WorkerEvent) => void = post) {
    this.#id = id;
    this.#send = send;
  }

  write(stream: OutputStream, text: string): void {
    const kept = this.#limiter.accept(text);
    if (kept === '' && !this.#limiter.truncated) return;
    if (stream !== this.#stream && this.#pending !== '') this.flush();
    this.#stream = stream;
    this.#pending += kept;
    if (this.#pending.length >= FLUSH_CHARS || performance.now() - this.#lastPost >= FLUSH_MS || this.#limiter.truncated) {
      this.flush();
    } else {
      this.#timer ??= setTimeout(() => this.flush(), FLUSH_MS);
    }
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const truncated = this.#limiter.truncated;
    if (this.#pending === '' && (!truncated || this.#reportedTruncation)) return;
    const pieces: string[] = [];
    for (let offset = 0; offset < this.#pending.length; offset += MAX_OUTPUT_MESSAGE_CHARS) {
      pieces.push(this.#pending.slice(offset, offset + MAX_OUTPUT_MESSAGE_CHARS));
    }
    if (pieces.length === 0) pieces.push('');
    pieces.forEach((text, index) => {
      const last = index === pieces.length - 1;
      this.#send({ type: 'output', id: this.#id, stream: this.#stream, text, truncated: last && truncated });
    });
    this.#reportedTruncation = truncated;
    this.#pending = '';
    this.#lastPost = performance.now();
  }
}

/**
 * A run's standard input as bytes, for Pyodide's `read` stdin handler (file descriptor 0): the text as
 * UTF-8, then end-of-file for good. {@link reset} starts the next run's input.
 */
export class StdinBytes {
  #bytes = new Uint8Array(0);
  #offset = 0;

  reset(text: string): void {
    this.#bytes = new TextEncoder().encode(text);
    this.#offset = 0;
  }

  /** Fills `buffer` with what is left; 0 means end-of-file. */
  readonly read = (buffer: Uint8Array): number => {
    const count = Math.min(buffer.length, this.#bytes.length - this.#offset);
    buffer.set(this.#bytes.subarray(this.#offset, this.#offset + count));
    this.#offset += count;
    return count;
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
