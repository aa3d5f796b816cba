import { useEffect, useRef, useState } from 'react';
import type { CollabClient } from '../lib/collabClient';
import type { LanguageId } from '../lib/languages';
import { bindEditor } from '../monaco/collabBinding';
import { monaco, THEME } from '../monaco/setup';

type Props = {
  /** The session's collaboration client; the editor is read-only until there is one. */
  readonly client: CollabClient | null;
  /** The shared language, only mirrored into `data-language` (the binding switches the highlighting). */
  readonly language: LanguageId;
  /** After the end: the text stays visible and selectable, typing changes nothing. */
  readonly readOnly?: boolean;
};

/**
 * A Monaco editor that fills its parent, bound to the shared document. It owns one editor and one model,
 * created on mount and disposed on unmount; the binding follows the client (a new client, a new binding).
 */
export default function CodeEditor({ client, language, readOnly = false }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const model = monaco.editor.createModel('', 'plaintext');
    const created = monaco.editor.create(host, {
      model,
      theme: THEME,
      ariaLabel: 'Code editor',
      automaticLayout: true,
      fontFamily: "'JetBrains Mono', 'Fira Code', 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      fontSize: 14,
      lineHeight: 22,
      padding: { top: 16, bottom: 16 },
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      smoothScrolling: true,
      cursorBlinking: 'smooth',
      renderLineHighlight: 'all',
      tabSize: 4,
      fixedOverflowWidgets: true,
      readOnly: true,
    });
    setEditor(created);
    return () => {
      setEditor(null);
      created.dispose();
      model.dispose();
    };
  }, []);

  useEffect(() => {
    if (editor === null || client === null) return;
    const binding = bindEditor(client, editor);
    return () => binding.dispose();
  }, [editor, client]);

  useEffect(() => {
    editor?.updateOptions({ readOnly: readOnly || client === null, readOnlyMessage: { value: 'The interview has ended: the code is read-only.' } });
  }, [editor, client, readOnly]);

  return <div ref={hostRef} className="code-editor" data-language={language} data-readonly={readOnly ? 'true' : undefined} />;
}
