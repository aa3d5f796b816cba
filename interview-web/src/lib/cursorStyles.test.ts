import { afterEach, describe, expect, it } from 'vitest';
import { cssString, RemoteCursorStyles, remoteCursorCss } from './cursorStyles';
import type { Participant } from './presence';

/** Reads a CSS string literal back the way a browser does (hex escapes end with one optional space). */
function unquote(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  return literal
    .slice(1, -1)
    .replace(/\\([0-9a-fA-F]{1,6}) ?|\\([^0-9a-fA-F])/g, (_, hex: string | undefined, char: string | undefined) =>
      hex !== undefined ? String.fromCodePoint(parseInt(hex, 16)) : char!,
    );
}

const HOSTILE_NAMES = [
  'Ada Lovelace',
  'a "quoted" name',
  'back\\slash',
  '</style><script>alert(1)</script>',
  'x"; } body { display: none } .y::after { content: "',
  '*/ @import url(https://evil.invalid/x.css); /*',
  'emoji 😀 and ümlauts',
  'new\nline and \u0007 bell',
  'ends with a digit 1',
  '\\31 23',
];

function parse(css: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  return sheet;
}

const remote = (clientId: number, name: string, color = '#60a5fa'): Participant => ({
  clientId,
  name,
  color,
  isLocal: false,
});

describe('cssString', () => {
  it.each(HOSTILE_NAMES)('keeps %j exactly as the label text and inside one declaration', (name) => {
    const sheet = parse(`.h-1::after { content: ${cssString(name)}; color: red; }`);
    expect(sheet.cssRules).toHaveLength(1);
    const style = (sheet.cssRules[0] as CSSStyleRule).style;
    expect(unquote(style.getPropertyValue('content'))).toBe(name);
    expect(style.getPropertyValue('color')).toBe('red');
  });

  it('leaves no character that could end a string, a rule or a style element', () => {
    for (const name of HOSTILE_NAMES) {
      expect(cssString(name).slice(1, -1)).toMatch(/^[A-Za-z0-9 \\]*$/);
    }
  });
});

describe('remoteCursorCss', () => {
  it('colours the selection, the caret and the name label of each remote participant', () => {
    const css = remoteCursorCss([
      { clientId: 1, name: 'Me', color: '#f87171', isLocal: true },
      remote(42, 'Bob', '#60a5fa'),
    ]);
    const sheet = parse(css);
    const rules = [...sheet.cssRules] as CSSStyleRule[];
    expect(rules.map((r) => r.selectorText)).toEqual([
      '.yRemoteSelection-42',
      '.yRemoteSelectionHead-42',
      '.yRemoteSelectionHead-42::after',
    ]);
    expect(rules[0]!.style.getPropertyValue('background-color')).not.toBe('');
    expect(unquote(rules[2]!.style.getPropertyValue('content'))).toBe('Bob');
    expect(css).not.toContain('-1 ');
  });

  it('writes no rules for a participant whose colour or id is not well formed', () => {
    expect(remoteCursorCss([remote(7, 'Eve', 'red; } * { display: none')])).toBe('');
    expect(remoteCursorCss([remote(-1, 'Eve')])).toBe('');
    expect(remoteCursorCss([remote(1.5, 'Eve')])).toBe('');
  });

  it('turns a hostile name into exactly three rules', () => {
    for (const name of HOSTILE_NAMES) {
      const sheet = parse(remoteCursorCss([remote(9, name)]));
      expect(sheet.cssRules).toHaveLength(3);
      expect(unquote((sheet.cssRules[2] as CSSStyleRule).style.getPropertyValue('content'))).toBe(name);
    }
  });
});

describe('RemoteCursorStyles', () => {
  afterEach(() => {
    delete (document as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
  });

  it('falls back to a style element and removes it on dispose', () => {
    const styles = new RemoteCursorStyles(document);
    const element = document.head.querySelector('style[data-remote-cursors]');
    expect(element).not.toBeNull();
    styles.update([remote(3, '<b>Bob</b>')]);
    expect(element!.textContent).toBe(styles.css);
    expect(element!.children).toHaveLength(0);
    styles.dispose();
    expect(document.head.querySelector('style[data-remote-cursors]')).toBeNull();
  });

  it('uses an adopted stylesheet where the browser has them, and takes only its own away', () => {
    const other = new CSSStyleSheet();
    Object.defineProperty(document, 'adoptedStyleSheets', { value: [other], writable: true, configurable: true });
    const styles = new RemoteCursorStyles(document);
    expect(document.head.querySelector('style[data-remote-cursors]')).toBeNull();
    expect(document.adoptedStyleSheets).toHaveLength(2);
    styles.update([remote(5, 'Bob')]);
    expect(document.adoptedStyleSheets[1]!.cssRules).toHaveLength(3);
    styles.dispose();
    expect(document.adoptedStyleSheets).toEqual([other]);
  });
});
