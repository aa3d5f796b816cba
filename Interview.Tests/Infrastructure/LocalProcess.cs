using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// A .NET program of the solution run as a real child process (<c>dotnet X.dll</c>), with its output kept
/// for the failure message. It can be stopped as an orchestrator does (SIGTERM), killed, and started again.
/// </summary>
public sealed class LocalProcess(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment)
    : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private Process? process;

    public static string GatewayDll => BuiltDll("GatewayPath");

    public static string EmbeddedRedisDll => BuiltDll("EmbeddedRedisPath");

    public bool HasExited => process?.HasExited ?? true;

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Start()
    {
        if (!HasExited) throw new InvalidOperationException($"{name} is already running.");
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        // Settings the test runner may carry (an Aspire app's, a developer's Redis) must not leak in.
        foreach (var key in new[] { "ConnectionStrings__redis", "OTEL_EXPORTER_OTLP_ENDPOINT", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS" })
            info.Environment.Remove(key);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        process?.Dispose();
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>SIGTERM, as <c>docker stop</c> sends, then waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (process is null || process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync().WithTimeout();
        await process.WaitForExitAsync().WithTimeout();
    }

    /// <summary>SIGKILL: a crash, with no chance to flush or say goodbye.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WithTimeout();
    }

    /// <summary>
    /// Waits until the process accepts TCP connections on <paramref name="port"/>; fails with its output if it
    /// exits first. Until then the port is free, and <see cref="FreeTcpPort"/> may hand it to another server.
    /// </summary>
    public async Task WaitListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (ExitReport() is { } report) throw new InvalidOperationException(report);
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
                return;
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} did not listen on port {port} within {timeout}:\n{Output}", e);
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Waits until the server at <paramref name="url"/> is healthy; fails with the process's output if it exits first.</summary>
    public Task WaitHealthyAsync(Uri url, TimeSpan timeout) =>
        Health.WaitUntilHealthyAsync(url, timeout, ExitReport);

    /// <summary>Why waiting for the process is pointless: its exit code and output once it has exited, else null.</summary>
    private string? ExitReport() => HasExited ? $"{name} exited with {process?.ExitCode}:\n{Output}" : null;

    public async ValueTask DisposeAsync()
    {
        if (process is not null && !process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WithTimeout();
        }
        process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private static string BuiltDll(string key)
    {
        var path = typeof(LocalProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        return File.Exists(path) ? Path.GetFullPath(path) : throw new InvalidOperationException($"{path} is not built: run `dotnet build Interview.sln`.");
    }
}
