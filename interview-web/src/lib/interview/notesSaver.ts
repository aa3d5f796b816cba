/**
 * Autosave for the interviewer's private notes: every edit restarts a short wait, then the latest text is
 * saved (`PUT …/notes`). One save at a time; an edit during a save is saved right after it. A failed save
 * is retried after a longer wait. The status is what the panel shows.
 *
 * Invariant: `saved` means the text on the server is the text in the box.
 */
import { Emitter } from '../emitter';

export type NotesStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export const NOTES_DEBOUNCE_MS = 800;
export const NOTES_RETRY_MS = 5000;

export class NotesSaver {
  readonly #save: (text: string) => Promise<unknown>;
  readonly #emitter = new Emitter<{ status: (status: NotesStatus) => void }>();
  #status: NotesStatus = 'idle';
  #text: string | null = null;
  #savedText: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving = false;
  #disposed = false;

  constructor(save: (text: string) => Promise<unknown>, initial: string | null = null) {
    this.#save = save;
    this.#savedText = initial;
  }

  get status(): NotesStatus {
    return this.#status;
  }

  on(event: 'status', listener: (status: NotesStatus) => void): () => void {
    return this.#emitter.on(event, listener);
  }

  /** The box changed: save its text after a pause in typing. */
  change(text: string): void {
    if (this.#disposed) return;
    this.#text = text;
    if (text === this.#savedText && !this.#saving) {
      clearTimeout(this.#timer);
      this.#setStatus('saved');
      return;
    }
    this.#setStatus(this.#saving ? 'saving' : 'pending');
    this.#schedule(NOTES_DEBOUNCE_MS);
  }

  /** Saves what is pending now (leaving the page, ending the interview). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    return this.#run();
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#emitter.clear();
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, ms);
  }

  async #run(): Promise<void> {
    if (this.#disposed || this.#saving || this.#text === null || this.#text === this.#savedText) return;
    const text = this.#text;
    this.#saving = true;
    this.#setStatus('saving');
    try {
      await this.#save(text);
      this.#savedText = text;
    } catch {
      this.#saving = false;
      if (this.#disposed) return;
      this.#setStatus('error');
      this.#schedule(NOTES_RETRY_MS);
      return;
    }
    this.#saving = false;
    if (this.#disposed) return;
    if (this.#text !== this.#savedText) {
      this.#setStatus('pending');
      this.#schedule(NOTES_DEBOUNCE_MS);
    } else this.#setStatus('saved');
  }

  #setStatus(status: NotesStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#emitter.emit('status', status);
  }
}
