// Differential-test oracle for the C# Yjs update library (Interview.CollabHub.Documents.Yjs).
//
// Reads one JSON request on stdin and writes one JSON response on stdout. Request keys (all optional):
//   generate: [{ seed, steps, cases }]      seeded multi-client edit traces + merge/diff/sv cases with yjs's outputs
//   bulk:     [{ seed, edits, chunk }]      one long single-character editing session (performance/large docs)
//   compute:  [{ op: 'merge', inputs: [b64] } | { op: 'diff', update, sv } | { op: 'sv', update }
//              | { op: 'awareness', update, clients, removal } | { op: 'sortProbe', items: [[client, clock, isGc]] }]
//   apply:    [{ updates: [b64] }]          apply in order to a fresh Y.Doc and describe the result
// yjs is loaded from the web app's node_modules: INTERVIEW_WEB_DIR must point at the folder holding package.json.
import { createRequire } from 'node:module'
import path from 'node:path'
import fs from 'node:fs'

const webDir = process.env.INTERVIEW_WEB_DIR
if (!webDir) {
  fail('INTERVIEW_WEB_DIR is not set (it must name the folder whose node_modules holds yjs)')
}
const requireFromWeb = createRequire(path.join(webDir, 'package.json'))
let Y
let awarenessProtocol
try {
  Y = requireFromWeb('yjs')
  awarenessProtocol = requireFromWeb('y-protocols/awareness')
} catch (e) {
  fail(`cannot load yjs and y-protocols from ${webDir}: ${e.message}. Run "npm ci" (or "npm install") in that folder.`)
}

function fail (message) {
  process.stderr.write(`yjs-oracle: ${message}\n`)
  process.exit(2)
}

const b64 = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64')
const unb64 = (s) => new Uint8Array(Buffer.from(s, 'base64'))

// mulberry32: tiny, fast, good enough for test traces, and identical on every platform.
function makeRng (seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) // inclusive
  const pick = (arr) => arr[Math.floor(next() * arr.length)]
  const chance = (p) => next() < p
  const shuffle = (arr) => {
    const a = [...arr]
    for (let i = a.length - 1; i > 0; i--) {
      const j = int(0, i)
      const t = a[i]; a[i] = a[j]; a[j] = t
    }
    return a
  }
  return { next, int, pick, chance, shuffle }
}

// Large and small ids on purpose: ids >= 2^31 catch signed comparisons, 4294967295 is the uint32 maximum.
const CLIENT_IDS = [1, 7, 300, 123456789, 2147483647, 2147483653, 3000000000, 4294967295]
const CHARS = ['a', 'b', 'c', 'x', 'y', 'z', ' ', '\n', '{', '}', 'é', 'ß', '中', '😀', '🎉']
const KEYS = ['lang', 'title', 'count', 'ratio', 'flag', 'cfg', 'bin', 'note']

function randomText (rng, maxLen) {
  let s = ''
  const n = rng.int(1, maxLen)
  for (let i = 0; i < n; i++) s += rng.pick(CHARS)
  return s
}

function randomValue (rng) {
  switch (rng.int(0, 8)) {
    case 0: return randomText(rng, 6)
    case 1: return rng.int(-1000, 1000)
    case 2: return rng.int(0, 1) === 0 ? 2 ** 40 + rng.int(0, 9) : -(2 ** 33)
    case 3: return rng.next() * 100
    case 4: return null
    case 5: return rng.chance(0.5)
    case 6: return { a: [1, 'x', { b: rng.int(0, 9) }], '1': true, z: null }
    case 7: return new Uint8Array([rng.int(0, 255), 0, 255])
    default: return ['p', rng.int(0, 5), 0.5]
  }
}

/** Describes a document: everything the C# test compares after applying updates. */
function describe (doc) {
  const text = doc.getText('code')
  return {
    text: text.toString(),
    delta: JSON.stringify(text.toDelta()),
    meta: canonical(doc.getMap('meta')),
    xml: doc.getXmlFragment('xml').toString(),
    sv: b64(Y.encodeStateVector(doc)),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null
  }
}

