/**
 * Program output: capped, kept as chunks of one stream each. Used by the workers (which stop forwarding
 * once the cap is reached), by the app (which caps again: it does not trust the frame to) and for the copy
 * in the shared document (a smaller cap).
 */
import type { OutputStream } from './protocol';

export type OutputChunk = { readonly stream: OutputStream; readonly text: string };

export type OutputLimits = { readonly maxChars: number; readonly maxLines: number };

/** What one run may print: about 1 MB or 10,000 lines, whichever comes first. */
export const RUN_OUTPUT_LIMITS: OutputLimits = { maxChars: 1_000_000, maxLines: 10_000 };

/** Counts what passes and cuts what does not fit. */
export class OutputLimiter {
  readonly #limits: OutputLimits;
  #chars = 0;
  #lines = 0;
  /** Exactly at the cap: the next character is cut. */
  #full = false;
  #truncated = false;

  constructor(limits: OutputLimits = RUN_OUTPUT_LIMITS) {
    this.#limits = limits;
  }

  /** True once something was cut; everything after that is dropped. */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** The part of `text` that still fits ('' once the cap is reached). */
  accept(text: string): string {
    if (text === '' || this.#truncated) return '';
    if (this.#full) {
      this.#truncated = true;
      return '';
    }
    let end = Math.min(text.length, this.#limits.maxChars - this.#chars);
    let lines = this.#lines;
    for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
      lines++;
      if (lines >= this.#limits.maxLines) {
        end = i + 1;
        break;
      }
    }
    const kept = text.slice(0, end);
    this.#chars += kept.length;
    this.#lines = lines;
    if (end < text.length) this.#truncated = true;
    else if (this.#chars >= this.#limits.maxChars || this.#lines >= this.#limits.maxLines) this.#full = true;
    return kept;
  }

  reset(): void {
    this.#chars = 0;
    this.#lines = 0;
    this.#full = false;
    this.#truncated = false;
  }
}

/** Adds `text` to `chunks`, merging it into the last chunk when that is of the same stream. */
export function appendChunk(chunks: readonly OutputChunk[], stream: OutputStream, text: string): OutputChunk[] {
  if (text === '') return [...chunks];
  const last = chunks.at(-1);
  if (last?.stream === stream) return [...chunks.slice(0, -1), { stream, text: last.text + text }];
  return [...chunks, { stream, text }];
}

export function outputLength(chunks: readonly OutputChunk[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.text.length, 0);
}

/** The output as one string (for copying, and for plain-text readers). */
export function outputText(chunks: readonly OutputChunk[]): string {
  return chunks.map((chunk) => chunk.text).join('');
}

/**
 * At most `maxChars` of the output: all of it when it fits, otherwise its beginning and its end (where a
 * program's error usually is) with a marker line between them saying how much was left out.
 */
export function headAndTail(chunks: readonly OutputChunk[], maxChars: number): OutputChunk[] {
  const total = outputLength(chunks);
  if (total <= maxChars) return [...chunks];
  // The marker's length depends on the count it shows; the longest count it can show is `total`.
  const markerFor = (omitted: number) => `\n… ${omitted.toLocaleString('en-US')} characters left out …\n`;
  const room = Math.max(0, maxChars - markerFor(total).length);
  const tailChars = Math.floor(room / 4);
  const headChars = room - tailChars;
  const marker = markerFor(total - headChars - tailChars);
  const parts: OutputChunk[] = [...slice(chunks, 0, headChars), { stream: 'stderr', text: marker }, ...slice(chunks, total - tailChars, total)];
  return parts.reduce<OutputChunk[]>((merged, chunk) => appendChunk(merged, chunk.stream, chunk.text), []);
}

/** The characters [from, to) of the output, as chunks. */
function slice(chunks: readonly OutputChunk[], from: number, to: number): OutputChunk[] {
  const result: OutputChunk[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    const start = Math.max(from - offset, 0);
    const end = Math.min(to - offset, chunk.text.length);
    if (start < end) result.push({ stream: chunk.stream, text: chunk.text.slice(start, end) });
    offset += chunk.text.length;
    if (offset >= to) break;
  }
  return result;
}
