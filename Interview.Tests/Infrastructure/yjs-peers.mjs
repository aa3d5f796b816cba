// Real Yjs documents for the .NET tests, driven over stdin/stdout as JSON lines.
// Each request: { id, doc, op, ... } → one response line { id, ok, ... }. Documents are created on first use.
// yjs comes from the web client's own node_modules (the same version the browsers run).
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(path.join(process.env.INTERVIEW_WEB_DIR, 'package.json'));
const Y = require('yjs');

const docs = new Map();
const docOf = (name, clientId) => {
  if (!docs.has(name)) {
    const doc = new Y.Doc();
    if (clientId !== undefined && clientId !== null) doc.clientID = clientId;
    const pending = [];
    doc.on('update', (update, origin) => { if (origin !== 'remote') pending.push(update); });
    docs.set(name, { doc, pending });
  }
  return docs.get(name);
};
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const bytes = (text) => new Uint8Array(Buffer.from(text ?? '', 'base64'));

const ops = {
  // Edits return the update(s) they produced, merged into one.
  insert: ({ doc, pending }, r) => { doc.getText('code').insert(r.index ?? doc.getText('code').length, r.text); return { update: b64(Y.mergeUpdates(pending.splice(0))) }; },
  delete: ({ doc, pending }, r) => { doc.getText('code').delete(r.index, r.length); return { update: b64(Y.mergeUpdates(pending.splice(0))) }; },
  setMeta: ({ doc, pending }, r) => { doc.getMap('meta').set(r.key, r.value); return { update: b64(Y.mergeUpdates(pending.splice(0))) }; },
  // Types `count` characters one by one (each its own update), as a person would.
  typeChars: ({ doc, pending }, r) => {
    const text = doc.getText('code');
    const updates = [];
    for (let i = 0; i < r.count; i++) {
      text.insert(text.length, String.fromCharCode(97 + (i % 26)));
      updates.push(b64(pending.splice(0)[0]));
    }
    return { updates };
  },
  // `pending`: Yjs holds structs or deletions whose dependencies it has not seen (an update was missed).
  apply: ({ doc }, r) => { Y.applyUpdate(doc, bytes(r.update), 'remote'); return { pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null }; },
  read: ({ doc }) => ({ text: doc.getText('code').toString(), meta: doc.getMap('meta').toJSON() }),
  stateVector: ({ doc }) => ({ stateVector: b64(Y.encodeStateVector(doc)) }),
  encodeState: ({ doc }, r) => ({ update: b64(Y.encodeStateAsUpdate(doc, r.stateVector ? bytes(r.stateVector) : undefined)) }),
  // Pure functions on update bytes, for checking what the server returns.
  textOf: (_, r) => { const d = new Y.Doc(); Y.applyUpdate(d, bytes(r.update)); return { text: d.getText('code').toString(), meta: d.getMap('meta').toJSON() }; },
};

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let request;
  try {
    request = JSON.parse(line);
    const result = ops[request.op](request.doc === undefined ? undefined : docOf(request.doc, request.clientId), request);
    process.stdout.write(JSON.stringify({ id: request.id, ok: true, ...result }) + '\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ id: request?.id, ok: false, error: String(error) }) + '\n');
  }
});
