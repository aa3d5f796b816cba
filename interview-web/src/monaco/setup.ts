/**
 * Monaco, bundled from our own build: no loader, no CDN. Importing this module registers the worker
 * factory and the app's theme, and returns the same Monaco instance that y-monaco binds to (the Vite
 * alias maps its `monaco-editor/esm/vs/editor/editor.api` import onto `monaco-editor/editor/editor.api`).
 *
 * Only loaded on the session page (see CodeEditor's lazy import), so the home page stays small.
 */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    // The TypeScript service also serves JavaScript. Other labels (json, css, html) are languages we do
    // not offer; the generic editor worker keeps Monaco's own features (links, diff) working.
    if (label === 'typescript' || label === 'javascript') return new TypeScriptWorker();
    return new EditorWorker();
  },
};

// What the code runner's JavaScript runtime adds to the language (src/workers/quickjsPrelude.ts), so the
// editor neither flags `readline()` in TypeScript nor leaves it out of completions. `prompt` is in lib.dom.
const RUNNER_GLOBALS = `/** The next line of the program's input (the Input box) without its line break; null at the end. */
declare function readline(): string | null;
`;
for (const defaults of [monaco.typescript.typescriptDefaults, monaco.typescript.javascriptDefaults]) {
  defaults.addExtraLib(RUNNER_GLOBALS, 'file:///runner-globals.d.ts');
}

export const THEME = 'interview-dark';

monaco.editor.defineTheme(THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '6b7a90', fontStyle: 'italic' },
  ],
  colors: {
    'editor.background': '#0d1117',
    'editor.lineHighlightBackground': '#161b26',
    'editorLineNumber.foreground': '#3d4656',
    'editorLineNumber.activeForeground': '#9aa4b5',
    'editorGutter.background': '#0d1117',
    'editor.selectionBackground': '#3b4a7a',
    'editorCursor.foreground': '#8b9cff',
    'editorIndentGuide.background1': '#1c2230',
    'scrollbarSlider.background': '#2a3344aa',
  },
});

export { monaco };
