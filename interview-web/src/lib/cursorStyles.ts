/**
 * Colours for the remote cursors y-monaco draws. y-monaco only tags them with the classes
 * `yRemoteSelection-<clientId>` (the selected range) and `yRemoteSelectionHead-<clientId>` (the caret);
 * this module writes one rule set per remote participant: a translucent selection, a caret in their
 * colour and a name label (`::after`). The base look of the classes lives in app.css.
 *
 * Names are other people's input. They reach CSS only inside a string in which every character other
 * than ASCII letters, digits and space is a hex escape, so no name can end the string, the rule or a
 * `<style>` element. Colours are validated `#rrggbb`, client ids are integers.
 */
import { isHexColor, type Participant } from './presence';

const PLAIN = /[A-Za-z0-9 ]/;

/** `value` as a double-quoted CSS string literal that any text survives unchanged. */
export function cssString(value: string): string {
  let out = '"';
  for (const char of value) {
    // A hex escape is ended by one space, which CSS swallows; so "a b" → "a b" and "<" → "\3c ".
    out += PLAIN.test(char) ? char : `\\${char.codePointAt(0)!.toString(16)} `;
  }
  return `${out}"`;
}

/** The rules for every remote participant (the local one has no remote cursor). */
export function remoteCursorCss(participants: readonly Participant[]): string {
  const rules: string[] = [];
  for (const { clientId, name, color, isLocal } of participants) {
    if (isLocal || !Number.isSafeInteger(clientId) || clientId < 0 || !isHexColor(color)) continue;
    rules.push(
      `.yRemoteSelection-${clientId} { background-color: ${color}40; }`,
      `.yRemoteSelectionHead-${clientId} { border-color: ${color}; }`,
      `.yRemoteSelectionHead-${clientId}::after { content: ${cssString(name)}; background-color: ${color}; }`,
    );
  }
  return rules.join('\n');
}

type StyleTarget = Document;

/**
 * Keeps one stylesheet with the remote cursor rules in a document. Prefers a constructable stylesheet in
 * `document.adoptedStyleSheets` (no inline `<style>`, so it needs no CSP exception); falls back to a
 * `<style>` element. `dispose()` removes whichever it added.
 */
export class RemoteCursorStyles {
  readonly #document: StyleTarget;
  readonly #sheet: CSSStyleSheet | null;
  readonly #element: HTMLStyleElement | null;
  #css = '';

  constructor(target: StyleTarget = document) {
    this.#document = target;
    const view = target.defaultView;
    const constructable =
      view !== null &&
      'adoptedStyleSheets' in target &&
      typeof view.CSSStyleSheet === 'function' &&
      'replaceSync' in view.CSSStyleSheet.prototype;
    if (constructable) {
      this.#sheet = new view.CSSStyleSheet();
      this.#element = null;
      target.adoptedStyleSheets = [...target.adoptedStyleSheets, this.#sheet];
    } else {
      this.#sheet = null;
      this.#element = target.createElement('style');
      this.#element.dataset['remoteCursors'] = '';
      target.head.append(this.#element);
    }
  }

  /** The CSS currently applied (for tests and debugging). */
  get css(): string {
    return this.#css;
  }

  update(participants: readonly Participant[]): void {
    const css = remoteCursorCss(participants);
    if (css === this.#css) return;
    this.#css = css;
    if (this.#sheet !== null) this.#sheet.replaceSync(css);
    else if (this.#element !== null) this.#element.textContent = css;
  }

  dispose(): void {
    if (this.#sheet !== null) {
      const sheet = this.#sheet;
      this.#document.adoptedStyleSheets = this.#document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
    this.#element?.remove();
  }
}
