using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Interview.AppHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>Chooses the Redis the platform uses, in order: configured → container → local process.</summary>
public static class RedisExtensions
{
    /// <summary>
    /// <c>ConnectionStrings:redis</c> when configured (an external Redis); otherwise <c>Interview:Redis</c>:
    /// <c>container</c>, <c>garnet</c>, <c>redis-server</c>, or <c>auto</c> (the default: a container when a
    /// Docker engine answers within seconds, else embedded Garnet). It never waits on a missing runtime.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddInterviewRedis(this IDistributedApplicationBuilder builder, string name)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
            return builder.AddConnectionString(name);

        var choice = builder.Configuration["Interview:Redis"] ?? "auto";
        if (choice == "auto") choice = DockerEngineAnswers() ? "container" : "garnet";
        return choice switch
        {
            "container" => builder.AddRedis(name),
            "garnet" => builder.AddRedisProcess(name, "dotnet", EmbeddedGarnetPath(),
                // Append-only file with a commit per write batch, recovered at start, so a restarted server
                // comes back with every session and document. The default (native) device crashes on this
                // glibc; RandomAccess works. A small index keeps the files small.
                "--aof", "--aof-commit-freq", "0", "--recover", "--device-type", "RandomAccess", "-i", "64k",
                "--checkpointdir", DataDirectory(builder, name)),
            "redis-server" => builder.AddRedisProcess(name, "redis-server", "--save", "", "--protected-mode", "no",
                // The append-only file survives a restart; fsync every second, as production Redis usually runs.
                "--appendonly", "yes", "--appendfsync", "everysec", "--dir", DataDirectory(builder, name)),
            _ => throw new InvalidOperationException($"Interview:Redis must be auto, container, garnet or redis-server, not '{choice}'."),
        };
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisProcess(
        this IDistributedApplicationBuilder builder, string name, string command, params string[] args)
    {
        // A fixed free port (not proxied) so a restarted server comes back at the same address.
        var port = FreeTcpPort();
        var healthCheck = $"{name}-ping";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, ct => PingAsync(port, ct));

        var isGarnet = command == "dotnet";
        return builder.AddResource(new RedisServerResource(name, command, builder.AppHostDirectory))
            .WithArgs(args)
            .WithArgs("--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEndpoint(RedisServerResource.EndpointName, e =>
            {
                e.Port = port;
                e.TargetPort = port;
                e.IsProxied = false;
                e.UriScheme = "tcp";
            })
            .WithEnvironment("INTERVIEW_REDIS_KIND", isGarnet ? "embedded Garnet" : "redis-server")
            .WithHealthCheck(healthCheck);
    }

    /// <summary>
    /// A data folder owned by this AppHost run (a fresh one per run, so test apps never share data), removed
    /// when the AppHost stops.
    /// </summary>
    private static string DataDirectory(IDistributedApplicationBuilder builder, string name)
    {
        var path = Directory.CreateTempSubdirectory($"interview-{name}-").FullName;
        builder.Services.AddHostedService(_ => new DeleteOnStop(path));
        return path;
    }

    private sealed class DeleteOnStop(string path) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // The server may still hold a file open; the folder is in the temp directory anyway.
            }
            return Task.CompletedTask;
        }
    }

    private static string EmbeddedGarnetPath() =>
        typeof(RedisExtensions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "EmbeddedRedisPath").Value!;

    private static bool DockerEngineAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null) return false;
            if (!docker.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                docker.Kill(entireProcessTree: true);
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client at all
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<HealthCheckResult> PingAsync(int port, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, ct);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Unexpected answer to PING.");
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
