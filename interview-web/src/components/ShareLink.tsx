import { useEffect, useRef, useState } from 'react';
import { copyText } from '../lib/clipboard';

type Props = { readonly url: string };

type CopyState = 'idle' | 'copied' | 'failed';

/** The join link, read-only, with a "Copy link" button. Feedback goes to a polite live region. */
export function ShareLink({ url }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  const onCopy = async () => {
    const copied = await copyText(url);
    if (!copied) inputRef.current?.select();
    setCopy(copied ? 'copied' : 'failed');
  };

  return (
    <div className="share">
      <label className="field__label" htmlFor="share-link">
        Share link
      </label>
      <div className="share__row">
        <input
          ref={inputRef}
          id="share-link"
          className="input share__input"
          type="text"
          value={url}
          readOnly
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button button--secondary share__button" onClick={onCopy}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <rect x="5" y="5" width="9" height="9" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5" fill="none" stroke="currentColor"
              strokeWidth="1.5" />
          </svg>
          Copy link
        </button>
        <span className={`share__feedback share__feedback--${copy}`} aria-live="polite">
          {copy === 'copied' ? 'Copied' : copy === 'failed' ? 'Could not copy: the link is selected' : ''}
        </span>
      </div>
    </div>
  );
}
