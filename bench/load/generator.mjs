// The load generator: one process (pinned by the harness to the generators' core) that plays R rooms × 3
// participants against one server and reports to the harness over IPC; the harness splits a server's rooms
// over several such processes. Every participant is a real client (clients.mjs). A room's three participants
// share a process, so sender and receiver share a clock: latency runs from just before the typist's keystroke
// is applied to its document, to the receiver's document update event that contains it.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as Y from 'yjs';
import { connect, loadCollabClient, pushAcks } from './clients.mjs';
import { addCounts, percentiles } from './stats.mjs';
import { loadTrace, random } from './trace.mjs';

// @microsoft/signalr adds a process listener per connection in Node: thousands are expected here.
process.setMaxListeners(0);

const PARTICIPANTS = 3;
const TURN_MS = 8000; // one person types at a time; the turn passes every 8 s
const TURN_GAP_MS = 1000; // and the next one starts a second later
const CODE = 'for (let i = 0; i < items.length; i++) {\n  total += items[i].price * items[i].quantity;\n}\n';

const send = (message) => process.send(message);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const waitMessage = (...types) =>
  new Promise((resolve) => {
    const on = (m) => {
      if (!types.includes(m.type)) return;
      process.off('message', on);
      resolve(m);
    };
    process.on('message', on);
  });

function withTimeout(promise, ms) {
  return Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);
}

/** Opens `count` connections `parallel` at a time; returns [clients, failures]. */
async function connectAll(specs, parallel) {
  const clients = new Array(specs.length);
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      const client = connect(specs[i].target, specs[i].name);
      clients[i] = client;
      if (!(await withTimeout(client.synced, 30_000))) failures++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return [clients, failures];
}

