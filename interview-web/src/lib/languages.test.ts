import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  isLanguageId,
  languageInfo,
  monacoLanguageFor,
  starterCode,
  textAfterLanguageChange,
  toLanguageId,
} from './languages';

describe('languages', () => {
  it('match the session API list in order', () => {
    expect(LANGUAGES.map((l) => l.id)).toEqual(['javascript', 'typescript', 'python', 'java', 'csharp', 'cpp', 'go']);
    expect(DEFAULT_LANGUAGE).toBe('javascript');
  });

  it('have the labels people expect', () => {
    expect(LANGUAGES.map((l) => l.label)).toEqual(['JavaScript', 'TypeScript', 'Python', 'Java', 'C#', 'C++', 'Go']);
  });

  it('map onto Monaco language ids', () => {
    expect(monacoLanguageFor('csharp')).toBe('csharp');
    expect(monacoLanguageFor('cpp')).toBe('cpp');
    expect(monacoLanguageFor('typescript')).toBe('typescript');
  });

  it('each have a starter snippet ending in a newline', () => {
    for (const language of LANGUAGES) {
      expect(starterCode(language.id).length).toBeGreaterThan(20);
      expect(starterCode(language.id).endsWith('\n')).toBe(true);
    }
  });

  it('fall back to the default for unknown input', () => {
    expect(isLanguageId('rust')).toBe(false);
    expect(toLanguageId('rust')).toBe('javascript');
    expect(toLanguageId(undefined)).toBe('javascript');
    expect(toLanguageId('go')).toBe('go');
    expect(languageInfo('go').label).toBe('Go');
  });
});

describe('switching language', () => {
  it('replaces an untouched starter with the new language starter', () => {
    expect(textAfterLanguageChange(starterCode('javascript'), 'javascript', 'python')).toBe(starterCode('python'));
  });

  it('replaces an empty editor with the new language starter', () => {
    expect(textAfterLanguageChange('  \n', 'go', 'java')).toBe(starterCode('java'));
  });

  it('keeps code that someone wrote', () => {
    const written = `${starterCode('javascript')}// my change\n`;
    expect(textAfterLanguageChange(written, 'javascript', 'python')).toBe(written);
  });
});
