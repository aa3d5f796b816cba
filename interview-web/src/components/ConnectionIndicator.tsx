import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../lib/collabClient';

type Props = {
  readonly status: ConnectionStatus;
  /** Local changes the server may not have stored yet. */
  readonly unsynced: boolean;
};

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** While connected, every keystroke is unsynced for a round trip; only a longer wait is worth saying. */
const UNSYNCED_TEXT_DELAY_MS = 1000;

/**
 * The page's only role="status" element: one of the four labels, followed by "Unsynced changes" while
 * local edits wait to be stored. `data-status` and `data-unsynced` carry the machine-readable values at
 * once; the visible (and announced) unsynced text waits a second while connected, so typing does not make
 * it flicker.
 */
export function ConnectionIndicator({ status, unsynced }: Props) {
  const [lasting, setLasting] = useState(false);
  useEffect(() => {
    if (!unsynced) {
      setLasting(false);
      return;
    }
    const timer = setTimeout(() => setLasting(true), UNSYNCED_TEXT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [unsynced]);
  const showUnsynced = unsynced && (lasting || status !== 'connected');

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
    </div>
  );
}
