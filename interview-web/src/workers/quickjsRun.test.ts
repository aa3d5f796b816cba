// @vitest-environment node
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runJavaScript, type JavaScriptRunOptions } from './quickjsRun';

const MEMORY_LIMIT = 64 * 1024 * 1024;
let module: QuickJSWASMModule;
let memory: WebAssembly.Memory;

beforeAll(async () => {
  // As in the worker: a memory with a fixed maximum is the only memory limit that holds.
  memory = new WebAssembly.Memory({ initial: 256, maximum: MEMORY_LIMIT / 65536 });
  module = await newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmMemory: memory }));
});

async function run(code: string, options: Partial<JavaScriptRunOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const result = await runJavaScript(module, code, {
    timeLimitMs: 2000,
    memoryLimitBytes: MEMORY_LIMIT,
    write: (stream, text) => (stream === 'stdout' ? (stdout += text) : (stderr += text)),
    ...options,
  });
  return { ...result, stdout, stderr };
}

describe('runJavaScript', () => {
  it('prints values the way Node does', async () => {
    const { stdout, outcome } = await run(
      'console.log([1,2,{a:3}]); console.log("s", 1, -0, 10n, null, undefined, true); console.log({ "a-b": [], s: "q\'t" }, new Set([1]), new Map([["k", { x: 1 }]]))',
    );
    expect(outcome).toBe('done');
    expect(stdout).toBe("[ 1, 2, { a: 3 } ]\ns 1 -0 10n null undefined true\n{ 'a-b': [], s: 'q\\'t' } Set(1) { 1 } Map(1) { 'k' => { x: 1 } }\n");
  });

  it('prints nested, circular, class and function values like Node', async () => {
    const { stdout } = await run(
      'class P { constructor() { this.x = 1 } }; const o = { d: { e: { f: { g: 1 } } } }; const c = { n: 1 }; c.self = c; console.log(o, c, new P(), function named() {}, () => 1, [ , 1])',
    );
    expect(stdout).toBe("{ d: { e: { f: [Object] } } } { n: 1, self: [Circular] } P { x: 1 } [Function: named] [Function (anonymous)] [ <1 empty item>, 1 ]\n");
  });

  it('breaks long values over lines', async () => {
    const { stdout } = await run('console.log({ alpha: "a".repeat(30), beta: "b".repeat(30), gamma: [1, 2, 3] })');
    expect(stdout).toBe(`{\n  alpha: '${'a'.repeat(30)}',\n  beta: '${'b'.repeat(30)}',\n  gamma: [ 1, 2, 3 ]\n}\n`);
  });

  it('sends warn and error to stderr and supports format strings', async () => {
    const { stdout, stderr } = await run('console.warn("w %d%%", 5); console.error(new TypeError("bad")); console.info("%s=%o", "k", [1])');
    expect(stdout).toBe('k=[ 1 ]\n');
    expect(stderr).toMatch(/^w 5%\nTypeError: bad\n {4}at /);
  });

  it('runs promise jobs and timers in order, then ends', async () => {
    const { stdout, outcome } = await run(
      'setTimeout(() => console.log("t2"), 30); setTimeout(() => console.log("t1"), 10); Promise.resolve().then(() => console.log("micro")); const id = setTimeout(() => console.log("never"), 5); clearTimeout(id); (async () => { await null; console.log("async") })(); console.log("sync")',
    );
    expect(outcome).toBe('done');
    expect(stdout).toBe('sync\nmicro\nasync\nt1\nt2\n');
  });

  it('reports an uncaught error with its stack, as error', async () => {
    const { stderr, outcome, message } = await run('function f() { null.x }\nf()');
    expect(outcome).toBe('error');
    expect(message).toBe("TypeError: cannot read property 'x' of null");
    expect(stderr).toMatch(/^Uncaught TypeError: cannot read property 'x' of null\n {4}at f \(main\.js:1/);
  });

  it('shows a thrown error as "Error: message" and a stack with the line in main.js', async () => {
    const result = await run("const x = 1;\nthrow new Error('boom')");
    expect(result).toMatchObject({ outcome: 'error', message: 'Error: boom', stdout: '' });
    expect(result.stderr).toMatch(/^Uncaught Error: boom\n {4}at <eval> \(main\.js:2:\d+\)\n$/);
  });

  it('lists every frame of the program, innermost first', async () => {
    const { stderr } = await run("function f() { return g() }\nfunction g() { throw new RangeError('deep') }\n[1].map(f)");
    expect(stderr).toMatch(/^Uncaught RangeError: deep\n {4}at g \(main\.js:2:\d+\)\n {4}at f \(main\.js:1:\d+\)\n {4}at map \(native\)\n {4}at <eval> \(main\.js:3:\d+\)\n$/);
  });

  it('points a syntax error at its line', async () => {
    const result = await run('const ok = 1;\nlet x = ;');
    expect(result.message).toMatch(/^SyntaxError: /);
    expect(result.stderr).toMatch(/\n {4}at main\.js:2:\d+\n$/);
  });

  it('reports an uncaught error thrown by a timer, without the runner’s own frames', async () => {
    const { stdout, stderr, outcome } = await run('setTimeout(() => { throw new RangeError("late") }, 1); setTimeout(() => console.log("not reached"), 50)');
    expect(outcome).toBe('error');
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Uncaught RangeError: late\n {4}at <anonymous> \(main\.js:1:\d+\)\n$/);
  });

  it('keeps the runner’s frames out of console.error and console.trace too', async () => {
    const { stderr } = await run('setTimeout(() => { console.error(new Error("shown")); console.trace("here") }, 1)');
    expect(stderr).toMatch(/^Error: shown\n {4}at <anonymous> \(main\.js:1:\d+\)\nTrace: here\n {4}at <anonymous> \(main\.js:1:\d+\)\n$/);
  });

  it('reports thrown values that are not errors as they are', async () => {
    expect(await run('throw 42')).toMatchObject({ outcome: 'error', message: 'Uncaught 42', stderr: 'Uncaught 42\n' });
    expect(await run("throw ''")).toMatchObject({ message: "Uncaught ''" });
    expect(await run('throw undefined')).toMatchObject({ message: 'Uncaught undefined' });
    expect(await run('throw Promise.resolve(1)')).toMatchObject({ outcome: 'error', broken: false });
  });

  it('ends the program at an unhandled rejection of an async main(), with its stack', async () => {
    const result = await run("async function main() {\n  await null;\n  throw new Error('late')\n}\nmain()");
    expect(result).toMatchObject({ outcome: 'error', message: 'Error: late' });
    expect(result.stderr).toMatch(/^Uncaught \(in promise\) Error: late\n {4}at main \(main\.js:3:\d+\)\n$/);
  });

  it('reports rejections of promise chains and of Promise.reject, then stops like Node', async () => {
    const chained = await run("async function main() { throw new TypeError('in main') }\nmain().then(() => console.log('not reached'))\nconsole.log('sync')");
    expect(chained).toMatchObject({ outcome: 'error', message: 'TypeError: in main', stdout: 'sync\n' });
    const rejected = await run("Promise.reject(new Error('no'))\nsetTimeout(() => console.log('not reached'), 10)");
    expect(rejected).toMatchObject({ outcome: 'error', stdout: '' });
    expect(rejected.stderr).toMatch(/^Uncaught \(in promise\) Error: no\n {4}at <eval> \(main\.js:1:\d+\)\n$/);
    expect(await run('Promise.reject(42)')).toMatchObject({ outcome: 'error', message: 'Uncaught (in promise) 42', stderr: 'Uncaught (in promise) 42\n' });
    expect(await run('Promise.reject()')).toMatchObject({ outcome: 'error', stderr: 'Uncaught (in promise) undefined\n' });
  });

  it('never reports a rejection that was handled', async () => {
    const result = await run(
      [
        "(async () => { try { await Promise.reject(new Error('a')) } catch (e) { console.log('caught', e.message) } })();",
        "Promise.reject(new Error('b')).catch(() => console.log('caught b'));",
        "Promise.allSettled([Promise.reject(1)]).then((r) => console.log(r[0].status));",
        "const late = Promise.reject(new Error('c')); late.then(undefined, () => console.log('caught c'));",
        "Promise.reject(new Error('d')).finally(() => console.log('finally')).catch(() => console.log('after finally'));",
        "(async () => { await Promise.all([1, Promise.reject(new Error('e'))]) })().catch((e) => console.log('all', e.message));",
        "async function f() { return Promise.reject(new Error('returned')) } f().catch((e) => console.log(e.message));",
        "setTimeout(() => Promise.race([Promise.reject(new Error('race'))]).catch(() => console.log('race')), 5);",
      ].join('\n'),
    );
    expect(result).toMatchObject({ outcome: 'done', stderr: '' });
    expect(result.stdout.split('\n').sort().join(',')).toBe(',after finally,all e,caught a,caught b,caught c,finally,race,rejected,returned');
  });

  it('keeps promise jobs in order with the rejection tracker in place', async () => {
    const { stdout } = await run(
      'const p = Promise.resolve(); p.then(() => console.log(1)).then(() => console.log(3)); p.then(() => console.log(2)).then(() => console.log(4)); (async () => { await p; console.log("a1"); await p; console.log("a2") })()',
    );
    expect(stdout).toBe('1\n2\na1\n3\n4\na2\n');
  });

  it('ends an endless loop at the time limit', async () => {
    const started = Date.now();
    const { outcome } = await run('for (;;) {}', { timeLimitMs: 300 });
    expect(outcome).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('ends an endless interval at the time limit', async () => {
    const { outcome, stdout } = await run('let n = 0; setInterval(() => n++ < 2 && console.log("tick"), 20)', { timeLimitMs: 300 });
    expect(outcome).toBe('timeout');
    expect(stdout).toBe('tick\ntick\n');
  });

  it('stops when the interrupt flag is raised', async () => {
    // In the app the frame raises it from another thread; here it is up before the loop starts.
    const flag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(flag, 0, 2);
    const { outcome } = await run('for (;;) {}', { timeLimitMs: 10_000, interrupt: flag });
    expect(outcome).toBe('interrupted');
  });

  it('turns a memory bomb into an out-of-memory error and stays usable', async () => {
    const bomb = await run('let a = []; for (;;) a.push(new Array(1e6))', { timeLimitMs: 20_000 });
    expect(bomb.outcome).toBe('error');
    expect(bomb.message).toBe('Out of memory (the limit is 64 MB)');
    expect(memory.buffer.byteLength).toBeLessThanOrEqual(MEMORY_LIMIT);
    const after = await run('console.log(6 * 7)');
    expect(after).toMatchObject({ outcome: 'done', stdout: '42\n', broken: false });
  });

  it('ends deep recursion with a short stack overflow report', async () => {
    const { outcome, stderr } = await run('function f() { return f() + 1 } f()');
    expect(outcome).toBe('error');
    expect(stderr.startsWith('Uncaught InternalError: stack overflow\n')).toBe(true);
    expect(stderr.split('\n').length).toBeLessThan(15);
  });

  it('offers the program no way out: no fetch, no host objects, no module loading', async () => {
    const { stdout } = await run(
      'console.log([typeof fetch, typeof XMLHttpRequest, typeof WebSocket, typeof postMessage, typeof importScripts, typeof window, typeof document, typeof parent, typeof localStorage].join())\nimport("http://localhost/x.js").then(() => console.log("loaded"), (e) => console.log("import:", e.message))',
    );
    expect(stdout).toBe(`${Array(9).fill('undefined').join()}\nimport: could not load module 'http://localhost/x.js'\n`);
  });

  it('returns the lines of the input from readline(), then null', async () => {
    const { stdout } = await run('const lines = []; let line; while ((line = readline()) !== null) lines.push(line); console.log(lines, readline())', {
      stdin: 'a\nb\r\n\nlast',
    });
    expect(stdout).toBe("[ 'a', 'b', '', 'last' ] null\n");
    expect((await run("console.log(readline() + '!')", { stdin: 'Ada' })).stdout).toBe('Ada!\n');
    expect((await run('console.log(readline())')).stdout).toBe('null\n');
  });

  it('offers prompt() as Deno does: the message and a space, then the next line (or the default), null at the end', async () => {
    const { stdout } = await run("const name = prompt('Name?');\nconsole.log('hi ' + name);\nconsole.log(prompt('Colour?', 'blue'), prompt(), prompt())", {
      stdin: 'Ada\n\nlast\n',
    });
    expect(stdout).toBe('Name? hi Ada\nColour? blue last null\n');
  });

  it('shares one input between readline() and prompt(), and starts it afresh every run', async () => {
    expect((await run('console.log(readline(), prompt(), readline())', { stdin: '1\n2\n3\n' })).stdout).toBe('1 2 3\n');
    expect((await run('console.log(readline())', { stdin: 'again\n' })).stdout).toBe('again\n');
  });

  it('gives every run fresh globals', async () => {
    await run('globalThis.leak = 1');
    expect((await run('console.log(typeof leak)')).stdout).toBe('undefined\n');
  });
});
