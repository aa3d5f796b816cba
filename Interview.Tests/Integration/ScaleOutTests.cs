using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Interview.CollabHub.Documents.Yjs;
using Interview.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Xunit.Abstractions;

namespace Interview.Tests.Integration;

/// <summary>
/// Two hub instances behind the gateway on one Redis: the gateway keeps each session on one instance and
/// spreads the sessions, participants on different instances (as after a scale-up) collaborate, negotiating
/// and WebSocket-only clients both get through, and no edit is lost when an instance dies or Redis restarts.
/// Run once on the embedded Garnet server and once on a real redis-server.
/// </summary>
public abstract class ScaleOutTests(ScaleOutFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    private YjsPeers peers = null!;

    public async Task InitializeAsync()
    {
        peers = YjsPeers.Start();
        await app.EnsureAllHubInstancesAsync().WithTimeout(TimeSpan.FromMinutes(2));
    }

    public Task DisposeAsync()
    {
        peers.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ParticipantsOnDifferentInstancesSeeEachOthersEditsAndCursors()
    {
        var session = await app.Gateway.CreateAsync();
        var (ada, grace) = await OnTwoInstancesAsync(url => CollabClient.ConnectAsync(url, session.Id), c => c.JoinAsync("Tester"), j => j.Instance);
        await using var _ = ada.Client;
        await using var __ = grace.Client;

        await ada.Client.PushAsync(await peers.InsertAsync("ada", "across instances"));
        await peers.ApplyAsync("grace", await grace.Client.NextUpdateAsync());
        await ada.Client.PushAwarenessAsync(YAwareness.Encode([new AwarenessEntry(501, 1, """{"user":{"name":"Ada","color":"#f00"},"cursor":{"anchor":1}}""")]));

        Assert.Equal("across instances", await peers.TextAsync("grace"));
        var cursor = Assert.Single(YAwareness.Decode(await grace.Client.NextAwarenessAsync()));
        Assert.Equal(501UL, cursor.ClientId);
        Assert.Contains("\"anchor\":1", cursor.StateJson);
    }

    [Fact]
    public async Task NewcomersOnEitherInstanceGetEveryKeystrokeTypedWhileTheyJoin()
    {
        // A change crosses the backplane only while another instance serves a participant of the session; the
        // first newcomer on the other instance is exactly the moment that decision changes. Newcomers join one
        // after another while Ada types, and each must end up with her text from its join and the relays alone.
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var adaInstance = (await ada.JoinAsync("Ada")).Instance;
        var keystrokes = await peers.TypeCharsAsync("ada", 150);
        var newcomers = new List<(CollabClient Client, CollabClient.JoinResult Joined)>();
        try
        {
            var typing = Task.Run(async () =>
            {
                foreach (var keystroke in keystrokes)
                {
                    await ada.PushAsync(keystroke);
                    await Task.Delay(10);
                }
            });
            var otherInstance = await app.OtherInstanceUrlAsync(adaInstance);
            while (!typing.IsCompleted && newcomers.Count < 12)
            {
                // Through the gateway (Ada's instance, the session's) and straight to the other one in turn.
                var newcomer = await CollabClient.ConnectAsync(newcomers.Count % 2 == 0 ? app.GatewayUrl : otherInstance, session.Id);
                newcomers.Add((newcomer, await newcomer.JoinAsync($"Newcomer {newcomers.Count}")));
            }
            await typing.WithTimeout(TimeSpan.FromMinutes(1));

            Assert.Contains(newcomers, n => n.Joined.Instance != adaInstance);
            Assert.All(newcomers.Where((_, i) => i % 2 == 0), n => Assert.Equal(adaInstance, n.Joined.Instance));
            var typed = await peers.TextAsync("ada");
            foreach (var (i, (client, joined)) in newcomers.Index())
            {
                var doc = $"newcomer-{i}";
                await peers.ApplyAsync(doc, joined.Update);
                foreach (var update in await client.DrainUpdatesAsync(TimeSpan.FromMilliseconds(500)).WithTimeout()) await peers.ApplyAsync(doc, update);
                Assert.True(typed == await peers.TextAsync(doc), $"newcomer {i} (on {(joined.Instance == adaInstance ? "Ada's" : "the other")} instance) has every keystroke");
            }
        }
        finally
        {
            foreach (var (client, _) in newcomers) await client.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task EveryParticipantOfASessionReachesItsInstanceThroughTheGatewayNegotiatingOrNot(HttpTransportType transport)
    {
        // Negotiate, connect and (for SSE and long polling) every later request of a connection must reach one
        // instance, and all of a session's participants the same one, so that nothing they type crosses the
        // backplane. The gateway places connections by the session in their URL.
        var session = await app.Gateway.CreateAsync();
        await using var writer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var instance = (await writer.JoinAsync("Writer")).Instance;
        var clients = new List<CollabClient>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                // Server-sent events carry text only, so that transport goes with the JSON protocol.
                var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id, json: transport == HttpTransportType.ServerSentEvents, negotiateFor: transport);
                clients.Add(client);
                Assert.Equal(instance, (await client.JoinAsync($"Reader {i}")).Instance);
            }

            await writer.PushAsync(await peers.InsertAsync("writer", "to every reader"));

            foreach (var client in clients) Assert.NotEmpty(await client.NextUpdateAsync());
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheGatewaySpreadsSessionsOverTheInstances()
    {
        var instances = new HashSet<string>();
        for (var i = 0; i < 40 && instances.Count < ScaleOutFixture.HubReplicas; i++)
        {
            var session = await app.Gateway.CreateAsync();
            await using var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
            instances.Add((await client.JoinAsync("Host")).Instance);
        }
        // Sessions have random ids: forty all on one of two instances has a chance of 1 in 2^39.
        Assert.Equal(ScaleOutFixture.HubReplicas, instances.Count);
    }

    [Fact]
    public async Task WhenAnInstanceDiesItsClientsReconnectAndNoEditIsLost()
    {
        var session = await app.Gateway.CreateAsync();
        // Grace joins through the gateway, which places her anew when her instance dies; Ada is on the other one.
        var (grace, ada) = await OnTwoInstancesAsync(
            url => ResilientPeer.JoinAsync(url, session.Id, peers, $"peer-{Guid.NewGuid():N}", url == app.GatewayUrl ? "Grace" : "Ada"),
            p => Task.FromResult(p), p => p.Instance);
        await using var _ = ada.Client;
        await using var __ = grace.Client;
        var victim = grace.Instance;

        // Both type; a third of the way in, Grace's instance is killed and she goes on typing offline.
        var typing = Stopwatch.StartNew();
        await Task.WhenAll(
            Typing.TypeAsync(ada.Client, "a", 60),
            Typing.TypeAsync(grace.Client, "g", 60, atKeystroke: 20, then: () => ScaleOutFixture.Kill(victim)));
        var reconnect = await grace.Client.Recovered.WithTimeout(TimeSpan.FromSeconds(20));
        output.WriteLine($"typing took {typing.Elapsed.TotalSeconds:F1} s; Grace was back after {reconnect.TotalMilliseconds:F0} ms");

        Assert.True(reconnect < TimeSpan.FromSeconds(10), $"reconnected within seconds (took {reconnect.TotalSeconds:F1} s)");
        Assert.NotEqual(victim, grace.Client.Instance);
        var text = await Typing.ConvergedTextAsync(ada.Client, grace.Client);
        Typing.AssertHasEveryKeystroke(text, "a", 60);
        Typing.AssertHasEveryKeystroke(text, "g", 60);
        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal(text, (await peers.ReadUpdateAsync((await late.JoinAsync("Late")).Update)).Text);
    }

    [Fact]
    public async Task WhenRedisRestartsEditingGoesOnAndNewcomersGetTheWholeDocument()
    {
        var session = await app.Gateway.CreateAsync();
        var (ada, grace) = await OnTwoInstancesAsync(
            url => ResilientPeer.JoinAsync(url, session.Id, peers, $"ada-{Guid.NewGuid():N}", "Ada"), p => Task.FromResult(p), p => p.Instance);
        await using var _ = ada.Client;
        await using var __ = grace.Client;

        // Both type before, during and after the outage.
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            Typing.TypeAsync(ada.Client, "a", 80),
            Typing.TypeAsync(grace.Client, "g", 80),
            Task.Delay(500).ContinueWith(_ => app.RestartRedisAsync()).Unwrap());
        await app.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", WaitBehavior.WaitOnResourceUnavailable).WithTimeout(TimeSpan.FromMinutes(1));
        output.WriteLine($"typing and restart took {clock.Elapsed.TotalSeconds:F1} s");

        var text = await Typing.ConvergedTextAsync(ada.Client, grace.Client);
        output.WriteLine($"converged after {clock.Elapsed.TotalSeconds:F1} s; resync events: Ada {ada.Client.ResyncEvents}, Grace {grace.Client.ResyncEvents}");
        Typing.AssertHasEveryKeystroke(text, "a", 80);
        Typing.AssertHasEveryKeystroke(text, "g", 80);
        // Each instance tells its own client to resync once its Redis connection is back (the documents may
        // have converged before that, through the clients' own resyncs after refused pushes).
        var asked = Stopwatch.StartNew();
        while (ada.Client.ResyncEvents == 0 || grace.Client.ResyncEvents == 0)
        {
            Assert.True(asked.Elapsed < TimeSpan.FromSeconds(15), $"both clients are asked to resync (Ada {ada.Client.ResyncEvents}, Grace {grace.Client.ResyncEvents})");
            await Task.Delay(100);
        }
        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal(text, (await peers.ReadUpdateAsync((await late.JoinAsync("Late")).Update)).Text);
    }

    /// <summary>
    /// Two participants of a session on different hub instances, as while an instance joins or a gateway's view
    /// of them lags: the first through the gateway (on the session's own instance), the second straight to the
    /// other instance.
    /// </summary>
    private async Task<((T Client, string Instance) First, (T Client, string Instance) Second)> OnTwoInstancesAsync<T, TJoin>(
        Func<Uri, Task<T>> connect, Func<T, Task<TJoin>> join, Func<TJoin, string> instanceOf) where T : IAsyncDisposable
    {
        var first = await connect(app.GatewayUrl);
        var firstInstance = instanceOf(await join(first));
        var second = await connect(await app.OtherInstanceUrlAsync(firstInstance));
        var secondInstance = instanceOf(await join(second));
        Assert.NotEqual(firstInstance, secondInstance);
        return ((first, firstInstance), (second, secondInstance));
    }
}

[Collection(GarnetScaleOutCollection.Name)]
public sealed class ScaleOutOnGarnetTests(GarnetScaleOutFixture app, ITestOutputHelper output) : ScaleOutTests(app, output);

[Collection(RedisServerScaleOutCollection.Name)]
public sealed class ScaleOutOnRedisServerTests(RedisServerScaleOutFixture app, ITestOutputHelper output) : ScaleOutTests(app, output);
