// Interview versus the reference Yjs servers, in one run (docs/performance.md).
//   node load/run.mjs            the full run: 10 → 100 → 500 → 1,000 rooms × 3 participants per server
//   node load/run.mjs --smoke    a few rooms for a few seconds per server: checks it all works, asserts no figure
// Options: --steps=10,100 --warm=30 (s per server before the steps) --warmup=2 --measure=5 --rounds=3 --configs-at=100 --no-late-join --configuration=Release|Debug --no-build
//          --settle=30 (s of unmeasured typing per server after each step's participants connect, before its first window; 1 with --smoke)
//          --generators=4 (processes per server that share its rooms, all on the generators' core; 2 with --smoke)
//          --servers=interview,y-websocket,hocuspocus --out=artifacts/load-bench.json
//          --compare-hub=DIR (another build's output folder of Interview.CollabHub: an "interview (before)" row at every step)
//          --compare-env=KEY=VALUE,... (settings for every service of that "before" stack, e.g. Gateway__InlineIo=false)
//          --compare-hubs=N (hub instances in that "before" stack; 1 unless given)
//          --compare-client=REV (the web client's collaboration code as of that git revision: an "interview (client REV)"
//          row on the main stack at every step; the main rows bundle the work tree, so HEAD is an A/A only when it is clean)
// Servers run on core 0, the generators (and this process) on core 1, each pinned with taskset.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { benchDir, createSessions, repoDir, startAllInOne, startHocuspocus, startInterview, startYWebsocket, stopAll } from './servers.mjs';
import { addCounts, fmt, percentiles } from './stats.mjs';
import { loadTrace, random } from './trace.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const smoke = flag('smoke');
const steps = option('steps', smoke ? '4' : '10,100,500,1000').split(',').map(Number);
let warmupMs = Number(option('warmup', smoke ? '1' : '2')) * 1000;
let measureMs = Number(option('measure', smoke ? '3' : '5')) * 1000;
let rounds = Number(option('rounds', smoke ? '1' : '3'));
const warmS = Number(option('warm', '30'));
const graceMs = smoke ? 1000 : 1500;
let settleMs = Number(option('settle', smoke ? '1' : '30')) * 1000;
if (!Number.isFinite(settleMs) || settleMs < 0 || option('settle') === '') throw new Error(`--settle wants seconds, not "${option('settle')}"`);
const generatorsPerServer = Number(option('generators', smoke ? '2' : '4'));
if (!Number.isInteger(generatorsPerServer) || generatorsPerServer < 1) throw new Error(`--generators wants a number of processes, not "${option('generators')}"`);
const configsAt = Number(option('configs-at', smoke ? String(steps[0]) : '100'));
const configuration = option('configuration', 'Release');
const serverKinds = option('servers', 'interview,y-websocket,hocuspocus').split(',');
const traceEdits = Number(option('trace-edits', smoke ? '20000' : '259778'));
const out = path.resolve(benchDir, option('out', smoke ? 'artifacts/load-bench-smoke.json' : 'artifacts/load-bench.json'));
const SERVER_CPU = '0';
const GENERATOR_CPU = '1';

const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

// ---- /proc: CPU ticks and resident memory of a set of processes ----
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
function cpuTicks(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return ticks;
}
function rssBytes(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    } catch {
      // gone
    }
  }
  return kb * 1024;
}

// ---- the generator processes ----
const generators = new Set();
/** Ends every generator still running (after a failure, one server's others would otherwise stay). */
const stopGenerators = () => generators.forEach((child) => child.kill());

