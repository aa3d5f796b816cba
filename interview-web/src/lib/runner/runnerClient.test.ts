import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CODE_CHARS, MAX_STDIN_CHARS, type FrameMessage } from './protocol';
import { RunnerClient, STOP_TIMEOUT_MS, WATCHDOG_SLACK_MS, type RunnerSnapshot } from './runnerClient';

const ASSET_URLS = {
  python: { 'pyodide.asm.wasm': '/a/py.wasm', 'python_stdlib.zip': '/a/std.zip', 'pyodide-lock.json': '/a/lock.json' },
  javascript: { 'quickjs.wasm': '/a/qjs.wasm' },
};

let client: RunnerClient;
let fetched: string[];
let posted: unknown[];
let ids: number;

function frameWindow(): Window {
  const iframe = document.querySelector('iframe');
  if (iframe?.contentWindow == null) throw new Error('no frame');
  return iframe.contentWindow;
}

/** A message as if the sandbox frame sent it (or `source` someone else). */
function fromFrame(message: FrameMessage | Record<string, unknown>, source: Window | null = frameWindow(), origin = 'null'): void {
  window.dispatchEvent(new MessageEvent('message', { data: message, source, origin }));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers();
  fetched = [];
  posted = [];
  ids = 0;
  client = new RunnerClient({
    sandboxUrl: 'about:blank',
    assetUrls: ASSET_URLS,
    fetch: (async (url: string) => {
      fetched.push(url);
      return new Response(new Uint8Array(1000));
    }) as unknown as typeof fetch,
    newRunId: () => `run-${++ids}`,
  });
});

afterEach(() => {
  client.dispose();
  vi.useRealTimers();
});

/** Records what the app posts into the frame. */
function spyOnFrame(): void {
  vi.spyOn(frameWindow(), 'postMessage').mockImplementation((message: unknown) => void posted.push(message));
}

async function startRun(language: 'python' | 'javascript' = 'python'): Promise<string> {
  const id = client.run({ code: 'print(1)', language, timeLimitMs: 5000 });
  spyOnFrame();
  fromFrame({ type: 'hello', isolated: true });
  await settle();
  return id ?? '';
}

