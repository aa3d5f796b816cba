/**
 * Who is in the room, read from Yjs awareness states, and which colour each participant gets.
 *
 * Awareness states come from other browsers, so everything here treats them as untrusted input: a
 * name is a bounded, printable string (rendered as text, never markup) and a colour is `#rrggbb` or is
 * replaced by one derived from the client id.
 */
import { NAME_MAX_LENGTH } from './identity';

/** Twelve colours that read well on the dark editor background, in the order they are handed out. */
export const PALETTE = [
  '#f87171', // red
  '#60a5fa', // blue
  '#34d399', // green
  '#fbbf24', // amber
  '#c084fc', // purple
  '#f472b6', // pink
  '#22d3ee', // cyan
  '#fb923c', // orange
  '#a3e635', // lime
  '#818cf8', // indigo
  '#2dd4bf', // teal
  '#fda4af', // rose
] as const;

const HEX_COLOR = /^#[0-9a-f]{6}$/i;
// C0/C1 controls, and line/paragraph separators and bidi controls that would scramble a label.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export type Participant = {
  /** The Yjs client id (also the `yRemoteSelection-<id>` class y-monaco gives this person's cursor). */
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  /** True for this browser tab. */
  readonly isLocal: boolean;
};

/** The user part of an awareness state: `{ user: { name, color } }`. */
export type AwarenessUser = { readonly name: string; readonly color: string };

/** A palette colour for a client id, spread by a cheap integer hash (ids are random, but be safe). */
export function colorForClient(clientId: number): string {
  let h = Math.imul(clientId ^ (clientId >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h ^= h >>> 16;
  return PALETTE[(h >>> 0) % PALETTE.length]!;
}

/** The first palette colour nobody else uses; when all twelve are taken, the hash of the client id. */
export function pickColor(clientId: number, takenByOthers: Iterable<string>): string {
  const taken = new Set([...takenByOthers].map((color) => color.toLowerCase()));
  return PALETTE.find((color) => !taken.has(color)) ?? colorForClient(clientId);
}

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

/** A display name from untrusted input: printable, trimmed, at most 64 UTF-16 units; never empty. */
export function cleanName(value: unknown): string {
  if (typeof value !== 'string') return 'Anonymous';
  const name = value.replace(UNPRINTABLE, '').trim().slice(0, NAME_MAX_LENGTH).trim();
  return name === '' ? 'Anonymous' : name;
}

/** The user in an awareness state, or null when the state announces none (e.g. a fresh `{}`). */
export function readUser(clientId: number, state: unknown): AwarenessUser | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const { name, color } = user as { name?: unknown; color?: unknown };
  return { name: cleanName(name), color: isHexColor(color) ? color.toLowerCase() : colorForClient(clientId) };
}

/** Everyone with a user in their awareness state: this tab first, then by name, then by client id. */
export function participantsFrom(states: ReadonlyMap<number, unknown>, localClientId: number): Participant[] {
  const participants: Participant[] = [];
  for (const [clientId, state] of states) {
    const user = readUser(clientId, state);
    if (user !== null) participants.push({ clientId, ...user, isLocal: clientId === localClientId });
  }
  return participants.sort(
    (a, b) => Number(b.isLocal) - Number(a.isLocal) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
  );
}

export function sameParticipants(a: readonly Participant[], b: readonly Participant[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!;
      return p.clientId === q.clientId && p.name === q.name && p.color === q.color && p.isLocal === q.isLocal;
    })
  );
}
