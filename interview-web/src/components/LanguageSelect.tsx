import { LANGUAGES, toLanguageId, type LanguageId } from '../lib/languages';

type Props = {
  readonly id: string;
  readonly value: LanguageId;
  readonly onChange: (language: LanguageId) => void;
  readonly disabled?: boolean;
  readonly className?: string;
  /** Id of an element that explains an error with the choice. */
  readonly describedBy?: string;
};

/** A select labelled "Language" listing every language a session can use. */
export function LanguageSelect({ id, value, onChange, disabled, className, describedBy }: Props) {
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        Language
      </label>
      <select
        id={id}
        className="select"
        value={value}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={describedBy !== undefined || undefined}
        onChange={(event) => onChange(toLanguageId(event.target.value))}
      >
        {LANGUAGES.map((language) => (
          <option key={language.id} value={language.id}>
            {language.label}
          </option>
        ))}
      </select>
    </div>
  );
}
