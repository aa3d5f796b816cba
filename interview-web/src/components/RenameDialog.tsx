import { useEffect } from 'react';
import { NamePrompt } from './NamePrompt';

type Props = {
  readonly name: string;
  readonly onSave: (name: string) => void;
  readonly onCancel: () => void;
};

/** A modal over the workspace (which stays mounted, so the editor keeps its text) to change the name. */
export function RenameDialog({ name, onSave, onCancel }: Props) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onCancel]);

  return (
    <div className="overlay" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div role="dialog" aria-modal="true" aria-label="Change name" className="overlay__dialog">
        <NamePrompt heading="Change name" initialName={name} submitLabel="Save" onSubmit={onSave} onCancel={onCancel} />
      </div>
    </div>
  );
}
