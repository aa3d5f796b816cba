/**
 * Evaluated inside every QuickJS context before the program (as source text: `String(prelude)`), so it
 * must not refer to anything outside itself. It installs
 * - `console` (log, info, debug → stdout; warn, error, trace → stderr; objects printed the way Node prints
 *   them) and the timer functions, which hand their scheduling to the host;
 * - `readline()` and `prompt()`, which return the lines of the run's input one by one (null at the end);
 * - a tracker of unhandled promise rejections (this QuickJS build has no host hook for them).
 * It receives the host functions and the input as arguments, so the program never sees them, and returns
 * the functions the host calls (see {@link PreludeHost}).
 */

/** stream: 1 = stdout, 2 = stderr. */
export type HostWrite = (stream: 1 | 2, text: string) => void;
export type HostSchedule = (id: number, delayMs: number) => void;
export type HostCancel = (id: number) => void;

export type PreludeHost = {
  /** Calls timer `id`'s callback; false when it was cleared meanwhile. */
  readonly fire: (id: number) => boolean;
  /** Tracks a promise the host got hold of (the program's completion value, as in `main();` last). */
  readonly watch: (value: unknown) => void;
  /**
   * Call when no promise job is left: throws the reason of the oldest rejection nobody handled (the
   * program then ends, as in Node). Otherwise returns true when it started watching more promises: run
   * the jobs that queued and check again.
   */
  readonly check: () => boolean;
};

