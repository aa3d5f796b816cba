/**
 * The session state interviewers control (docs/protocol.md, "Session state"): a tolerant reader for what
 * the server sends (camelCase, or PascalCase where a MessagePack resolver keeps C# names) and the timer
 * arithmetic with the server-clock correction.
 *
 * Invariant: every field of a {@link SessionState} has its documented type; anything the server left out or
 * sent malformed falls back to the documented default, so the UI never checks types again.
 */

export type Difficulty = 'easy' | 'medium' | 'hard';

export type QuestionExample = { readonly input: string; readonly output: string; readonly explanation?: string };

/** The question shown to everyone (`state.question`). */
export type ShownQuestion = {
  readonly id: string;
  readonly title: string;
  readonly difficulty: Difficulty;
  /** Markdown (CommonMark subset), rendered as text. */
  readonly prompt: string;
  readonly examples: readonly QuestionExample[];
};

export type TimerState = {
  readonly durationMs: number;
  /** Measured at `updatedAt` (server clock). */
  readonly remainingMs: number;
  readonly running: boolean;
  readonly updatedAt: number;
};

export type SessionState = {
  readonly locked: boolean;
  readonly ended: boolean;
  readonly endedAt: number | null;
  readonly candidatesMayRun: boolean;
  readonly timer: TimerState;
  readonly question: ShownQuestion | null;
  readonly serverTime: number;
};

export const DEFAULT_DURATION_MS = 45 * 60_000;

/** A state as this browser received it: `receivedAt` is the local clock then, for the timer correction. */
export type ReceivedState = { readonly state: SessionState; readonly receivedAt: number };

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field by its camelCase name, or PascalCase. */
function field(record: Rec, name: string): unknown {
  return name in record ? record[name] : record[name[0]!.toUpperCase() + name.slice(1)];
}

function num(value: unknown, fallback: number): number {
  // MessagePack may hand over 64-bit integers as bigint.
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function isDifficulty(value: unknown): value is Difficulty {
  return value === 'easy' || value === 'medium' || value === 'hard';
}

export function readExamples(value: unknown): QuestionExample[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => {
    const explanation = field(e, 'explanation');
    return {
      input: str(field(e, 'input')),
      output: str(field(e, 'output')),
      ...(typeof explanation === 'string' && explanation !== '' ? { explanation } : {}),
    };
  });
}

function readQuestion(value: unknown): ShownQuestion | null {
  if (!isRecord(value)) return null;
  const id = str(field(value, 'id'));
  if (id === '') return null;
  const difficulty = field(value, 'difficulty');
  return {
    id,
    title: str(field(value, 'title')) || id,
    difficulty: isDifficulty(difficulty) ? difficulty : 'medium',
    prompt: str(field(value, 'prompt')),
    examples: readExamples(field(value, 'examples')),
  };
}

/** Reads a session state from the server; `now` stands in for a missing `serverTime`. */
export function readSessionState(value: unknown, now: number = Date.now()): SessionState | null {
  if (!isRecord(value)) return null;
  const timer = field(value, 'timer');
  const t: Rec = isRecord(timer) ? timer : {};
  const serverTime = num(field(value, 'serverTime'), now);
  const durationMs = num(field(t, 'durationMs'), DEFAULT_DURATION_MS);
  const endedAt = field(value, 'endedAt');
  return {
    locked: field(value, 'locked') === true,
    ended: field(value, 'ended') === true,
    endedAt: endedAt === null || endedAt === undefined ? null : num(endedAt, serverTime),
    candidatesMayRun: field(value, 'candidatesMayRun') !== false,
    timer: {
      durationMs,
      remainingMs: Math.max(0, num(field(t, 'remainingMs'), durationMs)),
      running: field(t, 'running') === true,
      updatedAt: num(field(t, 'updatedAt'), serverTime),
    },
    question: readQuestion(field(value, 'question')),
    serverTime,
  };
}

/**
 * Whether `next` may replace `current`. States arrive from two paths (the hub's events and the answers to
 * our own control calls) that can overtake each other; the server's clock orders them.
 */
export function isNewer(next: SessionState, current: SessionState | null): boolean {
  return current === null || next.serverTime >= current.serverTime;
}

/**
 * The countdown's remaining milliseconds at local time `now`:
 * `remainingMs - (serverTime - updatedAt) - (now - receivedAt)` while running, never below 0.
 */
export function timerRemainingMs({ state, receivedAt }: ReceivedState, now: number): number {
  const { timer } = state;
  if (!timer.running) return Math.max(0, timer.remainingMs);
  const elapsedBeforeSent = Math.max(0, state.serverTime - timer.updatedAt);
  const elapsedSinceReceived = Math.max(0, now - receivedAt);
  return Math.max(0, timer.remainingMs - elapsedBeforeSent - elapsedSinceReceived);
}

/** `mm:ss`, or `h:mm:ss` from an hour; rounded up so 0:00 appears only when time is really up. */
export function formatClock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export type TimerPhase = 'idle' | 'running' | 'paused' | 'up';

/** What the timer shows: not started, counting, paused part-way, or time is up. */
export function timerPhase(received: ReceivedState, now: number): TimerPhase {
  const remaining = timerRemainingMs(received, now);
  if (remaining <= 0) return 'up';
  if (received.state.timer.running) return 'running';
  return remaining < received.state.timer.durationMs ? 'paused' : 'idle';
}
