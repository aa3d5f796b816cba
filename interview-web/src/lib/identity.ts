/**
 * Who the visitor is, kept in this browser only: a display name, and for each session the interviewer
 * key that came with the interviewer link.
 *
 * Invariant: the key never stays in the address bar. It arrives as `#key=…` (a fragment, so it is
 * never sent to a server or written to access logs), is moved into storage, and the fragment is
 * removed with `history.replaceState` before anything renders.
 */

export const NAME_MAX_LENGTH = 64;

const NAME_STORAGE_KEY = 'interview:name';
const KEY_STORAGE_PREFIX = 'interview:key:';

/** Session ids are 16 random bytes as unpadded base64url (the server's `Secrets.IsSessionId`). */
const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;
/** Interviewer keys are base64url; the server decides whether one is right, we only bound the shape. */
const INTERVIEWER_KEY = /^[A-Za-z0-9_-]{16,128}$/;

export function isSessionId(value: string): boolean {
  return SESSION_ID.test(value);
}

export type NameCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly error: string };

/** Trims the name and checks it is present, at most 64 characters (UTF-16 units, as the server counts) and printable. */
export function validateDisplayName(raw: string): NameCheck {
  const name = raw.trim();
  if (name === '') return { ok: false, error: 'Please enter your name.' };
  if (name.length > NAME_MAX_LENGTH) {
    return { ok: false, error: `Your name can be at most ${NAME_MAX_LENGTH} characters long.` };
  }
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, error: 'Your name cannot contain control characters.' };
  return { ok: true, name };
}

/** localStorage, or null where it is unavailable (disabled cookies, some private modes). */
function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function read(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: Storage | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Storage full or blocked: the visitor is asked again next time, which is harmless.
  }
}

export function loadDisplayName(storage: Storage | null = defaultStorage()): string | null {
  const stored = read(storage, NAME_STORAGE_KEY);
  if (stored === null) return null;
  const check = validateDisplayName(stored);
  return check.ok ? check.name : null;
}

/** Validates and stores the name; returns what was stored. */
export function saveDisplayName(raw: string, storage: Storage | null = defaultStorage()): NameCheck {
  const check = validateDisplayName(raw);
  if (check.ok) write(storage, NAME_STORAGE_KEY, check.name);
  return check;
}

/** The key in a fragment such as `#key=abc` (other parameters are ignored), or null. */
export function keyFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const key = params.get('key');
  return key !== null && INTERVIEWER_KEY.test(key) ? key : null;
}

/** The key carried by an interviewer URL (`{origin}/s/{id}#key={secret}`), or null. */
export function keyFromUrl(url: string): string | null {
  const hashAt = url.indexOf('#');
  return hashAt < 0 ? null : keyFromFragment(url.slice(hashAt));
}

export function saveInterviewerKey(sessionId: string, key: string, storage: Storage | null = defaultStorage()): void {
  if (isSessionId(sessionId)) write(storage, KEY_STORAGE_PREFIX + sessionId, key);
}

export function loadInterviewerKey(sessionId: string, storage: Storage | null = defaultStorage()): string | null {
  if (!isSessionId(sessionId)) return null;
  const key = read(storage, KEY_STORAGE_PREFIX + sessionId);
  return key !== null && INTERVIEWER_KEY.test(key) ? key : null;
}

/**
 * If the current URL is `/s/{id}#key=…`, stores the key for that session. Either way, a fragment that
 * holds a `key` parameter is removed from the address bar (and from this history entry).
 * Returns the stored key, or null.
 */
export function captureKeyFromLocation(
  location: Pick<Location, 'pathname' | 'search' | 'hash'>,
  history: Pick<History, 'replaceState' | 'state'>,
  storage: Storage | null = defaultStorage(),
): string | null {
  if (!new URLSearchParams(location.hash.slice(1)).has('key')) return null;
  const key = keyFromFragment(location.hash);
  const match = /^\/s\/([^/]+)\/?$/.exec(location.pathname);
  // Ids are base64url, so the path segment needs no decoding: anything percent-encoded is not an id.
  const sessionId = match?.[1] ?? '';
  const stored = key !== null && isSessionId(sessionId) ? key : null;
  if (stored !== null) saveInterviewerKey(sessionId, stored, storage);
  history.replaceState(history.state, '', location.pathname + location.search);
  return stored;
}

const PARTICIPANT_STORAGE_PREFIX = 'interview:participant:';
const PARTICIPANT_ID = /^[A-Za-z0-9_-]{22}$/;

/** 16 random bytes as unpadded base64url: 22 characters, the shape the hub accepts. */
export function newParticipantId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * This browser's participant id in a session (docs/protocol.md, "Roles"): kept in storage so a reload or
 * a reconnect is the same participant (a locked session lets them back in, a removal keeps them out).
 */
export function participantIdFor(sessionId: string, storage: Storage | null = defaultStorage()): string {
  const key = PARTICIPANT_STORAGE_PREFIX + sessionId;
  const stored = read(storage, key);
  if (stored !== null && PARTICIPANT_ID.test(stored)) return stored;
  const created = newParticipantId();
  write(storage, key, created);
  return created;
}

/** Forgets a key the hub refused (`forbidden`): this browser is a candidate from now on. */
export function forgetInterviewerKey(sessionId: string, storage: Storage | null = defaultStorage()): void {
  try {
    storage?.removeItem(KEY_STORAGE_PREFIX + sessionId);
  } catch {
    // Nothing stored, or storage blocked: nothing to forget.
  }
}
