import { useEffect, useState } from 'react';
import type { ConnectionStatus, Refusal } from '../lib/collabClient';
import { MAX_UPDATE_BYTES } from '../lib/hubTransport';

type Props = {
  readonly status: ConnectionStatus;
  /** When the oldest local change the server may not have stored yet was made (`Date.now()`), or null. */
  readonly unsyncedSince: number | null;
  /** What the hub keeps refusing, said in words (the client retries by itself). */
  readonly refusal: Refusal | null;
};

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const REFUSALS: Record<Refusal, string> = {
  'session-full': 'The session is full: waiting for a free place',
  'document-too-large': 'The code has reached the size limit: recent changes are not saved',
  'too-large': `A change is too large to send (over ${MAX_UPDATE_BYTES / 1024} KB): it is not saved`,
};

/**
 * While connected, every keystroke is unsynced until the hub confirms it (within half a second while typing);
 * only a change that waited longer than this is worth saying.
 */
const UNSYNCED_TEXT_DELAY_MS = 1000;

/**
 * The page's only role="status" element: one of the four labels, followed by "Unsynced changes" while
 * local edits wait to be stored, or by the reason while the hub keeps refusing them (or a full session).
 * `data-status` and `data-unsynced` carry the machine-readable values at once; the visible (and announced)
 * unsynced text waits until a change has waited a second while connected, so typing does not make it flicker.
 */
export function ConnectionIndicator({ status, unsyncedSince, refusal }: Props) {
  const unsynced = unsyncedSince !== null;
  const [lasting, setLasting] = useState(false);
  useEffect(() => {
    const left = unsyncedSince === null ? null : unsyncedSince + UNSYNCED_TEXT_DELAY_MS - Date.now();
    // Set at once when the (new) oldest change has waited long enough already: no blink, no second announcement.
    setLasting(left !== null && left <= 0);
    if (left === null || left <= 0) return;
    const timer = setTimeout(() => setLasting(true), left);
    return () => clearTimeout(timer);
  }, [unsyncedSince]);
  const showUnsynced = refusal === null && unsynced && (lasting || status !== 'connected');

  return (
    <div
      role="status"
      className={`connection connection--${status}`}
      data-status={status}
      data-unsynced={unsynced ? 'true' : 'false'}
    >
      <span className="connection__dot" aria-hidden="true" />
      {LABELS[status]}
      {showUnsynced && <span className="connection__unsynced"> · Unsynced changes</span>}
      {refusal !== null && <span className="connection__refusal"> · {REFUSALS[refusal]}</span>}
    </div>
  );
}
