import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Overlay } from './Overlay';

type Props = {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly busy?: boolean;
  readonly error?: string | null;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
};

/** A modal question with Cancel (focused first: the safe choice) and a danger button. */
export function ConfirmDialog({ title, children, confirmLabel, busy = false, error = null, onConfirm, onCancel }: Props) {
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);

  return (
    <Overlay onDismiss={onCancel}>
      <div role="alertdialog" aria-modal="true" aria-labelledby={titleId} className="overlay__dialog card confirm">
        <h2 id={titleId} className="card__title">
          {title}
        </h2>
        <div className="card__intro">{children}</div>
        {error !== null && (
          <div className="alert" role="alert">
            {error}
          </div>
        )}
        <div className="card__actions">
          <button ref={cancelRef} type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button--danger" disabled={busy} onClick={onConfirm}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {confirmLabel}
          </button>
        </div>
      </div>
    </Overlay>
  );
}
