import { useId } from 'react';
import type { LanguageId } from '../lib/languages';
import { MAX_STDIN_CHARS } from '../lib/runner/protocol';

type Props = {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The session language: the placeholder names the functions that read the input. */
  readonly language: LanguageId;
};

const READERS: Partial<Record<LanguageId, string>> = {
  python: 'Input for input() / sys.stdin',
  javascript: 'Input for readline() / prompt()',
  typescript: 'Input for readline() / prompt()',
};

/**
 * The program's standard input: what Run sends along for `input()`/`sys.stdin` (Python) and
 * `readline()`/`prompt()` (JavaScript). This participant's own — never shared with the session.
 */
export function RunInput({ value, onChange, language }: Props) {
  const id = useId();
  return (
    <div className="run-input">
      <div className="run-input__header">
        <label className="run-input__title" htmlFor={id}>
          Input
        </label>
        <span className="run-input__meta" id={`${id}-hint`}>
          only you see this
        </span>
      </div>
      <textarea
        id={id}
        className="run-input__text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={READERS[language] ?? 'Input for input() / readline()'}
        aria-describedby={`${id}-hint`}
        maxLength={MAX_STDIN_CHARS}
        wrap="off"
        spellCheck={false}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
      />
    </div>
  );
}
