import { NamePrompt } from './NamePrompt';
import { Overlay } from './Overlay';

type Props = {
  readonly name: string;
  readonly onSave: (name: string) => void;
  readonly onCancel: () => void;
};

/** A modal over the workspace (which stays mounted, so the editor keeps its text) to change the name. */
export function RenameDialog({ name, onSave, onCancel }: Props) {
  return (
    <Overlay onDismiss={onCancel}>
      <div role="dialog" aria-modal="true" aria-label="Change name" className="overlay__dialog">
        <NamePrompt heading="Change name" initialName={name} submitLabel="Save" onSubmit={onSave} onCancel={onCancel} />
      </div>
    </Overlay>
  );
}
