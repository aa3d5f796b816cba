/**
 * Runs one JavaScript program in a fresh QuickJS runtime: the program, then its promise jobs and timers,
 * until nothing is left, an error goes uncaught (a throw, or a promise rejection nobody handled), the
 * deadline passes or the interrupt flag is raised. DOM-free and message-free, so the worker wraps it and
 * the unit tests call it directly.
 *
 * QuickJS has no `fetch`, no DOM and no access to the worker's globals: the program sees only the
 * JavaScript built-ins, `console`, the timers and `readline()`/`prompt()` over its input (quickjsPrelude.ts).
 *
 * Errors read as in a browser's console: `Uncaught TypeError: message` (`Uncaught (in promise) …` for a
 * rejection), then the stack with the program's file name and line numbers (`at f (main.js:3:7)`).
 */
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { OutputStream } from '../lib/runner/protocol';
import { PRELUDE_SOURCE } from './quickjsPrelude';

/** QuickJS's own stack limit; deep recursion ends in its "stack overflow" InternalError well before the host's. */
export const MAX_STACK_BYTES = 128 * 1024;
/** The name the program's code has in stack traces. */
export const PROGRAM_FILE = 'main.js';

export type JavaScriptRunOptions = {
  readonly timeLimitMs: number;
  readonly write: (stream: OutputStream, text: string) => void;
  /** What `readline()` and `prompt()` return, line by line; empty by default. */
  readonly stdin?: string;
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
/** A frame of the prelude (a timer firing, the promise tracker): not the program's, so not shown. */
const PRELUDE_FRAME = /[( ]prelude\.js:\d/;

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

  /** Reports what ended the program: thrown (`Uncaught`) or a rejection nobody handled (`Uncaught (in promise)`). */
  const ended = (error: QuickJSHandle, how = 'Uncaught'): JavaScriptRunResult => {
    const outcome = describe(context, error, options.memoryLimitBytes);
    // (dump() already disposed it when the value thrown was a promise)
    if (error.alive) error.dispose();
    if (stop !== null) return { outcome: stop === 'signal' ? 'interrupted' : 'timeout', message: '', broken: false };
    options.write('stderr', `${how} ${outcome.report}\n`);
    return { outcome: 'error', message: outcome.line ?? `${how} ${outcome.report}`, broken: false };
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
    const input = context.newString(options.stdin ?? '');
    handles.push(write, schedule, cancel, input);
    const preludeFn = context.unwrapResult(context.evalCode(PRELUDE_SOURCE, 'prelude.js'));
    handles.push(preludeFn);
    const host = context.unwrapResult(context.callFunction(preludeFn, context.undefined, write, schedule, cancel, input));
    const [fire, watch, check] = (['fire', 'watch', 'check'] as const).map((name) => context.getProp(host, name));
    host.dispose();
    handles.push(fire!, watch!, check!);
    // Only now: an interrupt while the prelude was set up would look like a failure of the runtime.
    runtime.setInterruptHandler(shouldStop);

    const main = context.evalCode(code, PROGRAM_FILE);
    if (main.error) {
      result = ended(main.error);
    } else {
      // `main();` as the last statement: its promise is the completion value, so its rejection is seen.
      const watched = context.callFunction(watch!, context.undefined, main.value);
      main.value.dispose();
      if (watched.error) result = ended(watched.error);
      else {
        watched.value.dispose();
        result = await loop(runtime, context, fire!, check!);
      }
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
    check: QuickJSHandle,
  ): Promise<JavaScriptRunResult> {
    for (;;) {
      const jobs = runtime.executePendingJobs(-1);
      if (jobs.error) return ended(jobs.error);
      if (shouldStop()) return { outcome: stop === 'signal' ? 'interrupted' : 'timeout', message: '', broken: false };
      // The job queue is empty: a rejection nothing handled by now ends the program, as in Node.
      const checked = context.callFunction(check, context.undefined);
      if (checked.error) return ended(checked.error, 'Uncaught (in promise)');
      const recheck = context.dump(checked.value) === true;
      checked.value.dispose();
      if (recheck) continue;
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

/**
 * The error as Node would report it ("TypeError: x is not a function" + the program's stack frames) and
 * as one line; `line` is null for a thrown value that is not an error (`throw 42`).
 */
function describe(context: QuickJSContext, error: QuickJSHandle, memoryLimitBytes?: number): { report: string; line: string | null } {
  const type = context.typeof(error);
  const dumped: unknown = context.dump(error);
  const limit = memoryLimitBytes ? ` (the limit is ${Math.round(memoryLimitBytes / 2 ** 20)} MB)` : '';
  if (dumped === null || (dumped === '' && type !== 'string')) {
    // QuickJS could not even allocate the error object (or dump it). `throw null` looks the same; it is rare.
    return { report: `InternalError: out of memory${limit}`, line: `Out of memory${limit}` };
  }
  if (typeof dumped === 'object' && dumped !== null && typeof (dumped as { message?: unknown }).message === 'string') {
    const { name, message, stack } = dumped as { name?: unknown; message: string; stack?: unknown };
    const head = `${typeof name === 'string' ? name : 'Error'}: ${message}`;
    // Like Node, at most ten frames (deep recursion would print thousands).
    const frames = typeof stack === 'string' ? stack.split('\n').filter((line) => line !== '' && !PRELUDE_FRAME.test(line)) : [];
    const trace = frames.length > MAX_FRAMES ? [...frames.slice(0, MAX_FRAMES), '    ...'].join('\n') : frames.join('\n');
    if (message === 'out of memory') return { report: `${head}${trace ? `\n${trace}` : ''}`, line: `Out of memory${limit}` };
    return { report: trace ? `${head}\n${trace}` : head, line: head };
  }
  const text = typeof dumped === 'string' ? `'${dumped}'` : JSON.stringify(dumped) ?? String(dumped);
  return { report: text, line: null };
}
