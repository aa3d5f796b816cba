using System.Diagnostics;
using Aspire.Hosting;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// The whole platform, started once per test collection through the real AppHost: embedded
/// Redis-protocol server, session-api, collab-hub and the gateway serving the built web client.
/// </summary>
public sealed class AppFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The one URL users open.</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>A plain client (no retries, so tests see every status as a user would).</summary>
    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        RepoPaths.RequireBuiltWebClient();
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(Timeouts.AppStart);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Interview_AppHost>(
            ["--Interview:GatewayPort=0", "--Interview:WebClient=dist"],
            (options, _) => options.DisableDashboard = true,
            cts.Token);
        app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cts.Token);

        GatewayUrl = app.GetEndpoint("gateway", "http");
        Gateway = new HttpClient { BaseAddress = GatewayUrl, Timeout = Timeouts.Default };
        diagnostics.OnMessage(new DiagnosticMessage($"Interview app healthy in {clock.Elapsed.TotalSeconds:F1} s at {GatewayUrl}"));
    }

    public async Task DisposeAsync()
    {
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
