// A real Redis-protocol server (Microsoft Garnet) for machines without Docker or redis-server.
// The AppHost runs it as the `redis` resource; arguments are Garnet's own (e.g. --bind 127.0.0.1 --port 6380).
// Lua is always on, and atomic as in Redis: the hub compacts documents with a script that must not interleave
// with other commands on its keys (Garnet disables scripting by default and runs scripts without key locks).
using System.Runtime.InteropServices;
using Garnet;

using var server = new GarnetServer(["--lua", "--lua-transaction-mode", .. args]);
server.Start();
Console.WriteLine($"Garnet is listening ({string.Join(' ', args)}).");

var stopped = new TaskCompletionSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopped.TrySetResult(); });
await stopped.Task;
