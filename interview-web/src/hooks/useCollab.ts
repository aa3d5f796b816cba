import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { CollabClient, type CollabEvents, type ConnectionStatus } from '../lib/collabClient';
import type { LanguageId } from '../lib/languages';
import type { Participant } from '../lib/presence';

export type CollabClientProps = {
  readonly sessionId: string;
  readonly name: string;
  readonly language: LanguageId;
  readonly isInterviewer: boolean;
};

/**
 * Keeps one {@link CollabClient} alive while the component is mounted (one per session) and returns it,
 * or null before the first effect ran. Created in an effect so StrictMode's mount/unmount/mount disposes
 * the first one cleanly. A new name is passed on without reconnecting.
 */
export function useCollabClient({ sessionId, name, language, isInterviewer }: CollabClientProps): CollabClient | null {
  const [client, setClient] = useState<CollabClient | null>(null);

  useEffect(() => {
    const created = new CollabClient({ sessionId, name, language, isInterviewer });
    setClient(created);
    return () => {
      created.dispose();
      setClient(null);
    };
    // The name and language only seed the client; later names go through setName below.
  }, [sessionId, isInterviewer]);

  useEffect(() => client?.setName(name), [client, name]);
  return client;
}

/** One value of the client, re-rendering when `event` reports a change. */
function useClientValue<T>(client: CollabClient | null, event: keyof CollabEvents, read: (c: CollabClient) => T, fallback: T): T {
  const subscribe = useCallback(
    (onChange: () => void) => (client === null ? () => undefined : client.on(event, onChange)),
    [client, event],
  );
  return useSyncExternalStore(subscribe, () => (client === null ? fallback : read(client)));
}

const NO_PARTICIPANTS: readonly Participant[] = [];

export function useCollabStatus(client: CollabClient | null): ConnectionStatus {
  return useClientValue(client, 'status', (c) => c.status, 'connecting');
}

export function useUnsynced(client: CollabClient | null): boolean {
  return useClientValue(client, 'unsynced', (c) => c.unsynced, false);
}

export function useParticipants(client: CollabClient | null): readonly Participant[] {
  return useClientValue(client, 'participants', (c) => c.participants, NO_PARTICIPANTS);
}

/** The shared language; `fallback` (the session's) until the client exists. */
export function useCollabLanguage(client: CollabClient | null, fallback: LanguageId): LanguageId {
  return useClientValue(client, 'language', (c) => c.language, fallback);
}
