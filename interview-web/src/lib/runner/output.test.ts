import { describe, expect, it } from 'vitest';
import { appendChunk, headAndTail, OutputLimiter, outputLength, outputText, type OutputChunk } from './output';

describe('OutputLimiter', () => {
  it('passes output until the character cap and cuts the rest', () => {
    const limiter = new OutputLimiter({ maxChars: 10, maxLines: 100 });
    expect(limiter.accept('hello ')).toBe('hello ');
    expect(limiter.accept('world!!')).toBe('worl');
    expect(limiter.truncated).toBe(true);
    expect(limiter.accept('more')).toBe('');
  });

  it('cuts after the last allowed line, keeping its newline', () => {
    const limiter = new OutputLimiter({ maxChars: 1000, maxLines: 3 });
    expect(limiter.accept('a\nb\n')).toBe('a\nb\n');
    expect(limiter.accept('c\nd\ne\n')).toBe('c\n');
    expect(limiter.truncated).toBe(true);
  });

  it('is not truncated when the output ends exactly at the cap, but is at the next character', () => {
    const limiter = new OutputLimiter({ maxChars: 4, maxLines: 100 });
    expect(limiter.accept('abcd')).toBe('abcd');
    expect(limiter.truncated).toBe(false);
    expect(limiter.accept('')).toBe('');
    expect(limiter.truncated).toBe(false);
    expect(limiter.accept('e')).toBe('');
    expect(limiter.truncated).toBe(true);
  });

  it('caps 20,000 printed lines at 10,000 by default', () => {
    const limiter = new OutputLimiter();
    let kept = '';
    for (let i = 0; i < 20_000; i++) kept += limiter.accept(`line ${i}\n`);
    expect(kept.split('\n').length - 1).toBe(10_000);
    expect(limiter.truncated).toBe(true);
  });

  it('starts counting again after reset', () => {
    const limiter = new OutputLimiter({ maxChars: 2, maxLines: 10 });
    limiter.accept('abc');
    limiter.reset();
    expect(limiter.truncated).toBe(false);
    expect(limiter.accept('xy')).toBe('xy');
  });
});

describe('chunks', () => {
  it('merges consecutive output of one stream and keeps streams apart', () => {
    let chunks: OutputChunk[] = [];
    chunks = appendChunk(chunks, 'stdout', 'a');
    chunks = appendChunk(chunks, 'stdout', 'b');
    chunks = appendChunk(chunks, 'stderr', 'E');
    chunks = appendChunk(chunks, 'stdout', 'c');
    expect(chunks).toEqual([
      { stream: 'stdout', text: 'ab' },
      { stream: 'stderr', text: 'E' },
      { stream: 'stdout', text: 'c' },
    ]);
    expect(outputText(chunks)).toBe('abEc');
    expect(outputLength(chunks)).toBe(4);
  });

  it('keeps short output whole and long output as its beginning and end with a marker', () => {
    const short: OutputChunk[] = [{ stream: 'stdout', text: 'abc' }];
    expect(headAndTail(short, 10)).toEqual(short);
    const long: OutputChunk[] = [
      { stream: 'stdout', text: 'x'.repeat(100) },
      { stream: 'stderr', text: 'Traceback: boom' },
    ];
    const kept = headAndTail(long, 80);
    const text = outputText(kept);
    expect(text.length).toBeLessThanOrEqual(80);
    expect(text.startsWith('x'.repeat(20))).toBe(true);
    expect(text.endsWith('ack: boom'.slice(-9))).toBe(true);
    expect(text).toContain('characters left out');
    expect(kept.at(-1)).toEqual({ stream: 'stderr', text: expect.stringContaining('boom') });
  });
});
