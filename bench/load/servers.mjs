// Starts the servers under test as child processes pinned to the server core (taskset), on loopback, and
// tells the harness which process ids make up each one (for CPU and RSS from /proc).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const benchDir = path.resolve(here, '..');
export const repoDir = path.resolve(benchDir, '..');

/** A free loopback port (bound once, released, then handed to a server). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const children = new Set();

/** Runs `command` pinned to `cpus` (a taskset list such as "0"); its pid is the command's own (taskset execs). */
function start(name, cpus, command, args, { env = {}, cwd } = {}) {
  const child = spawn('taskset', ['-c', cpus, command, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!child.stopping) console.error(`[bench] ${name} exited (${code ?? signal}); its last output:\n${tail}`);
  });
  return { name, child, pid: child.pid, output: () => tail };
}

export async function stopAll() {
  const waits = [...children].map(
    (child) =>
      new Promise((resolve) => {
        child.stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  );
  await Promise.all(waits);
}

async function waitFor(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000} s${last ? `: ${last.message}` : ''}`);
}

const healthy = (url) => async () => (await fetch(url)).ok;
const listening = (port) => () =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** `@y/websocket-server`'s own server script, as its README starts it. */
export async function startYWebsocket(cpus) {
  const port = await freePort();
  const proc = start('y-websocket-server', cpus, process.execPath, [path.join(benchDir, 'node_modules/@y/websocket-server/src/server.js')], {
    env: { HOST: '127.0.0.1', PORT: String(port) },
  });
  await waitFor(listening(port), 'y-websocket-server');
  return { kind: 'y-websocket', url: `ws://127.0.0.1:${port}`, processes: [proc] };
}

/** `@hocuspocus/server` with its defaults (documents in memory, no extensions). */
export async function startHocuspocus(cpus) {
  const port = await freePort();
  const proc = start('hocuspocus', cpus, process.execPath, [path.join(here, 'hocuspocus-server.mjs'), String(port)]);
  await waitFor(listening(port), 'hocuspocus');
  return { kind: 'hocuspocus', url: `ws://127.0.0.1:${port}`, processes: [proc] };
}

// The per-address limits on creating sessions and opening hub connections, raised (through configuration only)
// because every participant of the benchmark comes from one address. The per-connection push budget stays.
const ONE_CLIENT_ADDRESS = { Sessions__CreatePermitLimit: '10000', HubSecurity__ConnectPermitLimit: '100000' };

const dll = (project, configuration) => path.join(repoDir, project, 'bin', configuration, 'net10.0', `${project}.dll`);

function dotnet(name, cpus, project, port, env, configuration, dllPath = dll(project, configuration)) {
  // Node reports a missing working directory as "spawn taskset ENOENT": say what is really missing.
  if (!existsSync(dllPath)) throw new Error(`${dllPath} does not exist: build ${project} (${configuration}) first, or drop --no-build`);
  return start(name, cpus, 'dotnet', [dllPath], {
    cwd: path.dirname(dllPath),
    env: {
      ASPNETCORE_URLS: `http://127.0.0.1:${port}`,
      ASPNETCORE_ENVIRONMENT: 'Production',
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      Logging__LogLevel__Default: 'Warning',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      ...env,
    },
  });
}

/**
 * One Interview stack as production runs it: redis-server (append-only file, fsync every second, as the
 * AppHost's `redis-server` mode), the sessions API, `hubs` hub instances on the Redis backplane, and the
 * gateway that finds them through the instance registry, with ONE_CLIENT_ADDRESS's limits. `hubDll`: another
 * build of the hub (the harness's --compare-hub, for before/after figures from one run); `env`: settings for
 * every service of this stack (--compare-env).
 */
export async function startInterview(cpus, { hubs = 1, label = 'interview', configuration = 'Release', hubDll, env = {} } = {}) {
  const { redis, redisConnection, dataDir } = await startRedis(cpus, label);

  const apiPort = await freePort();
  const api = dotnet(`${label} session-api`, cpus, 'Interview.SessionApi', apiPort, {
    ConnectionStrings__redis: redisConnection,
    ...ONE_CLIENT_ADDRESS,
    ...env,
  }, configuration);
  const hubPorts = [];
  const hubProcs = [];
  for (let i = 0; i < hubs; i++) {
    const port = await freePort();
    hubPorts.push(port);
    hubProcs.push(
      dotnet(`${label} collab-hub ${i + 1}`, cpus, 'Interview.CollabHub', port, {
        ConnectionStrings__redis: redisConnection,
        ...ONE_CLIENT_ADDRESS,
        ...env,
      }, configuration, hubDll),
    );
  }
  const gatewayPort = await freePort();
  const gateway = dotnet(`${label} gateway`, cpus, 'Interview.Gateway', gatewayPort, {
    ConnectionStrings__redis: redisConnection,
    'services__session-api__http__0': `http://127.0.0.1:${apiPort}`,
    'services__collab-hub__http__0': `http://127.0.0.1:${hubPorts[0]}`,
    ...env,
  }, configuration);
  await waitFor(healthy(`http://127.0.0.1:${apiPort}/health`), 'session-api');
  for (const port of hubPorts) await waitFor(healthy(`http://127.0.0.1:${port}/health`), 'collab-hub');
  await waitFor(healthy(`http://127.0.0.1:${gatewayPort}/health`), 'gateway');
  // The gateway polls the instance registry every second: wait until it routes to every instance.
  await new Promise((r) => setTimeout(r, 2500));
  return {
    kind: 'interview',
    label,
    gateway: `http://127.0.0.1:${gatewayPort}`,
    hubs: hubPorts.map((p) => `http://127.0.0.1:${p}`),
    api: `http://127.0.0.1:${apiPort}`,
    redis: redisConnection,
    processes: [redis, api, ...hubProcs, gateway],
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** redis-server as the AppHost's `redis-server` mode runs it: append-only file, fsync every second. */
async function startRedis(cpus, label) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'interview-bench-redis-'));
  const redisPort = await freePort();
  const redis = start(`${label} redis`, cpus, 'redis-server', [
    '--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--protected-mode', 'no',
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dataDir,
  ]);
  await waitFor(listening(redisPort), 'redis-server');
  return { redis, redisConnection: `127.0.0.1:${redisPort}`, dataDir };
}

/**
 * Interview as the single container runs it, on the same redis-server: the gateway in all-in-one mode hosts
 * the sessions API and the hub in its own process, so a keystroke skips the gateway hop and one process.
 */
export async function startAllInOne(cpus, { label = 'interview-aio', configuration = 'Release' } = {}) {
  const { redis, redisConnection, dataDir } = await startRedis(cpus, label);
  const port = await freePort();
  const server = dotnet(`${label} all-in-one`, cpus, 'Interview.Gateway', port, {
    Gateway__Mode: 'all-in-one',
    ConnectionStrings__redis: redisConnection,
    ...ONE_CLIENT_ADDRESS,
  }, configuration);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(healthy(`${url}/health`), 'all-in-one gateway');
  return {
    kind: 'interview',
    label,
    gateway: url,
    hubs: [url],
    api: url,
    redis: redisConnection,
    processes: [redis, server],
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** Creates `count` sessions through the sessions API (POST /api/sessions), a few at a time. */
export async function createSessions(api, count) {
  const ids = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const response = await fetch(`${api}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'bench' }),
      });
      if (!response.ok) throw new Error(`POST /api/sessions: ${response.status}`);
      ids.push((await response.json()).id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}
