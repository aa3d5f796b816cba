import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { getNotes, NOTES_MAX_LENGTH, saveNotes } from '../lib/interview/interviewApi';
import { NotesSaver, type NotesStatus } from '../lib/interview/notesSaver';

type Props = { readonly sessionId: string; readonly interviewerKey: string };

const STATUS_TEXT: Record<NotesStatus, string> = {
  idle: 'Only you see these notes',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  saved: 'Saved',
  error: 'Could not save — retrying',
};

/**
 * The interviewer's private notes: loaded once, saved by themselves a moment after typing stops. They go
 * only to the sessions API with the key, never into the shared document.
 */
export function NotesPanel({ sessionId, interviewerKey }: Props) {
  const headingId = useId();
  const statusId = useId();
  const [text, setText] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saver, setSaver] = useState<NotesSaver | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    let created: NotesSaver | null = null;
    getNotes(sessionId, interviewerKey, fetch, abort.signal).then(
      (notes) => {
        if (abort.signal.aborted) return;
        created = new NotesSaver((value) => saveNotes(sessionId, interviewerKey, value), notes.text);
        setText(notes.text);
        setSaver(created);
      },
      (caught: unknown) => !abort.signal.aborted && setLoadError(caught instanceof Error ? caught.message : 'Could not load the notes.'),
    );
    const onHide = () => void created?.flush();
    window.addEventListener('pagehide', onHide);
    return () => {
      abort.abort();
      window.removeEventListener('pagehide', onHide);
      void created?.flush().finally(() => created?.dispose());
      setSaver(null);
    };
  }, [sessionId, interviewerKey]);

  const status = useSyncExternalStore(
    (onChange) => (saver === null ? () => undefined : saver.on('status', onChange)),
    () => saver?.status ?? 'idle',
  );

  return (
    <section className="side-card notes" aria-labelledby={headingId}>
      <div className="side-card__head">
        <h2 id={headingId} className="side-card__title">
          Private notes
        </h2>
        <span id={statusId} className={`notes__status notes__status--${status}`} aria-live="polite" data-notes-status={status}>
          {STATUS_TEXT[status]}
        </span>
      </div>
      {loadError !== null ? (
        <p className="field__error">{loadError}</p>
      ) : (
        <textarea
          className="input notes__text"
          aria-label="Private notes"
          aria-describedby={statusId}
          placeholder={text === null ? 'Loading…' : 'Impressions, follow-up questions, signals… Only you see these.'}
          disabled={text === null}
          maxLength={NOTES_MAX_LENGTH}
          value={text ?? ''}
          onChange={(e) => {
            setText(e.target.value);
            saver?.change(e.target.value);
          }}
        />
      )}
    </section>
  );
}
