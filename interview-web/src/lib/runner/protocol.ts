/**
 * The messages between the app, the sandbox frame (`sandbox.html`, an opaque origin) and the runtime
 * workers inside it. Every message crossing a boundary is checked with the `parse…` functions here before
 * it is used: the frame runs untrusted code (in its workers), and the frame trusts the app only as far as
 * this protocol goes.
 *
 * app ──HostMessage──▶ frame ──WorkerRequest──▶ worker
 * app ◀─FrameMessage── frame ◀──WorkerEvent──── worker
 *
 * Framework-free and DOM-free, so the frame, the workers and the app share it.
 */

/** The runtimes that exist. A session language runs on one of them (see `runtimeFor`). */
export type RuntimeId = 'python' | 'javascript';
export const RUNTIMES: readonly RuntimeId[] = ['python', 'javascript'];

export type OutputStream = 'stdout' | 'stderr';

/** How a run ended. */
export type RunOutcome = 'done' | 'error' | 'stopped' | 'timeout';
export const RUN_OUTCOMES: readonly RunOutcome[] = ['done', 'error', 'stopped', 'timeout'];

/** A runtime's life in the frame. `restarting`: its worker was ended (a stop, a crash) and comes back. */
export type FrameRuntimeState = 'starting' | 'ready' | 'restarting' | 'failed';

/** The runtime files, fetched by the app from its own origin and handed over as bytes (see RunnerClient). */
export type RuntimeAssets = Readonly<Record<string, ArrayBuffer>>;

/** The files each runtime needs, by the names the workers look them up with. */
export const ASSET_NAMES: Readonly<Record<RuntimeId, readonly string[]>> = {
  python: ['pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'],
  javascript: ['quickjs.wasm'],
};

/** What the frame stores in the shared interrupt buffer to stop a run (Pyodide reads it as SIGINT). */
export const INTERRUPT_SIGNAL = 2;

export const MIN_TIME_LIMIT_MS = 1_000;
export const MAX_TIME_LIMIT_MS = 120_000;
/** Code larger than this is refused (the shared editor holds far less). */
export const MAX_CODE_CHARS = 1_000_000;
/** The program's input (the stdin box) is capped like the code: about 1 MB. */
export const MAX_STDIN_CHARS = 1_000_000;
/** One output message carries at most this much text. */
export const MAX_OUTPUT_MESSAGE_CHARS = 256 * 1024;
const MAX_MESSAGE_CHARS = 2_000;
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

// ---- app → frame ----

export type HostMessage =
  /** Hands the runtime's files to the frame, which starts the runtime (once; later loads are ignored). */
  | { readonly type: 'load'; readonly runtime: RuntimeId; readonly assets: RuntimeAssets }
  /**
   * Runs code once the runtime is ready. The time limit counts from when the code starts. `stdin` is what
   * the program reads (Python's `input()`/`sys.stdin`, JavaScript's `readline()`/`prompt()`), then EOF.
   */
  | {
      readonly type: 'run';
      readonly runId: string;
      readonly runtime: RuntimeId;
      readonly code: string;
      readonly stdin: string;
      readonly timeLimitMs: number;
    }
  | { readonly type: 'stop'; readonly runId: string };

// ---- frame → app ----

export type FrameMessage =
  /** Sent once the frame listens. `isolated`: it can share memory with its workers (keeps runtimes warm on stop). */
  | { readonly type: 'hello'; readonly isolated: boolean }
  | { readonly type: 'runtime'; readonly runtime: RuntimeId; readonly state: FrameRuntimeState; readonly message: string }
  | { readonly type: 'started'; readonly runId: string }
  | { readonly type: 'output'; readonly runId: string; readonly stream: OutputStream; readonly text: string; readonly truncated: boolean }
  | {
      readonly type: 'done';
      readonly runId: string;
      readonly outcome: RunOutcome;
      /** One line for people: "ZeroDivisionError: division by zero", "Time limit of 10 s reached". */
      readonly message: string;
      readonly durationMs: number;
    };

// ---- frame → worker ----

export type WorkerRequest =
  | {
      readonly type: 'init';
      readonly assets: RuntimeAssets;
      /** Shared with the frame when it is cross-origin isolated: a non-zero value asks the run to stop. */
      readonly interrupt: Int32Array | null;
    }
  | { readonly type: 'run'; readonly id: string; readonly code: string; readonly stdin: string; readonly timeLimitMs: number };

// ---- worker → frame ----

/** `interrupted`: the frame's interrupt signal stopped it; the frame knows whether that was a stop or the limit. */
export type WorkerOutcome = 'done' | 'error' | 'interrupted' | 'timeout';

export type WorkerEvent =
  | { readonly type: 'ready'; readonly ms: number }
  | { readonly type: 'init-failed'; readonly message: string }
  | { readonly type: 'output'; readonly id: string; readonly stream: OutputStream; readonly text: string; readonly truncated: boolean }
  | {
      readonly type: 'result';
      readonly id: string;
      readonly outcome: WorkerOutcome;
      readonly message: string;
      readonly durationMs: number;
      /** The worker should be replaced before the next run (memory it cannot give back, a broken runtime). */
      readonly recycle: boolean;
    };

