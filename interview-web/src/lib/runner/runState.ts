/**
 * The life of one run on this participant's machine, as a pure reducer.
 *
 *   loading ──started──▶ running ──finished──▶ done | error | stopped | timeout
 *      │                    │
 *      └──stop-requested──▶ stopping ──finished──▶ (the outcome the frame reports)
 *
 * `loading` covers everything before the code starts (downloading and starting the runtime), so the time
 * limit never counts the download. Terminal states never change; events for them are ignored, which makes
 * late or duplicated messages harmless.
 */
import type { LanguageId } from '../languages';
import { appendChunk, type OutputChunk } from './output';
import type { OutputStream, RunOutcome, RuntimeId } from './protocol';

export type RunStatus = 'loading' | 'running' | 'stopping' | RunOutcome;
export type ActiveRunStatus = 'loading' | 'running' | 'stopping';

export type LocalRun = {
  readonly id: string;
  readonly runtime: RuntimeId;
  /** The session language the code was written in (TypeScript runs on the JavaScript runtime). */
  readonly language: LanguageId;
  readonly status: RunStatus;
  readonly output: readonly OutputChunk[];
  /** Output was cut at the cap. */
  readonly truncated: boolean;
  readonly timeLimitMs: number;
  /** Date.now() when Run was pressed. */
  readonly requestedAt: number;
  /** Date.now() when the code started (after loading); null before. */
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** How long the code ran, as measured next to it (in the worker or frame). */
  readonly durationMs: number | null;
  /** One line on how it ended; '' while it runs. */
  readonly exitMessage: string;
};

export type RunEvent =
  | { readonly type: 'started'; readonly at: number }
  | { readonly type: 'output'; readonly stream: OutputStream; readonly text: string; readonly truncated: boolean }
  | { readonly type: 'stop-requested' }
  | { readonly type: 'finished'; readonly outcome: RunOutcome; readonly message: string; readonly durationMs: number; readonly at: number }
  /** Something outside the code failed: the runtime did not load, the sandbox stopped answering. */
  | { readonly type: 'failed'; readonly message: string; readonly at: number };

export function isActive(status: RunStatus): status is ActiveRunStatus {
  return status === 'loading' || status === 'running' || status === 'stopping';
}

export function newRun(init: {
  id: string;
  runtime: RuntimeId;
  language: LanguageId;
  timeLimitMs: number;
  requestedAt: number;
}): LocalRun {
  return {
    ...init,
    status: 'loading',
    output: [],
    truncated: false,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    exitMessage: '',
  };
}

/** The run after `event`; the same object when the event does not apply. */
export function applyRunEvent(run: LocalRun, event: RunEvent): LocalRun {
  if (!isActive(run.status)) return run;
  switch (event.type) {
    case 'started':
      if (run.status !== 'loading' && !(run.status === 'stopping' && run.startedAt === null)) return run;
      return { ...run, status: run.status === 'stopping' ? 'stopping' : 'running', startedAt: event.at };
    case 'output': {
      if (event.text === '' && (!event.truncated || run.truncated)) return run;
      return { ...run, output: appendChunk(run.output, event.stream, event.text), truncated: run.truncated || event.truncated };
    }
    case 'stop-requested':
      return run.status === 'stopping' ? run : { ...run, status: 'stopping' };
    case 'finished':
      return {
        ...run,
        status: event.outcome,
        startedAt: run.startedAt ?? event.at - event.durationMs,
        finishedAt: event.at,
        durationMs: event.durationMs,
        exitMessage: event.message,
      };
    case 'failed':
      return { ...run, status: 'error', finishedAt: event.at, exitMessage: event.message };
  }
}
