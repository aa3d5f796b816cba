import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  captureKeyFromLocation,
  forgetInterviewerKey,
  isSessionId,
  keyFromFragment,
  keyFromUrl,
  loadDisplayName,
  loadInterviewerKey,
  NAME_MAX_LENGTH,
  newParticipantId,
  participantIdFor,
  saveDisplayName,
  saveInterviewerKey,
  validateDisplayName,
} from './identity';

const id = 'Ab3_-Ab3_-Ab3_-Ab3_-xy';
const key = 'K'.repeat(43);

beforeEach(() => localStorage.clear());

describe('display names', () => {
  it('are trimmed before use', () => {
    expect(validateDisplayName('  Ada Lovelace  ')).toEqual({ ok: true, name: 'Ada Lovelace' });
  });

  it('are required', () => {
    expect(validateDisplayName('   ')).toMatchObject({ ok: false });
  });

  it('may be at most 64 characters long after trimming', () => {
    expect(validateDisplayName(` ${'a'.repeat(NAME_MAX_LENGTH)} `)).toMatchObject({ ok: true });
    expect(validateDisplayName('a'.repeat(NAME_MAX_LENGTH + 1))).toMatchObject({ ok: false });
  });

  it('cannot contain control characters', () => {
    expect(validateDisplayName('Ada\u0007')).toMatchObject({ ok: false });
  });

  it('are remembered in this browser once saved', () => {
    expect(loadDisplayName()).toBeNull();
    saveDisplayName('  Grace ');
    expect(loadDisplayName()).toBe('Grace');
  });

  it('are not saved when invalid', () => {
    saveDisplayName('Grace');
    expect(saveDisplayName('')).toMatchObject({ ok: false });
    expect(loadDisplayName()).toBe('Grace');
  });

  it('load as nothing when storage is unavailable', () => {
    const broken = { getItem: () => { throw new Error('blocked'); } } as unknown as Storage;
    expect(loadDisplayName(broken)).toBeNull();
    expect(loadDisplayName(null)).toBeNull();
  });
});

describe('interviewer keys', () => {
  it('are read from a key fragment', () => {
    expect(keyFromFragment(`#key=${key}`)).toBe(key);
    expect(keyFromFragment(`key=${key}&x=1`)).toBe(key);
    expect(keyFromFragment('#other=1')).toBeNull();
    expect(keyFromFragment('#key=not a key!')).toBeNull();
  });

  it('are read from an interviewer URL', () => {
    expect(keyFromUrl(`http://127.0.0.1:5080/s/${id}#key=${key}`)).toBe(key);
    expect(keyFromUrl(`http://127.0.0.1:5080/s/${id}`)).toBeNull();
  });

  it('are stored per session', () => {
    saveInterviewerKey(id, key);
    expect(loadInterviewerKey(id)).toBe(key);
    expect(loadInterviewerKey('Zz3_-Ab3_-Ab3_-Ab3_-xy')).toBeNull();
  });

  it('are never stored under something that is not a session id', () => {
    saveInterviewerKey('../evil', key);
    expect(localStorage.length).toBe(0);
  });

  it('move from the address bar into storage and the fragment is removed', () => {
    const history = { state: { n: 1 }, replaceState: vi.fn() };
    const captured = captureKeyFromLocation({ pathname: `/s/${id}`, search: '?a=1', hash: `#key=${key}` }, history);
    expect(captured).toBe(key);
    expect(loadInterviewerKey(id)).toBe(key);
    expect(history.replaceState).toHaveBeenCalledWith({ n: 1 }, '', `/s/${id}?a=1`);
  });

  it('are stripped from the address bar even on a page that is not a session', () => {
    const history = { state: null, replaceState: vi.fn() };
    expect(captureKeyFromLocation({ pathname: '/', search: '', hash: `#key=${key}` }, history)).toBeNull();
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(localStorage.length).toBe(0);
  });

  it('leave a URL without a key fragment alone', () => {
    const history = { state: null, replaceState: vi.fn() };
    expect(captureKeyFromLocation({ pathname: `/s/${id}`, search: '', hash: '#section' }, history)).toBeNull();
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});

describe('session ids', () => {
  it('have the server shape of 22 base64url characters', () => {
    expect(isSessionId(id)).toBe(true);
    expect(isSessionId(id.slice(1))).toBe(false);
    expect(isSessionId(`${id.slice(1)}=`)).toBe(false);
  });
});

describe('participant ids', () => {
  it('creates a 22-character base64url id once per session and keeps it', () => {
    const storage = localStorage;
    const first = participantIdFor(id, storage);
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(participantIdFor(id, storage)).toBe(first);
    expect(storage.getItem(`interview:participant:${id}`)).toBe(first);
  });

  it('encodes 16 bytes as base64url', () => {
    expect(newParticipantId(() => new Uint8Array(16).fill(255))).toBe('_____________________w');
  });

  it('forgets a refused interviewer key', () => {
    const storage = localStorage;
    saveInterviewerKey(id, 'k'.repeat(43), storage);
    forgetInterviewerKey(id, storage);
    expect(loadInterviewerKey(id, storage)).toBeNull();
  });
});
