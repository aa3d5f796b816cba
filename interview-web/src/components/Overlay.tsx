import { useEffect, type ReactNode } from 'react';

type Props = {
  readonly onDismiss: () => void;
  readonly children: ReactNode;
};

/** The backdrop of a modal: Escape, or a click on the backdrop itself (not the dialog), dismisses it. */
export function Overlay({ onDismiss, children }: Props) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onDismiss();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onDismiss]);

  return (
    <div className="overlay" onMouseDown={(event) => event.target === event.currentTarget && onDismiss()}>
      {children}
    </div>
  );
}
