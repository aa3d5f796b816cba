/**
 * One runtime (Python or JavaScript) inside the sandbox frame: owns its worker, starts it from the files
 * the app sent, runs one program at a time and enforces the time limit and stops.
 *
 * Stopping: when the frame is cross-origin isolated it shares an interrupt flag with the worker, raises
 * it and gives the program {@link GRACE_MS} to stop by itself (Python raises KeyboardInterrupt, QuickJS's
 * interrupt handler fires), which keeps the runtime warm. A program that does not stop in time (or any
 * program, without shared memory) is ended with `worker.terminate()` and the worker is started again.
 */
import {
  INTERRUPT_SIGNAL,
  parseWorkerEvent,
  type FrameMessage,
  type FrameRuntimeState,
  type RunOutcome,
  type RuntimeAssets,
  type RuntimeId,
  type WorkerEvent,
  type WorkerRequest,
} from '../lib/runner/protocol';

/** How long an interrupted program gets to stop before its worker is ended. */
export const GRACE_MS = 400;
/** A runtime that has not started after this long has failed (e.g. WebAssembly refused by a CSP). */
export const LOAD_TIMEOUT_MS = 60_000;

const LABELS: Record<RuntimeId, string> = { python: 'Python', javascript: 'JavaScript' };

type RunRequest = { readonly runId: string; readonly code: string; readonly stdin: string; readonly timeLimitMs: number };

type ActiveRun = RunRequest & {
  readonly startedAt: number;
  /** Why the frame is ending it; null while it runs on its own. */
  reason: 'stopped' | 'timeout' | null;
  limitTimer: ReturnType<typeof setTimeout>;
  killTimer: ReturnType<typeof setTimeout> | undefined;
};

export type RuntimeHostOptions = {
  readonly id: RuntimeId;
  /** The built worker module's URL (absolute). */
  readonly workerUrl: string;
  /** Whether memory can be shared with the worker (the frame is cross-origin isolated). */
  readonly isolated: boolean;
  readonly send: (message: FrameMessage) => void;
};

export class RuntimeHost {
  readonly #options: RuntimeHostOptions;
  #assets: RuntimeAssets | null = null;
  #worker: Worker | null = null;
  #interrupt: Int32Array | null = null;
  #state: FrameRuntimeState | 'idle' = 'idle';
  #loadTimer: ReturnType<typeof setTimeout> | undefined;
  #queued: RunRequest | null = null;
  #active: ActiveRun | null = null;

  constructor(options: RuntimeHostOptions) {
    this.#options = options;
  }

  get #label(): string {
    return LABELS[this.#options.id];
  }

