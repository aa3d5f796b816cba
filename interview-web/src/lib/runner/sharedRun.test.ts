import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { outputText } from './output';
import { applyRunEvent, newRun, type LocalRun, type RunEvent } from './runState';
import {
  DOC_OUTPUT_MAX_CHARS,
  DOC_WRITE_INTERVAL_MS,
  MAX_RUN_HISTORY,
  pickShownRun,
  readRunHistory,
  readSharedRun,
  RUN_MAP,
  RUN_ORIGIN,
  RUNS_ARRAY,
  SharedRunPublisher,
  type Timers,
} from './sharedRun';

/** Timers driven by the test: `advance(ms)` fires what is due. */
class ManualTimers implements Timers {
  time = 0;
  #queue: { at: number; callback: () => void; handle: number }[] = [];
  #next = 1;
  readonly now = () => this.time;
  readonly set = (callback: () => void, ms: number) => {
    const handle = this.#next++;
    this.#queue.push({ at: this.time + ms, callback, handle });
    return handle;
  };
  readonly clear = (handle: unknown) => {
    this.#queue = this.#queue.filter((t) => t.handle !== handle);
  };
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      this.#queue.sort((a, b) => a.at - b.at);
      const due = this.#queue[0];
      if (due === undefined || due.at > until) break;
      this.#queue.shift();
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}

const publishers: SharedRunPublisher[] = [];
afterEach(() => publishers.splice(0).forEach((p) => p.dispose()));

function setup(doc = new Y.Doc(), timers = new ManualTimers()) {
  const publisher = new SharedRunPublisher(doc, timers);
  publishers.push(publisher);
  const writes: number[] = [];
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === RUN_ORIGIN) writes.push(timers.time);
  });
  return { doc, timers, publisher, writes, map: doc.getMap<unknown>(RUN_MAP), runs: doc.getArray<unknown>(RUNS_ARRAY) };
}

function run(id: string, requestedAt: number, language: 'python' | 'javascript' = 'python'): LocalRun {
  return newRun({ id, runtime: language, language, timeLimitMs: 10_000, requestedAt });
}

const out = (text: string, stream: 'stdout' | 'stderr' = 'stdout'): RunEvent => ({ type: 'output', stream, text, truncated: false });