async function load(config) {
  const rand = random(config.seed ?? 1);
  // `index` is the room's place among all of the server's rooms (the harness splits them over several
  // generators), so their turns stay staggered across processes (give or take the processes' start times).
  const first = config.firstIndex ?? 0;
  const rooms = config.rooms.map((id, i) => ({ id, index: first + i, targets: [], cursor: 0, typist: (first + i) % PARTICIPANTS, burst: 0 }));
  const specs = rooms.flatMap((room) =>
    Array.from({ length: PARTICIPANTS }, (_, p) => ({ target: { ...config.target, room: room.id }, name: `p${p}`, room, p })),
  );
  const connectStarted = performance.now();
  const [clients, connectFailures] = await connectAll(specs, config.parallelConnects ?? 32);
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  rooms.forEach((room, i) => (room.clients = clients.slice(i * PARTICIPANTS, i * PARTICIPANTS + PARTICIPANTS)));

  let measuring = false;
  const latencies = [];
  let typed = 0;
  let typedChars = 0;
  let pastes = 0;

  // Receivers: every document update moves that participant's cursor over the room's keystrokes it now holds.
  for (const room of rooms) {
    room.clients.forEach((client, p) => {
      client.seen = 0;
      client.doc.on('update', () => {
        const length = client.text.length;
        const now = performance.now();
        const targets = room.targets;
        while (client.seen < targets.length && targets[client.seen].length <= length) {
          const k = targets[client.seen++];
          if (k.by !== p && k.measured) latencies.push(now - k.at);
        }
      });
    });
  }

  send({ type: 'connected', connectSeconds, connectFailures, connections: clients.length });

  // The generator's own garbage collections inside the measured windows: a pause of this process delays every
  // receiver's update event, so it is in the latency figures as much as any server's stall.
  const gcs = [];
  const windows = [];
  const gcObserver = new PerformanceObserver((list) => gcs.push(...list.getEntries().map((e) => ({ at: e.startTime, ms: e.duration }))));
  gcObserver.observe({ entryTypes: ['gc'] });

  // One event-loop delay histogram per measured window (a re-enabled one counts the pause as one huge delay).
  let loopDelayP99Ms = 0;
  let typing = false;
  const keystroke = (room) => {
    if (!typing) {
      room.running = false;
      return;
    }
    const now = performance.now();
    const turn = Math.floor((now + room.index * 997) / TURN_MS);
    const typist = (turn + room.index) % PARTICIPANTS;
    if (typist !== room.typist) {
      room.typist = typist;
      room.cursor = room.clients[typist].text.length;
      setTimeout(() => keystroke(room), TURN_GAP_MS);
      return;
    }
    const client = room.clients[typist];
    const text = client.text;
    if (rand() < 0.02) room.cursor = Math.floor(rand() * (text.length + 1));
    room.cursor = Math.min(room.cursor, text.length);
    let insert;
    if (rand() < 0.004) {
      const start = Math.floor(rand() * CODE.length);
      insert = (CODE.slice(start) + CODE.repeat(4)).slice(0, 100 + Math.floor(rand() * 500)); // a paste
      if (measuring) pastes++;
    } else {
      insert = CODE[Math.floor(rand() * CODE.length)];
    }
    const at = performance.now();
    text.insert(room.cursor, insert);
    room.cursor += insert.length;
    room.targets.push({ length: text.length, at, by: typist, measured: measuring });
    client.seen = room.targets.length; // the typist holds its own keystroke
    if (measuring) {
      typed++;
      typedChars += insert.length;
    }
    // ~8 keystrokes/s: 80–170 ms apart, bursts of 5–15 keys 30–50 ms apart, short pauses to think.
    let delay;
    if (room.burst > 0) {
      room.burst--;
      delay = 30 + rand() * 20;
    } else {
      const r = rand();
      if (r < 0.03) {
        room.burst = 5 + Math.floor(rand() * 11);
        delay = 30 + rand() * 20;
      } else if (r < 0.05) delay = 300 + rand() * 700;
      else delay = 80 + rand() * 90;
    }
    setTimeout(() => keystroke(room), delay);
  };

  // Measurement windows, as many as the harness asks for (it takes turns between servers, so slow drift of
  // this shared machine reaches every server alike): type through a warm-up, measure, stop, let the last
  // updates arrive. Before them the harness may ask for one unmeasured stretch of typing (`settle`).
  const startTyping = (spreadMs) => {
    typing = true;
    // Spread the rooms' first keystrokes over a second.
    for (const room of rooms) {
      if (room.running) continue;
      room.running = true;
      setTimeout(() => keystroke(room), rand() * Math.min(1000, spreadMs));
    }
  };
  for (;;) {
    const message = await waitMessage('window', 'settle', 'finish');
    if (message.type === 'finish') break;
    if (message.type === 'settle') {
      // Unmeasured typing, so what the server does once after a step's connections opened is over first.
      startTyping(message.ms);
      await sleep(message.ms);
      typing = false;
      await sleep(message.graceMs);
      send({ type: 'settle-done' });
      continue;
    }
    const { warmupMs, measureMs, graceMs } = message;
    startTyping(warmupMs);
    await sleep(warmupMs);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    measuring = true;
    pushAcks.on = true;
    const windowStart = performance.now();
    send({ type: 'measure-start' });
    await sleep(measureMs);
    measuring = false;
    pushAcks.on = false;
    windows.push([windowStart, performance.now()]);
    send({ type: 'measure-end' });
    typing = false;
    lag.disable();
    loopDelayP99Ms = Math.max(loopDelayP99Ms, lag.percentile(99) / 1e6);
    await sleep(graceMs);
    send({ type: 'window-done' });
  }

  // Keystrokes of the measured windows a receiver never got: drops.
  let expected = 0;
  let missing = 0;
  let diverged = 0;
  for (const room of rooms) {
    room.targets.forEach((k, i) => {
      if (!k.measured) return;
      room.clients.forEach((client, p) => {
        if (p === k.by) return;
        expected++;
        if (client.seen <= i) missing++;
      });
    });
    const lengths = new Set(room.clients.map((c) => c.text.length));
    if (lengths.size > 1) diverged++;
  }
  gcObserver.disconnect();
  const errorKinds = clients.reduce((all, c) => addCounts(all, c?.meter.errorKinds ?? {}), {});
  const measured = (t) => windows.some(([from, to]) => t >= from && t < to);
  // Raw samples and counts: the harness merges the parts of one server's generators (run.mjs, mergeParts).
  const result = {
    connections: clients.length,
    connectSeconds,
    connectFailures,
    typed,
    typedChars,
    pastes,
    latencies,
    pushAcks: pushAcks.samples,
    expected,
    dropped: missing,
    divergedRooms: diverged,
    errorKinds,
    eventLoopDelayP99Ms: loopDelayP99Ms,
    gcPausesMs: gcs.filter((g) => measured(g.at)).map((g) => g.ms),
    measuredSeconds: windows.reduce((sum, [from, to]) => sum + to - from, 0) / 1000,
  };
  for (const client of clients) client?.destroy();
  await sleep(500);
  return result;
}

