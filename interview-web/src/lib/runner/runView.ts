/**
 * What the run panel shows, derived from this participant's run, the shared run and the runtimes' state.
 * Pure, so the wording and the choices are tested without a browser.
 */
import type { LanguageId } from '../languages';
import type { OutputChunk } from './output';
import { MAX_TIME_LIMIT_MS, type RunOutcome, type RuntimeId } from './protocol';
import type { RunnerSnapshot, RuntimeStatus } from './runnerClient';
import type { LocalRun } from './runState';
import { pickShownRun, type SharedRun } from './sharedRun';
import { RUNTIME_LABELS, runtimeFor, unsupportedReason } from './support';

/** The value of `data-run-status` on the panel. */
export type RunViewStatus = 'unsupported' | 'idle' | 'loading' | 'running' | 'stopping' | RunOutcome;

export type RunView = {
  readonly status: RunViewStatus;
  /** The status line (read out politely by screen readers). */
  readonly statusText: string;
  /** The loading line ("Loading Python… 3.2 MB"), or null. */
  readonly progress: string | null;
  readonly runId: string | null;
  /** "You" or the runner's name; null without a run. */
  readonly by: string | null;
  readonly duration: string | null;
  readonly output: readonly OutputChunk[];
  readonly truncated: boolean;
  /** Whether this participant's own run is active (Stop applies to it). */
  readonly canStop: boolean;
};

/** A shared run still "running" this long after it started lost its runner (who closed the page). */
const STALE_AFTER_MS = MAX_TIME_LIMIT_MS + 60_000;

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function runtimeLine(runtime: RuntimeId, status: RuntimeStatus): string | null {
  const label = RUNTIME_LABELS[runtime];
  switch (status.state) {
    case 'downloading':
      return `Loading ${label}… ${formatBytes(status.loadedBytes)}`;
    case 'starting':
      return `Starting ${label}…`;
    case 'restarting':
      return `Restarting ${label}…`;
    case 'failed':
      return status.message || `${label} could not be loaded`;
    default:
      return null;
  }
}

function endedText(status: RunOutcome, exitMessage: string, duration: string | null): string {
  switch (status) {
    case 'done':
      return duration === null ? 'Finished' : `Finished in ${duration}`;
    case 'error':
      return exitMessage || 'The program failed';
    case 'stopped':
      return duration === null ? 'Stopped' : `Stopped after ${duration}`;
    case 'timeout':
      return exitMessage || 'Time limit reached';
  }
}

export type RunViewInput = {
  readonly language: LanguageId;
  readonly runner: RunnerSnapshot;
  readonly shared: SharedRun | null;
  readonly now: number;
};

export function describeRun({ language, runner, shared, now }: RunViewInput): RunView {
  const shown = pickShownRun(runner.run, shared);
  const runtime = runtimeFor(language);
  const idleProgress = runtime === null ? null : runtimeLine(runtime, runner.runtimes[runtime]);
  const unsupported = unsupportedReason(language);
  if (shown === null) {
    return {
      status: unsupported === null ? 'idle' : 'unsupported',
      statusText: unsupported ?? 'Not run yet',
      progress: unsupported === null ? idleProgress : null,
      runId: null,
      by: null,
      duration: null,
      output: [],
      truncated: false,
      canStop: false,
    };
  }
  if (shown.kind === 'local') return describeLocal(shown.run, runner);
  // Someone else's run: our own runtime warming up would only confuse next to it, unless it failed.
  return describeShared(shown.run, now, runtime !== null && runner.runtimes[runtime].state === 'failed' ? idleProgress : null);
}

function describeLocal(run: LocalRun, runner: RunnerSnapshot): RunView {
  const label = RUNTIME_LABELS[run.runtime];
  const duration = run.durationMs === null ? null : formatDuration(run.durationMs);
  const base = { runId: run.id, by: 'You', duration, output: run.output, truncated: run.truncated };
  switch (run.status) {
    case 'loading': {
      const line = runtimeLine(run.runtime, runner.runtimes[run.runtime]) ?? `Starting ${label}…`;
      return { ...base, status: 'loading', statusText: line, progress: line, canStop: true };
    }
    case 'running':
      return { ...base, status: 'running', statusText: 'Running…', progress: null, canStop: true };
    case 'stopping': {
      const text = runner.isolated === true ? 'Stopping…' : `Stopping… restarting ${label}`;
      return { ...base, status: 'stopping', statusText: text, progress: null, canStop: false };
    }
    default: {
      const after = runtimeLine(run.runtime, runner.runtimes[run.runtime]);
      return {
        ...base,
        status: run.status,
        statusText: endedText(run.status, run.exitMessage, duration),
        progress: after,
        canStop: false,
      };
    }
  }
}

function describeShared(run: SharedRun, now: number, progress: string | null): RunView {
  const duration = run.durationMs === null ? null : formatDuration(run.durationMs);
  const base = { runId: run.id, by: run.by, duration, output: run.output, truncated: run.truncated, progress, canStop: false };
  if (run.status === 'running') {
    if (now - run.startedAt > STALE_AFTER_MS) return { ...base, status: 'stopped', statusText: 'Ended without a result' };
    return { ...base, status: 'running', statusText: `${run.by} is running the code…` };
  }
  return { ...base, status: run.status, statusText: endedText(run.status, run.exitMessage, duration) };
}
