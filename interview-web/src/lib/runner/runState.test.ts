import { describe, expect, it } from 'vitest';
import { applyRunEvent, isActive, newRun, type LocalRun, type RunEvent } from './runState';

const fresh = (): LocalRun => newRun({ id: 'r1', runtime: 'python', language: 'python', timeLimitMs: 10_000, requestedAt: 1000 });
const apply = (run: LocalRun, ...events: RunEvent[]) => events.reduce(applyRunEvent, run);

describe('run state', () => {
  it('goes loading → running → done and records the times and message', () => {
    const run = apply(
      fresh(),
      { type: 'started', at: 2000 },
      { type: 'output', stream: 'stdout', text: '45\n', truncated: false },
      { type: 'finished', outcome: 'done', message: 'Finished', durationMs: 5, at: 2010 },
    );
    expect(run).toMatchObject({ status: 'done', startedAt: 2000, finishedAt: 2010, durationMs: 5, exitMessage: 'Finished' });
    expect(run.output).toEqual([{ stream: 'stdout', text: '45\n' }]);
  });

  it('goes running → stopping → stopped', () => {
    const run = apply(fresh(), { type: 'started', at: 2000 }, { type: 'stop-requested' });
    expect(run.status).toBe('stopping');
    expect(applyRunEvent(run, { type: 'finished', outcome: 'stopped', message: 'Stopped', durationMs: 800, at: 2800 }).status).toBe('stopped');
  });

  it('can be stopped while loading, before the code started', () => {
    const run = apply(fresh(), { type: 'stop-requested' }, { type: 'finished', outcome: 'stopped', message: 'Stopped', durationMs: 0, at: 1500 });
    expect(run).toMatchObject({ status: 'stopped', startedAt: 1500 });
  });

  it('ends in error when the runtime fails to load', () => {
    const run = applyRunEvent(fresh(), { type: 'failed', message: 'Python could not be loaded', at: 1200 });
    expect(run).toMatchObject({ status: 'error', exitMessage: 'Python could not be loaded', finishedAt: 1200 });
  });

  it('ignores every event once the run has ended', () => {
    const done = apply(fresh(), { type: 'started', at: 2000 }, { type: 'finished', outcome: 'timeout', message: 'Time limit', durationMs: 10_000, at: 12_000 });
    for (const event of [
      { type: 'started', at: 1 },
      { type: 'output', stream: 'stdout', text: 'late', truncated: false },
      { type: 'stop-requested' },
      { type: 'finished', outcome: 'done', message: '', durationMs: 1, at: 1 },
      { type: 'failed', message: 'x', at: 1 },
    ] satisfies RunEvent[]) {
      expect(applyRunEvent(done, event)).toBe(done);
    }
  });

  it('keeps the truncation flag once set, even for an empty output message', () => {
    const run = apply(fresh(), { type: 'started', at: 1 }, { type: 'output', stream: 'stdout', text: '', truncated: true });
    expect(run.truncated).toBe(true);
    expect(apply(run, { type: 'output', stream: 'stdout', text: '', truncated: false }).truncated).toBe(true);
  });

  it('reports which statuses are active', () => {
    expect(['loading', 'running', 'stopping'].every((s) => isActive(s as LocalRun['status']))).toBe(true);
    expect(['done', 'error', 'stopped', 'timeout'].some((s) => isActive(s as LocalRun['status']))).toBe(false);
  });
});
