import { describe, expect, it } from 'vitest';
import type { RunnerSnapshot } from './runnerClient';
import { applyRunEvent, newRun } from './runState';
import { describeRun, formatBytes, formatDuration } from './runView';
import type { SharedRun } from './sharedRun';

const idle = { state: 'idle', loadedBytes: 0, message: '' } as const;
const runner = (patch: Partial<RunnerSnapshot> = {}): RunnerSnapshot => ({ runtimes: { python: idle, javascript: idle }, run: null, isolated: true, ...patch });
const python = newRun({ id: 'r1', runtime: 'python', language: 'python', timeLimitMs: 10_000, requestedAt: 1000 });

describe('describeRun', () => {
  it('says a language without a runtime cannot run', () => {
    expect(describeRun({ language: 'go', runner: runner(), shared: null, now: 0 })).toMatchObject({
      status: 'unsupported',
      statusText: 'Running Go is not supported yet',
      canStop: false,
    });
  });

  it('shows download progress while the runtime loads for my run', () => {
    const view = describeRun({
      language: 'python',
      runner: runner({ run: python, runtimes: { python: { state: 'downloading', loadedBytes: 3.2 * 1024 * 1024, message: '' }, javascript: idle } }),
      shared: null,
      now: 0,
    });
    expect(view).toMatchObject({ status: 'loading', progress: 'Loading Python… 3.2 MB', canStop: true, by: 'You' });
  });

  it('says the runtime restarts when stopping without shared memory', () => {
    const stopping = applyRunEvent(applyRunEvent(python, { type: 'started', at: 1 }), { type: 'stop-requested' });
    expect(describeRun({ language: 'python', runner: runner({ run: stopping, isolated: false }), shared: null, now: 0 }).statusText).toBe(
      'Stopping… restarting Python',
    );
    expect(describeRun({ language: 'python', runner: runner({ run: stopping, isolated: true }), shared: null, now: 0 }).statusText).toBe('Stopping…');
  });

  it('tells how my run ended', () => {
    const done = applyRunEvent(python, { type: 'finished', outcome: 'done', message: 'Finished', durationMs: 123, at: 2000 });
    expect(describeRun({ language: 'python', runner: runner({ run: done }), shared: null, now: 0 })).toMatchObject({
      status: 'done',
      statusText: 'Finished in 123 ms',
      duration: '123 ms',
    });
    const timeout = applyRunEvent(python, { type: 'finished', outcome: 'timeout', message: 'Time limit of 10 s reached', durationMs: 10_000, at: 2000 });
    expect(describeRun({ language: 'python', runner: runner({ run: timeout }), shared: null, now: 0 }).statusText).toBe('Time limit of 10 s reached');
  });

  it('shows someone else’s run from the document, and notices when its runner went away', () => {
    const shared: SharedRun = {
      id: 's1',
      language: 'python',
      status: 'running',
      by: 'Bob',
      startedAt: 5000,
      finishedAt: null,
      durationMs: null,
      exitMessage: '',
      truncated: false,
      output: [{ stream: 'stdout', text: 'hi\n' }],
    };
    expect(describeRun({ language: 'python', runner: runner(), shared, now: 6000 })).toMatchObject({
      status: 'running',
      statusText: 'Bob is running the code…',
      by: 'Bob',
      canStop: false,
    });
    expect(describeRun({ language: 'python', runner: runner(), shared, now: 5000 + 10 * 60_000 })).toMatchObject({
      status: 'stopped',
      statusText: 'Ended without a result',
    });
  });

  it('formats durations and sizes for people', () => {
    expect(formatDuration(7)).toBe('7 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatBytes(9_598_218)).toBe('9.2 MB');
  });
});