export function prelude(write: HostWrite, schedule: HostSchedule, cancel: HostCancel, input: string): PreludeHost {
  'use strict';
  const BREAK_LENGTH = 72;
  const MAX_DEPTH = 2;
  const MAX_ITEMS = 100;
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  /** A stack frame of this prelude (a timer firing, console.trace): not the program's, so not shown. */
  const OWN_FRAME = /[( ]prelude\.js:\d/;
  const programFrames = (stack: string): string =>
    stack
      .split('\n')
      .filter((line) => line !== '' && !OWN_FRAME.test(line))
      .join('\n');

  const quote = (s: string): string =>
    `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;

  const keyOf = (key: string | symbol): string =>
    typeof key === 'symbol' ? `[${String(key)}]` : IDENTIFIER.test(key) ? key : quote(key);

  const join = (open: string, parts: string[], close: string, indent: string): string => {
    if (parts.length === 0) return `${open}${close}`;
    const flat = `${open} ${parts.join(', ')} ${close}`;
    if (flat.length + indent.length <= BREAK_LENGTH && !flat.includes('\n')) return flat;
    const inner = indent + '  ';
    return `${open}\n${parts.map((p) => inner + p).join(',\n')}\n${indent}${close}`;
  };

  const constructorName = (value: object): string | null => {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
    if (proto === null) return null;
    const name = proto.constructor?.name;
    return typeof name === 'string' ? name : '';
  };

  const inspect = (value: unknown, depth: number, indent: string, seen: object[]): string => {
    switch (typeof value) {
      case 'string':
        return depth === 0 ? value : quote(value);
      case 'number':
        return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint':
        return `${String(value)}n`;
      case 'symbol':
      case 'boolean':
      case 'undefined':
        return String(value);
      case 'function': {
        const source = Function.prototype.toString.call(value);
        if (source.startsWith('class')) return `[class ${value.name || '(anonymous)'}]`;
        return value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]';
      }
    }
    if (value === null) return 'null';
    const object = value as object;
    if (object instanceof Error) {
      const stack = typeof object.stack === 'string' ? programFrames(object.stack) : '';
      const head = `${object.name}: ${object.message}`;
      return stack.startsWith(head) ? stack : stack ? `${head}\n${stack}` : head;
    }
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    if (object instanceof RegExp) return String(object);
    if (seen.includes(object)) return '[Circular]';
    const name = constructorName(object);
    const isArray = Array.isArray(object);
    if (depth > MAX_DEPTH) return isArray ? '[Array]' : `[${name || 'Object'}]`;
    const next = [...seen, object];
    const show = (v: unknown) => inspect(v, depth + 1, indent + '  ', next);

    if (object instanceof Map) {
      const parts = [...object].slice(0, MAX_ITEMS).map(([k, v]) => `${show(k)} => ${show(v)}`);
      if (object.size > MAX_ITEMS) parts.push(`... ${object.size - MAX_ITEMS} more items`);
      return join(`Map(${object.size}) {`, parts, '}', indent);
    }
    if (object instanceof Set) {
      const parts = [...object].slice(0, MAX_ITEMS).map((v) => show(v));
      if (object.size > MAX_ITEMS) parts.push(`... ${object.size - MAX_ITEMS} more items`);
      return join(`Set(${object.size}) {`, parts, '}', indent);
    }
    if (isArray || ArrayBuffer.isView(object)) {
      const items = object as unknown as ArrayLike<unknown>;
      const parts: string[] = [];
      let holes = 0;
      for (let i = 0; i < Math.min(items.length, MAX_ITEMS); i++) {
        if (!(i in items)) {
          holes++;
          continue;
        }
        if (holes > 0) parts.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
        holes = 0;
        parts.push(show(items[i]));
      }
      if (holes > 0) parts.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      if (items.length > MAX_ITEMS) parts.push(`... ${items.length - MAX_ITEMS} more items`);
      for (const key of Object.keys(object).filter((k) => !/^\d+$/.test(k))) {
        parts.push(`${keyOf(key)}: ${show((object as unknown as Record<string, unknown>)[key])}`);
      }
      const prefix = isArray ? (name === 'Array' ? '' : `${name || '[Array: null prototype]'}(${items.length}) `) : `${name}(${items.length}) `;
      return join(`${prefix}[`, parts, ']', indent);
    }
    const keys: (string | symbol)[] = [...Object.keys(object), ...Object.getOwnPropertySymbols(object)];
    const parts = keys.map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      if (descriptor !== undefined && descriptor.get !== undefined) return `${keyOf(key)}: [Getter${descriptor.set ? '/Setter' : ''}]`;
      return `${keyOf(key)}: ${show((object as Record<string | symbol, unknown>)[key])}`;
    });
    const prefix = name === null ? '[Object: null prototype] ' : name === 'Object' || name === '' ? '' : `${name} `;
    return join(`${prefix}{`, parts, '}', indent);
  };

  const formatArgs = (args: unknown[]): string => {
    const first = args[0];
    let rest = args;
    let head = '';
    if (typeof first === 'string' && first.includes('%')) {
      let index = 1;
      head = first.replace(/%([sdifjoOc%])/g, (match, code: string) => {
        if (code === '%') return '%';
        if (index >= args.length) return match;
        const arg = args[index++];
        switch (code) {
          case 's':
            return typeof arg === 'string' ? arg : inspect(arg, 1, '', []);
          case 'd':
          case 'i': {
            const n = Number(arg);
            return String(code === 'i' ? Math.trunc(n) : n);
          }
          case 'f':
            return String(Number(arg));
          case 'j':
            try {
              return JSON.stringify(arg);
            } catch {
              return '[Circular]';
            }
          case 'c':
            return '';
          default:
            return inspect(arg, 1, '', []);
        }
      });
      rest = args.slice(index);
      return [head, ...rest.map((a) => inspect(a, 0, '', []))].join(' ');
    }
    return rest.map((a) => inspect(a, 0, '', [])).join(' ');
  };

  let groupIndent = '';
  const print = (stream: 1 | 2, args: unknown[]) => {
    const text = formatArgs(args);
    write(stream, (groupIndent ? text.replace(/^/gm, groupIndent) : text) + '\n');
  };
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const console = {
    log: (...args: unknown[]) => print(1, args),
    info: (...args: unknown[]) => print(1, args),
    debug: (...args: unknown[]) => print(1, args),
    warn: (...args: unknown[]) => print(2, args),
    error: (...args: unknown[]) => print(2, args),
    trace: (...args: unknown[]) => {
      const stack = programFrames(new Error().stack ?? '');
      print(2, [`Trace${args.length ? `: ${formatArgs(args)}` : ''}${stack ? `\n${stack}` : ''}`]);
    },
    dir: (value: unknown) => print(1, [value]),
    table: (value: unknown) => print(1, [value]),
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) print(2, [`Assertion failed${args.length ? `: ${formatArgs(args)}` : ''}`]);
    },
    count: (label = 'default') => {
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      print(1, [`${label}: ${n}`]);
    },
    countReset: (label = 'default') => void counts.delete(label),
    time: (label = 'default') => void timers.set(label, Date.now()),
    timeLog: (label = 'default', ...args: unknown[]) => {
      const start = timers.get(label);
      if (start !== undefined) print(1, [`${label}: ${Date.now() - start}ms`, ...args]);
    },
    timeEnd: (label = 'default') => {
      const start = timers.get(label);
      timers.delete(label);
      if (start !== undefined) print(1, [`${label}: ${Date.now() - start}ms`]);
    },
    group: (...args: unknown[]) => {
      if (args.length) print(1, args);
      groupIndent += '  ';
    },
    groupEnd: () => {
      groupIndent = groupIndent.slice(2);
    },
  };
  Object.defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true, enumerable: false });

  type Timer = { fn: (...args: unknown[]) => unknown; args: unknown[]; every: number };
  const pending = new Map<number, Timer>();
  let nextId = 1;
  const add = (fn: unknown, ms: unknown, args: unknown[], repeat: boolean): number => {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function');
    const delay = Math.max(0, Number(ms) || 0);
    const id = nextId++;
    pending.set(id, { fn: fn as Timer['fn'], args, every: repeat ? Math.max(1, delay) : 0 });
    schedule(id, delay);
    return id;
  };
  const clear = (id: unknown) => {
    if (typeof id === 'number' && pending.delete(id)) cancel(id);
  };
  const globals = globalThis as Record<string, unknown>;
  globals.setTimeout = (fn: unknown, ms?: unknown, ...args: unknown[]) => add(fn, ms, args, false);
  globals.setInterval = (fn: unknown, ms?: unknown, ...args: unknown[]) => add(fn, ms, args, true);
  globals.clearTimeout = clear;
  globals.clearInterval = clear;
  globals.queueMicrotask = (fn: () => void) => void Promise.resolve().then(fn);

  // ---- standard input: the lines of the run's input, then null ----
  let inputAt = 0;
  const nextLine = (): string | null => {
    if (inputAt >= input.length) return null;
    const end = input.indexOf('\n', inputAt);
    const line = end < 0 ? input.slice(inputAt) : input.slice(inputAt, end);
    inputAt = end < 0 ? input.length : end + 1;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };
  const stdin = {
    /** The next line without its line break, or null at the end (like SpiderMonkey's and d8's shells). */
    readline: (): string | null => nextLine(),
    /** As in Deno: writes the message and a space, returns the next line (or the default for an empty one), null at the end. */
    prompt: (message?: unknown, defaultValue?: unknown): string | null => {
      if (message !== undefined) write(1, `${String(message)} `);
      const line = nextLine();
      return line === '' && defaultValue !== undefined ? String(defaultValue) : line;
    },
  };
  globals.readline = stdin.readline;
  globals.prompt = stdin.prompt;

  // ---- unhandled rejections ----
  // A rejected promise that nothing handled by the time the job queue is empty ends the program, as in
  // Node. QuickJS reports no such thing here, so the prelude keeps watch over the promises it can see:
  // those `then`/`catch`/`finally` and the static combinators return, and whatever the host passes to
  // `watch`. A promise counts as handled once `then` is called on it or its `constructor` is read, which
  // is how `await`, `Promise.resolve` and the combinators take a promise over. Promises from `new
  // Promise` and from async functions called as a statement are not seen, so they can be missed; a
  // handled rejection is never reported.
  const NativePromise = Promise;
  const promiseProto = NativePromise.prototype;
  const nativeThen = promiseProto.then;
  const handled = new WeakSet<object>();
  /** Rejected and not handled, oldest first. */
  const unhandled = new Map<object, unknown>();
  /** Seen since the last check; most are taken over (by `then`, `await`) before the queue runs dry. */
  let fresh: Promise<unknown>[] = [];
  let watching = false;
  const markHandled = (value: unknown) => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return;
    handled.add(value);
    unhandled.delete(value);
  };
  /** Adds a rejection handler to the fresh promises nobody took over; true when there were any. */
  const watchFresh = (): boolean => {
    const batch = fresh;
    fresh = [];
    let watched = false;
    watching = true;
    try {
      for (const promise of batch) {
        if (handled.has(promise)) continue;
        watched = true;
        nativeThen.call(promise, undefined, (reason: unknown) => {
          if (!handled.has(promise)) unhandled.set(promise, reason);
        });
      }
    } finally {
      watching = false;
    }
    return watched;
  };
  const watch = (value: unknown): void => {
    if (!(value instanceof NativePromise) || Object.getPrototypeOf(value) !== promiseProto || handled.has(value)) return;
    // In batches, so a program that never lets the queue run dry does not keep every promise alive.
    if (fresh.push(value) >= 4096) watchFresh();
  };
  const methods = {
    then(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown): Promise<unknown> {
      markHandled(this);
      const derived = nativeThen.call(this, onFulfilled as never, onRejected as never);
      watch(derived);
      return derived;
    },
  };
  Object.defineProperty(promiseProto, 'then', { value: methods.then, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(promiseProto, 'constructor', {
    get(this: unknown) {
      if (!watching) markHandled(this);
      return NativePromise;
    },
    set(this: unknown, value: unknown) {
      Object.defineProperty(this, 'constructor', { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: false,
    configurable: true,
  });
  // (Not `resolve`: used everywhere, and it rejects only for a rejected thenable that is not a promise.)
  const statics = NativePromise as unknown as Record<string, unknown>;
  for (const name of ['reject', 'all', 'allSettled', 'any', 'race']) {
    const native = statics[name];
    if (typeof native !== 'function') continue;
    const wrapped = {
      [name](this: unknown, ...args: unknown[]): unknown {
        const result: unknown = native.apply(this, args);
        watch(result);
        return result;
      },
    }[name]!;
    Object.defineProperty(wrapped, 'length', { value: native.length });
    Object.defineProperty(NativePromise, name, { value: wrapped, writable: true, enumerable: false, configurable: true });
  }

  return {
    fire: (id: number): boolean => {
      const timer = pending.get(id);
      if (timer === undefined) return false;
      if (timer.every > 0) schedule(id, timer.every);
      else pending.delete(id);
      timer.fn(...timer.args);
      return true;
    },
    watch,
    check: (): boolean => {
      for (const [promise, reason] of unhandled) {
        unhandled.delete(promise);
        handled.add(promise);
        throw reason;
      }
      return watchFresh();
    },
  };
}

/** The prelude as a QuickJS expression that evaluates to the function. */
export const PRELUDE_SOURCE = `(${String(prelude)})`;