/** Starts a generator pinned to the generators' core; `next(type)` waits for its next message of that type. */
function startGenerator(config) {
  // Semi-spaces (the young generation's halves) of 32 MB, fixed: a generator allocates for hundreds of clients,
  // and with V8's default, which starts small and grows with what survives, each of a server's four generators
  // collected about five times a second (docs/performance.md, "The tail"). Fixed, because a size that may grow
  // depends on each process's history: with 16–32 MB the first row started in a step kept 16 MB and collected
  // twice as often as the rest, with longer pauses (docs/performance.md, "The first row's generators"). No memory
  // reducer: it runs full collections some seconds after a process goes quiet, and generators go quiet in turns, so
  // those 50–66 ms collections landed in some rows' windows and not others'.
  const v8 = ['--max-old-space-size=8192', '--min-semi-space-size=32', '--max-semi-space-size=32', '--no-memory-reducer'];
  const child = spawn('taskset', ['-c', GENERATOR_CPU, process.execPath, ...v8, path.join(benchDir, 'load/generator.mjs')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  generators.add(child);
  const queue = [];
  const waiting = [];
  let failed;
  const deliver = () => {
    for (let i = 0; i < waiting.length; i++) {
      const index = queue.findIndex((m) => m.type === waiting[i].type || m.type === 'result');
      if (index >= 0) {
        const [m] = queue.splice(index, 1);
        const [w] = waiting.splice(i--, 1);
        if (m.type === 'result' && m.error) w.reject(new Error(m.error));
        else if (m.type !== w.type) w.reject(new Error(`generator ended while the harness waited for '${w.type}'`));
        else w.resolve(m);
      } else if (failed) {
        const [w] = waiting.splice(i--, 1);
        w.reject(failed);
      }
    }
  };
  child.on('message', (m) => {
    queue.push(m);
    deliver();
  });
  child.on('exit', (code) => {
    generators.delete(child);
    failed = new Error(`generator exited with ${code}`);
    deliver();
  });
  child.send({ type: 'start', config });
  return {
    pid: child.pid,
    send: (m) => child.send(m),
    next: (type) =>
      new Promise((resolve, reject) => {
        waiting.push({ type, resolve, reject });
        deliver();
      }),
  };
}

/**
 * One server's generators: its rooms split into `count` consecutive slices of (nearly) equal size, one
 * process each, driven as one (`send` goes to all, `next` waits for all and gives their messages). A room's
 * participants stay in one process. Why several: a generator's garbage collection or long task delays every
 * receiver in it, and at 100 rooms a single process of 300 clients put such pauses into the tail
 * (docs/performance.md, "The tail"). Each process opens 32 connections at a time, as the single one did.
 */
function startGenerators(config, count) {
  const n = Math.min(count, config.rooms.length);
  const bound = (i) => Math.floor((i * config.rooms.length) / n);
  const members = Array.from({ length: n }, (_, i) =>
    // Each slice its own random stream (the first one the single generator's), the same for every server.
    startGenerator({ ...config, rooms: config.rooms.slice(bound(i), bound(i + 1)), firstIndex: bound(i), seed: config.seed + i * 7919 }),
  );
  return {
    pids: members.map((g) => g.pid),
    send: (m) => members.forEach((g) => g.send(m)),
    next: (type) => Promise.all(members.map((g) => g.next(type))),
  };
}

/** One row's figures from its generators' raw parts (generator.mjs, `load`). */
function mergeParts(parts) {
  const sum = (f) => parts.reduce((s, p) => s + f(p), 0);
  // Every generator measured the same windows, give or take the IPC's milliseconds.
  const seconds = sum((p) => p.measuredSeconds) / parts.length;
  const latencies = parts.flatMap((p) => p.latencies);
  const gcPauses = parts.flatMap((p) => p.gcPausesMs);
  const errorKinds = parts.reduce((all, p) => addCounts(all, p.errorKinds), {});
  return {
    connections: sum((p) => p.connections),
    connectSeconds: Math.max(...parts.map((p) => p.connectSeconds)),
    connectFailures: sum((p) => p.connectFailures),
    keystrokesPerSecond: sum((p) => p.typed) / seconds,
    charsPerSecond: sum((p) => p.typedChars) / seconds,
    pastes: sum((p) => p.pastes),
    deliveredPerSecond: latencies.length / seconds,
    delivered: latencies.length,
    latencyMs: percentiles(latencies),
    pushAckMs: percentiles(parts.flatMap((p) => p.pushAcks)),
    expected: sum((p) => p.expected),
    dropped: sum((p) => p.dropped),
    divergedRooms: sum((p) => p.divergedRooms),
    errors: Object.values(errorKinds).reduce((s, n) => s + n, 0),
    eventLoopDelayP99Ms: Math.max(...parts.map((p) => p.eventLoopDelayP99Ms)),
    generatorGc: { count: gcPauses.length, totalMs: gcPauses.reduce((s, ms) => s + ms, 0), maxMs: Math.max(0, ...gcPauses) },
    errorKinds,
    measuredSeconds: seconds,
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A copy of `items` in the order a Fisher–Yates shuffle driven by `rand` gives. */
function shuffled(items, rand) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * One step: every server gets `rooms` rooms × 3 participants from its own generator processes, all connected
 * at once; then, with --settle, each types unmeasured for that long in turn; then they take turns (`rounds`
 * times, each round in its own order) typing for a warm-up and a measured window, so a slow drift of this
 * shared machine reaches every server alike. CPU is counted over the server's own windows.
 */
async function runStep(rooms, entries, bundle) {
  const runs = [];
  for (const [name, server] of entries) {
    const ids =
      server.kind === 'interview'
        ? await createSessions(server.api, rooms)
        : Array.from({ length: rooms }, (_, i) => `bench-${rooms}-${i}-${Math.random().toString(36).slice(2, 8)}`);
    const procs = serverProcsOf(name, server);
    const pids = procs.map((p) => p.pid);
    const rssBaseline = rssBytes(pids);
    const generator = startGenerators(
      { mode: 'load', rooms: ids, seed: rooms, bundle: server.bundle ?? bundle, target: { kind: server.kind, url: server.url, protocol: server.protocol ?? 'msgpack' } },
      generatorsPerServer,
    );
    await generator.next('connected');
    await sleep(1000);
    runs.push({ name, server, procs, pids, generator, rssBaseline, rssIdle: rssBytes(pids), rssPeak: 0, generatorTicks: 0, each: procs.map(() => 0), seconds: 0, windows: [] });
  }
  if (settleMs > 0) {
    log(`  settling: each server types ${settleMs / 1000} s unmeasured in turn`);
    for (const run of runs) {
      run.generator.send({ type: 'settle', ms: settleMs, graceMs });
      await run.generator.next('settle-done');
    }
  }
  for (let round = 0; round < rounds; round++) {
    // Each round in its own order (shuffled, the same in every run of this step), so no server is always measured
    // in the same place or right after the same one; the windows' times in the JSON show the order.
    for (const run of shuffled(runs, random(rooms * 1000 + round))) {
      run.generator.send({ type: 'window', warmupMs, measureMs, graceMs });
      await run.generator.next('measure-start');
      const at = performance.now();
      const window = [Date.now()];
      const before = { generator: cpuTicks(run.generator.pids), each: run.procs.map((p) => cpuTicks([p.pid])) };
      run.rssPeak = Math.max(run.rssPeak, rssBytes(run.pids));
      const timer = setInterval(() => (run.rssPeak = Math.max(run.rssPeak, rssBytes(run.pids))), 1000);
      await run.generator.next('measure-end');
      run.windows.push([...window, Date.now()]);
      clearInterval(timer);
      run.seconds += (performance.now() - at) / 1000;
      run.generatorTicks += cpuTicks(run.generator.pids) - before.generator;
      run.procs.forEach((p, i) => (run.each[i] += cpuTicks([p.pid]) - before.each[i]));
      await run.generator.next('window-done');
    }
  }
  const rows = [];
  for (const run of runs) {
    run.generator.send({ type: 'finish' });
    const result = mergeParts((await run.generator.next('result')).map((m) => m.result));
    rows.push({
      server: run.name,
      rooms,
      generators: run.generator.pids.length,
      ...result,
      serverCpu: run.each.reduce((s, t) => s + t, 0) / CLOCK_TICKS / run.seconds,
      serverCpuByProcess: Object.fromEntries(run.procs.map((p, i) => [p.name, run.each[i] / CLOCK_TICKS / run.seconds])),
      generatorCpu: run.generatorTicks / CLOCK_TICKS / run.seconds,
      rssBaseline: run.rssBaseline,
      rssIdle: run.rssIdle,
      rssPeak: run.rssPeak,
      idleBytesPerConnection: (run.rssIdle - run.rssBaseline) / result.connections,
      // For load/hops.mjs: when this row typed (ms since the epoch) and the ports its keystrokes crossed.
      windows: run.windows,
      ports: portsOf(run.server),
    });
  }
  return rows;
}

/** The web client's own collaboration client under `root`, bundled as it is (its dependencies come from bench/node_modules). */
async function bundleClient(root, outfile) {
  await esbuild.build({
    entryPoints: [path.join(root, 'interview-web/src/lib/collabClient.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    external: ['yjs', 'y-protocols', '@microsoft/*'],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

// ---- the run ----
// Interrupted or killed: the servers and generators go too (and 'exit' releases the cores).
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, async () => {
    stopGenerators();
    await stopAll();
    process.exit(code);
  });
}

/** Whether that process is a load run (this file) that still runs; a reused id belongs to something else. */
function isLoadRun(pid) {
  if (!(pid > 0) || pid === process.pid) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('load/run.mjs');
  } catch {
    return false;
  }
}

/**
 * One run at a time on this machine: two would pin the same two cores and measure each other, so a second is
 * refused while the first lives, from any checkout. The claim is a file holding the run's process id, removed at
 * exit; one left by a run that died is taken over.
 */
const claim = path.join(os.tmpdir(), 'interview-load-bench.pid');

function claimCores() {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(claim, String(process.pid), { flag: 'wx' });
      process.on('exit', releaseCores);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder;
    try {
      holder = Number(readFileSync(claim, 'utf8'));
    } catch (error) {
      if (error.code === 'ENOENT') continue; // released meanwhile
      throw error;
    }
    if (isLoadRun(holder)) throw new Error(`another load run (pid ${holder}) has the cores; wait for it or stop it first`);
    // Empty (being written) is left for the next attempt to read again; a dead run's claim is removed.
    if (holder > 0) rmSync(claim, { force: true });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
  throw new Error(`could not claim the cores (${claim})`);
}

function releaseCores() {
  try {
    if (readFileSync(claim, 'utf8') === String(process.pid)) rmSync(claim, { force: true });
  } catch {
    // already gone
  }
}

async function main() {
  claimCores();
  // This process and the generators share core 1; the servers have core 0.
  execFileSync('taskset', ['-p', '-c', GENERATOR_CPU, String(process.pid)], { stdio: 'ignore' });
  if (os.cpus().length < 2) throw new Error('needs two cores: one for the servers, one for the load generators');

  if (!flag('no-build')) {
    log(`building the services (${configuration})`);
    for (const project of ['Interview.SessionApi', 'Interview.CollabHub', 'Interview.Gateway']) {
      execFileSync('dotnet', ['build', path.join(repoDir, project), '-c', configuration, '-nologo', '-v', 'quiet'], { stdio: 'inherit' });
    }
  }
  const bundle = await bundleClient(repoDir, path.join(benchDir, 'load/dist/collabClient.mjs'));
  const cacheDir = path.join(benchDir, '.tmp');
  log(`editing trace: ${traceEdits.toLocaleString('en')} edits`);
  const trace = loadTrace(cacheDir, traceEdits);

  log(`starting servers on core ${SERVER_CPU}`);
  const servers = {};
  if (serverKinds.includes('interview')) {
    const stack = await startInterview(SERVER_CPU, { configuration });
    servers.interview = { ...stack, url: stack.gateway };
    servers['interview (direct to hub)'] = { ...stack, url: stack.hubs[0], only: 'configs' };
    servers['interview (JSON)'] = { ...stack, url: stack.gateway, protocol: 'json', only: 'configs' };
    const twoHubs = await startInterview(SERVER_CPU, { configuration, hubs: 2, label: 'interview-2' });
    servers['interview (2 hubs)'] = { ...twoHubs, url: twoHubs.gateway, only: 'configs' };
    const allInOne = await startAllInOne(SERVER_CPU, { configuration });
    servers['interview (all-in-one)'] = { ...allInOne, url: allInOne.gateway, only: 'configs' };
    const compareClient = option('compare-client');
    if (compareClient) {
      // The same stack, driven by the web client as it was at that revision (its sources from git, not the work tree).
      const sources = path.join(benchDir, '.tmp', 'client-before');
      rmSync(sources, { recursive: true, force: true });
      mkdirSync(sources, { recursive: true });
      const archive = execFileSync('git', ['-C', repoDir, 'archive', compareClient, 'interview-web/src'], { maxBuffer: 1 << 28 });
      execFileSync('tar', ['-x', '-C', sources], { input: archive });
      const before = await bundleClient(sources, path.join(benchDir, 'load/dist/collabClient-before.mjs'));
      servers[`interview (client ${compareClient})`] = { ...stack, url: stack.gateway, bundle: before };
    }
    const compareHub = option('compare-hub');
    const compareEnv = Object.fromEntries(option('compare-env', '').split(',').filter(Boolean).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
    const compareHubs = Number(option('compare-hubs', '1'));
    if (!Number.isInteger(compareHubs) || compareHubs < 1) throw new Error(`--compare-hubs wants a number of hub instances, not ${option('compare-hubs')}`);
    if (compareHub || Object.keys(compareEnv).length > 0 || compareHubs !== 1) {
      const hubDll = compareHub ? path.resolve(compareHub, 'Interview.CollabHub.dll') : undefined;
      const before = await startInterview(SERVER_CPU, { configuration, hubs: compareHubs, label: 'interview-before', hubDll, env: compareEnv });
      servers['interview (before)'] = { ...before, url: before.gateway };
    }
  }
  if (serverKinds.includes('y-websocket')) servers['y-websocket'] = await startYWebsocket(SERVER_CPU);
  if (serverKinds.includes('hocuspocus')) servers.hocuspocus = await startHocuspocus(SERVER_CPU);
  for (const [name, s] of Object.entries(servers)) {
    log(`  ${name}: ${s.url} (${serverProcsOf(name, s).map((p) => `${p.name} ${p.pid}`).join(', ')})`);
  }

  const rows = [];
  const mainServers = Object.entries(servers).filter(([, s]) => s.only !== 'configs');
  if (!smoke) {
    // Every server's hot path compiled (.NET tiers up, V8 optimises) before anything is measured. .NET's
    // background JIT (tier 0, instrumented, tier 1) of a hub under 100 rooms took ~50 s of load to finish and
    // was a fifth of the hub's CPU until then (docs/performance.md): a short warm-up measured the JIT.
    const warmRooms = Math.min(100, Math.max(...steps));
    log(`warming up every server (${warmRooms} rooms for ${warmS} s, not reported)`);
    const saved = { warmupMs, measureMs, rounds, settleMs };
    [warmupMs, measureMs, rounds, settleMs] = [warmS * 1000, 1000, 1, 0];
    await runStep(warmRooms, steps.includes(configsAt) ? Object.entries(servers) : mainServers, bundle);
    ({ warmupMs, measureMs, rounds, settleMs } = saved);
  }
  for (const step of steps) {
    const entries = step === configsAt ? Object.entries(servers) : mainServers;
    log(`step: ${step} rooms × 3 participants on ${entries.length} servers, ${rounds} round(s) of ${measureMs / 1000} s each`);
    for (const row of await runStep(step, entries, bundle)) {
      rows.push(row);
      log(
        `  ${row.server.padEnd(26)} ${String(step).padStart(5)} rooms: p50 ${fmt(row.latencyMs.p50)} p99 ${fmt(row.latencyMs.p99)} ms, ` +
          `${row.deliveredPerSecond.toFixed(0)} delivered/s, server CPU ${(row.serverCpu * 100).toFixed(0)} %, generator CPU ${(row.generatorCpu * 100).toFixed(0)} %, ` +
          `dropped ${row.dropped}, errors ${row.errors}`,
      );
    }
  }

  log(`late join: a document built from ${trace.edits.toLocaleString('en')} edits (${trace.docBytes.toLocaleString('en')} B encoded)`);
  const lateJoins = [];
  for (const [name, server] of mainServers.filter(([n]) => !flag('no-late-join') && n !== 'interview (before)')) {
    const room = server.kind === 'interview' ? (await createSessions(server.api, 1))[0] : `late-${Math.random().toString(36).slice(2, 8)}`;
    const generator = startGenerator({
      mode: 'latejoin', room, cacheDir, traceEdits, bundle: server.bundle ?? bundle, joins: smoke ? 2 : 5, target: { kind: server.kind, url: server.url, protocol: 'msgpack' },
    });
    const { result } = await generator.next('result');
    lateJoins.push({ server: name, ...result });
    log(`  ${name}: ${fmt(result.openToSyncedMs)} ms open → synced, ${result.bytesIn} B received${result.joinCallMs ? `, JoinSession ${fmt(result.joinCallMs)} ms` : ''}`);
  }

  await stopAll();
  for (const s of Object.values(servers)) s.cleanup?.();

  const report = {
    when: new Date().toISOString(),
    smoke,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg(), node: process.version },
    pinning: { servers: `core ${SERVER_CPU}`, generator: `core ${GENERATOR_CPU}` },
    settings: { steps, warmupMs, measureMs, rounds, graceMs, settleMs, configsAt, configuration, generatorsPerServer },
    trace: { edits: trace.edits, documentBytes: trace.docBytes, documentLength: trace.finalLength },
    rows,
    lateJoins,
    durationSeconds: (Date.now() - started) / 1000,
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2));
  const table = renderTables(report);
  writeFileSync(out.replace(/\.json$/, '.md'), table);
  console.log(`\n${table}`);
  console.log(`Figures written to ${out} (and the tables to ${path.basename(out.replace(/\.json$/, '.md'))}); ${report.durationSeconds.toFixed(0)} s in all.`);

  // Smoke mode asserts no figure: only that every server started, every participant synced and updates were delivered.
  const failures = [];
  for (const row of rows) {
    if (row.connectFailures > 0) failures.push(`${row.server} @ ${row.rooms}: ${row.connectFailures} participants never synced`);
    if (!(row.deliveredPerSecond > 0)) failures.push(`${row.server} @ ${row.rooms}: no update delivered`);
  }
  for (const j of lateJoins) if (!j.ok) failures.push(`${j.server}: the late joiner did not receive the whole document`);
  // One closing line in the project's format, which test.sh adds to its own count.
  if (failures.length > 0) console.log(`\n${failures.join('\n')}`);
  console.log(`\nload-bench: ${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed`);
  if (failures.length > 0) process.exitCode = 1;
  return failures.length === 0;
}

/** The port the clients use and, for Interview, the hubs' and Redis's (the all-in-one process is its own hub). */
function portsOf(server) {
  const port = (url) => Number(new URL(url).port);
  const client = port(server.url);
  return server.kind === 'interview' ? { client, hubs: server.hubs.map(port), redis: port(`redis://${server.redis}`) } : { client };
}

function serverProcsOf(name, server) {
  // Interview's figures count the processes on a keystroke's path: Redis, the hub(s) and, unless the clients
  // go direct to a hub, the gateway. The sessions API only creates the sessions beforehand.
  return server.processes
    .filter((p) => !p.name.includes('session-api'))
    .filter((p) => !(name.includes('direct') && p.name.includes('gateway')))
    .map((p) => ({ name: p.name, pid: p.pid }));
}

const mib = (b) => (b / 1024 / 1024).toFixed(0);

function renderTables(report) {
  const lines = [];
  const { rounds: r, measureMs: m, warmupMs: w, settleMs: settle } = report.settings;
  const settled = settle > 0 ? `; each server first typed ${settle / 1000} s unmeasured once the step's participants had connected` : '';
  const split = report.settings.generatorsPerServer ?? 1;
  lines.push(`Keystroke → remote peer (per row ${r} × ${m / 1000} s measured, each after ${w / 1000} s of warm-up typing, servers taking turns${settled}; servers on ${report.pinning.servers}, generators on ${report.pinning.generator}, ${split} per server sharing its rooms)`);
  lines.push('');
  lines.push('| server | rooms | conns | keys/s | p50 ms | p95 ms | p99 ms | max ms | delivered/s | dropped | errors | server CPU | server RSS MiB | idle KiB/conn | generator CPU | gen. loop p99 ms | push ack p50 ms |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of report.rows) {
    lines.push(
      `| ${r.server} | ${r.rooms} | ${r.connections} | ${r.keystrokesPerSecond.toFixed(0)} | ${fmt(r.latencyMs.p50)} | ${fmt(r.latencyMs.p95)} | ${fmt(r.latencyMs.p99)} | ${fmt(r.latencyMs.max)} | ` +
        `${r.deliveredPerSecond.toFixed(0)} | ${r.dropped} | ${r.errors + r.connectFailures} | ${(r.serverCpu * 100).toFixed(0)} % | ${mib(r.rssPeak)} | ` +
        `${(r.idleBytesPerConnection / 1024).toFixed(0)} | ${(r.generatorCpu * 100).toFixed(0)} % | ${fmt(r.eventLoopDelayP99Ms, 1)} | ${fmt(r.pushAckMs?.p50)} |`,
    );
  }
  lines.push('');
  lines.push('Ratios from the same run, Interview (through the gateway, MessagePack, one hub) ÷ each reference: p99 latency (target ≤ 1), delivered/s (target ≥ 1)');
  lines.push('');
  const refs = [...new Set(report.rows.map((r) => r.server).filter((s) => !s.startsWith('interview') || s === 'interview (before)'))];
  lines.push(`| rooms | ${refs.map((r) => `p99 ÷ ${r} | delivered ÷ ${r}`).join(' | ')} |`);
  lines.push(`| ---: | ${refs.map(() => '---: | ---:').join(' | ')} |`);
  for (const step of report.settings.steps) {
    const ours = report.rows.find((r) => r.server === 'interview' && r.rooms === step);
    if (!ours) continue;
    const cells = refs.map((ref) => {
      const theirs = report.rows.find((r) => r.server === ref && r.rooms === step);
      if (!theirs) return '– | –';
      return `${fmt(ours.latencyMs.p99 / theirs.latencyMs.p99)} | ${fmt(ours.deliveredPerSecond / theirs.deliveredPerSecond)}`;
    });
    lines.push(`| ${step} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push(`Late join to a document built from ${report.trace.edits.toLocaleString('en')} edits (${report.trace.documentLength.toLocaleString('en')} characters, ${report.trace.documentBytes.toLocaleString('en')} B as Y.encodeStateAsUpdate); medians`);
  lines.push('');
  lines.push('| server | fill s | socket open → synced ms | JoinSession ms | bytes received | ÷ document bytes | complete |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const j of report.lateJoins) {
    lines.push(
      `| ${j.server} | ${fmt(j.fillSeconds, 1)} | ${fmt(j.openToSyncedMs)} | ${fmt(j.joinCallMs)} | ${j.bytesIn?.toLocaleString('en')} | ${fmt(j.bytesIn / j.documentBytes)} | ${j.ok ? 'yes' : 'NO'} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

try {
  await main();
} catch (error) {
  console.error(error);
  stopGenerators();
  await stopAll();
  console.log('\nload-bench: 0 passed, 1 failed');
  process.exitCode = 1;
}
