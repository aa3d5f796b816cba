import { describe, expect, it } from 'vitest';
import { isRuntimeAssets, MAX_STDIN_CHARS, oneLine, parseFrameMessage, parseHostMessage, parseWorkerEvent } from './protocol';

const pythonAssets = () => ({
  'pyodide.asm.wasm': new ArrayBuffer(8),
  'python_stdlib.zip': new ArrayBuffer(8),
  'pyodide-lock.json': new ArrayBuffer(8),
});

describe('parseHostMessage (what the sandbox frame accepts from the app)', () => {
  it('accepts a run with a valid id, runtime, code, input and time limit', () => {
    const message = { type: 'run', runId: 'r-1_a', runtime: 'python', code: 'print(input())', stdin: 'Ada\n', timeLimitMs: 10_000 };
    expect(parseHostMessage(message)).toEqual(message);
  });

  it('accepts input up to about 1 MB, as a string only', () => {
    const base = { type: 'run', runId: 'r1', runtime: 'javascript', code: 'readline()', timeLimitMs: 10_000 };
    expect(parseHostMessage({ ...base, stdin: 'x'.repeat(MAX_STDIN_CHARS) })).not.toBeNull();
    expect(parseHostMessage({ ...base, stdin: 'x'.repeat(MAX_STDIN_CHARS + 1) })).toBeNull();
    expect(parseHostMessage({ ...base, stdin: ['Ada'] })).toBeNull();
    expect(parseHostMessage({ ...base, stdin: null })).toBeNull();
    expect(parseHostMessage(base)).toBeNull();
  });

  it('refuses runs with a malformed id, an unknown runtime or an out-of-range time limit', () => {
    const base = { type: 'run', runId: 'r1', runtime: 'python', code: '', stdin: '', timeLimitMs: 10_000 };
    expect(parseHostMessage({ ...base, runId: 'has space' })).toBeNull();
    expect(parseHostMessage({ ...base, runId: 'x'.repeat(65) })).toBeNull();
    expect(parseHostMessage({ ...base, runtime: 'go' })).toBeNull();
    expect(parseHostMessage({ ...base, timeLimitMs: 10 })).toBeNull();
    expect(parseHostMessage({ ...base, timeLimitMs: 1e9 })).toBeNull();
    expect(parseHostMessage({ ...base, timeLimitMs: 1500.5 })).toBeNull();
    expect(parseHostMessage({ ...base, code: 42 })).toBeNull();
  });

  it('accepts a load only with exactly the runtime’s files as ArrayBuffers', () => {
    expect(parseHostMessage({ type: 'load', runtime: 'python', assets: pythonAssets() })).not.toBeNull();
    expect(parseHostMessage({ type: 'load', runtime: 'python', assets: { ...pythonAssets(), extra: new ArrayBuffer(1) } })).toBeNull();
    expect(parseHostMessage({ type: 'load', runtime: 'python', assets: { ...pythonAssets(), 'python_stdlib.zip': 'bytes' } })).toBeNull();
    expect(parseHostMessage({ type: 'load', runtime: 'javascript', assets: pythonAssets() })).toBeNull();
    expect(isRuntimeAssets('javascript', { 'quickjs.wasm': new ArrayBuffer(1) })).toBe(true);
  });

  it('refuses anything that is not a known message object', () => {
    for (const value of [null, undefined, 'run', 42, [], { type: 'eval', code: 'x' }, { type: 'stop' }]) {
      expect(parseHostMessage(value)).toBeNull();
    }
  });
});

describe('parseFrameMessage (what the app accepts from the sandbox frame)', () => {
  it('accepts output text, and an empty text only when it reports truncation', () => {
    expect(parseFrameMessage({ type: 'output', runId: 'a', stream: 'stderr', text: 'x', truncated: false })).toEqual({
      type: 'output',
      runId: 'a',
      stream: 'stderr',
      text: 'x',
      truncated: false,
    });
    expect(parseFrameMessage({ type: 'output', runId: 'a', stream: 'stdout', text: '', truncated: true })).not.toBeNull();
    expect(parseFrameMessage({ type: 'output', runId: 'a', stream: 'stdout', text: '', truncated: false })).toBeNull();
    expect(parseFrameMessage({ type: 'output', runId: 'a', stream: 'html', text: 'x', truncated: false })).toBeNull();
    expect(parseFrameMessage({ type: 'output', runId: 'a', stream: 'stdout', text: 'x'.repeat(300_000), truncated: false })).toBeNull();
  });

  it('accepts a done message only with a known outcome, a short message and a sane duration', () => {
    const done = { type: 'done', runId: 'a', outcome: 'timeout', message: 'Time limit of 10 s reached', durationMs: 10_001 };
    expect(parseFrameMessage(done)).toEqual(done);
    expect(parseFrameMessage({ ...done, outcome: 'exploded' })).toBeNull();
    expect(parseFrameMessage({ ...done, message: 'x'.repeat(5000) })).toBeNull();
    expect(parseFrameMessage({ ...done, durationMs: -1 })).toBeNull();
    expect(parseFrameMessage({ ...done, durationMs: Number.NaN })).toBeNull();
  });

  it('accepts hello and runtime states, and nothing with extra meaning', () => {
    expect(parseFrameMessage({ type: 'hello', isolated: true })).toEqual({ type: 'hello', isolated: true });
    expect(parseFrameMessage({ type: 'hello', isolated: 'yes' })).toBeNull();
    expect(parseFrameMessage({ type: 'runtime', runtime: 'javascript', state: 'ready', message: '' })).not.toBeNull();
    expect(parseFrameMessage({ type: 'runtime', runtime: 'javascript', state: 'exploded', message: '' })).toBeNull();
    expect(parseFrameMessage({ type: 'started', runId: '../../x' })).toBeNull();
  });
});

describe('parseWorkerEvent (what the frame accepts from a runtime worker)', () => {
  it('accepts a result and refuses one without its recycle flag', () => {
    const result = { type: 'result', id: 'a', outcome: 'interrupted', message: '', durationMs: 3, recycle: false };
    expect(parseWorkerEvent(result)).toEqual(result);
    expect(parseWorkerEvent({ ...result, recycle: undefined })).toBeNull();
    expect(parseWorkerEvent({ ...result, outcome: 'stopped' })).toBeNull();
  });
});

describe('oneLine', () => {
  it('collapses whitespace and cuts long text with an ellipsis', () => {
    expect(oneLine('  a\n\tb  ')).toBe('a b');
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
