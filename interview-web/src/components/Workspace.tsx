import { lazy, Suspense, useState } from 'react';
import { useConnectionStatus } from '../hooks/useConnectionStatus';
import type { Session } from '../lib/api';
import type { LanguageId } from '../lib/languages';
import { ConnectionIndicator } from './ConnectionIndicator';
import { Header } from './Header';
import { LanguageSelect } from './LanguageSelect';
import { NameChip } from './NameChip';
import { RenameDialog } from './RenameDialog';
import { ShareLink } from './ShareLink';

// Monaco is big: it loads only here, never on the home page.
const CodeEditor = lazy(() => import('./CodeEditor'));

type Props = {
  readonly session: Session;
  readonly name: string;
  readonly isInterviewer: boolean;
  readonly onRename: (name: string) => void;
};

/** The interview room: header with status and name, a toolbar, and the editor filling the rest. */
export function Workspace({ session, name, isInterviewer, onRename }: Props) {
  const status = useConnectionStatus(session.id);
  // Local only for now; the shared document will carry the language once collaboration lands.
  const [language, setLanguage] = useState<LanguageId>(session.language);
  const [renaming, setRenaming] = useState(false);

  return (
    <div className="workspace">
      <Header>
        <ConnectionIndicator status={status} />
        <NameChip name={name} onClick={() => setRenaming(true)} />
      </Header>
      <section className="toolbar" aria-label="Interview details">
        <div className="toolbar__heading">
          <h1 className="toolbar__title">{session.title || 'Untitled interview'}</h1>
          <span
            className={`badge ${isInterviewer ? 'badge--interviewer' : 'badge--participant'}`}
            title={isInterviewer ? 'You opened this interview with the interviewer link' : undefined}
          >
            {isInterviewer ? 'Interviewer' : 'Participant'}
          </span>
        </div>
        <ShareLink url={session.joinUrl} />
        <LanguageSelect id="editor-language" className="toolbar__language" value={language} onChange={setLanguage} />
      </section>
      <main className="editor-area">
        <Suspense
          fallback={
            <p className="editor-area__loading">
              <span className="spinner" aria-hidden="true" /> Loading editor…
            </p>
          }
        >
          <CodeEditor language={language} />
        </Suspense>
      </main>
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
