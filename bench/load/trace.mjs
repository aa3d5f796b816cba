// A synthetic editing trace the size of crdt-benchmarks' "B4" (259,778 single-character edits by one
// author, ending at about 105,000 characters): typing with a moving cursor, occasional jumps, and
// runs of backspaces, ~70 % inserts. Recorded as Yjs updates, one per 1,000 edits (what a client pushes), so each
// server is fed the same history. Cached on disk: building it takes a few seconds.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';

export const B4_EDITS = 259_778;
const EDITS_PER_UPDATE = 1000;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz      ();{}=\n';

/** A small deterministic PRNG (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function build(edits) {
  const rand = random(4);
  const doc = new Y.Doc();
  doc.clientID = 4_444_444;
  const text = doc.getText('code');
  const updates = [];
  let pending = [];
  doc.on('update', (u) => pending.push(u));
  let cursor = 0;
  let backspaces = 0;
  for (let i = 0; i < edits; i++) {
    const length = text.length;
    if (rand() < 0.002) cursor = Math.floor(rand() * (length + 1)); // the author clicks elsewhere
    cursor = Math.min(cursor, length);
    if (backspaces === 0 && rand() < 0.04) backspaces = 1 + Math.floor(rand() * 20); // a run of corrections
    if (backspaces > 0 && cursor > 0) {
      text.delete(cursor - 1, 1);
      cursor--;
      backspaces--;
    } else {
      backspaces = 0;
      text.insert(cursor, ALPHABET[Math.floor(rand() * ALPHABET.length)]);
      cursor++;
    }
    if (pending.length >= EDITS_PER_UPDATE) {
      updates.push(Y.mergeUpdates(pending));
      pending = [];
    }
  }
  if (pending.length > 0) updates.push(Y.mergeUpdates(pending));
  const result = { edits, updates, docBytes: Y.encodeStateAsUpdate(doc).length, finalLength: text.length };
  doc.destroy();
  return result;
}

/** The trace's updates, the document's own encoded size (Y.encodeStateAsUpdate) and its final length. */
export function loadTrace(cacheDir, edits = B4_EDITS) {
  const file = path.join(cacheDir, `trace-${edits}.bin`);
  if (existsSync(file)) {
    const buffer = readFileSync(file);
    const header = JSON.parse(buffer.subarray(4, 4 + buffer.readUInt32LE(0)).toString());
    let offset = 4 + buffer.readUInt32LE(0);
    const updates = header.sizes.map((size) => {
      const u = new Uint8Array(buffer.subarray(offset, offset + size));
      offset += size;
      return u;
    });
    return { ...header.info, updates };
  }
  const trace = build(edits);
  const info = { edits: trace.edits, docBytes: trace.docBytes, finalLength: trace.finalLength };
  const header = Buffer.from(JSON.stringify({ info, sizes: trace.updates.map((u) => u.length) }));
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(header.length);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, Buffer.concat([prefix, header, ...trace.updates.map((u) => Buffer.from(u))]));
  return { ...info, updates: trace.updates };
}
