import { describe, expect, it } from 'vitest';
import { cleanName, colorForClient, PALETTE, participantsFrom, pickColor, readUser } from './presence';

describe('pickColor', () => {
  it('hands out the first palette colour nobody else uses', () => {
    expect(pickColor(1, [])).toBe(PALETTE[0]);
    expect(pickColor(1, [PALETTE[0], PALETTE[2]])).toBe(PALETTE[1]);
    expect(pickColor(1, [PALETTE[0].toUpperCase()])).toBe(PALETTE[1]);
  });

  it('falls back to the hash of the client id when every colour is taken', () => {
    expect(pickColor(123456, PALETTE)).toBe(colorForClient(123456));
  });

  it('spreads client ids over the whole palette', () => {
    const seen = new Set(Array.from({ length: 200 }, (_, i) => colorForClient(i * 7919)));
    expect(seen.size).toBe(PALETTE.length);
  });

  it('has twelve distinct colours', () => {
    expect(new Set(PALETTE).size).toBe(12);
  });
});

describe('reading awareness states', () => {
  it('cleans names: printable, trimmed, at most 64 characters, never empty', () => {
    expect(cleanName('  Ada\u0000 \u202eLovelace\n ')).toBe('Ada Lovelace');
    expect(cleanName('x'.repeat(100))).toHaveLength(64);
    expect(cleanName('   ')).toBe('Anonymous');
    expect(cleanName(42)).toBe('Anonymous');
  });

  it('replaces a colour that is not #rrggbb with the client id colour', () => {
    expect(readUser(5, { user: { name: 'Eve', color: 'red;}' } })).toEqual({ name: 'Eve', color: colorForClient(5) });
    expect(readUser(5, { user: { name: 'Eve', color: '#ABCDEF' } })?.color).toBe('#abcdef');
  });

  it('ignores states without a user', () => {
    expect(readUser(5, {})).toBeNull();
    expect(readUser(5, null)).toBeNull();
    expect(readUser(5, { user: 'Eve' })).toBeNull();
  });

  it('lists this tab first, then the others by name', () => {
    const states = new Map<number, unknown>([
      [3, { user: { name: 'Zoe', color: '#111111' } }],
      [1, { user: { name: 'Bob', color: '#222222' } }],
      [2, { user: { name: 'Me', color: '#333333' } }],
      [4, {}],
    ]);
    expect(participantsFrom(states, 2).map((p) => [p.clientId, p.name, p.isLocal])).toEqual([
      [2, 'Me', true],
      [1, 'Bob', false],
      [3, 'Zoe', false],
    ]);
  });
});
