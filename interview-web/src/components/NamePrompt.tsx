import { useId, useState, type FormEvent } from 'react';
import { NAME_MAX_LENGTH, validateDisplayName } from '../lib/identity';

type Props = {
  readonly heading: string;
  readonly intro?: string;
  readonly initialName?: string;
  /** "Join" on first visit, "Save" when changing the name later. */
  readonly submitLabel: string;
  readonly onSubmit: (name: string) => void;
  /** When given, a Cancel button is shown (changing an existing name). */
  readonly onCancel?: () => void;
};

/** Asks for the visitor's display name: required, trimmed, at most 64 characters. */
export function NamePrompt({ heading, intro, initialName = '', submitLabel, onSubmit, onCancel }: Props) {
  const [value, setValue] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const errorId = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = validateDisplayName(value);
    if (check.ok) onSubmit(check.name);
    else setError(check.error);
  };

  return (
    <form className="card name-prompt" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h1 id={headingId} className="card__title">
        {heading}
      </h1>
      {intro !== undefined && <p className="card__intro">{intro}</p>}
      <div className="field">
        <label className="field__label" htmlFor="display-name">
          Your name
        </label>
        <input
          id="display-name"
          className="input"
          type="text"
          value={value}
          maxLength={NAME_MAX_LENGTH}
          autoComplete="name"
          autoFocus
          required
          aria-invalid={error !== null}
          aria-describedby={error !== null ? errorId : undefined}
          placeholder="e.g. Ada Lovelace"
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
        />
        {error !== null && (
          <p id={errorId} className="field__error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="card__actions">
        {onCancel !== undefined && (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