// Map contents as JSON with sorted keys: toJSON order follows integration order, which may legitimately differ.
function canonical (value) {
  const norm = (v) => {
    if (v instanceof Y.Doc) return { $doc: v.guid }
    if (v instanceof Y.AbstractType) return norm(v.toJSON())
    if (v instanceof Uint8Array) return { $bin: b64(v) }
    if (Array.isArray(v)) return v.map(norm)
    if (v !== null && typeof v === 'object') {
      const out = {}
      for (const k of Object.keys(v).sort()) out[k] = norm(v[k])
      return out
    }
    return v === undefined ? null : v
  }
  return JSON.stringify(norm(value))
}

function stateOf (updates) {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return describe(doc)
}

/** One seeded trace: 2–5 peers editing `code`, `meta` (and a few other types) with partial syncs. */
function generate ({ seed, steps, cases }) {
  const rng = makeRng(seed)
  const ids = rng.shuffle(CLIENT_IDS).slice(0, rng.int(2, 5))
  const pool = [] // every update-ish byte array the cases draw from
  const kinds = []
  const events = []
  const snapshots = [] // { index, sv } – a peer's full state and its state vector at that time
  const add = (u, kind) => { pool.push(u); kinds.push(kind); return pool.length - 1 }

  const docs = ids.map((id) => {
    const doc = new Y.Doc({ gc: rng.chance(0.7) })
    doc.clientID = id
    doc.on('update', (u) => events.push(add(u, 'event')))
    return doc
  })

  let subdocs = 0
  for (let step = 0; step < steps; step++) {
    const doc = rng.pick(docs)
    const text = doc.getText('code')
    const meta = doc.getMap('meta')
    const roll = rng.next()
    if (roll < 0.38) {
      text.insert(rng.int(0, text.length), randomText(rng, 5))
    } else if (roll < 0.55) {
      if (text.length > 0) {
        const pos = rng.int(0, text.length - 1)
        text.delete(pos, rng.int(1, Math.min(8, text.length - pos)))
      }
    } else if (roll < 0.58) {
      if (rng.chance(0.5) || text.length === 0) {
        text.insert(rng.int(0, text.length), randomText(rng, 3), { bold: true })
      } else {
        const pos = rng.int(0, text.length - 1)
        text.format(pos, rng.int(1, text.length - pos), { italic: rng.chance(0.5) ? true : null })
      }
    } else if (roll < 0.60) {
      text.insertEmbed(rng.int(0, text.length), { img: randomText(rng, 3) })
    } else if (roll < 0.72) {
      meta.set(rng.pick(KEYS), randomValue(rng))
    } else if (roll < 0.74) {
      meta.delete(rng.pick(KEYS))
    } else if (roll < 0.79) {
      let arr = meta.get('arr')
      if (!(arr instanceof Y.Array) || rng.chance(0.15)) {
        arr = new Y.Array()
        meta.set('arr', arr) // replacing the old array deletes its children (GC structs in gc docs)
      }
      if (arr.length > 0 && rng.chance(0.4)) {
        const pos = rng.int(0, arr.length - 1)
        arr.delete(pos, rng.int(1, Math.min(3, arr.length - pos)))
      } else {
        arr.insert(rng.int(0, arr.length), [randomValue(rng), rng.int(0, 99)])
      }
    } else if (roll < 0.81) {
      const xml = doc.getXmlFragment('xml')
      const el = new Y.XmlElement('p')
      el.setAttribute('class', randomText(rng, 3))
      el.insert(0, [new Y.XmlText(randomText(rng, 4))])
      xml.insert(rng.int(0, xml.length), [el])
      if (rng.chance(0.3)) xml.insert(0, [new Y.XmlHook('hook')])
    } else if (roll < 0.815) {
      meta.set('sub', new Y.Doc({ guid: `sub-${seed}-${subdocs++}` }))
    } else if (roll < 0.91) {
      // partial sync: one direction, one pair
      const other = rng.pick(docs)
      if (other !== doc) Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
    } else if (roll < 0.94) {
      // out-of-order delivery: an arbitrary earlier event, possibly leaving pending structs behind
      if (events.length > 0) Y.applyUpdate(doc, pool[rng.pick(events)])
    } else {
      snapshots.push({ index: add(Y.encodeStateAsUpdate(doc), 'snapshot'), sv: b64(Y.encodeStateVector(doc)) })
    }
  }

  // converge: every doc learns everything
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  for (const d of docs) snapshots.push({ index: add(Y.encodeStateAsUpdate(d), 'snapshot'), sv: b64(Y.encodeStateVector(d)) })
  const finalState = describe(docs[0])
  const eventList = [...events] // freeze: later merges must not see their own outputs as events

  const out = []
  for (let i = 0; i < cases; i++) {
    const roll = rng.next()
    if (roll < 0.5) {
      const n = rng.chance(0.08) ? rng.int(20, 60) : rng.int(1, 6)
      const inputs = []
      for (let k = 0; k < n; k++) {
        const fromEvents = rng.chance(0.7)
        inputs.push(fromEvents ? rng.pick(eventList) : rng.int(0, pool.length - 1))
      }
      const merged = Y.mergeUpdates(inputs.map((j) => pool[j]))
      out.push({ op: 'merge', inputs, expected: b64(merged), expectedState: stateOf([merged]) })
      add(merged, 'merge')
    } else if (roll < 0.85) {
      const update = rng.int(0, pool.length - 1)
      let sv
      let base = null
      const kind = rng.int(0, 2)
      if (kind === 0 && snapshots.length > 0) {
        const snap = rng.pick(snapshots)
        sv = unb64(snap.sv)
        base = snap.index
      } else if (kind === 1) {
        sv = Y.encodeStateVectorFromUpdate(pool[rng.int(0, pool.length - 1)])
      } else {
        // clocks that land mid-struct, past the end, and clients nobody has
        const m = new Map()
        const final = Y.decodeStateVector(unb64(finalState.sv))
        for (const id of ids) if (rng.chance(0.7)) m.set(id, rng.int(0, (final.get(id) || 0) + 5))
        if (rng.chance(0.3)) m.set(999, 3)
        sv = encodeSv(m)
      }
      const diff = Y.diffUpdate(pool[update], sv)
      out.push({
        op: 'diff', update, sv: b64(sv), base, expected: b64(diff),
        expectedState: stateOf(base === null ? [diff] : [pool[base], diff])
      })
    } else {
      const update = rng.int(0, pool.length - 1)
      out.push({ op: 'sv', update, expected: b64(Y.encodeStateVectorFromUpdate(pool[update])) })
    }
  }

  // A causally complete set: all events, shuffled. yjs is not convergent when items were split inside a
  // surrogate pair (each peer stores U+FFFD differently), so every recipe's expected document comes from
  // applying yjs's own output of the same recipe, which the C# side repeats with its functions.
  const order = rng.shuffle(eventList)
  const updatesOf = (idx) => idx.map((j) => pool[j])
  const fullMerge = Y.mergeUpdates(updatesOf(order))
  const third = Math.max(1, Math.floor(order.length / 3))
  const a = Y.mergeUpdates(updatesOf(order.slice(0, third)))
  const b = Y.mergeUpdates(updatesOf(order.slice(third, 2 * third)))
  const c = Y.mergeUpdates(updatesOf(order.slice(2 * third)))
  const expected = {
    full: stateOf([fullMerge]),
    reversed: stateOf([Y.mergeUpdates(updatesOf([...order].reverse()))]),
    assocLeft: stateOf([Y.mergeUpdates([Y.mergeUpdates([a, b]), c])]),
    assocRight: stateOf([Y.mergeUpdates([a, Y.mergeUpdates([b, c])])]),
    cab: stateOf([Y.mergeUpdates([c, a, b])]),
    mm: stateOf([Y.mergeUpdates([fullMerge, fullMerge])]),
    twice: stateOf([fullMerge, fullMerge])
  }
  // diff round trips from (up to 10) captured peer states
  const checkedSnapshots = rng.shuffle(snapshots).slice(0, 10)
  for (const snap of checkedSnapshots) {
    snap.expectedState = stateOf([pool[snap.index], Y.diffUpdate(fullMerge, unb64(snap.sv))])
  }
  return {
    seed,
    clients: ids,
    pool: pool.map(b64),
    kinds,
    cases: out,
    complete: { order, fullMerge: b64(fullMerge), finalState, expected, snapshots: checkedSnapshots }
  }
}