describe('SharedRunPublisher', () => {
  it('shows a run to the others as running at once, then its output and how it ended', () => {
    const { publisher, map, timers } = setup();
    let local = run('r1', 1000);
    publisher.update(local, 'Ada');
    expect(readSharedRun(map)).toMatchObject({ id: 'r1', status: 'running', by: 'Ada', language: 'python', startedAt: 1000, output: [] });

    local = applyRunEvent(local, { type: 'started', at: 1100 });
    local = applyRunEvent(local, out('45\n'));
    publisher.update(local, 'Ada');
    timers.advance(DOC_WRITE_INTERVAL_MS);
    expect(outputText(readSharedRun(map)?.output ?? [])).toBe('45\n');

    local = applyRunEvent(local, out('oops\n', 'stderr'));
    local = applyRunEvent(local, { type: 'finished', outcome: 'error', message: 'ValueError: oops', durationMs: 12, at: 1200 });
    publisher.update(local, 'Ada');
    expect(readSharedRun(map)).toMatchObject({
      status: 'error',
      finishedAt: 1200,
      durationMs: 12,
      exitMessage: 'ValueError: oops',
      truncated: false,
      output: [
        { stream: 'stdout', text: '45\n' },
        { stream: 'stderr', text: 'oops\n' },
      ],
    });
  });

  it('writes streaming output at most ten times a second', () => {
    const { publisher, timers, writes } = setup();
    let local = applyRunEvent(run('r1', 0), { type: 'started', at: 0 });
    publisher.update(local, 'Ada');
    writes.length = 0;
    for (let i = 0; i < 100; i++) {
      timers.advance(10); // output every 10 ms for one second
      local = applyRunEvent(local, out(`line ${i}\n`));
      publisher.update(local, 'Ada');
    }
    timers.advance(DOC_WRITE_INTERVAL_MS);
    expect(writes.length).toBeGreaterThanOrEqual(9);
    expect(writes.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < writes.length; i++) expect((writes[i] ?? 0) - (writes[i - 1] ?? 0)).toBeGreaterThanOrEqual(DOC_WRITE_INTERVAL_MS);
  });

  it('keeps at most 64 KB of output in the document, with the end of longer output at the finish', () => {
    const { publisher, map, timers } = setup();
    let local = applyRunEvent(run('r1', 0), { type: 'started', at: 0 });
    for (let i = 0; i < 200; i++) local = applyRunEvent(local, out(`${'x'.repeat(999)}\n`));
    local = applyRunEvent(local, out('the end\n', 'stderr'));
    publisher.update(local, 'Ada');
    timers.advance(DOC_WRITE_INTERVAL_MS);
    expect(outputText(readSharedRun(map)?.output ?? []).length).toBe(DOC_OUTPUT_MAX_CHARS);
    publisher.update(applyRunEvent(local, { type: 'finished', outcome: 'done', message: 'Finished', durationMs: 5, at: 9 }), 'Ada');
    const shared = readSharedRun(map);
    expect(shared?.truncated).toBe(true);
    const text = outputText(shared?.output ?? []);
    expect(text.length).toBeLessThanOrEqual(DOC_OUTPUT_MAX_CHARS);
    expect(/characters left out[\s\S]*the end\n$/.test(text)).toBe(true);
  });

  it('keeps summaries of the last 20 finished runs, oldest first', () => {
    const { publisher, runs } = setup();
    for (let i = 0; i < 25; i++) {
      const local = run(`r${i}`, i * 1000);
      publisher.update(local, 'Ada');
      publisher.update(applyRunEvent(applyRunEvent(local, out(`${i}\n`)), { type: 'finished', outcome: 'done', message: 'Finished', durationMs: 1, at: i * 1000 + 1 }), 'Ada');
    }
    const history = readRunHistory(runs);
    expect(history).toHaveLength(MAX_RUN_HISTORY);
    expect(history[0]).toMatchObject({ id: 'r5', status: 'done', by: 'Ada', output: [{ stream: 'stdout', text: '5\n' }] });
    expect(history.at(-1)?.id).toBe('r24');
  });

  it('does not publish a run it first sees already finished (a remount, a late document)', () => {
    const { publisher, map, runs } = setup();
    publisher.update(applyRunEvent(run('old', 0), { type: 'failed', message: 'x', at: 1 }), 'Ada');
    expect(readSharedRun(map)).toBeNull();
    expect(runs.length).toBe(0);
  });

  it('lets the newer of two concurrent runs win, with no mix of their fields, and both in the history', () => {
    const a = setup();
    const b = setup();
    a.doc.clientID = 1;
    b.doc.clientID = 2;
    const sync = () => {
      Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
      Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
    };
    // Both press Run at about the same time, without having seen each other's run.
    let runA = applyRunEvent(run('run-a', 1000, 'python'), { type: 'started', at: 1001 });
    let runB = applyRunEvent(run('run-b', 1005, 'javascript'), { type: 'started', at: 1006 });
    a.publisher.update(runA, 'Ada');
    b.publisher.update(runB, 'Bob');
    runA = applyRunEvent(runA, out('from a\n'));
    runB = applyRunEvent(runB, out('from b\n'));
    a.publisher.update(runA, 'Ada');
    b.publisher.update(runB, 'Bob');
    a.timers.advance(DOC_WRITE_INTERVAL_MS);
    b.timers.advance(DOC_WRITE_INTERVAL_MS);
    sync();
    // A finishes after seeing B's newer run: it stops writing the map but records its summary.
    a.publisher.update(applyRunEvent(runA, { type: 'finished', outcome: 'done', message: 'Finished', durationMs: 3, at: 1010 }), 'Ada');
    b.publisher.update(applyRunEvent(runB, { type: 'finished', outcome: 'done', message: 'Finished', durationMs: 4, at: 1011 }), 'Bob');
    sync();
    for (const side of [a, b]) {
      const shared = readSharedRun(side.map);
      expect(shared).toMatchObject({ id: 'run-b', by: 'Bob', language: 'javascript', status: 'done', durationMs: 4 });
      expect(outputText(shared?.output ?? [])).toBe('from b\n');
      expect(readRunHistory(side.runs).map((r) => r.id).sort()).toEqual(['run-a', 'run-b']);
    }
  });

  it('resolves truly concurrent start writes to one participant’s run in every field', () => {
    const a = setup();
    const b = setup();
    a.doc.clientID = 10;
    b.doc.clientID = 20;
    a.publisher.update(run('run-a', 1000, 'python'), 'Ada');
    b.publisher.update(run('run-b', 1000, 'javascript'), 'Bob');
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
    const seenByA = readSharedRun(a.map);
    expect(seenByA).toEqual(readSharedRun(b.map));
    const pairs: Record<string, [string, string]> = { 'run-a': ['Ada', 'python'], 'run-b': ['Bob', 'javascript'] };
    expect([seenByA?.by, seenByA?.language]).toEqual(pairs[seenByA?.id ?? '']);
  });
});

describe('reading the shared run', () => {
  it('ignores malformed entries and caps what it reads', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>(RUN_MAP);
    map.set('id', '<script>');
    map.set('status', 'running');
    map.set('startedAt', 1);
    expect(readSharedRun(map)).toBeNull();
    map.set('id', 'ok');
    map.set('status', 'hacked');
    expect(readSharedRun(map)).toBeNull();
    map.set('status', 'done');
    map.set('by', 'x'.repeat(500));
    map.set('output', 'not a Y.Text');
    expect(readSharedRun(map)).toMatchObject({ id: 'ok', by: 'x'.repeat(64), output: [], finishedAt: null });
    const runs = doc.getArray<unknown>(RUNS_ARRAY);
    runs.push([42, null, { id: 'r', status: 'done', startedAt: 5, output: [{ stream: 'weird', text: 'hi' }, { text: 7 }] }]);
    expect(readRunHistory(runs)).toEqual([expect.objectContaining({ id: 'r', output: [{ stream: 'stdout', text: 'hi' }] })]);
  });
});

describe('pickShownRun', () => {
  const shared = { id: 's', language: 'python', status: 'done' as const, by: 'Bob', startedAt: 2000, finishedAt: 2100, durationMs: 5, exitMessage: '', truncated: false, output: [] };

  it('shows my own run while it is active, even when someone ran later', () => {
    const mine = applyRunEvent(run('m', 1000), { type: 'started', at: 1001 });
    expect(pickShownRun(mine, shared)?.kind).toBe('local');
  });

  it('shows the document’s run once mine has ended and theirs is newer', () => {
    const mine = applyRunEvent(run('m', 1000), { type: 'failed', message: 'x', at: 1001 });
    expect(pickShownRun(mine, shared)).toEqual({ kind: 'shared', run: shared });
    expect(pickShownRun(mine, { ...shared, startedAt: 500 })?.kind).toBe('local');
    expect(pickShownRun(null, null)).toBeNull();
  });
});
