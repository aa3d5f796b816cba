// Where a keystroke spends its time, hop by hop: reads a loopback packet capture taken while the harness ran
// (docs/performance.md, "Hop by hop") and, for every row of the harness's report, follows each keystroke's
// update through the processes by its bytes: client → gateway → hub → Redis → hub → gateway → receiver.
// The kernel stamps every packet with one clock, so the segments are exact; a capture kept in memory (/dev/shm)
// costs the servers little, one written to the disk slowed them all.
//
//   sudo taskset -c 1 tcpdump -i lo -s 0 -B 131072 -w /dev/shm/bench.pcap tcp &   (started before the harness)
//   node load/run.mjs --steps=10,100 --rounds=1 --warm=10 --no-late-join
//   node load/hops.mjs /dev/shm/bench.pcap [artifacts/load-bench.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JsonHubProtocol, NullLogger } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { benchDir } from './servers.mjs';
import { readPcap } from './pcap.mjs';
import { fmt, percentiles } from './stats.mjs';

const [capture, reportPath = path.join(benchDir, 'artifacts/load-bench.json')] = process.argv.slice(2);
if (!capture) {
  console.error('usage: node load/hops.mjs CAPTURE.pcap [REPORT.json]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const streams = readPcap(readFileSync(capture));
/** A stream parsed once, whichever rows (the configurations of one stack share its streams) read it. */
const parsed = new Map();
const parse = (id, parser) => parsed.get(id) ?? parsed.set(id, parser(streams.get(id) ?? [])).get(id);

// ---- one direction of a TCP connection, as messages ----
/**
 * WebSocket messages after the HTTP upgrade, fragments joined: [{ t, payload }], t = the packet that completed
 * the message. Whatever the connection carried before its upgrade (pooled HTTP requests) is skipped.
 */
function webSocketMessages(chunks) {
  const messages = [];
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let fragments = [];
  for (const { t, data } of chunks) {
    buffer = Buffer.concat([buffer, data]);
    for (;;) {
      if (!upgraded) {
        const head = buffer.toString('latin1').search(/ 101 |\r\nupgrade: *websocket/i);
        const end = head < 0 ? -1 : buffer.indexOf('\r\n\r\n', head);
        if (end < 0) break;
        buffer = buffer.subarray(end + 4);
        upgraded = true;
        continue;
      }
      if (buffer.length < 2) break;
      const final = (buffer[0] & 0x80) !== 0;
      const masked = (buffer[1] & 0x80) !== 0;
      let length = buffer[1] & 0x7f;
      let header = 2;
      if (length === 126) [length, header] = buffer.length < 4 ? [Infinity, 4] : [buffer.readUInt16BE(2), 4];
      else if (length === 127) [length, header] = buffer.length < 10 ? [Infinity, 10] : [Number(buffer.readBigUInt64BE(2)), 10];
      if (masked) header += 4;
      if (buffer.length < header + length) break;
      const payload = Buffer.from(buffer.subarray(header, header + length));
      if (masked) {
        const key = buffer.subarray(header - 4, header);
        for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3];
      }
      buffer = buffer.subarray(header + length);
      fragments.push(payload);
      if (!final) continue;
      messages.push({ t, payload: fragments.length === 1 ? fragments[0] : Buffer.concat(fragments) });
      fragments = [];
    }
  }
  return messages;
}

/** RESP2/RESP3 values in order, out-of-band pushes (`>`) left out: [{ t, value }]. */
function respValues(chunks) {
  const values = [];
  let buffer = Buffer.alloc(0);
  const parse = (at) => {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const type = String.fromCharCode(buffer[at]);
    const line = buffer.toString('latin1', at + 1, lineEnd);
    const next = lineEnd + 2;
    if ('+-:_,#('.includes(type)) return { end: next, value: line, type };
    if ('$=!'.includes(type)) {
      const n = Number(line);
      if (n < 0) return { end: next, value: null, type };
      return buffer.length < next + n + 2 ? undefined : { end: next + n + 2, value: buffer.subarray(next, next + n), type };
    }
    if ('*~>%|'.includes(type)) {
      let n = Number(line);
      if (n < 0) return { end: next, value: null, type };
      if (type === '%' || type === '|') n *= 2;
      const items = [];
      let end = next;
      for (let i = 0; i < n; i++) {
        const item = parse(end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { end, value: items, type };
    }
    throw new Error(`not RESP (${JSON.stringify(type)})`);
  };
  try {
    for (const { t, data } of chunks) {
      buffer = Buffer.concat([buffer, data]);
      for (let item = parse(0); item; item = parse(0)) {
        // Pushes (`>`) and attributes (`|`, which precede the reply they describe) are not replies.
        if (item.type !== '>' && item.type !== '|') values.push({ t, value: item.value });
        buffer = buffer.subarray(item.end);
      }
    }
  } catch (error) {
    console.error(`a Redis connection stopped parsing (${error.message}); its later commands are not followed`);
  }
  return values;
}

// ---- the update a message carries ----
const messagePack = new MessagePackHubProtocol();
const json = new JsonHubProtocol();

/** The Yjs updates of a message of hub invocations (PushUpdate from a client, Update to one), as Map keys. */
function hubUpdates(payload) {
  const parsers = [
    () => messagePack.parseMessages(payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.length), NullLogger.instance),
    () => json.parseMessages(payload.toString('utf8'), NullLogger.instance),
  ];
  for (const parse of parsers) {
    let messages;
    try {
      messages = parse();
    } catch {
      continue; // the handshake, or the other protocol
    }
    const updates = messages.flatMap((m) => (m.target === 'PushUpdate' ? [key(m.arguments[1])] : m.target === 'Update' ? [key(m.arguments[0])] : []));
    if (updates.length > 0) return updates;
  }
  return [];
}
const key = (update) => (typeof update === 'string' ? Buffer.from(update, 'base64') : Buffer.from(update)).toString('latin1');

/** A y-protocols sync update (y-websocket: [0, 2, update]; Hocuspocus: [name, 0, 2, update]): relayed as sent. */
function syncUpdates(payload) {
  if (payload[0] === 0 && payload[1] === 2) return [payload.toString('latin1')];
  let at = 0;
  let nameLength = 0;
  for (let shift = 0; at < payload.length; shift += 7) {
    nameLength |= (payload[at] & 0x7f) << shift;
    if ((payload[at++] & 0x80) === 0) break;
  }
  at += nameLength;
  return payload[at] === 0 && payload[at + 1] === 2 ? [payload.toString('latin1')] : [];
}

// ---- a row: its keystrokes' times at each hop ----
function hopsOf(row) {
  const { client, hubs = [], redis } = row.ports;
  const viaGateway = hubs.length > 0 && !hubs.includes(client);
  const updatesOf = row.ports.redis ? hubUpdates : syncUpdates;
  const times = new Map(); // update → { hop → first time seen }
  const note = (update, hop, t) => {
    const seen = times.get(update) ?? times.set(update, {}).get(update);
    if (!(seen[hop] <= t)) seen[hop] = t;
  };
  for (const id of streams.keys()) {
    const [, from, to] = id.split(':').map(Number);
    const hop =
      to === client ? 'sent' : from === client ? 'received' : viaGateway && hubs.includes(to) ? 'hub in' : viaGateway && hubs.includes(from) ? 'hub out' : undefined;
    if (!hop) continue;
    for (const { t, payload } of parse(id, webSocketMessages)) for (const update of updatesOf(payload)) note(update, hop, t);
  }
  if (redis) {
    for (const id of streams.keys()) {
      const [, from, to] = id.split(':').map(Number);
      if (to !== redis) continue;
      const commands = parse(id, respValues);
      const replies = parse(`tcp:${to}:${from}`, respValues);
      commands.forEach(({ t, value }, i) => {
        for (const argument of Array.isArray(value) ? value : []) {
          if (!Buffer.isBuffer(argument) || !times.has(argument.toString('latin1'))) continue;
          note(argument.toString('latin1'), 'stored', t);
          if (replies[i]) note(argument.toString('latin1'), 'store replied', replies[i].t);
        }
      });
    }
  }
  const inWindow = (t) => row.windows.some(([from, to]) => t * 1000 >= from && t * 1000 <= to);
  const route = viaGateway ? ['sent', 'hub in', 'stored', 'store replied', 'hub out', 'received'] : redis ? ['sent', 'stored', 'store replied', 'received'] : ['sent', 'received'];
  const keystrokes = [...times.values()].filter((s) => route.every((hop) => s[hop] !== undefined) && inWindow(s.sent));
  return { route, keystrokes };
}

const SEGMENT_NAMES = {
  'sent>hub in': 'gateway in',
  'hub in>stored': 'hub, before the store',
  'sent>stored': 'hub, before the store',
  'stored>store replied': 'Redis',
  'store replied>hub out': 'hub, after the store',
  'store replied>received': 'hub, after the store',
  'hub out>received': 'gateway out',
};

const ms = (n) => fmt(n, 3);

console.log(`Hop by hop (ms, from the kernel's packet times; ${path.basename(capture)}, ${path.basename(reportPath)})\n`);
for (const row of report.rows) {
  if (!row.ports || !row.windows) continue;
  const { route, keystrokes } = hopsOf(row);
  console.log(`${row.server}, ${row.rooms} rooms: ${keystrokes.length} keystrokes followed; measured end to end p50 ${ms(row.latencyMs.p50)} p99 ${ms(row.latencyMs.p99)}`);
  if (keystrokes.length === 0) continue;
  console.log('| segment | p50 | p95 | p99 | max | mean in the slowest 1 % |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const total = (s) => s.received - s.sent;
  const slowest = [...keystrokes].sort((a, b) => total(a) - total(b)).slice(-Math.max(1, Math.floor(keystrokes.length / 100)));
  const segments = route.slice(1).map((hop, i) => [route[i], hop]);
  if (segments.length > 1) segments.push(['sent', 'received']);
  for (const [from, to] of segments) {
    const { p50, p95, p99, max } = percentiles(keystrokes.map((s) => (s[to] - s[from]) * 1000));
    const slowMean = (slowest.reduce((sum, s) => sum + s[to] - s[from], 0) / slowest.length) * 1000;
    const name = from === 'sent' && to === 'received' ? 'server, in all' : SEGMENT_NAMES[`${from}>${to}`];
    console.log(`| ${name} | ${ms(p50)} | ${ms(p95)} | ${ms(p99)} | ${ms(max)} | ${ms(slowMean)} |`);
  }
  console.log('');
}
