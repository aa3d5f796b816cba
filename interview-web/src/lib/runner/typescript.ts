/**
 * TypeScript → JavaScript for the JavaScript runtime, with the TypeScript service Monaco already runs in its
 * worker on the session page (nothing more to download). Types are stripped, not checked — like
 * `tsc` with errors ignored: the editor shows the type errors already.
 */
export async function transpileTypeScript(code: string): Promise<string> {
  const { monaco } = await import('../../monaco/setup');
  // The editor's own model when it holds this code: a second copy would make the language service report
  // every declaration twice in the editor while it exists.
  const existing = monaco.editor.getModels().find((m) => m.getLanguageId() === 'typescript' && m.getValue() === code);
  const model = existing ?? monaco.editor.createModel(code, 'typescript', monaco.Uri.parse(`file:///run/${crypto.randomUUID()}.ts`));
  try {
    const getWorker = await monaco.typescript.getTypeScriptWorker();
    const worker = await getWorker(model.uri);
    const output = await worker.getEmitOutput(model.uri.toString());
    const js = output.outputFiles.find((file) => file.name.endsWith('.js'));
    if (js === undefined) throw new Error('no JavaScript was emitted');
    return js.text;
  } finally {
    if (existing === undefined) model.dispose();
  }
}
