/**
 * Runs in the shared Yjs document, so everyone in the session sees the output of whoever pressed Run
 * (docs/protocol.md, "Runs"):
 * - `Y.Map` `run`: the latest run. Scalar fields plus `output`, a `Y.Text` whose inserts carry the
 *   attribute `stream: 'stderr'` for error output.
 * - `Y.Array` `runs`: summaries of the last {@link MAX_RUN_HISTORY} finished runs, oldest first.
 *
 * Only the participant who runs the code writes. Invariants:
 * - Every write of the scalar fields writes all of them in one transaction, and the run starts and ends
 *   with a fresh `output` text. Two people pressing Run at once therefore never leave a mix of both runs in
 *   the map: Yjs resolves each key of two concurrent transactions the same way.
 * - A writer only writes while the map shows its own run, or an older one (by `startedAt`, then `id`):
 *   the latest run wins, and the writer whose run lost stops writing (its summary still goes to `runs`).
 * - Live output is appended at most once per {@link DOC_WRITE_INTERVAL_MS} and only up to
 *   {@link DOC_OUTPUT_MAX_CHARS}; the final text keeps the beginning and the end of longer output.
 * - Readers validate everything: the document is written by other people's browsers.
 */
import * as Y from 'yjs';
import { headAndTail, outputLength, type OutputChunk } from './output';
import { isRunId, RUN_OUTCOMES, type OutputStream, type RunOutcome } from './protocol';
import { isActive, type LocalRun } from './runState';

export const RUN_MAP = 'run';
export const RUNS_ARRAY = 'runs';
export const DOC_OUTPUT_MAX_CHARS = 64 * 1024;
export const SUMMARY_OUTPUT_MAX_CHARS = 4 * 1024;
export const MAX_RUN_HISTORY = 20;
/** At most ten writes a second while output streams in. */
export const DOC_WRITE_INTERVAL_MS = 100;
/** Transaction origin of the runner's writes. */
export const RUN_ORIGIN = 'runner';

export type SharedRunStatus = 'running' | RunOutcome;
const SHARED_STATUSES: readonly SharedRunStatus[] = ['running', ...RUN_OUTCOMES];

export type SharedRun = {
  readonly id: string;
  readonly language: string;
  readonly status: SharedRunStatus;
  /** Display name of the participant who ran it. */
  readonly by: string;
  /** Date.now() on the runner's machine when Run was pressed. */
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** How long the code itself ran (without loading the runtime); null while running. */
  readonly durationMs: number | null;
  readonly exitMessage: string;
  readonly truncated: boolean;
  readonly output: readonly OutputChunk[];
};

export type Timers = {
  readonly now: () => number;
  readonly set: (callback: () => void, ms: number) => unknown;
  readonly clear: (handle: unknown) => void;
};

