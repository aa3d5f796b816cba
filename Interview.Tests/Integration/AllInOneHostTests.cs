using System.Diagnostics;
using System.Net;
using Interview.Tests.Infrastructure;

namespace Interview.Tests.Integration;

/// <summary>
/// The all-in-one host's own behaviour, on servers of its own: several of them on one Redis, a crash,
/// the health probe flag and its limits.
/// </summary>
public sealed class AllInOneHostTests : IDisposable
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), $"interview-aio-{Guid.NewGuid():N}");
    private readonly YjsPeers peers = YjsPeers.Start();

    public void Dispose()
    {
        peers.Dispose();
        if (Directory.Exists(dataPath)) Directory.Delete(dataPath, recursive: true);
    }

    [Fact]
    public async Task TwoServersOnOneRedisShareSessionsAndRelayUpdatesToEachOther()
    {
        await using var servers = await TwoServersOnOneRedis.StartAsync();
        var (first, second) = (servers.First, servers.Second);
        using var firstHttp = new HttpClient { BaseAddress = first.Url, Timeout = Timeouts.Default };

        // Created on one server, known to the other: the store is the shared Redis.
        var session = await firstHttp.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(first.Url, session.Id);
        await using var grace = await CollabClient.ConnectAsync(second.Url, session.Id);
        await ada.JoinAsync("Ada");
        await grace.JoinAsync("Grace");

        await ada.PushAsync(await peers.InsertAsync("ada", "across servers"));

        // Relayed from the first server's hub to the second's client: the Redis backplane.
        await peers.ApplyAsync("grace", await grace.NextUpdateAsync());
        Assert.Equal("across servers", await peers.TextAsync("grace"));
    }

    [Fact]
    public async Task TwoServersOnOneRedisCarryTheInterviewersChangesToEachOthersParticipants()
    {
        await using var servers = await TwoServersOnOneRedis.StartAsync();
        var (first, second) = (servers.First, servers.Second);
        using var firstHttp = new HttpClient { BaseAddress = first.Url, Timeout = Timeouts.Default };
        var session = await firstHttp.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(first.Url, session.Id);
        await using var grace = await CollabClient.ConnectAsync(second.Url, session.Id);
        await using var linus = await CollabClient.ConnectAsync(second.Url, session.Id);
        Assert.Equal("interviewer", (await ada.JoinAsAsync("Ada", CollabClient.NewParticipantId(), session.Key)).Role);
        await grace.JoinAsAsync("Grace", CollabClient.NewParticipantId());
        await linus.JoinAsAsync("Linus", CollabClient.NewParticipantId());
        await linus.PushAwarenessAsync(CollabHub.Documents.Yjs.YAwareness.Encode([new(42, 1, """{"user":{"name":"Linus","color":"#000"}}""")]));

        // Each change once, from the server that holds the connection.
        await firstHttp.ControlAsync(session, "timer", new { action = "start" });
        Assert.True((await grace.NextStateAsync()).Timer.Running);
        Assert.True((await linus.NextStateAsync()).Timer.Running);
        using (var removed = await firstHttp.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.Id}/participants/42", session.Key))
            Assert.Equal(HttpStatusCode.Accepted, removed.StatusCode);
        await linus.Removed.WithTimeout();
        await linus.Closed.WithTimeout();
        await firstHttp.ControlAsync(session, "end");
        Assert.True((await grace.NextStateAsync()).Ended);

        var late = await peers.InsertAsync("ada", "too late");
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => grace.PushAsync(late));
        Assert.EndsWith("session-ended", refused.Message);
        // Each change reached grace once, although both servers received it.
        await Task.Delay(300);
        var target = System.Text.Encoding.UTF8.GetBytes("SessionState");
        Assert.Equal(2, grace.ReceivedMessages.Count(m => m.AsSpan().IndexOf(target) >= 0));
    }

    [Fact]
    public async Task ADocumentSurvivesACrashOfTheServer()
    {
        await using var server = await AllInOneServer.StartAsync(new Dictionary<string, string?> { ["Store__DataPath"] = dataPath });
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = Timeouts.Default };
        var session = await http.CreateAsync();
        await using (var ada = await CollabClient.ConnectAsync(server.Url, session.Id))
        {
            await ada.JoinAsync("Ada");
            await ada.PushAsync(await peers.InsertAsync("ada", "written before the crash"));
        }

        await server.KillAsync();
        await server.StartAgainAsync();

        await using var grace = await CollabClient.ConnectAsync(server.Url, session.Id);
        Assert.Equal("written before the crash", (await peers.ReadUpdateAsync((await grace.JoinAsync("Grace")).Update)).Text);
    }

    [Fact]
    public async Task SessionCreationKeepsItsPerClientRateLimit()
    {
        await using var server = await AllInOneServer.StartAsync(new Dictionary<string, string?> { ["Sessions__CreatePermitLimit"] = "2" });
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = Timeouts.Default };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await http.PostAsync("/api/sessions", null).WithTimeout()).StatusCode);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task TheHealthFlagExitsZeroOnlyWhileTheServerIsHealthy()
    {
        await using var server = await AllInOneServer.StartAsync();

        Assert.Equal(0, await ProbeAsync(new Uri(server.Url, "/health")));
        await server.StopAsync();
        Assert.Equal(1, await ProbeAsync(new Uri(server.Url, "/health")));
    }

    [Fact]
    public async Task AnUnknownModeStopsTheGatewayAtStart()
    {
        await using var gateway = new LocalProcess("gateway", LocalProcess.GatewayDll, [],
            new Dictionary<string, string?> { ["Gateway__Mode"] = "allinone", ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LocalProcess.FreeTcpPort()}" });
        gateway.Start();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.WaitHealthyAsync(new Uri("http://127.0.0.1:1/"), Timeouts.Default));
        Assert.Contains("Gateway:Mode must be 'proxy' or 'all-in-one', not 'allinone'", failure.Message);
    }

    private static async Task<int> ProbeAsync(Uri health)
    {
        using var probe = Process.Start(new ProcessStartInfo("dotnet", [LocalProcess.GatewayDll, "--health", health.ToString()]) { RedirectStandardOutput = true })!;
        await probe.StandardOutput.ReadToEndAsync().WithTimeout();
        await probe.WaitForExitAsync().WithTimeout();
        return probe.ExitCode;
    }

    /// <summary>A Garnet process and two all-in-one servers that use it as their store and backplane.</summary>
    private sealed class TwoServersOnOneRedis(LocalProcess redis, AllInOneServer first, AllInOneServer second) : IAsyncDisposable
    {
        public AllInOneServer First => first;

        public AllInOneServer Second => second;

        public static async Task<TwoServersOnOneRedis> StartAsync()
        {
            var redisPort = LocalProcess.FreeTcpPort();
            var redis = new LocalProcess("garnet", LocalProcess.EmbeddedRedisDll,
                ["--bind", "127.0.0.1", "--port", redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Dictionary<string, string?>());
            AllInOneServer? first = null;
            try
            {
                redis.Start();
                await redis.WaitListeningAsync(redisPort, Timeouts.Default);
                var settings = new Dictionary<string, string?> { ["ConnectionStrings__redis"] = $"127.0.0.1:{redisPort}" };
                first = await AllInOneServer.StartAsync(settings);
                return new(redis, first, await AllInOneServer.StartAsync(settings));
            }
            catch
            {
                // Whatever started is stopped again, as the test's own `await using`s would have done.
                if (first is not null) await first.DisposeAsync();
                await redis.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
            await redis.DisposeAsync();
        }
    }
}
