import { useEffect, useRef } from 'react';
import { languageInfo, textAfterLanguageChange, type LanguageId } from '../lib/languages';
import { monaco, THEME } from '../monaco/setup';

type Props = {
  readonly language: LanguageId;
  /** Called with the live editor once it exists (the collaboration binding attaches here). */
  readonly onReady?: (editor: monaco.editor.IStandaloneCodeEditor) => void;
};

/**
 * A Monaco editor that fills its parent. It owns one editor and one model, created on mount and
 * disposed on unmount; changing `language` re-highlights the model and swaps an untouched starter.
 */
export default function CodeEditor({ language, onReady }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const languageRef = useRef(language);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const info = languageInfo(languageRef.current);
    const model = monaco.editor.createModel(info.starter, info.monacoId);
    const editor = monaco.editor.create(host, {
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
    });
    editorRef.current = editor;
    onReady?.(editor);
    return () => {
      editorRef.current = null;
      editor.dispose();
      model.dispose();
    };
    // The editor is created once per mount; later props are applied by the effect below.
  }, []);

  useEffect(() => {
    const previous = languageRef.current;
    languageRef.current = language;
    const model = editorRef.current?.getModel();
    if (!model || previous === language) return;
    monaco.editor.setModelLanguage(model, languageInfo(language).monacoId);
    const next = textAfterLanguageChange(model.getValue(), previous, language);
    if (next !== model.getValue()) {
      // pushEditOperations keeps the swap undoable, unlike setValue.
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: next }], () => null);
    }
  }, [language]);

  return <div ref={hostRef} className="code-editor" data-language={language} />;
}
