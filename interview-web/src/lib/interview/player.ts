/**
 * The playback clock: play, pause, seek, speed (1×–16×) and idle skipping over a {@link Timeline}. It
 * knows nothing of the document; the view reads `index` and asks the model for that state.
 * Invariant: `time` stays within [0, duration]; reaching the end pauses with `index` on the last entry.
 */
import { Emitter } from '../emitter';
import { Timeline } from './playback';

export const SPEEDS = [1, 2, 4, 8, 16] as const;
export type Speed = (typeof SPEEDS)[number];

export type PlayerSnapshot = {
  readonly playing: boolean;
  readonly time: number;
  readonly duration: number;
  /** The last entry shown (-1: nothing yet). */
  readonly index: number;
  readonly speed: Speed;
  readonly skipIdle: boolean;
  readonly timeline: Timeline;
};

/** Calls back on the next frame; returns the cancel function. */
export type FrameScheduler = (callback: () => void) => () => void;

const defaultFrame: FrameScheduler = (callback) => {
  const id = requestAnimationFrame(callback);
  return () => cancelAnimationFrame(id);
};

export class Player {
  readonly #times: readonly number[];
  readonly #emitter = new Emitter<{ change: (snapshot: PlayerSnapshot) => void }>();
  readonly #frame: FrameScheduler;
  readonly #now: () => number;
  #snapshot: PlayerSnapshot;
  #cancel: (() => void) | undefined;
  #last = 0;

  constructor(times: readonly number[], options: { frame?: FrameScheduler; now?: () => number } = {}) {
    this.#times = times;
    this.#frame = options.frame ?? defaultFrame;
    this.#now = options.now ?? (() => performance.now());
    const timeline = new Timeline(times, true);
    // Opens at the end: the final code is what a reviewer wants first.
    this.#snapshot = { playing: false, time: timeline.duration, duration: timeline.duration, index: times.length - 1, speed: 1, skipIdle: true, timeline };
  }

  get snapshot(): PlayerSnapshot {
    return this.#snapshot;
  }

  on(event: 'change', listener: (snapshot: PlayerSnapshot) => void): () => void {
    return this.#emitter.on(event, listener);
  }

  play(): void {
    if (this.#snapshot.playing || this.#times.length === 0) return;
    const time = this.#snapshot.time >= this.#snapshot.duration ? 0 : this.#snapshot.time;
    this.#update({ playing: true, time });
    this.#last = this.#now();
    this.#cancel = this.#frame(this.#tick);
  }

  pause(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    if (this.#snapshot.playing) this.#update({ playing: false });
  }

  seek(time: number): void {
    this.#update({ time: Math.max(0, Math.min(time, this.#snapshot.duration)) });
  }

  setSpeed(speed: Speed): void {
    this.#update({ speed });
  }

  /** Switching keeps the same entry in view (its position moves with the timeline). */
  setSkipIdle(skipIdle: boolean): void {
    if (skipIdle === this.#snapshot.skipIdle) return;
    const timeline = new Timeline(this.#times, skipIdle);
    const index = this.#snapshot.index;
    const time = index < 0 ? 0 : timeline.positions[index]!;
    this.#snapshot = { ...this.#snapshot, skipIdle, timeline, duration: timeline.duration };
    this.#update({ time });
  }

  dispose(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#emitter.clear();
  }

  readonly #tick = (): void => {
    const now = this.#now();
    const time = this.#snapshot.time + (now - this.#last) * this.#snapshot.speed;
    this.#last = now;
    if (time >= this.#snapshot.duration) {
      this.#cancel = undefined;
      this.#update({ time: this.#snapshot.duration, playing: false });
      return;
    }
    this.#update({ time });
    this.#cancel = this.#frame(this.#tick);
  };

  #update(change: Partial<Pick<PlayerSnapshot, 'playing' | 'time' | 'speed'>>): void {
    const next = { ...this.#snapshot, ...change };
    const index = next.time >= next.duration ? this.#times.length - 1 : next.timeline.indexAt(next.time);
    this.#snapshot = { ...next, index };
    this.#emitter.emit('change', this.#snapshot);
  }
}
