import { useEffect, useState, useSyncExternalStore } from 'react';
import { SessionConnection, type ConnectionStatus } from '../lib/connection';

const noSubscription = () => () => undefined;

/**
 * Keeps one {@link SessionConnection} alive while the component is mounted (one per session id) and
 * returns its status. The connection is created in an effect so StrictMode's mount/unmount/mount
 * disposes the first one cleanly.
 */
export function useConnectionStatus(sessionId: string): ConnectionStatus {
  const [connection, setConnection] = useState<SessionConnection | null>(null);

  useEffect(() => {
    const created = new SessionConnection({ sessionId });
    setConnection(created);
    return () => {
      created.dispose();
      setConnection(null);
    };
  }, [sessionId]);

  return useSyncExternalStore(
    connection?.subscribe ?? noSubscription,
    () => connection?.status ?? 'connecting',
  );
}
