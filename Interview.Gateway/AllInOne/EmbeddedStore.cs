using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Garnet;
using Microsoft.Extensions.Options;

namespace Interview.Gateway.AllInOne;

/// <summary>
/// Microsoft Garnet, a Redis-protocol server, inside this process: the store of a single container that
/// was given no Redis. It listens on loopback with a random password, so other processes on the host
/// (a container may share the host's network) cannot use it. With <see cref="StoreOptions.DataPath"/>
/// every write is appended to a file and committed at once, and a restart recovers from the last
/// checkpoint plus that file.
/// </summary>
/// <remarks>
/// A hosted service, so the service provider creates it when the host starts, before anything resolves a
/// Redis client, and disposes it after them: the clients and the hub finish their last writes first.
/// </remarks>
public sealed class EmbeddedStore(EmbeddedStore.Endpoint endpoint, IOptions<StoreOptions> options, ILoggerFactory loggers)
    : IHostedService, IDisposable
{
    private GarnetServer? server;

    /// <summary>Where the server listens, chosen while the host is built so the Redis client can be configured.</summary>
    public sealed record Endpoint(int Port, string Password)
    {
        public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

        public static Endpoint Choose()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new(((IPEndPoint)listener.LocalEndpoint).Port, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dataPath = options.Value.DataPath;
        if (!string.IsNullOrWhiteSpace(dataPath)) Directory.CreateDirectory(dataPath);
        server = new GarnetServer(Arguments(endpoint, options.Value), new GarnetLoggers(loggers));
        server.Start();
        loggers.CreateLogger<EmbeddedStore>().LogInformation(
            "Embedded store started ({Persistence})",
            string.IsNullOrWhiteSpace(dataPath) ? "memory only" : $"persisted to {Path.GetFullPath(dataPath)}");
        return Task.CompletedTask;
    }

    // Stopping happens in Dispose, after the Redis clients are gone (see remarks).
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The service provider disposes this object twice (as itself and as the hosted service); Garnet must see one.
    public void Dispose() => Interlocked.Exchange(ref server, null)?.Dispose();

    private static string[] Arguments(Endpoint endpoint, StoreOptions options)
    {
        List<string> args =
        [
            "--bind", "127.0.0.1", "--port", Invariant(endpoint.Port), "-q", // -q: no ASCII-art banner in our log
            // The hub compacts documents with a script, which must be atomic as in Redis: Garnet disables
            // scripting by default and runs scripts without locking their keys unless told to.
            "--lua", "--lua-transaction-mode",
            "--auth", "Password", "--password", endpoint.Password,
            // Small pages and index: this store holds interviews, not a cache; the defaults reserve ~60 MB
            // more at start. Values larger than a page (a big document snapshot) are still stored whole.
            "--page", "1m", "--index", "1m",
            // Expired sessions leave memory (and the next checkpoint) within minutes, not when next read.
            "--expired-key-deletion-scan-freq", "300",
        ];
        if (!string.IsNullOrWhiteSpace(options.DataPath))
        {
            args.AddRange(
            [
                "--checkpointdir", options.DataPath, "--recover",
                // Each write is committed to the append-only file as it happens, not in batches.
                "--aof", "--aof-commit-freq", "0",
                "--checkpoint-freq", Invariant((int)options.CheckpointInterval.TotalSeconds),
                // Small segments, so those a checkpoint covers can be deleted (the default is 1 GB each).
                "--aof-page-size", "2m", "--aof-memory", "4m", "--aof-segment-size", "4m",
                // Garnet's native device needs a newer glibc than the runtime images have.
                "--device-type", "RandomAccess",
            ]);
        }
        return [.. args];
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Garnet names its loggers "Options", "GarnetServer", "TsavoriteKV [main]", …; the prefix gives them one
    /// category, so the Logging section can set their level at once (appsettings.json: <c>"Garnet": "Warning"</c>).
    /// </summary>
    private sealed class GarnetLoggers(ILoggerFactory host) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => host.CreateLogger($"Garnet.{categoryName}");

        public void AddProvider(ILoggerProvider provider) => host.AddProvider(provider);

        public void Dispose()
        {
            // The host owns its logger factory.
        }
    }
}
