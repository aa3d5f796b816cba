using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Interview.Gateway;
using StackExchange.Redis;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// The whole platform, started once per test collection through the real AppHost with its defaults:
/// embedded Redis-protocol server, session-api, two collab-hub instances and the gateway serving the
/// built web client.
/// </summary>
public class AppFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private DistributedApplication? app;
    private ConnectionMultiplexer? redis;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The one URL users open.</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>A plain client (no retries, so tests see every status as a user would).</summary>
    public HttpClient Gateway { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        RepoPaths.RequireBuiltWebClient();
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(Timeouts.AppStart);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Interview_AppHost>(
            ["--Interview:GatewayPort=0", "--Interview:WebClient=dist", .. Arguments],
            (options, _) => options.DisableDashboard = true,
            cts.Token);
        // Without the dashboard nothing listens for telemetry, yet the services would still be told to export
        // it: each then spends ~10 s at shutdown retrying the export, and restarting a service times out.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(env => env.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT")));
        }
        // Every test creates sessions through the gateway, all as one client (127.0.0.1): allow a busy minute of
        // them. SessionApiTests proves the limit itself with clients of their own (it goes over 90).
        builder.CreateResourceBuilder<ProjectResource>("session-api").WithEnvironment("Sessions__CreatePermitLimit", "90");
        app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cts.Token);

        GatewayUrl = app.GetEndpoint("gateway", "http");
        Gateway = new HttpClient { BaseAddress = GatewayUrl, Timeout = Timeouts.Default };
        diagnostics.OnMessage(new DiagnosticMessage($"{GetType().Name}: Interview app healthy in {clock.Elapsed.TotalSeconds:F1} s at {GatewayUrl}"));
    }

    /// <summary>AppHost settings beyond the defaults (e.g. which Redis).</summary>
    protected virtual IEnumerable<string> Arguments => [];

    /// <summary>
    /// The address of a live hub instance other than <paramref name="instance"/> (<c>machine/pid</c>, as in a
    /// join result), for a participant who must be on another instance than the session's: through the gateway
    /// every connection of a session reaches the session's own instance.
    /// </summary>
    public async Task<Uri> OtherInstanceUrlAsync(string instance) =>
        (await LiveInstancesAsync()).FirstOrDefault(i => i.Id != instance)?.Address
        ?? throw new InvalidOperationException($"No live hub instance besides {instance}.");

    /// <summary>Registered hub instances whose process is alive (a killed one stays listed until its entry lapses).</summary>
    public async Task<IReadOnlyList<HubInstance>> LiveInstancesAsync()
    {
        var members = await (await RedisAsync()).GetDatabase()
            .SortedSetRangeByScoreAsync(HubInstances.Key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), double.PositiveInfinity).WithTimeout();
        return [.. members.Select(m => HubInstances.Parse(m.ToString())).OfType<HubInstance>().Where(i => ProcessOf(i.Id) is { HasExited: false })];
    }

    /// <summary>The process of a hub instance (<c>machine/pid</c>); null when it is gone.</summary>
    protected static Process? ProcessOf(string instance)
    {
        try
        {
            return Process.GetProcessById(int.Parse(instance.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (ArgumentException)
        {
            return null; // no such process (any more)
        }
    }

    /// <summary>A connection of the tests' own to the platform's Redis.</summary>
    protected async Task<ConnectionMultiplexer> RedisAsync()
    {
        if (redis is not null) return redis;
        var connectionString = await App.GetConnectionStringAsync("redis").AsTask().WithTimeout();
        redis = await ConnectionMultiplexer.ConnectAsync($"{connectionString},abortConnect=false").WithTimeout();
        return redis;
    }

    public virtual async Task DisposeAsync()
    {
        if (redis is not null) await redis.DisposeAsync().AsTask().WithTimeout();
        Gateway?.Dispose();
        if (app is not null) await app.DisposeAsync().AsTask().WithTimeout(TimeSpan.FromMinutes(1));
    }
}

/// <summary>Tests against the running platform share one app (an app start costs seconds) and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Interview app";
}
