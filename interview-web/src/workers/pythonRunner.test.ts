// @vitest-environment node
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import runnerSource from './pythonRunner.py?raw';
import { StdinBytes } from './workerScope';

// pythonRunner.py in the real Pyodide (its Node build), set up as pythonWorker.ts does.
let pyodide: PyodideAPI;
let runProgram: (source: string) => Promise<{ toJs(): unknown; destroy(): void }>;
let stdout = '';
let stderr = '';
const stdin = new StdinBytes();
const interrupt = new Int32Array(new SharedArrayBuffer(4));

beforeAll(async () => {
  pyodide = await loadPyodide({ jsglobals: Object.create(null) as object, stdout: () => undefined, stderr: () => undefined });
  const decoder = new TextDecoder();
  pyodide.setStdout({ write: (b: Uint8Array) => ((stdout += decoder.decode(b)), b.length), isatty: false });
  pyodide.setStderr({ write: (b: Uint8Array) => ((stderr += decoder.decode(b)), b.length), isatty: false });
  pyodide.setStdin({ read: stdin.read, isatty: false });
  pyodide.setInterruptBuffer(interrupt);
  const namespace = pyodide.globals.get('dict')();
  pyodide.runPython(runnerSource, { globals: namespace, filename: '<runner>' });
  runProgram = namespace.get('run');
}, 60_000);

async function run(source: string, input = '') {
  stdout = '';
  stderr = '';
  stdin.reset(input);
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

  it('reads end-of-file from input() when there is no input', async () => {
    expect((await run('input("name? ")')).message).toBe('EOFError: EOF when reading a line');
  });

  it('feeds the input to input() line by line, in order, writing prompts to stdout', async () => {
    const result = await run('first = input()\nsecond = input("last? ")\nprint(f"hi {first} {second}")', 'Ada\nLovelace\n');
    expect(result).toEqual({ outcome: 'done', message: '', stdout: 'last? hi Ada Lovelace\n', stderr: '' });
  });

  it('reads a last line without a newline, and other scripts than Latin', async () => {
    expect((await run('print(repr(input()), repr(input()))', 'héllo → ✓\nno newline')).stdout).toBe("'héllo → ✓' 'no newline'\n");
  });

  it('raises EOFError from input() after the last line, as CPython does', async () => {
    const result = await run('print(input())\nprint(input())', 'only line\n');
    expect(result.outcome).toBe('error');
    expect(result.message).toBe('EOFError: EOF when reading a line');
    expect(result.stdout).toBe('only line\n');
    expect(result.stderr).toContain('File "main.py", line 2, in <module>');
  });

  it('offers the same input to sys.stdin: read, readline, iteration and the byte buffer', async () => {
    const input = '3\n1 2 3\nx y\n';
    expect((await run('import sys\nprint(repr(sys.stdin.read()))', input)).stdout).toBe("'3\\n1 2 3\\nx y\\n'\n");
    expect((await run('import sys\nn = int(sys.stdin.readline())\nprint(n, [line.split() for line in sys.stdin])', input)).stdout).toBe(
      "3 [['1', '2', '3'], ['x', 'y']]\n",
    );
    expect((await run('import sys\nprint(sys.stdin.buffer.read().split(), sys.stdin.read() == "", sys.stdin.isatty())', input)).stdout).toBe(
      "[b'3', b'1', b'2', b'3', b'x', b'y'] True False\n",
    );
    expect((await run('print(open(0).read().split())', input)).stdout).toBe("['3', '1', '2', '3', 'x', 'y']\n");
  });

  it('gives every run its own input: nothing read ahead is left for the next one', async () => {
    expect((await run('print(input())', 'a\nb\nc\n')).stdout).toBe('a\n');
    expect((await run('import sys\nprint(repr(sys.stdin.read()))', 'next\n')).stdout).toBe("'next\\n'\n");
    await run('import os, sys\nsys.stdin.close()\nos.close(0)');
    expect((await run('print(input())', 'still reads\n')).stdout).toBe('still reads\n');
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