const realTimers: Timers = {
  now: () => Date.now(),
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type Published = {
  readonly id: string;
  readonly startedAt: number;
  text: Y.Text;
  /** Characters of the local output already appended to `text` (or dropped at the cap). */
  taken: number;
  pending: OutputChunk[];
  /** The map shows a newer run: stop writing. */
  lost: boolean;
  run: LocalRun;
  by: string;
};

/** Publishes this participant's runs into the document. One per document; `dispose()` stops its timer. */
export class SharedRunPublisher {
  readonly #doc: Y.Doc;
  readonly #map: Y.Map<unknown>;
  readonly #runs: Y.Array<unknown>;
  readonly #timers: Timers;
  #current: Published | null = null;
  #timer: unknown = null;
  #lastWrite = -Infinity;

  constructor(doc: Y.Doc, timers: Timers = realTimers) {
    this.#doc = doc;
    this.#map = doc.getMap(RUN_MAP);
    this.#runs = doc.getArray(RUNS_ARRAY);
    this.#timers = timers;
  }

  /**
   * Takes the latest state of the local run (call it on every change); writes now or soon. A run first
   * seen already finished is not published (it was, or it ended before this publisher existed).
   */
  update(run: LocalRun, by: string): void {
    let current = this.#current;
    if (current === null || current.id !== run.id) {
      if (!isActive(run.status)) return;
      this.#flush();
      current = this.#begin(run, by);
    }
    current.run = run;
    current.by = by;
    this.#take(current);
    if (!isActive(run.status)) {
      this.#finish(current);
      return;
    }
    if (current.pending.length > 0) this.#schedule();
  }

  dispose(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    this.#current = null;
  }

  #begin(run: LocalRun, by: string): Published {
    const published: Published = {
      id: run.id,
      startedAt: run.requestedAt,
      text: new Y.Text(),
      taken: 0,
      pending: [],
      lost: false,
      run,
      by,
    };
    this.#current = published;
    this.#write(published, () => this.#writeFields(published, new Y.Text()));
    return published;
  }

  /** Moves the output the document has not seen yet (up to its cap) into `pending`. */
  #take(published: Published): void {
    const total = outputLength(published.run.output);
    const until = Math.min(total, DOC_OUTPUT_MAX_CHARS);
    if (published.taken >= until) return;
    let offset = 0;
    for (const chunk of published.run.output) {
      const start = Math.max(published.taken - offset, 0);
      const end = Math.min(until - offset, chunk.text.length);
      if (start < end) published.pending.push({ stream: chunk.stream, text: chunk.text.slice(start, end) });
      offset += chunk.text.length;
      if (offset >= until) break;
    }
    published.taken = until;
  }

  #schedule(): void {
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#lastWrite + DOC_WRITE_INTERVAL_MS - this.#timers.now());
    if (wait === 0) {
      this.#flush();
      return;
    }
    this.#timer = this.#timers.set(() => {
      this.#timer = null;
      this.#flush();
    }, wait);
  }

  #flush(): void {
    const current = this.#current;
    if (current === null || current.pending.length === 0) return;
    const chunks = current.pending;
    current.pending = [];
    this.#write(current, () => {
      for (const chunk of chunks) current.text.insert(current.text.length, chunk.text, attributesOf(chunk.stream));
    });
  }

  #finish(published: Published): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    published.pending = [];
    const { run } = published;
    const summary = {
      ...this.#fields(published),
      output: headAndTail(run.output, SUMMARY_OUTPUT_MAX_CHARS).map((c) => ({ stream: c.stream, text: c.text })),
    };
    this.#doc.transact(() => {
      if (!published.lost && this.#mayWrite(published)) {
        const text = new Y.Text();
        this.#writeFields(published, text);
        for (const chunk of headAndTail(run.output, DOC_OUTPUT_MAX_CHARS)) text.insert(text.length, chunk.text, attributesOf(chunk.stream));
      }
      this.#runs.push([summary]);
      if (this.#runs.length > MAX_RUN_HISTORY) this.#runs.delete(0, this.#runs.length - MAX_RUN_HISTORY);
    }, RUN_ORIGIN);
    this.#lastWrite = this.#timers.now();
    this.#current = null;
  }

  /** Runs `write` in a transaction when the map still belongs to this run (or to an older one). */
  #write(published: Published, write: () => void): void {
    if (published.lost || !this.#mayWrite(published)) {
      published.lost = true;
      return;
    }
    this.#doc.transact(write, RUN_ORIGIN);
    this.#lastWrite = this.#timers.now();
  }

  #mayWrite(published: Published): boolean {
    const id = this.#map.get('id');
    const startedAt = this.#map.get('startedAt');
    if (id === published.id || typeof id !== 'string' || typeof startedAt !== 'number') return true;
    return published.startedAt > startedAt || (published.startedAt === startedAt && published.id > id);
  }

  #fields(published: Published) {
    const { run } = published;
    return {
      id: run.id,
      language: run.language,
      status: (isActive(run.status) ? 'running' : run.status) satisfies SharedRunStatus,
      by: published.by,
      startedAt: published.startedAt,
      finishedAt: run.finishedAt,
      durationMs: run.durationMs,
      exitMessage: run.exitMessage,
      truncated: run.truncated || outputLength(run.output) > DOC_OUTPUT_MAX_CHARS,
    };
  }

  /** All scalar fields and a new output text, in the caller's transaction. */
  #writeFields(published: Published, text: Y.Text): void {
    for (const [key, value] of Object.entries(this.#fields(published))) this.#map.set(key, value);
    this.#map.set('output', text);
    published.text = text;
  }
}

