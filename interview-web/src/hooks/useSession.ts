import { useCallback, useEffect, useState } from 'react';
import { ApiError, getSession, type Session } from '../lib/api';

export type SessionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly session: Session }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'error'; readonly message: string };

/** Loads a session's public view; `retry` loads it again after an error. */
export function useSession(id: string): { state: SessionState; retry: () => void } {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setState({ kind: 'loading' });
    getSession(id, fetch, abort.signal).then(
      (session) => {
        if (!abort.signal.aborted) setState({ kind: 'ready', session });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && error.isNotFound) setState({ kind: 'not-found' });
        else setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [id, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
