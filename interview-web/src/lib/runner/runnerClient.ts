/**
 * The app's side of running code: it owns the sandbox iframe (an opaque origin, see src/sandbox), downloads
 * the runtime files with progress, and turns the frame's messages into the state of this participant's
 * run. Framework-free; React reads it through hooks/useRunner.ts.
 *
 * Invariants:
 * - The iframe is created on first use, with `sandbox="allow-scripts"` only (never allow-same-origin).
 * - A message counts only if it comes from that iframe's window, with the opaque origin, in a known shape.
 * - At most one run of ours is active. Output is capped here too (the frame is not trusted to).
 * - Every run ends: the frame reports it, or a watchdog ends it (and replaces the frame) when the frame
 *   stops answering — after the time limit plus {@link WATCHDOG_SLACK_MS}, or {@link STOP_TIMEOUT_MS} after
 *   Stop.
 * - `dispose()` removes the iframe, the listener and every timer, and aborts downloads.
 */
import { Emitter } from '../emitter';
import type { LanguageId } from '../languages';
import { RUNTIME_ASSET_URLS } from './assets';
import { OutputLimiter } from './output';
import {
  ASSET_NAMES,
  MAX_CODE_CHARS,
  MAX_STDIN_CHARS,
  parseFrameMessage,
  type FrameMessage,
  type HostMessage,
  type RuntimeId,
} from './protocol';
import { applyRunEvent, isActive, newRun, type LocalRun, type RunEvent } from './runState';
import { RUNTIME_LABELS, runtimeFor } from './support';

export type RuntimeState = 'idle' | 'downloading' | 'starting' | 'ready' | 'restarting' | 'failed';

export type RuntimeStatus = {
  readonly state: RuntimeState;
  /** Bytes of the runtime's files downloaded so far (while `downloading`). */
  readonly loadedBytes: number;
  readonly message: string;
};

export type RunnerSnapshot = {
  readonly runtimes: Readonly<Record<RuntimeId, RuntimeStatus>>;
  /** This participant's latest run. */
  readonly run: LocalRun | null;
  /** Whether the sandbox can stop a run and keep the runtime (null until the frame said). */
  readonly isolated: boolean | null;
};

export type RunnerEvents = { change: (snapshot: RunnerSnapshot) => void };

export type RunRequest = {
  /** The code, or a promise of it (TypeScript is compiled first; a rejection fails the run). */
  readonly code: string | Promise<string>;
  readonly language: LanguageId;
  readonly timeLimitMs: number;
  /** What the program reads from standard input (this participant's input box); empty by default. */
  readonly stdin?: string;
};

export type RunnerClientOptions = {
  /** The sandbox page; defaults to `/sandbox.html` on the app's origin. */
  readonly sandboxUrl?: string;
  readonly assetUrls?: Readonly<Record<RuntimeId, Readonly<Record<string, string>>>>;
  readonly document?: Document;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly newRunId?: () => string;
};

/** How long after the time limit a run may go unanswered before the frame counts as broken. */
export const WATCHDOG_SLACK_MS = 5_000;
/** How long Stop may take before the frame counts as broken (it ends runs within about 0.5 s). */
export const STOP_TIMEOUT_MS = 3_000;
/** The frame must say hello within this long. */
export const FRAME_TIMEOUT_MS = 20_000;

const IDLE: RuntimeStatus = { state: 'idle', loadedBytes: 0, message: '' };

type Frame = { readonly iframe: HTMLIFrameElement; readonly ready: Promise<void> };

