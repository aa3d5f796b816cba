import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { HistoryEntry } from './interviewApi';
import { IDLE_CAP_MS, PlaybackModel, Timeline } from './playback';
import { Player } from './player';

/** Two people editing one document; every update becomes a history entry, as the hub stores them. */
function recordSession(): { entries: HistoryEntry[]; final: string } {
  const entries: HistoryEntry[] = [];
  const ada = new Y.Doc();
  const grace = new Y.Doc();
  let at = 1_000;
  const edit = (doc: Y.Doc, author: string, change: (t: Y.Text) => void, gap = 100) => {
    const updates: Uint8Array[] = [];
    const record = (u: Uint8Array) => updates.push(u);
    doc.on('update', record);
    change(doc.getText('code'));
    doc.off('update', record);
    at += gap;
    for (const update of updates) {
      entries.push({ at, author, update });
      Y.applyUpdate(doc === ada ? grace : ada, update);
    }
  };
  edit(ada, 'Ada', (t) => t.insert(0, 'def f():\n'));
  edit(grace, 'Grace', (t) => t.insert(t.length, '    return 1\n'));
  edit(ada, 'Ada', (t) => t.delete(20, 1), 60_000); // "return 1" → "return " after a long pause
  edit(grace, 'Grace', (t) => t.insert(20, '42'));
  edit(ada, 'Ada', () => ada.getMap('run').set('status', 'done')); // not a code change
  const final = ada.getText('code').toString();
  return { entries, final };
}

describe('PlaybackModel', () => {
  it('rebuilds the final code exactly at the last entry', () => {
    const { entries, final } = recordSession();
    const model = new PlaybackModel(entries);
    expect(model.textAt(model.length - 1)).toBe(final);
    expect(final).toBe('def f():\n    return 42\n');
  });

  it('shows every earlier state, forwards and backwards', () => {
    const model = new PlaybackModel(recordSession().entries);
    expect(model.textAt(-1)).toBe('');
    expect(model.textAt(0)).toBe('def f():\n');
    expect(model.textAt(2)).toBe('def f():\n    return \n');
    expect(model.textAt(1)).toBe('def f():\n    return 1\n');
  });

  it('colours the text by the author who typed it', () => {
    const model = new PlaybackModel(recordSession().entries);
    expect(model.spansAt(model.length - 1)).toEqual([
      { text: 'def f():\n', author: 'Ada' },
      { text: '    return 42\n', author: 'Grace' },
    ]);
    expect(model.spansAt(0)).toEqual([{ text: 'def f():\n', author: 'Ada' }]);
  });

  it('counts code edits per author, not other changes', () => {
    const model = new PlaybackModel(recordSession().entries);
    expect(Object.fromEntries(model.editsByAuthor())).toEqual({ Ada: 2, Grace: 2 });
    expect(model.authors).toEqual(['Ada', 'Grace']);
  });

  it('seeks across checkpoints', () => {
    const doc = new Y.Doc();
    const entries: HistoryEntry[] = [];
    doc.on('update', (update: Uint8Array) => entries.push({ at: entries.length, author: 'Ada', update }));
    for (let i = 0; i < 200; i++) doc.getText('code').insert(i, String(i % 10));
    const model = new PlaybackModel(entries);
    expect(model.textAt(199)).toBe(doc.getText('code').toString());
    expect(model.textAt(70)).toBe(doc.getText('code').toString().slice(0, 71));
    expect(model.textAt(150)).toHaveLength(151);
  });
});

describe('Timeline', () => {
  it('keeps real gaps, or shrinks idle ones when skipping', () => {
    expect(new Timeline([0, 100, 60_100], false).positions).toEqual([0, 100, 60_100]);
    expect(new Timeline([0, 100, 60_100], true).positions).toEqual([0, 100, 100 + IDLE_CAP_MS]);
  });

  it('finds the entry shown at a time and places wall-clock moments', () => {
    const timeline = new Timeline([1000, 1100, 61_100], true);
    expect(timeline.indexAt(-1)).toBe(-1);
    expect(timeline.indexAt(50)).toBe(0);
    expect(timeline.indexAt(100)).toBe(1);
    expect(timeline.positionOf(1050)).toBe(50);
    expect(timeline.positionOf(30_000)).toBe(100 + IDLE_CAP_MS);
    expect(timeline.positionOf(99_999)).toBe(timeline.duration);
  });
});

describe('Player', () => {
  function manual(times: number[]) {
    let now = 0;
    const frames: (() => void)[] = [];
    const player = new Player(times, { now: () => now, frame: (cb) => (frames.push(cb), () => void frames.splice(frames.indexOf(cb) >>> 0, 1)) });
    const advance = (ms: number) => {
      now += ms;
      frames.splice(0).forEach((f) => f());
    };
    return { player, advance };
  }

  it('opens at the end, plays from the start and stops at the end', () => {
    const { player, advance } = manual([0, 1000, 2000]);
    expect(player.snapshot.index).toBe(2);
    player.play();
    expect(player.snapshot).toMatchObject({ playing: true, time: 0, index: 0 });
    advance(1000);
    expect(player.snapshot.index).toBe(1);
    advance(5000);
    expect(player.snapshot).toMatchObject({ playing: false, index: 2, time: 2000 });
  });

  it('plays faster at a higher speed and can be paused and scrubbed', () => {
    const { player, advance } = manual([0, 1000, 2000, 3000]);
    player.seek(0);
    player.setSpeed(2);
    player.play();
    advance(500);
    expect(player.snapshot.index).toBe(1);
    player.pause();
    advance(5000);
    expect(player.snapshot.index).toBe(1);
    player.seek(2500);
    expect(player.snapshot.index).toBe(2);
  });

  it('keeps the same entry in view when idle skipping is switched', () => {
    const { player } = manual([0, 100, 100_000]);
    player.setSkipIdle(false);
    expect(player.snapshot.duration).toBe(100_000);
    expect(player.snapshot.index).toBe(2);
  });
});
