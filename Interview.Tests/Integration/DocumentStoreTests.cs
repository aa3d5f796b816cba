using Interview.CollabHub.Documents;
using Interview.CollabHub.Scaling;
using Interview.CollabHub.Telemetry;
using Interview.SessionApi.Interviewing;
using Interview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interview.Tests.Integration;

/// <summary>
/// The document store on a platform's own Redis: as two hub instances use it (each with its own connection,
/// appending to one session while both keep compacting it), and as one hub with many sessions typing at once.
/// Run on embedded Garnet and on redis-server.
/// </summary>
public abstract class DocumentStoreTests(AppFixture app) : IAsyncLifetime
{
    private readonly YjsPeers peers = YjsPeers.Start();
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<ConnectionMultiplexer> connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in connections) await connection.DisposeAsync();
        await services.DisposeAsync();
        peers.Dispose();
    }

    [Fact]
    public async Task CompactionsRacingEachOtherAndTheTypistLoseNoKeystroke()
    {
        const int Keystrokes = 600;
        var sessionId = CollabClient.NewParticipantId(); // any unused id: the store does not look the session up
        var first = await StoreAsync();
        var second = await StoreAsync();
        var keystrokes = await peers.TypeCharsAsync("typist", Keystrokes).WithTimeout(TimeSpan.FromMinutes(1));

        using var typed = new CancellationTokenSource();
        var compacted = 0;
        async Task CompactUntilTyped(DocumentStore store)
        {
            while (!typed.IsCancellationRequested)
            {
                if (await store.CompactAsync(sessionId)) Interlocked.Increment(ref compacted);
                // A breath between rounds: four loops without one kept the test host's few pool threads busy
                // enough that a Redis reply waited unread past the client's timeout (CI, once). Still many
                // rounds per keystroke.
                await Task.Delay(1);
            }
        }
        var compactors = new[] { CompactUntilTyped(first), CompactUntilTyped(second), CompactUntilTyped(first), CompactUntilTyped(second) };
        for (var i = 0; i < Keystrokes; i++)
        {
            // In order, as one typist's pushes are, but through both instances.
            await (i % 2 == 0 ? first : second).AppendAsync(sessionId, keystrokes[i], "Typist").WithTimeout();
        }
        await typed.CancelAsync();
        await Task.WhenAll(compactors).WithTimeout();

        Assert.True(compacted > 1, $"the log was compacted while typing ({compacted} compactions)");
        var stored = await peers.ReadUpdateAsync(await first.ReadAsync(sessionId).WithTimeout());
        Assert.Equal(await peers.TextAsync("typist"), stored.Text);
    }

    [Fact]
    public async Task AKeystrokeThatArrivesAfterTheInterviewEndedIsNotStored()
    {
        var sessionId = CollabClient.NewParticipantId();
        var store = await StoreAsync();
        var keystrokes = await peers.TypeCharsAsync("typist", 2).WithTimeout(TimeSpan.FromMinutes(1));
        Assert.NotNull(await store.AppendAsync(sessionId, keystrokes[0], "Typist").WithTimeout());

        // The end as the sessions API records it; this store has not been told.
        await connections[0].GetDatabase().StringSetAsync(new InterviewKeys(sessionId).Ended, "1").WithTimeout();

        Assert.Null(await store.AppendAsync(sessionId, keystrokes[1], "Typist").WithTimeout());
        var stored = await peers.ReadUpdateAsync(await store.ReadAsync(sessionId).WithTimeout());
        Assert.Equal((await peers.TextAsync("typist").WithTimeout())[..1], stored.Text);
    }

    [Fact]
    public async Task ManySessionsTypingAtOnceAreEachStoredInOrderAndAnEndedOneIsNot()
    {
        const int Typists = 16, Keystrokes = 40;
        var store = await StoreAsync();
        var sessions = Enumerable.Range(0, Typists).Select(_ => CollabClient.NewParticipantId()).ToArray();
        var typed = new byte[Typists][][];
        for (var t = 0; t < Typists; t++) typed[t] = await peers.TypeCharsAsync($"typist{t}", Keystrokes).WithTimeout(TimeSpan.FromMinutes(1));
        await connections[0].GetDatabase().StringSetAsync(new InterviewKeys(sessions[0]).Ended, "1").WithTimeout();

        // Each typist in order, as one connection's pushes are; all of them at once.
        async Task<int> TypeAsync(int t)
        {
            var stored = 0;
            foreach (var keystroke in typed[t])
            {
                if (await store.AppendAsync(sessions[t], keystroke, $"Typist {t}").WithTimeout() is not null) stored++;
            }
            return stored;
        }
        var stored = await Task.WhenAll(Enumerable.Range(0, Typists).Select(TypeAsync)).WithTimeout(TimeSpan.FromMinutes(1));

        Assert.Equal(0, stored[0]);
        Assert.All(stored[1..], count => Assert.Equal(Keystrokes, count));
        Assert.Equal("", (await peers.ReadUpdateAsync(await store.ReadAsync(sessions[0]).WithTimeout())).Text);
        for (var t = 1; t < Typists; t++)
        {
            var document = await peers.ReadUpdateAsync(await store.ReadAsync(sessions[t]).WithTimeout());
            Assert.Equal(await peers.TextAsync($"typist{t}").WithTimeout(), document.Text);
            // The merged document cannot tell the order; the history, as the replay reads it, can.
            var history = await connections[0].GetDatabase().ListRangeAsync(new InterviewKeys(sessions[t]).History).WithTimeout();
            Assert.Equal(typed[t], history.Select(entry => HistoryEntry.Decode((byte[])entry!).Update));
        }
    }

    private async Task<DocumentStore> StoreAsync()
    {
        var connectionString = await app.App.GetConnectionStringAsync("redis").AsTask().WithTimeout();
        // A longer reply timeout than the client's 5 s: on a busy CI host a reply can wait a while to be read.
        var connection = await ConnectionMultiplexer.ConnectAsync($"{connectionString},abortConnect=false,asyncTimeout=15000").WithTimeout();
        connections.Add(connection);
        var metrics = new CollabMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), new HubConnections());
        var options = Options.Create(new DocumentOptions { CompactAfterUpdates = 8 });
        return new DocumentStore(connection, new ParticipantStore(connection, options, TimeProvider.System), options, TimeProvider.System, metrics,
            NullLogger<DocumentStore>.Instance);
    }
}

[Collection(AppCollection.Name)]
public sealed class DocumentStoreOnGarnetTests(AppFixture app) : DocumentStoreTests(app);

[Collection(RedisServerScaleOutCollection.Name)]
public sealed class DocumentStoreOnRedisServerTests(RedisServerScaleOutFixture app) : DocumentStoreTests(app);
