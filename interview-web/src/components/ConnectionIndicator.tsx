import type { ConnectionStatus } from '../lib/connection';

type Props = { readonly status: ConnectionStatus };

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/**
 * The page's only role="status" element. Its text is exactly one of the four labels (the dot is
 * decoration), and `data-status` carries the machine-readable value.
 */
export function ConnectionIndicator({ status }: Props) {
  return (
    <div role="status" className={`connection connection--${status}`} data-status={status}>
      <span className="connection__dot" aria-hidden="true" />
      {LABELS[status]}
    </div>
  );
}
