import { useNow } from '../hooks/useNow';
import { formatClock, timerPhase, timerRemainingMs, type ReceivedState } from '../lib/interview/sessionState';

type Props = { readonly received: ReceivedState | null };

const LABELS = { idle: 'Not started', running: 'Running', paused: 'Paused', up: "Time's up" } as const;

/**
 * The countdown everyone sees, computed from the shared state with the server-clock correction. A timer
 * (role=timer) so screen readers do not announce every second; "Time's up" is its own alert.
 */
export function TimerDisplay({ received }: Props) {
  const running = received?.state.timer.running === true;
  const now = useNow(running);
  if (received === null) return null;
  const remaining = timerRemainingMs(received, now);
  const phase = timerPhase(received, now);
  return (
    <div className={`timer timer--${phase}`} data-phase={phase}>
      <svg className="timer__icon" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="8" cy="9" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 6v3.2l2 1.3M6.5 1.8h3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <span role="timer" aria-label="Time left" className="timer__clock">
        {formatClock(remaining)}
      </span>
      <span className="timer__phase" role={phase === 'up' ? 'alert' : undefined}>
        {LABELS[phase]}
      </span>
    </div>
  );
}
