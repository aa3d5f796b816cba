/**
 * Playback of a session from its history (docs/protocol.md, `GET /api/sessions/{id}/history`): the code
 * after any number of accepted updates, coloured by author, on a timeline that can skip idle gaps.
 *
 * Authorship: each Yjs item carries the client id of the document that created it. The first history
 * entry whose update carries structs of a client id introduced that client, so the entry's author is
 * the author of every character with that id — also after later edits around them.
 *
 * Invariant: `textAt(length - 1)` is exactly the text of the document the history rebuilds (applying every
 * update in order to an empty `Y.Doc`), which is the final code.
 */
import * as Y from 'yjs';
import type { HistoryEntry } from './interviewApi';

/** Gaps longer than this shrink to it when idle time is skipped. */
export const IDLE_CAP_MS = 1500;
/** How often the model keeps a snapshot to seek from (entries). */
const CHECKPOINT_EVERY = 64;

export type AuthorSpan = { readonly text: string; readonly author: string | null };

export class PlaybackModel {
  readonly entries: readonly HistoryEntry[];
  /** Authors in the order they first appear. */
  readonly authors: readonly string[];
  /** Whether entry i changed the code (runs and metadata change other parts of the document). */
  readonly changedCode: readonly boolean[];
  readonly #authorByClient = new Map<number, string>();
  readonly #checkpoints: Uint8Array[] = [];
  #cache: { index: number; doc: Y.Doc } | null = null;

  constructor(entries: readonly HistoryEntry[]) {
    this.entries = entries;
    const authors: string[] = [];
    const changed: boolean[] = [];
    const doc = new Y.Doc();
    let text = '';
    entries.forEach((entry, i) => {
      if (!authors.includes(entry.author)) authors.push(entry.author);
      try {
        for (const struct of Y.decodeUpdate(entry.update).structs) {
          if (!this.#authorByClient.has(struct.id.client)) this.#authorByClient.set(struct.id.client, entry.author);
        }
        Y.applyUpdate(doc, entry.update);
      } catch {
        // A malformed entry (the server validates them, so never in practice) changes nothing.
      }
      const next = doc.getText('code').toString();
      changed.push(next !== text);
      text = next;
      if ((i + 1) % CHECKPOINT_EVERY === 0) this.#checkpoints.push(Y.encodeStateAsUpdate(doc));
    });
    doc.destroy();
    this.authors = authors;
    this.changedCode = changed;
  }

  get length(): number {
    return this.entries.length;
  }

  authorOfClient(clientId: number): string | null {
    return this.#authorByClient.get(clientId) ?? null;
  }

  /** The whole document after entries 0..index, for reading only (it is reused by the next seek). */
  docAt(index: number): Y.Doc {
    return this.#docAt(index);
  }

  /** The code after entries 0..index (index -1: before the first). */
  textAt(index: number): string {
    return this.#docAt(index).getText('code').toString();
  }

  /** The code after entries 0..index as runs of text by one author each. */
  spansAt(index: number): AuthorSpan[] {
    const spans: AuthorSpan[] = [];
    let item = this.#docAt(index).getText('code')._start;
    while (item !== null) {
      if (!item.deleted && item.content instanceof Y.ContentString) {
        const author = this.authorOfClient(item.id.client);
        const last = spans[spans.length - 1];
        if (last !== undefined && last.author === author) spans[spans.length - 1] = { text: last.text + item.content.str, author };
        else spans.push({ text: item.content.str, author });
      }
      item = item.right;
    }
    return spans;
  }

  /** How many entries changed the code, per author. */
  editsByAuthor(): Map<string, number> {
    const counts = new Map<string, number>();
    this.entries.forEach((e, i) => {
      if (this.changedCode[i]) counts.set(e.author, (counts.get(e.author) ?? 0) + 1);
    });
    return counts;
  }

  dispose(): void {
    this.#cache?.doc.destroy();
    this.#cache = null;
  }

  #docAt(index: number): Y.Doc {
    const target = Math.max(-1, Math.min(index, this.entries.length - 1));
    // Playing forward applies only the new entries; anything else starts from the nearest checkpoint.
    if (this.#cache === null || this.#cache.index > target) {
      this.#cache?.doc.destroy();
      const doc = new Y.Doc();
      const checkpoint = Math.floor((target + 1) / CHECKPOINT_EVERY);
      if (checkpoint > 0) Y.applyUpdate(doc, this.#checkpoints[checkpoint - 1]!);
      this.#cache = { index: checkpoint * CHECKPOINT_EVERY - 1, doc };
    }
    const cache = this.#cache;
    for (let i = cache.index + 1; i <= target; i++) {
      try {
        Y.applyUpdate(cache.doc, this.entries[i]!.update);
      } catch {
        // see the constructor
      }
    }
    cache.index = target;
    return cache.doc;
  }
}

/**
 * Where each entry sits on the playback clock (ms from the first entry). With `skipIdle`, a gap between
 * two entries counts at most {@link IDLE_CAP_MS}, so a long silence plays in a moment.
 */
export class Timeline {
  readonly positions: readonly number[];
  readonly #times: readonly number[];
  readonly #skipIdle: boolean;

  constructor(times: readonly number[], skipIdle: boolean) {
    this.#times = times;
    this.#skipIdle = skipIdle;
    const positions: number[] = [];
    times.forEach((t, i) => positions.push(i === 0 ? 0 : positions[i - 1]! + this.#gap(t - times[i - 1]!)));
    this.positions = positions;
  }

  get duration(): number {
    return this.positions[this.positions.length - 1] ?? 0;
  }

  /** The last entry at or before playback time `time` (-1 before the first). */
  indexAt(time: number): number {
    let lo = 0;
    let hi = this.positions.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.positions[mid]! <= time) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** A wall-clock moment (e.g. a run's `startedAt`) on the playback clock. */
  positionOf(at: number): number {
    const times = this.#times;
    if (times.length === 0 || at <= times[0]!) return 0;
    let i = 0;
    while (i + 1 < times.length && times[i + 1]! <= at) i++;
    const next = times[i + 1];
    const within = at - times[i]!;
    const step = next === undefined ? within : Math.min(within, this.#gap(next - times[i]!));
    return Math.min(this.positions[i]! + this.#gap(step), this.duration);
  }

  #gap(ms: number): number {
    const gap = Math.max(0, ms);
    return this.#skipIdle ? Math.min(gap, IDLE_CAP_MS) : gap;
  }
}
