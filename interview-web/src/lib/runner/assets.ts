/**
 * Where the runtime files are served from: hashed copies in the build output (dist/assets/runner/), from
 * our own origin. The app downloads them (same-origin, with progress) and hands the bytes to the sandbox
 * frame, which itself needs no network access at all.
 */
import quickjsWasm from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import pyodideLock from 'pyodide/pyodide-lock.json?url';
import pyodideWasm from 'pyodide/pyodide.asm.wasm?url';
import pythonStdlib from 'pyodide/python_stdlib.zip?url';
import type { RuntimeId } from './protocol';

export const RUNTIME_ASSET_URLS: Readonly<Record<RuntimeId, Readonly<Record<string, string>>>> = {
  python: { 'pyodide.asm.wasm': pyodideWasm, 'python_stdlib.zip': pythonStdlib, 'pyodide-lock.json': pyodideLock },
  javascript: { 'quickjs.wasm': quickjsWasm },
};