// ---- validation ----

type Fields = Record<string, unknown>;

function record(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

export function isRuntimeId(value: unknown): value is RuntimeId {
  return oneOf(value, RUNTIMES);
}

export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID.test(value);
}

function shortText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_MESSAGE_CHARS;
}

function duration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e9;
}

function timeLimit(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_TIME_LIMIT_MS && value <= MAX_TIME_LIMIT_MS;
}

/** Output text; empty only in the message that says the output was cut. */
function outputText(value: unknown, truncated: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_OUTPUT_MESSAGE_CHARS &&
    typeof truncated === 'boolean' &&
    (value.length > 0 || truncated)
  );
}

/** The assets a runtime needs, exactly: each named file as an ArrayBuffer, nothing else. */
export function isRuntimeAssets(runtime: RuntimeId, value: unknown): value is RuntimeAssets {
  const fields = record(value);
  if (fields === null) return false;
  const names = ASSET_NAMES[runtime];
  const keys = Object.keys(fields);
  return keys.length === names.length && names.every((name) => fields[name] instanceof ArrayBuffer);
}

/** A message from the app, as the frame accepts it; null for anything else. */
export function parseHostMessage(value: unknown): HostMessage | null {
  const m = record(value);
  if (m === null) return null;
  switch (m.type) {
    case 'load':
      return isRuntimeId(m.runtime) && isRuntimeAssets(m.runtime, m.assets)
        ? { type: 'load', runtime: m.runtime, assets: m.assets }
        : null;
    case 'run':
      return isRunId(m.runId) &&
        isRuntimeId(m.runtime) &&
        typeof m.code === 'string' &&
        m.code.length <= MAX_CODE_CHARS &&
        typeof m.stdin === 'string' &&
        m.stdin.length <= MAX_STDIN_CHARS &&
        timeLimit(m.timeLimitMs)
        ? { type: 'run', runId: m.runId, runtime: m.runtime, code: m.code, stdin: m.stdin, timeLimitMs: m.timeLimitMs }
        : null;
    case 'stop':
      return isRunId(m.runId) ? { type: 'stop', runId: m.runId } : null;
    default:
      return null;
  }
}

const FRAME_RUNTIME_STATES: readonly FrameRuntimeState[] = ['starting', 'ready', 'restarting', 'failed'];
const STREAMS: readonly OutputStream[] = ['stdout', 'stderr'];

/** A message from the sandbox frame, as the app accepts it; null for anything else. */
export function parseFrameMessage(value: unknown): FrameMessage | null {
  const m = record(value);
  if (m === null) return null;
  switch (m.type) {
    case 'hello':
      return typeof m.isolated === 'boolean' ? { type: 'hello', isolated: m.isolated } : null;
    case 'runtime':
      return isRuntimeId(m.runtime) && oneOf(m.state, FRAME_RUNTIME_STATES) && shortText(m.message)
        ? { type: 'runtime', runtime: m.runtime, state: m.state, message: m.message }
        : null;
    case 'started':
      return isRunId(m.runId) ? { type: 'started', runId: m.runId } : null;
    case 'output':
      return isRunId(m.runId) && oneOf(m.stream, STREAMS) && outputText(m.text, m.truncated)
        ? { type: 'output', runId: m.runId, stream: m.stream, text: m.text, truncated: m.truncated === true }
        : null;
    case 'done':
      return isRunId(m.runId) && oneOf(m.outcome, RUN_OUTCOMES) && shortText(m.message) && duration(m.durationMs)
        ? { type: 'done', runId: m.runId, outcome: m.outcome, message: m.message, durationMs: m.durationMs }
        : null;
    default:
      return null;
  }
}

const WORKER_OUTCOMES: readonly WorkerOutcome[] = ['done', 'error', 'interrupted', 'timeout'];

/**
 * A message from a runtime worker, as the frame accepts it. The worker runs untrusted code, which is not
 * supposed to reach `postMessage`; if it did, all it could do is report on its own run.
 */
export function parseWorkerEvent(value: unknown): WorkerEvent | null {
  const m = record(value);
  if (m === null) return null;
  switch (m.type) {
    case 'ready':
      return duration(m.ms) ? { type: 'ready', ms: m.ms } : null;
    case 'init-failed':
      return shortText(m.message) ? { type: 'init-failed', message: m.message } : null;
    case 'output':
      return isRunId(m.id) && oneOf(m.stream, STREAMS) && outputText(m.text, m.truncated)
        ? { type: 'output', id: m.id, stream: m.stream, text: m.text, truncated: m.truncated === true }
        : null;
    case 'result':
      return isRunId(m.id) &&
        oneOf(m.outcome, WORKER_OUTCOMES) &&
        shortText(m.message) &&
        duration(m.durationMs) &&
        typeof m.recycle === 'boolean'
        ? { type: 'result', id: m.id, outcome: m.outcome, message: m.message, durationMs: m.durationMs, recycle: m.recycle }
        : null;
    default:
      return null;
  }
}

/** Trims a message for the one-line fields of the protocol. */
export function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
