import { useEffect, useState } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useSession } from '../hooks/useSession';
import type { Session } from '../lib/api';
import { loadDisplayName, loadInterviewerKey, saveDisplayName } from '../lib/identity';
import { getQuestion } from '../lib/interview/interviewApi';
import { Header } from './Header';
import { NamePrompt } from './NamePrompt';
import { NotFoundPage } from './NotFoundPage';
import { ErrorCard, LoadingMessage } from './PageMessages';
import { Workspace } from './Workspace';

type Props = { readonly id: string };

/** `/s/{id}`: loads the session, asks for a name once, then opens the workspace. */
export function SessionPage({ id }: Props) {
  const { state, retry } = useSession(id);
  const [name, setName] = useState(() => loadDisplayName());
  // main.tsx has already moved a `#key=` fragment into storage before the first render.
  const [interviewerKey] = useState(() => loadInterviewerKey(id));
  const isInterviewer = interviewerKey !== null;
  const starter = useQuestionStarter(state.kind === 'ready' && isInterviewer ? state.session : null);
  const title = state.kind === 'ready' ? state.session.title || 'Untitled interview' : 'Interview';
  useDocumentTitle(state.kind === 'ready' ? `${title} · Interview` : 'Interview');

  const join = (raw: string) => {
    const check = saveDisplayName(raw);
    if (check.ok) setName(check.name);
  };

  if (state.kind === 'not-found') return <NotFoundPage kind="session" />;
  if (state.kind === 'ready' && name !== null && starter !== undefined) {
    return <Workspace session={state.session} name={name} interviewerKey={interviewerKey} questionStarter={starter} onRename={join} />;
  }

  return (
    <div className="page">
      <Header />
      <main className="centered">
        {(state.kind === 'loading' || (state.kind === 'ready' && name !== null)) && (
          <LoadingMessage text="Loading interview…" />
        )}
        {state.kind === 'error' && <ErrorCard title="Could not open this interview" message={state.message} onRetry={retry} />}
        {state.kind === 'ready' && name === null && (
          <NamePrompt
            heading={`Join “${title}”`}
            intro={
              isInterviewer
                ? 'You are the interviewer. Enter the name others will see.'
                : 'Enter the name the others in this interview will see.'
            }
            submitLabel="Join"
            onSubmit={join}
          />
        )}
      </main>
    </div>
  );
}

type Starter = { readonly id: string; readonly starter: string } | null;

/**
 * The interviewer seeds an empty document with the starter code of the question the session was created
 * with (docs/protocol.md): that code, fetched before the workspace opens. Undefined while loading; null
 * when there is none (or it could not be loaded: the language's own starter is seeded instead).
 */
function useQuestionStarter(session: Session | null): Starter | undefined {
  const questionId = session?.state?.question?.id ?? null;
  const language = session?.language ?? null;
  const [loaded, setLoaded] = useState<{ key: string; starter: Starter } | null>(null);
  const key = `${questionId}:${language}`;
  useEffect(() => {
    if (questionId === null || language === null) return;
    let current = true;
    getQuestion(questionId).then(
      (q) => current && setLoaded({ key, starter: q.starter[language] !== undefined ? { id: q.id, starter: q.starter[language]! } : null }),
      () => current && setLoaded({ key, starter: null }),
    );
    return () => {
      current = false;
    };
  }, [questionId, language, key]);
  if (questionId === null) return null;
  return loaded?.key === key ? loaded.starter : undefined;
}