/**
 * A document built from the B4-sized trace, then late joiners: each one's time from its socket opening to
 * holding the whole document, the bytes it received, and (Interview) the JoinSession round trip.
 */
async function lateJoin(config) {
  const trace = loadTrace(config.cacheDir, config.traceEdits);
  const target = { ...config.target, room: config.room };
  const writer = connect(target, 'writer');
  const observer = connect(target, 'observer');
  if (!(await withTimeout(Promise.all([writer.synced, observer.synced]), 30_000))) throw new Error('late join: writer did not sync');
  const fillStarted = performance.now();
  // At most ~65 updates a second, within the hub's per-connection budget (100/s).
  for (const update of trace.updates) {
    Y.applyUpdate(writer.doc, update);
    await sleep(15);
  }
  const deadline = performance.now() + 120_000;
  while (observer.text.length < trace.finalLength && performance.now() < deadline) await sleep(50);
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  const filled = observer.text.length === trace.finalLength;
  await sleep(1000);

  const joins = [];
  for (let i = 0; i < (config.joins ?? 5); i++) {
    const started = performance.now();
    const late = connect(target, `late${i}`);
    const ok = await withTimeout(late.synced, 30_000);
    const done = performance.now();
    joins.push({
      ok: ok && late.text.length === trace.finalLength,
      totalMs: done - started,
      openToSyncedMs: done - (late.meter.openedAt ?? started),
      bytesIn: late.meter.bytesIn,
      joinCallMs: late.meter.joinMs[0],
    });
    late.destroy();
    await sleep(300);
  }
  writer.destroy();
  observer.destroy();
  await sleep(300);
  const median = (values) => percentiles(values.filter((x) => x !== undefined)).p50;
  return {
    edits: trace.edits,
    updatesPushed: trace.updates.length,
    documentBytes: trace.docBytes,
    documentLength: trace.finalLength,
    filled,
    fillSeconds,
    joins,
    ok: joins.every((j) => j.ok),
    openToSyncedMs: median(joins.map((j) => j.openToSyncedMs)),
    totalMs: median(joins.map((j) => j.totalMs)),
    joinCallMs: median(joins.map((j) => j.joinCallMs)),
    bytesIn: median(joins.map((j) => j.bytesIn)),
  };
}

const { config } = await waitMessage('start');
await loadCollabClient(config.bundle);
let message;
try {
  message = { type: 'result', result: config.mode === 'latejoin' ? await lateJoin(config) : await load(config) };
} catch (error) {
  message = { type: 'result', error: String(error?.stack ?? error) };
}
// Exit once the result is written: a load result carries every latency sample, hundreds of KB at 500 rooms,
// and an exit on a timer, while the busy harness had not yet read it all from the pipe, lost the message.
process.send(message, () => process.exit(0));