// Y.encodeStateVector needs a doc; writing the map directly keeps arbitrary clocks.
function encodeSv (map) {
  const bytes = []
  const writeVarUint = (n) => {
    while (n > 0x7f) { bytes.push(0x80 | (n % 128)); n = Math.floor(n / 128) }
    bytes.push(n)
  }
  const entries = [...map.entries()].sort((a, b) => b[0] - a[0])
  writeVarUint(entries.length)
  for (const [c, k] of entries) { writeVarUint(c); writeVarUint(k) }
  return new Uint8Array(bytes)
}

/** 20k+ single-character edits by two peers: the join-performance scenario. */
function bulk ({ seed, edits, chunk }) {
  const rng = makeRng(seed)
  const a = new Y.Doc(); a.clientID = 2147483653
  const b = new Y.Doc(); b.clientID = 42
  const events = []
  a.on('update', (u, origin) => { if (origin !== 'sync') events.push(u) })
  b.on('update', (u, origin) => { if (origin !== 'sync') events.push(u) })
  let midSnapshot = null
  for (let i = 0; i < edits; i++) {
    const doc = rng.chance(0.8) ? a : b
    const text = doc.getText('code')
    if (text.length > 10 && rng.chance(0.15)) {
      text.delete(rng.int(0, text.length - 1), 1)
    } else {
      // mostly typing at the end of a moving cursor, like a person would
      const pos = rng.chance(0.7) ? text.length : rng.int(0, text.length)
      text.insert(pos, rng.pick(CHARS))
    }
    if (i % 97 === 0) {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'sync')
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync')
    }
    if (i === Math.floor(edits / 2)) midSnapshot = Y.encodeStateAsUpdate(a)
  }
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'sync')
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync')
  // yjs's own mergeUpdates re-sorts every reader per struct (seconds for 20k inputs), so expected bytes come
  // from a two-level merge the C# side repeats exactly; the flat merge is checked semantically.
  const chunks = []
  for (let i = 0; i < events.length; i += chunk) chunks.push(Y.mergeUpdates(events.slice(i, i + chunk)))
  const treeMerge = Y.mergeUpdates(chunks)
  const midDoc = new Y.Doc(); Y.applyUpdate(midDoc, midSnapshot)
  const midSv = Y.encodeStateVector(midDoc)
  const midDiff = Y.diffUpdate(treeMerge, midSv)
  return {
    seed,
    events: events.map(b64),
    chunk,
    treeMerge: b64(treeMerge),
    midSnapshot: b64(midSnapshot),
    midSv: b64(midSv),
    midDiff: b64(midDiff),
    treeSv: b64(Y.encodeStateVectorFromUpdate(treeMerge)),
    treeState: stateOf([treeMerge]),
    midState: stateOf([midSnapshot, midDiff])
  }
}

