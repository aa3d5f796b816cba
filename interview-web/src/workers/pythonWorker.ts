/**
 * The Python runtime: Pyodide (CPython compiled to WebAssembly), standard library only. Runs inside the
 * sandbox frame as a module worker. Protocol: `init` once (→ `ready` or `init-failed`), then `run` messages,
 * one at a time (→ `output`…, `result`). See lib/runner/protocol.ts.
 *
 * Isolation, in layers:
 * - The frame has an opaque origin and a CSP with `connect-src 'none'`: no cookies, no storage, no requests.
 * - The runtime's files come as bytes from the app (served by {@link serveFromMemory} while Pyodide starts).
 * - Pyodide's `js` module is an empty object, `import js` / `import pyodide_js` are refused (pythonRunner.py),
 *   and the network, storage and messaging globals are removed from the worker once Pyodide is up.
 * - `eval` of JavaScript fails under the CSP (no 'unsafe-eval'), so `pyodide.code.run_js` cannot help.
 * - Memory growth is capped, so a runaway allocation is a Python MemoryError, not a crashed tab.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import pyodideModuleUrl from 'pyodide/pyodide.asm.mjs?url';
import type { WorkerRequest } from '../lib/runner/protocol';
import runnerSource from './pythonRunner.py?raw';
import {
  capMemoryGrowth,
  errorMessage,
  largestMemoryBytes,
  lockDown,
  onRequest,
  OutputSender,
  post,
  serveFromMemory,
  StdinBytes,
} from './workerScope';

/** The most memory Python may use. */
const MEMORY_LIMIT_BYTES = 512 * 1024 * 1024;
/** After a run that left the heap bigger than this, the frame replaces the worker (memory never shrinks). */
const RECYCLE_BYTES = 256 * 1024 * 1024;

type PythonRun = ((source: string) => Promise<{ toJs(): unknown; destroy(): void }>) & { destroy(): void };

let pyodide: PyodideAPI | null = null;
let runProgram: PythonRun | null = null;
let interrupt: Int32Array | null = null;
let output: OutputSender | null = null;
/** File descriptor 0: the run's input, then end-of-file (pythonRunner.py gives each run a fresh sys.stdin on it). */
const stdin = new StdinBytes();
let busy = false;

async function init(request: Extract<WorkerRequest, { type: 'init' }>): Promise<void> {
  const started = performance.now();
  try {
    capMemoryGrowth(MEMORY_LIMIT_BYTES);
    const { assets } = request;
    serveFromMemory({
      'pyodide.asm.wasm': { body: assets['pyodide.asm.wasm'] as ArrayBuffer, type: 'application/wasm' },
      'python_stdlib.zip': { body: assets['python_stdlib.zip'] as ArrayBuffer, type: 'application/zip' },
    });
    const moduleUrl = new URL(pyodideModuleUrl, import.meta.url).href;
    const { default: createPyodideModule } = (await import(/* @vite-ignore */ moduleUrl)) as {
      default: NonNullable<Parameters<typeof loadPyodide>[0]>['createPyodideModule'];
    };
    const indexURL = new URL('./', moduleUrl).href;
    const py = await loadPyodide({
      indexURL,
      packageBaseUrl: indexURL,
      lockFileContents: new TextDecoder().decode(assets['pyodide-lock.json']),
      createPyodideModule,
      // The `js` module: nothing of the worker's global scope.
      jsglobals: Object.create(null) as object,
      stdout: () => undefined,
      stderr: () => undefined,
    });
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    for (const stream of ['stdout', 'stderr'] as const) {
      const write = (buffer: Uint8Array): number => {
        output?.write(stream, decoders[stream].decode(buffer, { stream: true }));
        return buffer.length;
      };
      if (stream === 'stdout') py.setStdout({ write, isatty: false });
      else py.setStderr({ write, isatty: false });
    }
    // Never blocks: the run's input is in memory, and after it input() raises EOFError as in CPython.
    py.setStdin({ read: stdin.read, isatty: false });
    if (request.interrupt !== null) {
      interrupt = request.interrupt;
      py.setInterruptBuffer(interrupt);
    }
    const namespace = py.globals.get('dict')();
    py.runPython(runnerSource, { globals: namespace, filename: '<runner>' });
    runProgram = namespace.get('run') as PythonRun;
    namespace.destroy();
    pyodide = py;
    lockDown();
    post({ type: 'ready', ms: Math.round(performance.now() - started) });
  } catch (error) {
    post({ type: 'init-failed', message: `Python could not start: ${errorMessage(error)}` });
  }
}

async function run({ id, code, stdin: input }: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  if (pyodide === null || runProgram === null || busy) return;
  busy = true;
  if (interrupt !== null) Atomics.store(interrupt, 0, 0);
  output = new OutputSender(id);
  stdin.reset(input);
  const started = performance.now();
  let outcome: 'done' | 'error' | 'interrupted' = 'error';
  let message = '';
  let broken = false;
  try {
    const result = await runProgram(code);
    const [kind, text] = result.toJs() as [string, string];
    result.destroy();
    outcome = kind === 'done' || kind === 'interrupted' ? kind : 'error';
    message = text;
  } catch (error) {
    message = errorMessage(error);
    if (interrupt !== null && (Atomics.load(interrupt, 0) !== 0 || message.includes('KeyboardInterrupt'))) {
      // A stop that landed outside the program (while Pyodide called into it or converted its result).
      outcome = 'interrupted';
      message = '';
    } else {
      // Python's own errors are handled in pythonRunner.py; this is the runtime itself failing.
      broken = true;
      output.write('stderr', `${message}\n`);
    }
  }
  output.flush();
  output = null;
  busy = false;
  if (interrupt !== null) Atomics.store(interrupt, 0, 0);
  post({
    type: 'result',
    id,
    outcome,
    message,
    durationMs: Math.round(performance.now() - started),
    recycle: broken || largestMemoryBytes() > RECYCLE_BYTES,
  });
}

onRequest((request) => {
  if (request.type === 'init' && pyodide === null) void init(request);
  else if (request.type === 'run') void run(request);
});