  /** The files arrived: start the runtime (the first time only; later calls just repeat the state). */
  load(assets: RuntimeAssets): void {
    if (this.#assets !== null) {
      if (this.#state !== 'idle') this.#report(this.#state, '');
      return;
    }
    this.#assets = assets;
    this.#start('starting');
  }

  run(request: RunRequest): void {
    if (this.#active !== null || this.#queued !== null) {
      this.#send({ type: 'done', runId: request.runId, outcome: 'error', message: 'Another run is in progress', durationMs: 0 });
      return;
    }
    if (this.#state === 'failed' || this.#assets === null) {
      this.#send({ type: 'done', runId: request.runId, outcome: 'error', message: `${this.#label} is not available`, durationMs: 0 });
      return;
    }
    this.#queued = request;
    if (this.#state === 'ready') this.#startQueued();
  }

  stop(runId: string): void {
    if (this.#queued?.runId === runId) {
      this.#queued = null;
      this.#send({ type: 'done', runId, outcome: 'stopped', message: 'Stopped', durationMs: 0 });
    } else if (this.#active?.runId === runId) {
      this.#halt('stopped');
    }
  }

  #start(state: 'starting' | 'restarting'): void {
    const assets = this.#assets;
    if (assets === null) return;
    const url = this.#options.workerUrl;
    // In an opaque-origin frame, `new Worker(url)` and blob: workers are refused; a module worker from a
    // data: URL that imports the real module works (the module then needs Access-Control-Allow-Origin).
    const worker = new Worker(`data:text/javascript,${encodeURIComponent(`import ${JSON.stringify(url)};`)}`, {
      type: 'module',
      name: `${this.#options.id}-runtime`,
    });
    this.#worker = worker;
    this.#interrupt = this.#options.isolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
    worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = parseWorkerEvent(event.data);
      if (message !== null && worker === this.#worker) this.#onWorker(message);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (worker === this.#worker && this.#state !== 'ready') this.#fail(`${this.#label} could not be loaded`);
    });
    const init: WorkerRequest = { type: 'init', assets, interrupt: this.#interrupt };
    worker.postMessage(init);
    clearTimeout(this.#loadTimer);
    this.#loadTimer = setTimeout(() => this.#fail(`${this.#label} did not start in time`), LOAD_TIMEOUT_MS);
    this.#report(state, '');
  }

  #onWorker(message: WorkerEvent): void {
    switch (message.type) {
      case 'ready':
        clearTimeout(this.#loadTimer);
        this.#report('ready', '');
        if (this.#queued !== null) this.#startQueued();
        return;
      case 'init-failed':
        this.#fail(message.message);
        return;
      case 'output':
        if (this.#active?.runId === message.id) {
          this.#send({ type: 'output', runId: message.id, stream: message.stream, text: message.text, truncated: message.truncated });
        }
        return;
      case 'result': {
        const active = this.#active;
        if (active === null || active.runId !== message.id) return;
        const outcome: RunOutcome =
          message.outcome === 'interrupted' ? (active.reason ?? 'stopped') : message.outcome === 'timeout' ? 'timeout' : message.outcome;
        this.#finish(outcome, message.message, message.durationMs);
        if (message.recycle) this.#restart();
        return;
      }
    }
  }

  #startQueued(): void {
    const request = this.#queued;
    const worker = this.#worker;
    if (request === null || worker === null) return;
    this.#queued = null;
    // JavaScript enforces the limit itself (its interrupt handler); the frame's timer is the backstop.
    const backstop = this.#options.id === 'javascript' ? GRACE_MS : 0;
    this.#active = {
      ...request,
      startedAt: performance.now(),
      reason: null,
      limitTimer: setTimeout(() => this.#halt('timeout'), request.timeLimitMs + backstop),
      killTimer: undefined,
    };
    this.#send({ type: 'started', runId: request.runId });
    const run: WorkerRequest = { type: 'run', id: request.runId, code: request.code, stdin: request.stdin, timeLimitMs: request.timeLimitMs };
    worker.postMessage(run);
  }

  #halt(reason: 'stopped' | 'timeout'): void {
    const active = this.#active;
    if (active === null || active.reason !== null) return;
    active.reason = reason;
    if (this.#interrupt !== null) {
      Atomics.store(this.#interrupt, 0, INTERRUPT_SIGNAL);
      active.killTimer = setTimeout(() => this.#kill(), GRACE_MS);
    } else {
      this.#kill();
    }
  }

  /** Ends the worker (and the run on it), then starts a fresh one. */
  #kill(): void {
    const active = this.#active;
    if (active === null) return;
    this.#finish(active.reason ?? 'stopped', '', Math.round(performance.now() - active.startedAt));
    this.#restart();
  }

  #restart(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#report('restarting', '');
    // In a later task, so the app (often on this same thread) hears how the run ended before the copy of
    // the runtime's files for the new worker is made.
    setTimeout(() => {
      if (this.#worker === null && this.#state === 'restarting') this.#start('restarting');
    }, 20);
  }

  #finish(outcome: RunOutcome, message: string, durationMs: number): void {
    const active = this.#active;
    if (active === null) return;
    clearTimeout(active.limitTimer);
    clearTimeout(active.killTimer);
    this.#active = null;
    const text =
      outcome === 'timeout'
        ? `Time limit of ${active.timeLimitMs / 1000} s reached`
        : outcome === 'stopped'
          ? 'Stopped'
          : outcome === 'done'
            ? message || 'Finished'
            : message || 'The program failed';
    this.#send({ type: 'done', runId: active.runId, outcome, message: text, durationMs });
  }

  #fail(message: string): void {
    clearTimeout(this.#loadTimer);
    this.#worker?.terminate();
    this.#worker = null;
    // The app may send the files again to retry.
    this.#assets = null;
    this.#report('failed', message);
    const queued = this.#queued;
    this.#queued = null;
    if (queued !== null) this.#send({ type: 'done', runId: queued.runId, outcome: 'error', message, durationMs: 0 });
    if (this.#active !== null) this.#finish('error', message, Math.round(performance.now() - this.#active.startedAt));
  }

  #report(state: FrameRuntimeState, message: string): void {
    this.#state = state;
    this.#send({ type: 'runtime', runtime: this.#options.id, state, message });
  }

  #send(message: FrameMessage): void {
    this.#options.send(message);
  }
}
