import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

describe('parseMarkdown', () => {
  it('reads a question prompt: heading, paragraph with code and strong, bullet list', () => {
    const blocks = parseMarkdown(
      '# Two Sum\n\nGiven `nums`, return the **indices**\nof two numbers.\n\n- One solution.\n- Not *twice*.\n',
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, children: [{ kind: 'text', text: 'Two Sum' }] },
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', text: 'Given ' },
          { kind: 'code', text: 'nums' },
          { kind: 'text', text: ', return the ' },
          { kind: 'strong', children: [{ kind: 'text', text: 'indices' }] },
          { kind: 'text', text: '\nof two numbers.' },
        ],
      },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [
          [{ kind: 'text', text: 'One solution.' }],
          [{ kind: 'text', text: 'Not ' }, { kind: 'em', children: [{ kind: 'text', text: 'twice' }] }, { kind: 'text', text: '.' }],
        ],
      },
    ]);
  });

  it('keeps fenced code verbatim, markup and all', () => {
    expect(parseMarkdown('```python\nx = **y**\n<b>\n```\nafter')).toEqual([
      { kind: 'code', language: 'python', text: 'x = **y**\n<b>' },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'after' }] },
    ]);
  });

  it('reads ordered lists with their start number', () => {
    expect(parseMarkdown('3. three\n4. four')).toEqual([
      { kind: 'list', ordered: true, start: 3, items: [[{ kind: 'text', text: 'three' }], [{ kind: 'text', text: 'four' }]] },
    ]);
  });

  it('treats HTML as text', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });
});

describe('parseInline', () => {
  it('leaves snake_case and lone stars alone', () => {
    expect(parseInline('use two_sum_fast * 2')).toEqual([{ kind: 'text', text: 'use two_sum_fast * 2' }]);
  });

  it('does not read emphasis inside code spans', () => {
    expect(parseInline('`a*b*c`')).toEqual([{ kind: 'code', text: 'a*b*c' }]);
  });

  it('honours backslash escapes', () => {
    expect(parseInline('\\*not em\\*')).toEqual([{ kind: 'text', text: '*not em*' }]);
  });
});
