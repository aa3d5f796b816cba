import { describe, expect, it } from 'vitest';
import { formatClock, isNewer, readSessionState, timerPhase, timerRemainingMs, type SessionState } from './sessionState';

const base = {
  locked: false,
  ended: false,
  endedAt: null,
  candidatesMayRun: true,
  timer: { durationMs: 60_000, remainingMs: 60_000, running: false, updatedAt: 1000 },
  question: null,
  serverTime: 1000,
};

function state(overrides: Partial<SessionState> = {}): SessionState {
  return { ...readSessionState(base)!, ...overrides };
}

describe('readSessionState', () => {
  it('reads every documented field', () => {
    const read = readSessionState({
      ...base,
      locked: true,
      question: { id: 'two-sum', title: 'Two Sum', difficulty: 'easy', prompt: '# Hi', examples: [{ input: 'a', output: 'b' }] },
    });
    expect(read).toEqual({ ...base, locked: true, question: { id: 'two-sum', title: 'Two Sum', difficulty: 'easy', prompt: '# Hi', examples: [{ input: 'a', output: 'b' }] } });
  });

  it('accepts PascalCase names and bigint numbers from MessagePack', () => {
    const read = readSessionState({ Ended: true, EndedAt: 5n, CandidatesMayRun: false, Timer: { DurationMs: 10n, RemainingMs: 4, Running: true, UpdatedAt: 3 }, ServerTime: 7n });
    expect(read).toMatchObject({ ended: true, endedAt: 5, candidatesMayRun: false, serverTime: 7, timer: { durationMs: 10, remainingMs: 4, running: true, updatedAt: 3 } });
  });

  it('falls back to the documented defaults for missing or malformed fields', () => {
    expect(readSessionState({ candidatesMayRun: 'no', timer: 'x', question: { title: 'no id' } }, 42)).toEqual({
      locked: false,
      ended: false,
      endedAt: null,
      candidatesMayRun: true,
      timer: { durationMs: 45 * 60_000, remainingMs: 45 * 60_000, running: false, updatedAt: 42 },
      question: null,
      serverTime: 42,
    });
    expect(readSessionState('nope')).toBeNull();
  });
});

describe('the timer', () => {
  it('shows the remaining time of a paused timer as it is', () => {
    const received = { state: state({ timer: { ...base.timer, remainingMs: 30_000 } }), receivedAt: 0 };
    expect(timerRemainingMs(received, 99_999)).toBe(30_000);
    expect(timerPhase(received, 99_999)).toBe('paused');
  });

  it('corrects a running timer for the time before the server sent it and since we received it', () => {
    // Started at server time 1000 with 60 s; the server sent it at 3000; we got it at local 50_000.
    const received = { state: state({ serverTime: 3000, timer: { ...base.timer, running: true } }), receivedAt: 50_000 };
    expect(timerRemainingMs(received, 50_000)).toBe(58_000);
    expect(timerRemainingMs(received, 60_000)).toBe(48_000);
    expect(timerPhase(received, 60_000)).toBe('running');
  });

  it('stops at zero and says time is up', () => {
    const received = { state: state({ timer: { ...base.timer, running: true } }), receivedAt: 0 };
    expect(timerRemainingMs(received, 120_000)).toBe(0);
    expect(timerPhase(received, 120_000)).toBe('up');
  });

  it('is idle before it was started', () => {
    expect(timerPhase({ state: state(), receivedAt: 0 }, 5)).toBe('idle');
  });

  it('formats minutes and seconds, rounding up', () => {
    expect(formatClock(45 * 60_000)).toBe('45:00');
    expect(formatClock(59_001)).toBe('1:00');
    expect(formatClock(999)).toBe('0:01');
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(3_600_000 + 65_000)).toBe('1:01:05');
  });

  it('orders states by the server clock', () => {
    expect(isNewer(state({ serverTime: 5 }), state({ serverTime: 4 }))).toBe(true);
    expect(isNewer(state({ serverTime: 3 }), state({ serverTime: 4 }))).toBe(false);
    expect(isNewer(state(), null)).toBe(true);
  });
});
