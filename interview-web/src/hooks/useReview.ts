import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ApiError, getSession, type Session } from '../lib/api';
import { getHistory, getNotes, type History } from '../lib/interview/interviewApi';
import { PlaybackModel } from '../lib/interview/playback';
import { Player, type PlayerSnapshot } from '../lib/interview/player';
import { isLanguageId, type LanguageId } from '../lib/languages';
import { readRunHistory, RUNS_ARRAY, type SharedRun } from '../lib/runner/sharedRun';

export type ReviewData = { readonly session: Session; readonly history: History; readonly notes: string };

export type ReviewLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly data: ReviewData }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'error'; readonly message: string };

/** Loads what the review needs: the session, its whole history and the notes (interviewer key required). */
export function useReviewData(id: string, key: string | null): { load: ReviewLoad; retry: () => void } {
  const [load, setLoad] = useState<ReviewLoad>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    setLoad({ kind: 'loading' });
    Promise.all([getSession(id, fetch, abort.signal), getHistory(id, key, fetch, abort.signal), getNotes(id, key, fetch, abort.signal)]).then(
      ([session, history, notes]) => !abort.signal.aborted && setLoad({ kind: 'ready', data: { session, history, notes: notes.text } }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && error.isNotFound) setLoad({ kind: 'not-found' });
        else setLoad({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [id, key, attempt]);
  return { load, retry: useCallback(() => setAttempt((n) => n + 1), []) };
}

export type Replay = {
  readonly model: PlaybackModel;
  readonly finalCode: string;
  readonly language: LanguageId;
  readonly runs: readonly SharedRun[];
};

/** The playback model of a history, and what the final document holds (code, language, runs). */
export function useReplay(history: History, fallbackLanguage: LanguageId): Replay {
  const replay = useMemo(() => {
    const model = new PlaybackModel(history.entries);
    const last = model.docAt(model.length - 1);
    const language = last.getMap<unknown>('meta').get('language');
    return {
      model,
      finalCode: last.getText('code').toString(),
      language: isLanguageId(language) ? language : fallbackLanguage,
      runs: readRunHistory(last.getArray<unknown>(RUNS_ARRAY)),
    };
  }, [history, fallbackLanguage]);
  useEffect(() => () => replay.model.dispose(), [replay]);
  return replay;
}

/** A {@link Player} over the entries' times while mounted, and its snapshot. */
export function usePlayer(times: readonly number[]): { readonly player: Player; readonly snapshot: PlayerSnapshot } {
  const player = useMemo(() => new Player(times), [times]);
  useEffect(() => () => player.dispose(), [player]);
  const snapshot = useSyncExternalStore(
    useCallback((onChange: () => void) => player.on('change', onChange), [player]),
    () => player.snapshot,
  );
  return { player, snapshot };
}
