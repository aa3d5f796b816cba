import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTES_DEBOUNCE_MS, NOTES_RETRY_MS, NotesSaver } from './notesSaver';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('NotesSaver', () => {
  it('saves the latest text once typing pauses', async () => {
    const save = vi.fn(async () => undefined);
    const saver = new NotesSaver(save);
    saver.change('a');
    saver.change('ab');
    expect(saver.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    expect(save.mock.calls).toEqual([['ab']]);
    expect(saver.status).toBe('saved');
  });

  it('saves an edit made during a save right after it', async () => {
    let finish!: () => void;
    const save = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const saver = new NotesSaver(save);
    saver.change('one');
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    saver.change('one two');
    expect(saver.status).toBe('saving');
    finish();
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(save.mock.calls).toEqual([['one'], ['one two']]);
    expect(saver.status).toBe('saved');
  });

  it('shows an error and retries a failed save', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined);
    const saver = new NotesSaver(save);
    saver.change('x');
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    expect(saver.status).toBe('error');
    await vi.advanceTimersByTimeAsync(NOTES_RETRY_MS);
    expect(saver.status).toBe('saved');
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('does not save the text the server already has', async () => {
    const save = vi.fn(async () => undefined);
    const saver = new NotesSaver(save, 'same');
    saver.change('same');
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    expect(save).not.toHaveBeenCalled();
    expect(saver.status).toBe('saved');
  });

  it('saves at once on flush', async () => {
    const save = vi.fn(async () => undefined);
    const saver = new NotesSaver(save);
    saver.change('now');
    await saver.flush();
    expect(save).toHaveBeenCalledWith('now');
  });
});
