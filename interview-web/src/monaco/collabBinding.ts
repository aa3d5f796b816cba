/**
 * Binds a Monaco editor to a {@link CollabClient}: the model mirrors the shared `code` text (y-monaco),
 * our selection goes into awareness and the others' cursors are drawn in their colours with their names,
 * and the model's highlighting follows the shared language.
 *
 * y-monaco imports `monaco-editor/esm/vs/editor/editor.api.js`; the Vite alias (and, in dev, the
 * pre-bundling of both packages in one pass) makes that the same Monaco instance as ours, which the
 * binding needs (its Range/Selection classes must be the editor's).
 */
import { MonacoBinding } from 'y-monaco';
import type { CollabClient } from '../lib/collabClient';
import { RemoteCursorStyles } from '../lib/cursorStyles';
import { monacoLanguageFor } from '../lib/languages';
import { monaco } from './setup';

export function bindEditor(client: CollabClient, editor: monaco.editor.IStandaloneCodeEditor): { dispose(): void } {
  const model = editor.getModel();
  if (model === null) throw new Error('The editor has no model to bind.');
  // The shared text uses LF (docs/protocol.md); set before the binding copies the text in.
  model.setEOL(monaco.editor.EndOfLineSequence.LF);
  const binding = new MonacoBinding(client.text, model, new Set([editor]), client.awareness);

  const applyLanguage = () => monaco.editor.setModelLanguage(model, monacoLanguageFor(client.language));
  applyLanguage();
  const offLanguage = client.on('language', applyLanguage);

  const styles = new RemoteCursorStyles(document);
  styles.update(client.participants);
  const offParticipants = client.on('participants', (participants) => styles.update(participants));

  return {
    dispose() {
      offLanguage();
      offParticipants();
      styles.dispose();
      // y-monaco 0.1.6 does not remove its cursor listener from the editor; once the client is disposed
      // that listener finds no local awareness state and does nothing.
      // When the editor's model went first (the editor component unmounting), y-monaco already destroyed
      // itself on the model's dispose event; a second destroy only makes Yjs warn.
      if (!model.isDisposed()) binding.destroy();
    },
  };
}