function compute (job) {
  try {
    switch (job.op) {
      case 'merge': return { output: b64(Y.mergeUpdates(job.inputs.map(unb64))) }
      case 'diff': return { output: b64(Y.diffUpdate(unb64(job.update), unb64(job.sv))) }
      case 'sv': return { output: b64(Y.encodeStateVectorFromUpdate(unb64(job.update))) }
      case 'sortProbe': {
        // V8's Array.prototype.sort with yjs mergeUpdates' comparator, which is inconsistent for a GC and an
        // Item at the same ID; returns the resulting permutation of the input indexes.
        class GC {}
        class Item {}
        const readers = job.items.map(([client, clock, gc], i) => ({ i, curr: Object.assign(gc ? new GC() : new Item(), { id: { client, clock } }) }))
        readers.sort((d1, d2) => {
          if (d1.curr.id.client === d2.curr.id.client) {
            const clockDiff = d1.curr.id.clock - d2.curr.id.clock
            if (clockDiff === 0) return d1.curr.constructor === d2.curr.constructor ? 0 : -1
            return clockDiff
          }
          return d2.curr.id.client - d1.curr.id.client
        })
        return { order: readers.map((r) => r.i) }
      }
      case 'awareness': return awareness(job)
      default: return { error: `unknown op ${job.op}` }
    }
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) }
  }
}

