/**
 * The JavaScript runtime: QuickJS compiled to WebAssembly, in a module worker inside the sandbox frame.
 * Protocol: `init` once (→ `ready` or `init-failed`), then `run` messages one at a time (→ `output`…,
 * `result`); see lib/runner/protocol.ts.
 *
 * Limits: the time limit and the frame's stop signal through QuickJS's interrupt handler; memory through a
 * WebAssembly memory with a fixed maximum (QuickJS's own memory limit does not hold in this build);
 * QuickJS's stack limit for deep recursion. A failure of the module itself makes the frame replace the
 * worker (`recycle`), which takes about 50 ms.
 */
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { WorkerRequest } from '../lib/runner/protocol';
import { runJavaScript } from './quickjsRun';
import { errorMessage, lockDown, onRequest, OutputSender, post } from './workerScope';

const PAGE = 64 * 1024;
const MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;
/** Replace the worker after a run that grew the memory past this (WebAssembly memory never shrinks). */
const RECYCLE_BYTES = 64 * 1024 * 1024;

let module: QuickJSWASMModule | null = null;
let memory: WebAssembly.Memory | null = null;
let interrupt: Int32Array | null = null;
let busy = false;

async function init(request: Extract<WorkerRequest, { type: 'init' }>): Promise<void> {
  const started = performance.now();
  try {
    memory = new WebAssembly.Memory({ initial: (16 * 1024 * 1024) / PAGE, maximum: MEMORY_LIMIT_BYTES / PAGE });
    const variant = newVariant(releaseSync, { wasmBinary: request.assets['quickjs.wasm'] as ArrayBuffer, wasmMemory: memory });
    module = await newQuickJSWASMModuleFromVariant(variant);
    interrupt = request.interrupt;
    lockDown();
    post({ type: 'ready', ms: Math.round(performance.now() - started) });
  } catch (error) {
    post({ type: 'init-failed', message: `JavaScript could not start: ${errorMessage(error)}` });
  }
}

async function run({ id, code, stdin, timeLimitMs }: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  if (module === null || busy) return;
  busy = true;
  if (interrupt !== null) Atomics.store(interrupt, 0, 0);
  const output = new OutputSender(id);
  const started = performance.now();
  const result = await runJavaScript(module, code, {
    timeLimitMs,
    stdin,
    interrupt,
    memoryLimitBytes: MEMORY_LIMIT_BYTES,
    write: (stream, text) => output.write(stream, text),
  });
  output.flush();
  busy = false;
  post({
    type: 'result',
    id,
    outcome: result.outcome,
    message: result.message,
    durationMs: Math.round(performance.now() - started),
    recycle: result.broken || (memory?.buffer.byteLength ?? 0) > RECYCLE_BYTES,
  });
}

onRequest((request) => {
  if (request.type === 'init' && module === null) void init(request);
  else if (request.type === 'run') void run(request);
});
