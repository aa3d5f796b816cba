import { lazy, Suspense, useState } from 'react';
import { useAccess, useCollabClient, useCollabLanguage, useCollabStatus, useParticipants, useRefusal, useRole, useSessionState, useUnsyncedSince } from '../hooks/useCollab';
import { useInterviewerActions } from '../hooks/useInterview';
import type { Session } from '../lib/api';
import { ConnectionIndicator } from './ConnectionIndicator';
import { EndedBanner } from './EndedBanner';
import { Header } from './Header';
import { InterviewerBar } from './InterviewerBar';
import { LanguageSelect } from './LanguageSelect';
import { NameChip } from './NameChip';
import { NotesPanel } from './NotesPanel';
import { ParticipantList } from './ParticipantList';
import { QuestionPanel } from './QuestionPanel';
import { RenameDialog } from './RenameDialog';
import { RunPanel } from './RunPanel';
import { ShareLink } from './ShareLink';
import { ShutOutPage } from './ShutOutPage';
import { TimerDisplay } from './TimerDisplay';

// Monaco is big: it loads only here, never on the home page.
const CodeEditor = lazy(() => import('./CodeEditor'));

type Props = {
  readonly session: Session;
  readonly name: string;
  readonly interviewerKey: string | null;
  readonly questionStarter: { readonly id: string; readonly starter: string } | null;
  readonly onRename: (name: string) => void;
};

/**
 * The interview room. Everyone: the title, the timer, the people present, the shared editor, the question
 * and the runner. The interviewer also gets the control bar, the share link, remove buttons and notes.
 */
export function Workspace({ session, name, interviewerKey, questionStarter, onRename }: Props) {
  const client = useCollabClient({ sessionId: session.id, name, language: session.language, interviewerKey, initialState: session.state, questionStarter });
  const status = useCollabStatus(client);
  const unsyncedSince = useUnsyncedSince(client);
  const refusal = useRefusal(client);
  const participants = useParticipants(client);
  const language = useCollabLanguage(client, session.language);
  const role = useRole(client, interviewerKey === null ? 'candidate' : 'interviewer');
  const access = useAccess(client);
  const received = useSessionState(client);
  const isInterviewer = role === 'interviewer' && interviewerKey !== null;
  const actions = useInterviewerActions(client, session.id, isInterviewer ? interviewerKey : null);
  const [renaming, setRenaming] = useState(false);

  if (access !== 'open') return <ShutOutPage access={access} />;
  const state = received?.state ?? null;
  const ended = state?.ended === true;
  const blockedReason = ended
    ? 'The interview has ended.'
    : !isInterviewer && state?.candidatesMayRun === false
      ? 'The interviewer has turned off running code for now.'
      : null;

  return (
    <div className="workspace" data-role={role} data-ended={ended ? 'true' : undefined}>
      <Header>
        <ConnectionIndicator status={status} unsyncedSince={unsyncedSince} refusal={refusal} />
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
              {isInterviewer ? 'Interviewer' : 'Candidate'}
            </span>
            {state?.locked && !ended && <span className="badge badge--muted">Locked</span>}
          </div>
          <ParticipantList participants={participants} onRemove={isInterviewer && !ended ? (p) => void actions.remove(p.clientId) : undefined} />
        </div>
        <TimerDisplay received={received} />
        {isInterviewer && <ShareLink url={session.joinUrl} />}
        <LanguageSelect
          id="editor-language"
          className="toolbar__language"
          value={language}
          onChange={(next) => client?.setLanguage(next)}
          disabled={client === null || ended}
        />
      </section>
      {isInterviewer && received !== null && !ended && <InterviewerBar received={received} sessionId={session.id} actions={actions} />}
      {ended && <EndedBanner sessionId={session.id} isInterviewer={isInterviewer} />}
      <div className="workspace__body">
        <div className="workspace__main">
          <main className="editor-area">
            <Suspense
              fallback={
                <p className="editor-area__loading">
                  <span className="spinner" aria-hidden="true" /> Loading editor…
                </p>
              }
            >
              <CodeEditor client={client} language={language} readOnly={ended} />
            </Suspense>
          </main>
          <RunPanel doc={client?.doc ?? null} getCode={() => client?.text.toString() ?? ''} language={language} name={name} blockedReason={blockedReason} />
        </div>
        <aside className="side-panel" aria-label="Question and notes">
          <QuestionPanel
            question={state?.question ?? null}
            picker={
              isInterviewer && !ended
                ? { disabled: actions.busy, onLoad: (id) => void actions.loadQuestion(id), onHide: () => void actions.setControls({ questionId: null }) }
                : null
            }
          />
          {isInterviewer && interviewerKey !== null && <NotesPanel sessionId={session.id} interviewerKey={interviewerKey} />}
        </aside>
      </div>
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
