import { useState } from 'react';
import type { InterviewerActions } from '../hooks/useInterview';
import { useNow } from '../hooks/useNow';
import { timerPhase, type ReceivedState } from '../lib/interview/sessionState';
import { reviewPath } from '../lib/router';
import { ConfirmDialog } from './ConfirmDialog';
import { Link } from './Link';
import { TimerControls } from './TimerControls';

type Props = { readonly received: ReceivedState; readonly sessionId: string; readonly actions: InterviewerActions };

/** The interviewer's controls: the timer, lock, run permission, review and End interview (confirmed). */
export function InterviewerBar({ received, sessionId, actions }: Props) {
  const { state } = received;
  const now = useNow(state.timer.running, 1000);
  const [confirming, setConfirming] = useState(false);
  const [ending, setEnding] = useState(false);
  const disabled = actions.busy || state.ended;

  return (
    <section className="control-bar" aria-label="Interviewer controls">
      <TimerControls
        key={state.timer.durationMs}
        phase={timerPhase(received, now)}
        durationMs={state.timer.durationMs}
        disabled={disabled}
        onAction={(action) => void actions.timer(action)}
      />
      <span className="control-bar__divider" aria-hidden="true" />
      <Switch label="Lock session" hint="No new participants" checked={state.locked} disabled={disabled} onChange={(locked) => void actions.setControls({ locked })} />
      <Switch
        label="Candidates may run code"
        checked={state.candidatesMayRun}
        disabled={disabled}
        onChange={(candidatesMayRun) => void actions.setControls({ candidatesMayRun })}
      />
      <span className="control-bar__spacer" />
      {actions.error !== null && !confirming && (
        <p className="control-bar__error" role="alert">
          {actions.error}
        </p>
      )}
      <Link href={reviewPath(sessionId)} className="button button--ghost button--small">
        Review
      </Link>
      <button type="button" className="button button--danger button--small" disabled={disabled} onClick={() => setConfirming(true)}>
        End interview
      </button>
      {confirming && (
        <ConfirmDialog
          title="End the interview?"
          confirmLabel="End interview"
          busy={ending}
          error={actions.error}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setEnding(true);
            const ok = await actions.end();
            setEnding(false);
            if (ok) setConfirming(false);
          }}
        >
          Everyone’s editor becomes read-only for good and the timer stops. Your notes stay editable, and the
          review with playback and export opens from here.
        </ConfirmDialog>
      )}
    </section>
  );
}

type SwitchProps = { label: string; hint?: string; checked: boolean; disabled: boolean; onChange: (checked: boolean) => void };

function Switch({ label, hint, checked, disabled, onChange }: SwitchProps) {
  return (
    <label className="switch" title={hint}>
      <input type="checkbox" role="switch" className="switch__input" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch__track" aria-hidden="true" />
      <span className="switch__label">{label}</span>
    </label>
  );
}