describe('RunnerClient', () => {
  it('creates one scripts-only sandbox iframe on first use, and removes it on dispose', async () => {
    expect(document.querySelector('iframe')).toBeNull();
    await startRun();
    const iframes = document.querySelectorAll('iframe');
    expect(iframes).toHaveLength(1);
    expect(iframes[0]?.getAttribute('sandbox')).toBe('allow-scripts');
    client.dispose();
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('downloads the runtime’s files, hands them over, then sends the run', async () => {
    const id = await startRun();
    expect(fetched.sort()).toEqual(['/a/lock.json', '/a/py.wasm', '/a/std.zip']);
    expect(posted).toEqual([
      { type: 'load', runtime: 'python', assets: expect.any(Object) },
      { type: 'run', runId: id, runtime: 'python', code: 'print(1)', stdin: '', timeLimitMs: 5000 },
    ]);
    expect(client.snapshot.runtimes.python.state).toBe('starting');
    expect(client.snapshot.runtimes.python.loadedBytes).toBe(3000);
  });

  it('sends this participant’s input along with the run', async () => {
    const id = client.run({ code: 'print(input())', language: 'python', timeLimitMs: 5000, stdin: 'Ada\nLovelace' });
    spyOnFrame();
    fromFrame({ type: 'hello', isolated: true });
    await settle();
    expect(posted.at(-1)).toEqual({ type: 'run', runId: id, runtime: 'python', code: 'print(input())', stdin: 'Ada\nLovelace', timeLimitMs: 5000 });
  });

  it('fails a run whose input or code is over the limit at once, instead of sending what the frame would drop', async () => {
    const id = client.run({ code: 'print(1)', language: 'python', timeLimitMs: 5000, stdin: 'x'.repeat(MAX_STDIN_CHARS + 1) });
    expect(id).not.toBeNull();
    expect(client.snapshot.run).toMatchObject({ id, status: 'error', exitMessage: 'The input is too long (at most 1,000,000 characters)' });
    expect(document.querySelector('iframe')).toBeNull();

    client.run({ code: 'x'.repeat(MAX_CODE_CHARS + 1), language: 'javascript', timeLimitMs: 5000 });
    spyOnFrame();
    fromFrame({ type: 'hello', isolated: true });
    await settle();
    expect(client.snapshot.run).toMatchObject({ status: 'error', exitMessage: 'The code is too long to run (at most 1,000,000 characters)' });
    expect(posted.filter((m) => (m as { type: string }).type === 'run')).toEqual([]);
  });

  it('follows the frame’s reports through to the end of the run', async () => {
    const id = await startRun();
    fromFrame({ type: 'runtime', runtime: 'python', state: 'ready', message: '' });
    fromFrame({ type: 'started', runId: id });
    fromFrame({ type: 'output', runId: id, stream: 'stdout', text: '1\n', truncated: false });
    fromFrame({ type: 'done', runId: id, outcome: 'done', message: 'Finished', durationMs: 4 });
    expect(client.snapshot.runtimes.python.state).toBe('ready');
    expect(client.snapshot.run).toMatchObject({ id, status: 'done', durationMs: 4, output: [{ stream: 'stdout', text: '1\n' }] });
  });

  it('ignores messages from other windows, other origins and of unknown shape', async () => {
    const id = await startRun();
    fromFrame({ type: 'started', runId: id }, window);
    fromFrame({ type: 'started', runId: id }, frameWindow(), 'http://evil.example');
    fromFrame({ type: 'started', runId: id, extra: '<img onerror>' }, frameWindow());
    expect(client.snapshot.run?.status).toBe('running'); // only the last one counted
    fromFrame({ type: 'done', runId: 'someone-else', outcome: 'done', message: '', durationMs: 1 });
    fromFrame({ type: 'output', runId: id, stream: 'stdout', text: 42 });
    expect(client.snapshot.run).toMatchObject({ status: 'running', output: [] });
  });

  it('runs one program at a time', async () => {
    await startRun();
    expect(client.run({ code: 'x', language: 'python', timeLimitMs: 5000 })).toBeNull();
    expect(client.run({ code: 'x', language: 'go', timeLimitMs: 5000 })).toBeNull();
  });

  it('caps output even when the frame does not', async () => {
    const id = await startRun();
    fromFrame({ type: 'started', runId: id });
    for (let i = 0; i < 12; i++) fromFrame({ type: 'output', runId: id, stream: 'stdout', text: `${'x'.repeat(99_999)}\n`, truncated: false });
    const run = client.snapshot.run;
    expect(run?.truncated).toBe(true);
    expect(run?.output[0]?.text.length).toBe(1_000_000);
  });

  it('asks the frame to stop, and ends the run itself when the frame does not answer', async () => {
    const id = await startRun();
    fromFrame({ type: 'started', runId: id });
    client.stop();
    expect(posted.at(-1)).toEqual({ type: 'stop', runId: id });
    expect(client.snapshot.run?.status).toBe('stopping');
    await vi.advanceTimersByTimeAsync(STOP_TIMEOUT_MS);
    expect(client.snapshot.run?.status).toBe('stopped');
    expect(document.querySelector('iframe')).toBeNull(); // replaced on next use
    expect(client.snapshot.runtimes.python.state).toBe('idle');
  });

  it('ends a run the frame never finishes after the time limit and some slack', async () => {
    const id = await startRun();
    fromFrame({ type: 'started', runId: id });
    await vi.advanceTimersByTimeAsync(5000 + WATCHDOG_SLACK_MS - 1);
    expect(client.snapshot.run?.status).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    expect(client.snapshot.run).toMatchObject({ status: 'error', exitMessage: 'The code runner stopped responding' });
  });

  it('reports a runtime that cannot be downloaded, and fails the run', async () => {
    client.dispose();
    client = new RunnerClient({
      sandboxUrl: 'about:blank',
      assetUrls: ASSET_URLS,
      fetch: (async () => new Response('nope', { status: 404 })) as unknown as typeof fetch,
    });
    client.run({ code: '', language: 'javascript', timeLimitMs: 5000 });
    fromFrame({ type: 'hello', isolated: false });
    await settle();
    expect(client.snapshot.runtimes.javascript).toMatchObject({ state: 'failed', message: 'JavaScript could not be loaded: quickjs.wasm: HTTP 404' });
    expect(client.snapshot.run).toMatchObject({ status: 'error', exitMessage: 'JavaScript could not be loaded: quickjs.wasm: HTTP 404' });
  });

  it('emits a new snapshot on every change', async () => {
    const seen: RunnerSnapshot[] = [];
    client.on('change', (s) => seen.push(s));
    await startRun('javascript');
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
