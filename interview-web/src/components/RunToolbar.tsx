import { useId } from 'react';
import type { RunView } from '../lib/runner/runView';

type Props = {
  readonly view: RunView;
  readonly runDisabled: boolean;
  /** The Run button's tooltip: the shortcut, or why it is disabled. */
  readonly runTitle: string;
  /** Shown beside Run (and describing it) while running is not allowed. */
  readonly blockedReason?: string | null;
  readonly onRun: () => void;
  readonly onStop: () => void;
  readonly timeLimitS: number;
  readonly onTimeLimitChange: (seconds: number) => void;
};

const TIME_LIMITS_S = [5, 10, 30, 60];
const ACTIVE = new Set(['loading', 'running', 'stopping']);

/** Run and Stop, the time limit, and one status line (a polite live region, not role=status). */
export function RunToolbar({ view, runDisabled, runTitle, blockedReason = null, onRun, onStop, timeLimitS, onTimeLimitChange }: Props) {
  const active = ACTIVE.has(view.status);
  const blockedId = useId();
  return (
    <div className="run-toolbar">
      <button
        type="button"
        className="button button--primary run-toolbar__run"
        onClick={onRun}
        disabled={runDisabled}
        title={runTitle}
        aria-describedby={blockedReason !== null ? blockedId : undefined}
        aria-keyshortcuts="Control+Enter Meta+Enter"
      >
        <svg className="run-toolbar__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4.5 2.8v10.4a.6.6 0 0 0 .9.5l8.2-5.2a.6.6 0 0 0 0-1L5.4 2.3a.6.6 0 0 0-.9.5z" fill="currentColor" />
        </svg>
        Run
        <kbd className="run-toolbar__kbd" aria-hidden="true">
          Ctrl ↵
        </kbd>
      </button>
      {blockedReason !== null && (
        <span id={blockedId} className="run-toolbar__blocked">
          {blockedReason}
        </span>
      )}
      <button type="button" className="button button--secondary run-toolbar__stop" onClick={onStop} disabled={!view.canStop}>
        <svg className="run-toolbar__icon" viewBox="0 0 16 16" aria-hidden="true">
          <rect x="3.5" y="3.5" width="9" height="9" rx="1.5" fill="currentColor" />
        </svg>
        Stop
      </button>
      <label className="run-toolbar__limit">
        <span>Time limit</span>
        <select className="select run-toolbar__select" value={timeLimitS} onChange={(e) => onTimeLimitChange(Number(e.target.value))}>
          {TIME_LIMITS_S.map((s) => (
            <option key={s} value={s}>
              {s} s
            </option>
          ))}
        </select>
      </label>
      <p className={`run-toolbar__status run-toolbar__status--${view.status}`} aria-live="polite" data-run-status={view.status}>
        {active && <span className="spinner run-toolbar__spinner" aria-hidden="true" />}
        <span className="run-toolbar__status-text">{view.statusText}</span>
      </p>
    </div>
  );
}
