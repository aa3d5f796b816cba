/** Which session languages can run in the browser, and on which runtime. */
import { languageInfo, type LanguageId } from '../languages';
import type { RuntimeId } from './protocol';

// TypeScript runs on the JavaScript runtime once its types are stripped (typescript.ts).
const RUNTIME_OF: Partial<Record<LanguageId, RuntimeId>> = { python: 'python', javascript: 'javascript', typescript: 'javascript' };

export const RUNTIME_LABELS: Readonly<Record<RuntimeId, string>> = { python: 'Python', javascript: 'JavaScript' };

export function runtimeFor(language: LanguageId): RuntimeId | null {
  return RUNTIME_OF[language] ?? null;
}

/** Why Run is unavailable for `language`, or null when it can run. */
export function unsupportedReason(language: LanguageId): string | null {
  return runtimeFor(language) === null ? `Running ${languageInfo(language).label} is not supported yet` : null;
}