function attributesOf(stream: OutputStream): Record<string, string> | undefined {
  return stream === 'stderr' ? { stream: 'stderr' } : undefined;
}

// ---- reading ----

const MAX_NAME_CHARS = 64;
const MAX_MESSAGE_CHARS = 300;

function str(value: unknown, max: number): string | null {
  return typeof value === 'string' ? value.slice(0, max) : null;
}

function time(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function chunksFromText(value: unknown): OutputChunk[] {
  if (!(value instanceof Y.Text)) return [];
  const chunks: OutputChunk[] = [];
  let left = DOC_OUTPUT_MAX_CHARS;
  for (const op of value.toDelta() as { insert?: unknown; attributes?: { stream?: unknown } }[]) {
    if (typeof op.insert !== 'string' || left <= 0) continue;
    const text = op.insert.slice(0, left);
    left -= text.length;
    chunks.push({ stream: op.attributes?.stream === 'stderr' ? 'stderr' : 'stdout', text });
  }
  return chunks;
}

function chunksFromJson(value: unknown): OutputChunk[] {
  if (!Array.isArray(value)) return [];
  const chunks: OutputChunk[] = [];
  let left = SUMMARY_OUTPUT_MAX_CHARS * 2;
  for (const item of value as unknown[]) {
    const chunk = item as { stream?: unknown; text?: unknown } | null;
    if (typeof chunk?.text !== 'string' || left <= 0) continue;
    const text = chunk.text.slice(0, left);
    left -= text.length;
    chunks.push({ stream: chunk.stream === 'stderr' ? 'stderr' : 'stdout', text });
  }
  return chunks;
}

function parseRun(get: (key: string) => unknown, output: OutputChunk[]): SharedRun | null {
  const id = get('id');
  const status = get('status');
  const startedAt = time(get('startedAt'));
  if (!isRunId(id) || !SHARED_STATUSES.includes(status as SharedRunStatus) || startedAt === null) return null;
  return {
    id,
    language: str(get('language'), 32) ?? '',
    status: status as SharedRunStatus,
    by: str(get('by'), MAX_NAME_CHARS) ?? 'Someone',
    startedAt,
    finishedAt: time(get('finishedAt')),
    durationMs: time(get('durationMs')),
    exitMessage: str(get('exitMessage'), MAX_MESSAGE_CHARS) ?? '',
    truncated: get('truncated') === true,
    output,
  };
}

/** The latest run in the document, or null when there is none (or it is malformed). */
export function readSharedRun(map: Y.Map<unknown>): SharedRun | null {
  return parseRun((key) => map.get(key), chunksFromText(map.get('output')));
}

/** The finished runs kept in the document, oldest first (malformed entries skipped). */
export function readRunHistory(runs: Y.Array<unknown>): SharedRun[] {
  const result: SharedRun[] = [];
  for (const item of runs.toArray().slice(-MAX_RUN_HISTORY)) {
    if (typeof item !== 'object' || item === null) continue;
    const fields = item as Record<string, unknown>;
    const run = parseRun((key) => fields[key], chunksFromJson(fields.output));
    if (run !== null) result.push(run);
  }
  return result;
}

/** Who is shown: my own run while it is active or when it is the newest; otherwise the document's. */
export function pickShownRun(
  local: LocalRun | null,
  shared: SharedRun | null,
): { kind: 'local'; run: LocalRun } | { kind: 'shared'; run: SharedRun } | null {
  if (local !== null && (shared === null || shared.id === local.id || isActive(local.status) || local.requestedAt >= shared.startedAt)) {
    return { kind: 'local', run: local };
  }
  return shared === null ? null : { kind: 'shared', run: shared };
}
