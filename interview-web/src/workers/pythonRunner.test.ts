// @vitest-environment node
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import runnerSource from './pythonRunner.py?raw';

// pythonRunner.py in the real Pyodide (its Node build), set up as pythonWorker.ts does.
let pyodide: PyodideAPI;
let runProgram: (source: string) => Promise<{ toJs(): unknown; destroy(): void }>;
let stdout = '';
let stderr = '';
const interrupt = new Int32Array(new SharedArrayBuffer(4));

beforeAll(async () => {
  pyodide = await loadPyodide({ jsglobals: Object.create(null) as object, stdout: () => undefined, stderr: () => undefined });
  const decoder = new TextDecoder();
  pyodide.setStdout({ write: (b: Uint8Array) => ((stdout += decoder.decode(b)), b.length), isatty: false });
  pyodide.setStderr({ write: (b: Uint8Array) => ((stderr += decoder.decode(b)), b.length), isatty: false });
  pyodide.setStdin({ stdin: () => null });
  pyodide.setInterruptBuffer(interrupt);
  const namespace = pyodide.globals.get('dict')();
  pyodide.runPython(runnerSource, { globals: namespace, filename: '<runner>' });
  runProgram = namespace.get('run');
}, 60_000);

async function run(source: string) {
  stdout = '';
  stderr = '';
  const result = await runProgram(source);
  const [outcome, message] = result.toJs() as [string, string];
  result.destroy();
  return { outcome, message, stdout, stderr };
}

describe('pythonRunner.py', () => {
  it('runs a program and reports done', async () => {
    expect(await run('print(sum(range(10)))')).toEqual({ outcome: 'done', message: '', stdout: '45\n', stderr: '' });
  });

  it('refuses packages outside the standard library with a clear message', async () => {
    const result = await run('import numpy');
    expect(result.outcome).toBe('error');
    expect(result.message).toBe("ModuleNotFoundError: Package 'numpy' is not available: only the Python standard library is.");
    expect(result.stderr).not.toMatch(/micropip|pyodide/i);
  });

  it('keeps the standard library importable, and files the program writes itself', async () => {
    const result = await run(
      'import json, collections, heapq, dataclasses, sqlite3, decimal\nopen("helper.py", "w").write("X = 7")\nimport helper\nprint(helper.X, json.dumps({"a": 1}))',
    );
    expect(result).toMatchObject({ outcome: 'done', stdout: '7 {"a": 1}\n' });
  });

  it('refuses the bridges to JavaScript', async () => {
    for (const source of ['import js', 'import pyodide_js', 'from pyodide.code import run_js\nrun_js("1")']) {
      const result = await run(source);
      expect(result.outcome).toBe('error');
      expect(result.message).toMatch(/Package '(js|pyodide_js)' is not available/);
    }
  });

  it('prints a traceback of the program only, like python main.py', async () => {
    const result = await run('def f(x):\n    return 1 / x\n\nf(0)\n');
    expect(result.outcome).toBe('error');
    expect(result.message).toBe('ZeroDivisionError: division by zero');
    expect(result.stderr).toMatch(/^Traceback \(most recent call last\):\n {2}File "main.py", line 4, in <module>\n/);
    expect(result.stderr).toContain('File "main.py", line 2, in f');
    expect(result.stderr).not.toContain('<runner>');
  });

  it('reports syntax errors against main.py', async () => {
    const result = await run('print(1\n');
    expect(result.outcome).toBe('error');
    expect(result.stderr).toContain('File "main.py", line 1');
    expect(result.message).toMatch(/^SyntaxError/);
  });

  it('treats sys.exit(0) as done and other statuses as errors', async () => {
    expect((await run('import sys\nsys.exit(0)')).outcome).toBe('done');
    expect(await run('import sys\nsys.exit(3)')).toMatchObject({ outcome: 'error', message: 'Exited with status 3' });
    expect(await run('raise SystemExit("bye")')).toMatchObject({ outcome: 'error', stderr: 'bye\n' });
  });

  it('supports top-level await', async () => {
    expect(await run('import asyncio\nawait asyncio.sleep(0.01)\nprint("awaited")')).toMatchObject({ outcome: 'done', stdout: 'awaited\n' });
  });

  it('reads end-of-file from input()', async () => {
    expect((await run('input("name? ")')).message).toBe('EOFError: EOF when reading a line');
  });

  it('stops with "interrupted" when the interrupt flag is raised', async () => {
    // The frame raises the flag from another thread; here the program raises it through a test hook.
    const builtins = pyodide.pyimport('builtins') as unknown as Record<string, unknown>;
    builtins.raise_interrupt_flag = () => Atomics.store(interrupt, 0, 2);
    const result = await run('raise_interrupt_flag()\nwhile True: pass');
    Atomics.store(interrupt, 0, 0);
    expect(result.outcome).toBe('interrupted');
    expect((await run('print("still warm")')).stdout).toBe('still warm\n');
  });

  it('gives every run a fresh __main__', async () => {
    await run('leak = 1');
    expect((await run('print("leak" in globals(), __name__)')).stdout).toBe('False __main__\n');
  });
});
