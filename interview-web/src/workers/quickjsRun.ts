/**
 * Runs one JavaScript program in a fresh QuickJS runtime: the program, then its promise jobs and timers,
 * until nothing is left, the deadline passes or the interrupt flag is raised. DOM-free and message-free,
 * so the worker wraps it and the unit tests call it directly.
 *
 * QuickJS has no `fetch`, no DOM and no access to the worker's globals: the program sees only the
 * JavaScript built-ins, `console` and the timers (quickjsPrelude.ts).
 */
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { OutputStream } from '../lib/runner/protocol';
import { PRELUDE_SOURCE } from './quickjsPrelude';

/** QuickJS's own stack limit; deep recursion ends in its "stack overflow" InternalError well before the host's. */
export const MAX_STACK_BYTES = 128 * 1024;

export type JavaScriptRunOptions = {
  readonly timeLimitMs: number;
  readonly write: (stream: OutputStream, text: string) => void;
  /** Non-zero asks the program to stop (shared with the frame when it is cross-origin isolated). */
  readonly interrupt?: Int32Array | null;
  readonly now?: () => number;
  /** The memory limit, for the message when it is reached. */
  readonly memoryLimitBytes?: number;
};

export type JavaScriptRunResult = {
  readonly outcome: 'done' | 'error' | 'interrupted' | 'timeout';
  readonly message: string;
  /** The runtime could not be cleaned up (or failed inside): use a new module before the next run. */
  readonly broken: boolean;
};

type Stop = 'deadline' | 'signal' | null;

const MAX_FRAMES = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runJavaScript(module: QuickJSWASMModule, code: string, options: JavaScriptRunOptions): Promise<JavaScriptRunResult> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeLimitMs;
  const interrupt = options.interrupt ?? null;
  let stop: Stop = null;
  const shouldStop = (): boolean => {
    if (stop !== null) return true;
    if (interrupt !== null && Atomics.load(interrupt, 0) !== 0) stop = 'signal';
    else if (now() > deadline) stop = 'deadline';
    return stop !== null;
  };

  const runtime = module.newRuntime();
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  const context = runtime.newContext();
  /** Due timers, in the order they fire. */
  let timers: { id: number; due: number; seq: number }[] = [];
  let seq = 0;
  const handles: QuickJSHandle[] = [];
  let result: JavaScriptRunResult;

  const ended = (error: QuickJSHandle): JavaScriptRunResult => {
    const outcome = describe(context, error, options.memoryLimitBytes);
    error.dispose();
    if (stop !== null) return { outcome: stop === 'signal' ? 'interrupted' : 'timeout', message: '', broken: false };
    options.write('stderr', `Uncaught ${outcome.report}\n`);
    return { outcome: 'error', message: outcome.line, broken: false };
  };

  try {
    const write = context.newFunction('write', (stream, text) => {
      options.write(context.getNumber(stream) === 2 ? 'stderr' : 'stdout', context.getString(text));
    });
    const schedule = context.newFunction('schedule', (id, delay) => {
      const due = now() + context.getNumber(delay);
      timers.push({ id: context.getNumber(id), due, seq: seq++ });
      timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    });
    const cancel = context.newFunction('cancel', (id) => {
      const n = context.getNumber(id);
      timers = timers.filter((t) => t.id !== n);
    });
    handles.push(write, schedule, cancel);
    const preludeFn = context.unwrapResult(context.evalCode(PRELUDE_SOURCE, 'prelude.js'));
    handles.push(preludeFn);
    const fire = context.unwrapResult(context.callFunction(preludeFn, context.undefined, write, schedule, cancel));
    handles.push(fire);
    // Only now: an interrupt while the prelude was set up would look like a failure of the runtime.
    runtime.setInterruptHandler(shouldStop);

    const main = context.evalCode(code, 'main.js');
    if (main.error) {
      result = ended(main.error);
    } else {
      main.value.dispose();
      result = await loop(runtime, context, fire);
    }
  } catch (error) {
    // A failure of the host side (a RuntimeError from the wasm module, the host's stack): not the program's.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    options.write('stderr', `${message}\n`);
    return { outcome: 'error', message, broken: true };
  }

  try {
    for (const handle of handles) handle.dispose();
    context.dispose();
    runtime.dispose();
  } catch {
    result = { ...result, broken: true };
  }
  return result;

  async function loop(
    runtime: ReturnType<QuickJSWASMModule['newRuntime']>,
    context: QuickJSContext,
    fire: QuickJSHandle,
  ): Promise<JavaScriptRunResult> {
    for (;;) {
      const jobs = runtime.executePendingJobs(-1);
      if (jobs.error) return ended(jobs.error);
      if (shouldStop()) return { outcome: stop === 'signal' ? 'interrupted' : 'timeout', message: '', broken: false };
      const next = timers.shift();
      if (next === undefined) return { outcome: 'done', message: '', broken: false };
      // Wait for the timer in small steps, so a stop (or the deadline) is noticed meanwhile.
      while (now() < next.due) {
        if (shouldStop()) return { outcome: stop === 'signal' ? 'interrupted' : 'timeout', message: '', broken: false };
        await sleep(Math.min(25, next.due - now()));
      }
      const id = context.newNumber(next.id);
      const fired = context.callFunction(fire, context.undefined, id);
      id.dispose();
      if (fired.error) return ended(fired.error);
      fired.value.dispose();
    }
  }
}

/** The error as Node would report it ("TypeError: x is not a function" + stack) and as one line. */
function describe(context: QuickJSContext, error: QuickJSHandle, memoryLimitBytes?: number): { report: string; line: string } {
  const dumped: unknown = context.dump(error);
  const limit = memoryLimitBytes ? ` (the limit is ${Math.round(memoryLimitBytes / 2 ** 20)} MB)` : '';
  if (dumped === '' || dumped === null || dumped === undefined) {
    // QuickJS could not even allocate the error object.
    return { report: `InternalError: out of memory${limit}`, line: `Out of memory${limit}` };
  }
  if (typeof dumped === 'object' && typeof (dumped as { message?: unknown }).message === 'string') {
    const { name, message, stack } = dumped as { name?: unknown; message: string; stack?: unknown };
    const head = `${typeof name === 'string' ? name : 'Error'}: ${message}`;
    // Like Node, at most ten frames (deep recursion would print thousands).
    const frames = typeof stack === 'string' ? stack.replace(/\n$/, '').split('\n') : [];
    const trace = frames.length > MAX_FRAMES ? [...frames.slice(0, MAX_FRAMES), '    ...'].join('\n') : frames.join('\n');
    if (message === 'out of memory') return { report: `${head}${trace ? `\n${trace}` : ''}`, line: `Out of memory${limit}` };
    return { report: trace ? `${head}\n${trace}` : head, line: head };
  }
  const text = typeof dumped === 'string' ? `'${dumped}'` : JSON.stringify(dumped) ?? String(dumped);
  return { report: text, line: `Uncaught ${text}` };
}
