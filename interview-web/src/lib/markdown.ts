/**
 * A small CommonMark subset for question prompts (docs/protocol.md: paragraphs, headings, lists,
 * emphasis, code spans and fenced code), parsed into plain data that a component renders as React
 * elements. Nothing here produces HTML, so a prompt can never inject markup: `<b>` stays the text `<b>`.
 */

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly Inline[] }
  | { readonly kind: 'em'; readonly children: readonly Inline[] };

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly children: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Inline[])[] }
  | { readonly kind: 'code'; readonly language: string; readonly text: string };

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const BULLET = /^ {0,3}[-*+][ \t]+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!);
      blocks.push({ kind: 'code', language: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1, children: parseInline(heading[2] ?? '') });
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = ORDERED.exec(line);
    if (bullet || ordered) {
      flush();
      const isOrdered = bullet === null;
      const items: Inline[][] = [];
      let current: string[] = [];
      const start = ordered ? Number(ordered[1]) : 1;
      for (; i < lines.length; i++) {
        const l = lines[i]!;
        const b = isOrdered ? null : BULLET.exec(l);
        const o = isOrdered ? ORDERED.exec(l) : null;
        const text = b?.[1] ?? o?.[2];
        if (text !== undefined) {
          if (current.length > 0) items.push(parseInline(current.join('\n')));
          current = [text];
        } else if (l.trim() !== '' && /^\s+/.test(l) && current.length > 0) {
          current.push(l.trim()); // a continuation line of the item
        } else {
          break;
        }
      }
      if (current.length > 0) items.push(parseInline(current.join('\n')));
      blocks.push({ kind: 'list', ordered: isOrdered, start, items });
      i--;
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** Code spans first (nothing inside them is markup), then `**strong**`/`__strong__` and `*em*`/`_em_`. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const pushText = () => {
    if (plain !== '') out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && /[\\`*_#\-+.!\[\]()]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const ticks = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end > 0) {
        pushText();
        let code = text.slice(i + ticks.length, end).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
        out.push({ kind: 'code', text: code });
        i = end + ticks.length;
        continue;
      }
      plain += ticks;
      i += ticks.length;
      continue;
    }
    if (ch === '*' || ch === '_') {
      const double = text[i + 1] === ch;
      const marker = double ? ch + ch : ch;
      const end = findClose(text, i + marker.length, marker);
      // Intraword underscores (snake_case) are not emphasis.
      const wordBefore = ch === '_' && i > 0 && /\w/.test(text[i - 1]!);
      if (end > 0 && !wordBefore && !/\s/.test(text[i + marker.length] ?? ' ')) {
        pushText();
        const children = parseInline(text.slice(i + marker.length, end));
        out.push(double ? { kind: 'strong', children } : { kind: 'em', children });
        i = end + marker.length;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  pushText();
  return out;
}

function findClose(text: string, from: number, marker: string): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '`') {
      const ticks = /^`+/.exec(text.slice(j))![0];
      const end = text.indexOf(ticks, j + ticks.length);
      if (end > 0) j = end + ticks.length - 1;
      continue;
    }
    if (text.startsWith(marker, j) && !/\s/.test(text[j - 1] ?? ' ') && (marker.length === 2 || text[j + 1] !== marker)) {
      if (marker === '_' && /\w/.test(text[j + 1] ?? '')) continue;
      return j;
    }
  }
  return -1;
}

/** The plain text of inline content (for titles and tests). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' || i.kind === 'code' ? i.text : inlineText(i.children))).join('');
}
