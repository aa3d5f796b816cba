import { lazy, Suspense, useState } from 'react';
import { useCollabClient, useCollabLanguage, useCollabStatus, useParticipants, useUnsynced } from '../hooks/useCollab';
import type { Session } from '../lib/api';
import { ConnectionIndicator } from './ConnectionIndicator';
import { Header } from './Header';
import { LanguageSelect } from './LanguageSelect';
import { NameChip } from './NameChip';
import { ParticipantList } from './ParticipantList';
import { RenameDialog } from './RenameDialog';
import { RunPanel } from './RunPanel';
import { ShareLink } from './ShareLink';

// Monaco is big: it loads only here, never on the home page.
const CodeEditor = lazy(() => import('./CodeEditor'));

type Props = {
  readonly session: Session;
  readonly name: string;
  readonly isInterviewer: boolean;
  readonly onRename: (name: string) => void;
};

/** The interview room: header with status and name, a toolbar with the people present, and the shared editor. */
export function Workspace({ session, name, isInterviewer, onRename }: Props) {
  const client = useCollabClient({ sessionId: session.id, name, language: session.language, isInterviewer });
  const status = useCollabStatus(client);
  const unsynced = useUnsynced(client);
  const participants = useParticipants(client);
  const language = useCollabLanguage(client, session.language);
  const [renaming, setRenaming] = useState(false);

  return (
    <div className="workspace">
      <Header>
        <ConnectionIndicator status={status} unsynced={unsynced} />
        <NameChip name={name} onClick={() => setRenaming(true)} />
      </Header>
      <section className="toolbar" aria-label="Interview details">
        <div className="toolbar__heading">
          <div className="toolbar__title-row">
            <h1 className="toolbar__title">{session.title || 'Untitled interview'}</h1>
            <span
              className={`badge ${isInterviewer ? 'badge--interviewer' : 'badge--participant'}`}
              title={isInterviewer ? 'You opened this interview with the interviewer link' : undefined}
            >
              {isInterviewer ? 'Interviewer' : 'Participant'}
            </span>
          </div>
          <ParticipantList participants={participants} />
        </div>
        <ShareLink url={session.joinUrl} />
        <LanguageSelect
          id="editor-language"
          className="toolbar__language"
          value={language}
          onChange={(next) => client?.setLanguage(next)}
          disabled={client === null}
        />
      </section>
      <main className="editor-area">
        <Suspense
          fallback={
            <p className="editor-area__loading">
              <span className="spinner" aria-hidden="true" /> Loading editor…
            </p>
          }
        >
          <CodeEditor client={client} language={language} />
        </Suspense>
      </main>
      <RunPanel doc={client?.doc ?? null} getCode={() => client?.text.toString() ?? ''} language={language} name={name} />
      {renaming && (
        <RenameDialog
          name={name}
          onSave={(next) => {
            onRename(next);
            setRenaming(false);
          }}
          onCancel={() => setRenaming(false)}
        />
      )}
    </div>
  );
}
