import { useCallback, useEffect, useState } from 'react';
import type { CollabClient } from '../lib/collabClient';
import {
  controlTimer,
  endInterview,
  getQuestion,
  listQuestions,
  removeParticipant,
  updateControls,
  type ControlsPatch,
  type QuestionSummary,
  type TimerAction,
} from '../lib/interview/interviewApi';
import type { SessionState } from '../lib/interview/sessionState';

export type InterviewerActions = {
  readonly busy: boolean;
  readonly error: string | null;
  readonly setControls: (patch: ControlsPatch) => Promise<boolean>;
  readonly timer: (action: TimerAction) => Promise<boolean>;
  readonly end: () => Promise<boolean>;
  /** Shows the question to everyone and loads its starter code for `language` into the editor. */
  readonly loadQuestion: (questionId: string) => Promise<boolean>;
  readonly remove: (clientId: number) => Promise<boolean>;
};

/**
 * The interviewer's control calls. Each answer (the new session state) goes straight into the client,
 * so the interviewer sees the change without waiting for the hub's `SessionState` event.
 */
export function useInterviewerActions(client: CollabClient | null, sessionId: string, key: string | null): InterviewerActions {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const call = useCallback(
    async (action: (key: string) => Promise<SessionState | void>): Promise<boolean> => {
      if (key === null) return false;
      setBusy(true);
      setError(null);
      try {
        const state = await action(key);
        if (state) client?.applyState(state);
        return true;
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : String(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [client, key],
  );

  return {
    busy,
    error,
    setControls: (patch) => call((k) => updateControls(sessionId, k, patch)),
    timer: (action) => call((k) => controlTimer(sessionId, k, action)),
    end: () => call((k) => endInterview(sessionId, k)),
    loadQuestion: (questionId) =>
      call(async (k) => {
        const [state, question] = await Promise.all([updateControls(sessionId, k, { questionId }), getQuestion(questionId)]);
        const starter = client === null ? undefined : question.starter[client.language];
        if (starter !== undefined) client?.replaceCode(starter);
        return state;
      }),
    remove: (clientId) => call((k) => removeParticipant(sessionId, k, clientId)),
  };
}

/** The question library (empty until loaded; loading is retried on the next mount after a failure). */
export function useQuestions(enabled: boolean): { readonly questions: readonly QuestionSummary[]; readonly error: string | null } {
  const [questions, setQuestions] = useState<readonly QuestionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    listQuestions(fetch, abort.signal).then(
      (list) => !abort.signal.aborted && setQuestions(list),
      (caught: unknown) => !abort.signal.aborted && setError(caught instanceof Error ? caught.message : 'Could not load the questions.'),
    );
    return () => abort.abort();
  }, [enabled]);
  return { questions, error };
}