export class RunnerClient {
  readonly #options: RunnerClientOptions;
  readonly #emitter = new Emitter<RunnerEvents>();
  readonly #document: Document;
  readonly #now: () => number;
  #snapshot: RunnerSnapshot = { runtimes: { python: IDLE, javascript: IDLE }, run: null, isolated: null };
  #frame: Frame | null = null;
  #resolveHello: (() => void) | null = null;
  #rejectHello: ((error: Error) => void) | null = null;
  #downloads = new AbortController();
  #limiter = new OutputLimiter();
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: RunnerClientOptions = {}) {
    this.#options = options;
    this.#document = options.document ?? document;
    this.#now = options.now ?? Date.now;
    this.#document.defaultView?.addEventListener('message', this.#onMessage);
  }

  get snapshot(): RunnerSnapshot {
    return this.#snapshot;
  }

  on<K extends keyof RunnerEvents>(event: K, listener: RunnerEvents[K]): () => void {
    return this.#emitter.on(event, listener);
  }

  /** Downloads and starts the runtime of `language` ahead of a run (no-op when unsupported or under way). */
  prefetch(language: LanguageId): void {
    const runtime = runtimeFor(language);
    if (runtime !== null) void this.#ensureRuntime(runtime);
  }

  /** Starts a run; returns its id, or null when one is still active or the language cannot run. */
  run({ code, language, timeLimitMs, stdin = '' }: RunRequest): string | null {
    const runtime = runtimeFor(language);
    if (this.#disposed || runtime === null || (this.#snapshot.run !== null && isActive(this.#snapshot.run.status))) return null;
    const id = this.#options.newRunId?.() ?? crypto.randomUUID();
    this.#limiter = new OutputLimiter();
    this.#setRun(newRun({ id, runtime, language, timeLimitMs, requestedAt: this.#now() }));
    // The frame drops a run message over these limits without a word, so refuse it here, where it can be said.
    if (stdin.length > MAX_STDIN_CHARS) {
      this.#apply({ type: 'failed', message: `The input is too long (at most ${MAX_STDIN_CHARS.toLocaleString('en-US')} characters)`, at: this.#now() });
      return id;
    }
    const source = Promise.resolve(code).then(
      (text) => {
        if (text.length <= MAX_CODE_CHARS) return text;
        this.#apply({ type: 'failed', message: `The code is too long to run (at most ${MAX_CODE_CHARS.toLocaleString('en-US')} characters)`, at: this.#now() });
        return null;
      },
      (error: unknown) => {
        const message = `The code could not be compiled: ${error instanceof Error ? error.message : String(error)}`;
        this.#apply({ type: 'failed', message, at: this.#now() });
        return null;
      },
    );
    void Promise.all([this.#ensureRuntime(runtime), source]).then(([ok, text]) => {
      if (ok && text !== null && this.#snapshot.run?.id === id && isActive(this.#snapshot.run.status)) {
        this.#post({ type: 'run', runId: id, runtime, code: text, stdin, timeLimitMs });
      }
    });
    return id;
  }

  /** Stops the active run; the frame reports how it ended (or the watchdog ends it). */
  stop(): void {
    const run = this.#snapshot.run;
    if (run === null || !isActive(run.status) || run.status === 'stopping') return;
    if (this.#snapshot.runtimes[run.runtime].state === 'downloading' || this.#frame === null) {
      this.#apply({ type: 'finished', outcome: 'stopped', message: 'Stopped', durationMs: 0, at: this.#now() });
      return;
    }
    this.#apply({ type: 'stop-requested' });
    this.#post({ type: 'stop', runId: run.id });
    this.#arm(STOP_TIMEOUT_MS);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#document.defaultView?.removeEventListener('message', this.#onMessage);
    clearTimeout(this.#watchdog);
    this.#downloads.abort();
    this.#frame?.iframe.remove();
    this.#frame = null;
    this.#emitter.clear();
  }

  // ---- the frame ----

  #ensureFrame(): Frame {
    if (this.#frame !== null) return this.#frame;
    const iframe = this.#document.createElement('iframe');
    // Scripts only: an opaque origin, no same-origin access, no forms, popups or navigation of the app.
    iframe.setAttribute('sandbox', 'allow-scripts');
    // Lets the frame be cross-origin isolated when the app is (shared memory → stop without a restart).
    iframe.setAttribute('allow', 'cross-origin-isolated');
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.title = 'Code runner';
    iframe.className = 'runner-frame';
    iframe.style.cssText = 'position:fixed;width:0;height:0;border:0;visibility:hidden;pointer-events:none';
    const ready = new Promise<void>((resolve, reject) => {
      this.#resolveHello = resolve;
      this.#rejectHello = reject;
    });
    const timer = setTimeout(() => this.#rejectHello?.(new Error('The code runner did not start')), FRAME_TIMEOUT_MS);
    void ready.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
    iframe.src = this.#options.sandboxUrl ?? new URL('/sandbox.html', this.#document.baseURI).href;
    this.#document.body.append(iframe);
    this.#frame = { iframe, ready };
    return this.#frame;
  }

  /** Throws the frame away (it stopped answering); runtimes start again from idle on next use. */
  #resetFrame(): void {
    this.#frame?.iframe.remove();
    this.#frame = null;
    this.#rejectHello?.(new Error('The code runner was restarted'));
    this.#update({ runtimes: { python: IDLE, javascript: IDLE } });
  }

  #post(message: HostMessage, transfer: Transferable[] = []): void {
    // The frame's origin is opaque, so no narrower target origin can name it; `source` checks guard replies.
    this.#frame?.iframe.contentWindow?.postMessage(message, '*', transfer);
  }

  readonly #onMessage = (event: MessageEvent<unknown>): void => {
    const frame = this.#frame;
    if (frame === null || event.source !== frame.iframe.contentWindow || event.origin !== 'null') return;
    const message = parseFrameMessage(event.data);
    if (message !== null) this.#handle(message);
  };

  #handle(message: FrameMessage): void {
    const run = this.#snapshot.run;
    switch (message.type) {
      case 'hello':
        this.#update({ isolated: message.isolated });
        this.#resolveHello?.();
        return;
      case 'runtime': {
        const current = this.#snapshot.runtimes[message.runtime];
        if (current.state === 'idle' || current.state === 'downloading') return; // an old frame's news
        this.#setRuntime(message.runtime, { state: message.state, loadedBytes: current.loadedBytes, message: message.message });
        return;
      }
      case 'started':
        if (run?.id !== message.runId) return;
        this.#apply({ type: 'started', at: this.#now() });
        if (run.status !== 'stopping') this.#arm(run.timeLimitMs + WATCHDOG_SLACK_MS);
        return;
      case 'output':
        if (run?.id !== message.runId) return;
        this.#apply({
          type: 'output',
          stream: message.stream,
          text: this.#limiter.accept(message.text),
          truncated: message.truncated || this.#limiter.truncated,
        });
        return;
      case 'done':
        if (run?.id !== message.runId) return;
        this.#apply({ type: 'finished', outcome: message.outcome, message: message.message, durationMs: message.durationMs, at: this.#now() });
        return;
    }
  }

  // ---- runtimes ----

  /** Resolves true once the frame has the runtime's files (it starts the runtime and queues runs). */
  async #ensureRuntime(runtime: RuntimeId): Promise<boolean> {
    const state = this.#snapshot.runtimes[runtime].state;
    if (state !== 'idle' && state !== 'failed') return this.#waitForHandOver(runtime);
    const label = RUNTIME_LABELS[runtime];
    this.#setRuntime(runtime, { state: 'downloading', loadedBytes: 0, message: '' });
    try {
      const frame = this.#ensureFrame();
      const [assets] = await Promise.all([this.#download(runtime), frame.ready]);
      if (this.#disposed || this.#frame !== frame) return false;
      this.#setRuntime(runtime, { ...this.#snapshot.runtimes[runtime], state: 'starting' });
      this.#post({ type: 'load', runtime, assets }, Object.values(assets));
      return true;
    } catch (error) {
      if (this.#disposed) return false;
      const message = `${label} could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      this.#setRuntime(runtime, { state: 'failed', loadedBytes: 0, message });
      if (this.#snapshot.run?.runtime === runtime) this.#apply({ type: 'failed', message, at: this.#now() });
      return false;
    }
  }

  /** While another call downloads the runtime: resolves when it was handed over (or failed). */
  #waitForHandOver(runtime: RuntimeId): Promise<boolean> {
    if (this.#snapshot.runtimes[runtime].state !== 'downloading') return Promise.resolve(true);
    return new Promise((resolve) => {
      const off = this.on('change', (snapshot) => {
        const { state } = snapshot.runtimes[runtime];
        if (state === 'downloading') return;
        off();
        resolve(state !== 'failed' && state !== 'idle');
      });
    });
  }

  async #download(runtime: RuntimeId): Promise<Record<string, ArrayBuffer>> {
    const urls = (this.#options.assetUrls ?? RUNTIME_ASSET_URLS)[runtime];
    const fetchFn = this.#options.fetch ?? fetch.bind(globalThis);
    const loaded = new Map<string, number>();
    const progress = () => {
      const loadedBytes = [...loaded.values()].reduce((a, b) => a + b, 0);
      if (this.#snapshot.runtimes[runtime].state === 'downloading') this.#setRuntime(runtime, { state: 'downloading', loadedBytes, message: '' });
    };
    const files = await Promise.all(
      ASSET_NAMES[runtime].map(async (name) => {
        const url = urls[name];
        if (url === undefined) throw new Error(`no URL for ${name}`);
        const response = await fetchFn(url, { signal: this.#downloads.signal, credentials: 'same-origin' });
        if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
        const body = await readWithProgress(response, (bytes) => {
          loaded.set(name, bytes);
          progress();
        });
        return [name, body] as const;
      }),
    );
    return Object.fromEntries(files);
  }

  // ---- state ----

  #apply(event: RunEvent): void {
    const run = this.#snapshot.run;
    if (run === null) return;
    const next = applyRunEvent(run, event);
    if (next === run) return;
    if (!isActive(next.status)) clearTimeout(this.#watchdog);
    this.#setRun(next);
  }

  /** Ends the run if the frame has not reported within `ms`, and replaces the frame. */
  #arm(ms: number): void {
    clearTimeout(this.#watchdog);
    const id = this.#snapshot.run?.id;
    this.#watchdog = setTimeout(() => {
      const run = this.#snapshot.run;
      if (run?.id !== id || run === null || !isActive(run.status)) return;
      const stopping = run.status === 'stopping';
      this.#apply({
        type: 'finished',
        outcome: stopping ? 'stopped' : 'error',
        message: stopping ? 'Stopped (the runner was restarted)' : 'The code runner stopped responding',
        durationMs: run.startedAt === null ? 0 : this.#now() - run.startedAt,
        at: this.#now(),
      });
      this.#resetFrame();
    }, ms);
  }

  #setRun(run: LocalRun): void {
    this.#update({ run });
  }

  #setRuntime(runtime: RuntimeId, status: RuntimeStatus): void {
    this.#update({ runtimes: { ...this.#snapshot.runtimes, [runtime]: status } });
  }

  #update(patch: Partial<RunnerSnapshot>): void {
    if (this.#disposed) return;
    this.#snapshot = { ...this.#snapshot, ...patch };
    this.#emitter.emit('change', this.#snapshot);
  }
}

/** The response body as an ArrayBuffer, reporting the bytes read so far. */
async function readWithProgress(response: Response, onProgress: (bytes: number) => void): Promise<ArrayBuffer> {
  if (response.body === null) {
    const buffer = await response.arrayBuffer();
    onProgress(buffer.byteLength);
    return buffer;
  }
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    total += value.byteLength;
    onProgress(total);
  }
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.byteLength;
  }
  return result.buffer;
}
