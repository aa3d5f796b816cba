import { useState } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useSession } from '../hooks/useSession';
import { loadDisplayName, loadInterviewerKey, saveDisplayName } from '../lib/identity';
import { Header } from './Header';
import { NamePrompt } from './NamePrompt';
import { NotFoundPage } from './NotFoundPage';
import { Workspace } from './Workspace';

type Props = { readonly id: string };

/** `/s/{id}`: loads the session, asks for a name once, then opens the workspace. */
export function SessionPage({ id }: Props) {
  const { state, retry } = useSession(id);
  const [name, setName] = useState(() => loadDisplayName());
  // main.tsx has already moved a `#key=` fragment into storage before the first render.
  const [isInterviewer] = useState(() => loadInterviewerKey(id) !== null);
  const title = state.kind === 'ready' ? state.session.title || 'Untitled interview' : 'Interview';
  useDocumentTitle(state.kind === 'ready' ? `${title} · Interview` : 'Interview');

  const join = (raw: string) => {
    const check = saveDisplayName(raw);
    if (check.ok) setName(check.name);
  };

  if (state.kind === 'not-found') return <NotFoundPage kind="session" />;
  if (state.kind === 'ready' && name !== null) {
    return <Workspace session={state.session} name={name} isInterviewer={isInterviewer} onRename={join} />;
  }

  return (
    <div className="page">
      <Header />
      <main className="centered">
        {state.kind === 'loading' && (
          <p className="loading" aria-live="polite">
            <span className="spinner" aria-hidden="true" /> Loading interview…
          </p>
        )}
        {state.kind === 'error' && (
          <div className="card message-card">
            <h1 className="card__title">Could not open this interview</h1>
            <p className="card__intro" role="alert">
              {state.message}
            </p>
            <button type="button" className="button button--primary" onClick={retry}>
              Try again
            </button>
          </div>
        )}
        {state.kind === 'ready' && (
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
