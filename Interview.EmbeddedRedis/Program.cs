// A real Redis-protocol server (Microsoft Garnet) for machines without Docker or redis-server.
// The AppHost runs it as the `redis` resource; arguments are Garnet's own (e.g. --bind 127.0.0.1 --port 6380).
using System.Runtime.InteropServices;
using Garnet;

using var server = new GarnetServer(args);
server.Start();
Console.WriteLine($"Garnet is listening ({string.Join(' ', args)}).");

var stopped = new TaskCompletionSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopped.TrySetResult(); });
await stopped.Task;
