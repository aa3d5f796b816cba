import { useState } from 'react';
import type { TimerAction } from '../lib/interview/interviewApi';
import type { TimerPhase } from '../lib/interview/sessionState';

type Props = {
  readonly phase: TimerPhase;
  readonly durationMs: number;
  readonly disabled: boolean;
  readonly onAction: (action: TimerAction) => void;
};

const DURATIONS_MIN = [15, 30, 45, 60, 90];

/** The interviewer's timer buttons: Start (or Resume) / Pause, and Reset to a chosen length. */
export function TimerControls({ phase, durationMs, disabled, onAction }: Props) {
  const [minutes, setMinutes] = useState(() => Math.round(durationMs / 60_000));
  const options = DURATIONS_MIN.includes(minutes) ? DURATIONS_MIN : [...DURATIONS_MIN, minutes].sort((a, b) => a - b);
  return (
    <div className="timer-controls" role="group" aria-label="Timer controls">
      {phase === 'running' ? (
        <button type="button" className="button button--secondary button--small" disabled={disabled} onClick={() => onAction({ action: 'pause' })}>
          Pause timer
        </button>
      ) : (
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={disabled || phase === 'up'}
          onClick={() => onAction({ action: 'start' })}
        >
          {phase === 'paused' ? 'Resume timer' : 'Start timer'}
        </button>
      )}
      <select
        className="select select--small"
        aria-label="Timer length"
        value={minutes}
        disabled={disabled}
        onChange={(e) => setMinutes(Number(e.target.value))}
      >
        {options.map((m) => (
          <option key={m} value={m}>
            {m} min
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--ghost button--small"
        disabled={disabled}
        onClick={() => onAction({ action: 'reset', durationMs: minutes * 60_000 })}
      >
        Reset timer
      </button>
    </div>
  );
}
