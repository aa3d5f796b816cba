import { useId, useState } from 'react';
import { useQuestions } from '../hooks/useInterview';
import type { ShownQuestion } from '../lib/interview/sessionState';
import { Markdown } from './Markdown';

type Props = {
  readonly question: ShownQuestion | null;
  /** Interviewer only: the picker that loads a question for everyone. */
  readonly picker: null | {
    readonly disabled: boolean;
    readonly onLoad: (questionId: string) => void;
    readonly onHide: () => void;
  };
};

/** The question everyone reads (a region named "Question"), with the interviewer's picker above it. */
export function QuestionPanel({ question, picker }: Props) {
  const headingId = useId();
  return (
    <section className="side-card question" aria-labelledby={headingId}>
      <h2 id={headingId} className="side-card__title">
        Question
      </h2>
      {picker !== null && <QuestionPicker current={question?.id ?? null} {...picker} />}
      {question === null ? (
        <p className="side-card__empty">{picker !== null ? 'Pick a question to show it to everyone.' : 'The interviewer has not shared a question yet.'}</p>
      ) : (
        <article className="question__body" aria-label={question.title}>
          <div className="question__head">
            <h3 className="question__title">{question.title}</h3>
            <span className={`difficulty difficulty--${question.difficulty}`}>{question.difficulty}</span>
          </div>
          <Markdown source={question.prompt} className="markdown question__prompt" />
          {question.examples.length > 0 && (
            <div className="question__examples">
              <h4>Examples</h4>
              {question.examples.map((example, i) => (
                <dl key={i} className="example">
                  <dt>Input</dt>
                  <dd><code>{example.input}</code></dd>
                  <dt>Output</dt>
                  <dd><code>{example.output}</code></dd>
                  {example.explanation !== undefined && (
                    <>
                      <dt>Why</dt>
                      <dd>{example.explanation}</dd>
                    </>
                  )}
                </dl>
              ))}
            </div>
          )}
        </article>
      )}
    </section>
  );
}

function QuestionPicker({ current, disabled, onLoad, onHide }: { current: string | null } & NonNullable<Props['picker']>) {
  const { questions, error } = useQuestions(true);
  const [selected, setSelected] = useState('');
  const choice = selected || current || questions[0]?.id || '';
  return (
    <div className="question-picker">
      <select
        className="select select--small"
        aria-label="Question library"
        value={choice}
        disabled={disabled || questions.length === 0}
        onChange={(e) => setSelected(e.target.value)}
      >
        {questions.map((q) => (
          <option key={q.id} value={q.id}>
            {q.title} · {q.difficulty}
          </option>
        ))}
      </select>
      <button type="button" className="button button--primary button--small" disabled={disabled || choice === ''} onClick={() => onLoad(choice)}>
        Load question
      </button>
      {current !== null && (
        <button type="button" className="button button--ghost button--small" disabled={disabled} onClick={onHide}>
          Hide
        </button>
      )}
      {error !== null && <p className="field__error">{error}</p>}
    </div>
  );
}
