using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// The single-container deployment under test. By default a local all-in-one process (the program and
/// settings the image runs) with a data folder of its own. With <c>INTERVIEW_EXTERNAL_URL</c> set, the same
/// tests run against that address instead — <c>scripts/container-check.sh</c> points them at the real
/// container and gives <c>INTERVIEW_EXTERNAL_RESTART</c>, the shell command that restarts it.
/// </summary>
public sealed class SingleContainerFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string UrlVariable = "INTERVIEW_EXTERNAL_URL";
    public const string RestartVariable = "INTERVIEW_EXTERNAL_RESTART";

    private readonly string dataPath = Path.Combine(Path.GetTempPath(), $"interview-single-{Guid.NewGuid():N}");
    private AllInOneServer? local;
    private string? restartCommand;

    public Uri Url { get; private set; } = null!;

    /// <summary>A plain client (no retries), as a browser would see the server.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(UrlVariable);
        var clock = Stopwatch.StartNew();
        if (string.IsNullOrWhiteSpace(external))
        {
            local = await AllInOneServer.StartAsync(new Dictionary<string, string?> { ["Store__DataPath"] = dataPath });
            Url = local.Url;
        }
        else
        {
            Url = new Uri(external);
            restartCommand = Environment.GetEnvironmentVariable(RestartVariable);
            if (string.IsNullOrWhiteSpace(restartCommand))
                throw new InvalidOperationException($"{UrlVariable} needs {RestartVariable}: the command that restarts the server there.");
            await WaitHealthyAsync();
        }
        Http = new HttpClient { BaseAddress = Url, Timeout = Timeouts.Default };
        diagnostics.OnMessage(new DiagnosticMessage($"Single-container server healthy in {clock.Elapsed.TotalSeconds:F1} s at {Url}"));
    }

    /// <summary>Stops the server the way an orchestrator does (SIGTERM) and starts it again on the same data.</summary>
    public async Task RestartAsync()
    {
        if (local is not null)
        {
            await local.StopAsync();
            await local.StartAgainAsync();
            return;
        }

        using var restart = Process.Start(new ProcessStartInfo("bash", ["-c", restartCommand!]) { RedirectStandardError = true })!;
        var errors = restart.StandardError.ReadToEndAsync();
        await restart.WaitForExitAsync().WithTimeout(TimeSpan.FromMinutes(1));
        if (restart.ExitCode != 0) throw new InvalidOperationException($"`{restartCommand}` failed ({restart.ExitCode}): {await errors}");
        await WaitHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (local is not null) await local.DisposeAsync();
        if (Directory.Exists(dataPath)) Directory.Delete(dataPath, recursive: true);
    }

    private Task WaitHealthyAsync() => Health.WaitUntilHealthyAsync(Url, Timeouts.AppStart);
}

/// <summary>Smoke tests of the single-container deployment share one server (a start costs seconds).</summary>
[CollectionDefinition(Name)]
public sealed class SingleContainerCollection : ICollectionFixture<SingleContainerFixture>
{
    public const string Name = "Single container";
}
