import { useId, useState, type FormEvent } from 'react';
import { ApiError, createSession, TITLE_MAX_LENGTH } from '../lib/api';
import { keyFromUrl, saveInterviewerKey } from '../lib/identity';
import { DEFAULT_LANGUAGE, type LanguageId } from '../lib/languages';
import { navigate, sessionPath } from '../lib/router';
import { useQuestions } from '../hooks/useInterview';
import { LanguageSelect } from './LanguageSelect';

/**
 * "Start an interview": creates a session, keeps the interviewer key from the returned link in this
 * browser, and opens the session. On failure the input stays as typed and the server's messages show
 * beside the fields they concern.
 */
export function StartForm() {
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<LanguageId>(DEFAULT_LANGUAGE);
  const [questionId, setQuestionId] = useState('');
  const { questions } = useQuestions(true);
  const questionErrorId = useId();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const titleErrorId = useId();
  const languageErrorId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      const created = await createSession({ title, language, ...(questionId !== '' ? { questionId } : {}) });
      const key = keyFromUrl(created.interviewerUrl);
      if (key !== null) saveInterviewerKey(created.id, key);
      navigate(sessionPath(created.id));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'Something went wrong. Please try again.'));
      setSubmitting(false);
    }
  };

  const titleErrors = error?.fieldErrors['title'];
  const languageErrors = error?.fieldErrors['language'];
  const questionErrors = error?.fieldErrors['questionId'];
  const picked = questions.find((q) => q.id === questionId);

  return (
    <form className="card start-form" onSubmit={submit} noValidate>
      <div className="field">
        <div className="field__head">
          <label className="field__label" htmlFor="session-title">
            Title
          </label>
          <span className="field__hint">Optional</span>
        </div>
        <input
          id="session-title"
          className="input"
          type="text"
          value={title}
          maxLength={TITLE_MAX_LENGTH}
          placeholder="e.g. Frontend pairing with Sam"
          autoComplete="off"
          aria-invalid={titleErrors !== undefined}
          aria-describedby={titleErrors !== undefined ? titleErrorId : undefined}
          onChange={(event) => setTitle(event.target.value)}
        />
        {titleErrors !== undefined && (
          <p id={titleErrorId} className="field__error">
            {titleErrors.join(' ')}
          </p>
        )}
      </div>
      <LanguageSelect
        id="session-language"
        value={language}
        onChange={setLanguage}
        describedBy={languageErrors !== undefined ? languageErrorId : undefined}
      />
      {languageErrors !== undefined && (
        <p id={languageErrorId} className="field__error">
          {languageErrors.join(' ')}
        </p>
      )}
      <div className="field">
        <div className="field__head">
          <label className="field__label" htmlFor="session-question">
            Question
          </label>
          <span className="field__hint">Optional</span>
        </div>
        <select
          id="session-question"
          className="select"
          value={questionId}
          aria-invalid={questionErrors !== undefined}
          aria-describedby={questionErrors !== undefined ? questionErrorId : undefined}
          onChange={(event) => setQuestionId(event.target.value)}
        >
          <option value="">No question — pick one later</option>
          {questions.map((q) => (
            <option key={q.id} value={q.id}>
              {q.title} ({q.difficulty})
            </option>
          ))}
        </select>
        {picked !== undefined && <p className="field__hint field__hint--below">{picked.summary}</p>}
        {questionErrors !== undefined && (
          <p id={questionErrorId} className="field__error">
            {questionErrors.join(' ')}
          </p>
        )}
      </div>
      {error !== null && (
        <div className="alert" role="alert">
          {error.message}
        </div>
      )}
      <button type="submit" className="button button--primary button--large" disabled={submitting}>
        {submitting && <span className="spinner" aria-hidden="true" />}
        Start an interview
      </button>
    </form>
  );
}
