import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { CollabClient, type Access, type CollabEvents, type ConnectionStatus, type Refusal, type Role } from '../lib/collabClient';
import { forgetInterviewerKey, participantIdFor } from '../lib/identity';
import type { ReceivedState, SessionState } from '../lib/interview/sessionState';
import type { LanguageId } from '../lib/languages';
import type { Participant } from '../lib/presence';

export type CollabClientProps = {
  readonly sessionId: string;
  readonly name: string;
  readonly language: LanguageId;
  readonly interviewerKey: string | null;
  readonly initialState: SessionState | null;
  readonly questionStarter: { readonly id: string; readonly starter: string } | null;
};

/**
 * Keeps one {@link CollabClient} alive while the component is mounted (one per session) and returns it,
 * or null before the first effect ran. Created in an effect so StrictMode's mount/unmount/mount disposes
 * the first one cleanly. A new name is passed on without reconnecting.
 */
export function useCollabClient({ sessionId, name, language, interviewerKey, initialState, questionStarter }: CollabClientProps): CollabClient | null {
  const [client, setClient] = useState<CollabClient | null>(null);

  useEffect(() => {
    const participantId = participantIdFor(sessionId);
    const created = new CollabClient({ sessionId, name, language, interviewerKey, participantId, initialState, questionStarter });
    // A key the hub refused is stale: this browser is a candidate from now on.
    const off = created.on('keyRejected', () => forgetInterviewerKey(sessionId));
    setClient(created);
    return () => {
      off();
      created.dispose();
      setClient(null);
    };
    // The name, language, state and starter only seed the client; later names go through setName below.
  }, [sessionId, interviewerKey]);

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

/** When the oldest local change the server may not have stored yet was made, or null. */
export function useUnsyncedSince(client: CollabClient | null): number | null {
  return useClientValue(client, 'unsyncedSince', (c) => c.unsyncedSince, null);
}

export function useRefusal(client: CollabClient | null): Refusal | null {
  return useClientValue(client, 'refusal', (c) => c.refusal, null);
}

export function useParticipants(client: CollabClient | null): readonly Participant[] {
  return useClientValue(client, 'participants', (c) => c.participants, NO_PARTICIPANTS);
}

/** The shared language; `fallback` (the session's) until the client exists. */
export function useCollabLanguage(client: CollabClient | null, fallback: LanguageId): LanguageId {
  return useClientValue(client, 'language', (c) => c.language, fallback);
}

export function useRole(client: CollabClient | null, fallback: Role): Role {
  return useClientValue(client, 'role', (c) => c.role, fallback);
}

export function useAccess(client: CollabClient | null): Access {
  return useClientValue(client, 'access', (c) => c.access, 'open');
}

/** The latest session state with when it arrived; null before the first. */
export function useSessionState(client: CollabClient | null): ReceivedState | null {
  return useClientValue(client, 'state', (c) => c.state, null);
}