/**
 * y-protocols' view of our awareness bytes: what a peer keeps after applying `update`, how y-protocols
 * re-encodes those clients, what is left after our `removal`, and what a y-websocket-style server sends when
 * it drops the clients (removeAwarenessStates + encodeAwarenessUpdate). Also returns updates y-protocols
 * itself produced for a local client, for our decoder.
 */
function awareness ({ update, clients, removal }) {
  const { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } = awarenessProtocol
  const withAwareness = (clientID, body) => {
    const doc = new Y.Doc()
    doc.clientID = clientID
    const aw = new Awareness(doc)
    try { return body(aw) } finally { aw.destroy(); doc.destroy() } // destroy stops the timeout interval
  }
  const describeStates = (aw) => [...aw.meta.entries()]
    .filter(([id]) => id !== aw.clientID)
    .map(([id, meta]) => ({ clientId: id, clock: meta.clock, state: aw.states.has(id) ? JSON.stringify(aw.states.get(id)) : null }))
  return withAwareness(1, (aw) => {
    aw.setLocalState(null)
    applyAwarenessUpdate(aw, unb64(update), 'peer')
    const accepted = describeStates(aw)
    const reencoded = b64(encodeAwarenessUpdate(aw, clients))
    const serverRemoval = withAwareness(2, (server) => {
      server.setLocalState(null)
      applyAwarenessUpdate(server, unb64(update), 'peer')
      removeAwarenessStates(server, clients, 'disconnect')
      return b64(encodeAwarenessUpdate(server, clients))
    })
    applyAwarenessUpdate(aw, unb64(removal), 'peer')
    const afterRemoval = describeStates(aw)
    const local = withAwareness(300, (me) => {
      me.setLocalState({ user: { name: 'é 😀', color: '#30bced' } })
      me.setLocalStateField('cursor', { line: 3 })
      const first = b64(encodeAwarenessUpdate(me, [300]))
      me.setLocalState(null)
      return [first, b64(encodeAwarenessUpdate(me, [300]))]
    })
    return { accepted, reencoded, serverRemoval, afterRemoval, local }
  })
}

function apply (job) {
  try {
    return stateOf(job.updates.map(unb64))
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) }
  }
}

const input = fs.readFileSync(0, 'utf8')
const request = JSON.parse(input.length > 0 ? input : '{}')
const response = {
  yjsVersion: JSON.parse(fs.readFileSync(path.join(path.dirname(requireFromWeb.resolve('yjs')), '..', 'package.json'), 'utf8')).version,
  generated: (request.generate || []).map(generate),
  bulk: (request.bulk || []).map(bulk),
  computed: (request.compute || []).map(compute),
  applied: (request.apply || []).map(apply)
}
process.stdout.write(JSON.stringify(response))
