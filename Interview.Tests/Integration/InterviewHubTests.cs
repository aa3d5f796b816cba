using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interview.CollabHub.Documents.Yjs;
using Interview.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Interview.Tests.Integration;

/// <summary>Roles, lock, removal, the end and the history, as hub clients live them (two hub instances behind the gateway).</summary>
[Collection(AppCollection.Name)]
public sealed class InterviewHubTests(AppFixture app) : IDisposable
{
    private readonly YjsPeers peers = YjsPeers.Start();

    public void Dispose() => peers.Dispose();

    [Fact]
    public async Task TheInterviewerKeyMakesTheInterviewerAndAWrongKeyIsForbidden()
    {
        var session = await app.Gateway.CreateAsync();
        var other = await app.Gateway.CreateAsync();
        await using var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);

        await AssertRefused("forbidden", () => client.JoinAsAsync("Ada", CollabClient.NewParticipantId(), other.Key));
        await AssertRefused("forbidden", () => client.JoinAsAsync("Ada", CollabClient.NewParticipantId(), "not-a-key"));
        await AssertRefused("invalid-participant", () => client.JoinAsAsync("Ada", "short"));
        await AssertRefused("invalid-participant", () => client.JoinAsAsync("Ada", new string('*', 22)));
        await AssertRefused("invalid-participant", () => client.Connection.InvokeAsync<object>("JoinSessionAs", session.Id, "Ada", Array.Empty<byte>(), null, null).WithTimeout());
        await AssertRefused("forbidden", () => client.JoinAsAsync("Ada", CollabClient.NewParticipantId(), new string('k', 100_000)));

        Assert.Equal("interviewer", (await client.JoinAsAsync("Ada", CollabClient.NewParticipantId(), session.Key)).Role);
        await using var candidate = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal("candidate", (await candidate.JoinAsAsync("Grace", CollabClient.NewParticipantId(), "")).Role);
        await using var tool = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal("candidate", (await tool.JoinAsync("Bench")).Role);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheJoinResultAndItsStateAreCamelCaseInBothProtocols(bool json)
    {
        var session = await app.Gateway.CreateAsync(questionId: "two-sum");
        await using var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id, json);

        var keys = new List<string>();
        if (json)
        {
            var result = await client.Connection.InvokeAsync<JsonElement>("JoinSessionAs", session.Id, "Ada", Array.Empty<byte>(), CollabClient.NewParticipantId(), null).WithTimeout();
            keys.AddRange(result.EnumerateObject().Select(p => p.Name));
            keys.AddRange(result.GetProperty("state").EnumerateObject().Select(p => p.Name));
            keys.AddRange(result.GetProperty("state").GetProperty("timer").EnumerateObject().Select(p => p.Name));
            keys.AddRange(result.GetProperty("state").GetProperty("question").EnumerateObject().Select(p => p.Name));
        }
        else
        {
            var result = await client.Connection.InvokeAsync<Dictionary<object, object>>("JoinSessionAs", session.Id, "Ada", Array.Empty<byte>(), CollabClient.NewParticipantId(), null).WithTimeout();
            var state = (Dictionary<object, object>)result["state"];
            keys.AddRange(result.Keys.Cast<string>());
            keys.AddRange(state.Keys.Cast<string>());
            keys.AddRange(((Dictionary<object, object>)state["timer"]).Keys.Cast<string>());
            keys.AddRange(((Dictionary<object, object>)state["question"]).Keys.Cast<string>());
        }

        Assert.Superset(new HashSet<string> { "update", "stateVector", "awareness", "instance", "role", "state", "locked", "ended", "endedAt", "candidatesMayRun", "timer", "question", "serverTime", "durationMs", "remainingMs", "running", "updatedAt", "prompt", "examples" }, keys.ToHashSet());
        Assert.All(keys, k => Assert.True(char.IsLower(k[0]), k));
    }

    [Fact]
    public async Task ALockedSessionRefusesNewParticipantsButNotThoseWhoJoinedNorTheInterviewer()
    {
        var session = await app.Gateway.CreateAsync();
        var grace = CollabClient.NewParticipantId();
        await using (var first = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id)) await first.JoinAsAsync("Grace", grace);

        var locked = await app.Gateway.ControlAsync(session, "controls", new { locked = true });
        Assert.True(locked.Locked);

        await using var stranger = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await AssertRefused("session-locked", () => stranger.JoinAsAsync("Mallory", CollabClient.NewParticipantId()));
        await AssertRefused("session-locked", () => stranger.JoinAsync("Mallory"));
        await using var back = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.True((await back.JoinAsAsync("Grace", grace)).State.Locked);
        await using var interviewer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal("interviewer", (await interviewer.JoinAsAsync("Ada", CollabClient.NewParticipantId(), session.Key)).Role);

        await app.Gateway.ControlAsync(session, "controls", new { locked = false });
        await stranger.JoinAsAsync("Now welcome", CollabClient.NewParticipantId());
    }

    [Fact]
    public async Task ARemovedCandidateIsToldAndDisconnectedAndCannotRejoin()
    {
        var session = await app.Gateway.CreateAsync();
        var graceId = CollabClient.NewParticipantId();
        await using var interviewer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var interviewerInstance = (await interviewer.JoinAsAsync("Ada", CollabClient.NewParticipantId(), session.Key)).Instance;
        await interviewer.PushAwarenessAsync(Presence(1001, "Ada"));
        var bystanders = new List<CollabClient>();
        for (var i = 0; i < 3; i++)
        {
            var bystander = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
            await bystander.JoinAsAsync($"Bystander {i}", CollabClient.NewParticipantId());
            await bystander.PushAwarenessAsync(Presence(3000 + (ulong)i, $"Bystander {i}"));
            bystanders.Add(bystander);
        }
        // The candidate on the other hub instance than everyone else: the removal must reach her there, and her
        // rejoin (through the gateway, on the session's instance) is refused too.
        await using var grace = await CollabClient.ConnectAsync(await app.OtherInstanceUrlAsync(interviewerInstance), session.Id);
        await grace.JoinAsAsync("Grace", graceId);
        await grace.PushAwarenessAsync(Presence(2002, "Grace"));

        using var removed = await app.Gateway.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.Id}/participants/2002", session.Key);
        Assert.Equal(HttpStatusCode.Accepted, removed.StatusCode);

        await grace.Removed.WithTimeout();
        await grace.Closed.WithTimeout();
        await using var again = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await AssertRefused("removed", () => again.JoinAsAsync("Grace", graceId));
        // The others stay, and the interviewer cannot be removed.
        using var self = await app.Gateway.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.Id}/participants/1001", session.Key);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.True((await self.Content.ReadFromJsonAsync<JsonElement>().WithTimeout()).GetProperty("errors").TryGetProperty("clientId", out _));
        await Task.Delay(500);
        Assert.Equal(HubConnectionState.Connected, interviewer.Connection.State);
        Assert.All(bystanders, b => Assert.Equal(HubConnectionState.Connected, b.Connection.State));
        Assert.All(bystanders, b => Assert.False(b.Removed.IsCompleted));
        await interviewer.PushAsync(await peers.InsertAsync("ada", "still here"));
        foreach (var bystander in bystanders) await bystander.DisposeAsync();
    }

    [Fact]
    public async Task AfterTheEndPushesAreRefusedAndTheDocumentStaysByteForByte()
    {
        var session = await app.Gateway.CreateAsync();
        await using var interviewer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await using var candidate = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id, json: true);
        await interviewer.JoinAsAsync("Ada", CollabClient.NewParticipantId(), session.Key);
        await candidate.JoinAsAsync("Grace", CollabClient.NewParticipantId());
        await candidate.PushAsync(await peers.InsertAsync("grace", "def solve():"));
        await interviewer.PushAsync(await peers.InsertAsync("grace", " pass"));
        await candidate.NextUpdateAsync(); // the interviewer's edit, relayed before the end
        await using (var reader = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id))
        {
            var before = (await reader.JoinAsync("Reader")).Update;

            var ended = await app.Gateway.ControlAsync(session, "end");
            Assert.True(ended.Ended);
            var seen = await candidate.NextStateAsync();
            Assert.True(seen.Ended);
            Assert.Equal(ended.EndedAt, seen.EndedAt);

            var late = await peers.InsertAsync("grace", " # too late");
            await AssertRefused("session-ended", () => candidate.PushAsync(late));
            await AssertRefused("session-ended", () => interviewer.PushAsync(late));
            await AssertRefused("session-ended", () => reader.PushAsync(late));
            Assert.False(await candidate.ReceivesUpdateWithin(TimeSpan.FromMilliseconds(300)), "nothing refused is relayed");

            await using var newcomer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
            var joined = await newcomer.JoinAsAsync("Newcomer", CollabClient.NewParticipantId());
            Assert.True(joined.State.Ended);
            Assert.Equal(before, joined.Update);
            await AssertRefused("session-ended", () => newcomer.PushAsync(late));
            Assert.Equal("def solve(): pass", (await peers.ReadUpdateAsync(joined.Update)).Text);
        }
    }

    [Fact]
    public async Task TheHistoryHoldsEveryUpdateInOrderWithItsAuthorAndRebuildsTheDocument()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await using var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsAsync("Ada", CollabClient.NewParticipantId(), session.Key);
        await grace.JoinAsAsync("Grace", CollabClient.NewParticipantId());
        var pushed = new List<(string Author, byte[] Update)>();
        foreach (var (client, author, text) in new[] { (ada, "Ada", "a"), (grace, "Grace", "b"), (ada, "Ada", "c"), (grace, "Grace", "d") })
        {
            var update = await peers.InsertAsync("shared", text);
            await client.PushAsync(update);
            pushed.Add((author, update));
        }

        using var response = await app.Gateway.SendAsync(HttpMethod.Get, $"/api/sessions/{session.Id}/history", session.Key);
        var history = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = history.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(pushed.Select(p => p.Author), entries.Select(e => e.GetProperty("author").GetString()));
        Assert.Equal(pushed.Select(p => Convert.ToBase64String(p.Update)), entries.Select(e => e.GetProperty("update").GetString()));
        var times = entries.Select(e => e.GetProperty("at").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
        foreach (var entry in entries) await peers.ApplyAsync("replay", entry.GetProperty("update").GetBytesFromBase64());
        await using var joiner = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var stored = (await joiner.JoinAsync("Joiner")).Update;
        Assert.Equal((await peers.ReadUpdateAsync(stored)).Text, await peers.TextAsync("replay"));
        Assert.Equal("abcd", await peers.TextAsync("replay"));
        // The same bytes the hub answers a joiner with, when computed from the history alone.
        var merged = YUpdate.MergeUpdates([.. entries.Select(e => e.GetProperty("update").GetBytesFromBase64())]);
        Assert.Equal(YUpdate.DiffUpdate(merged, YStateVector.Empty), stored);
    }

    [Fact]
    public async Task EveryKeyOfTheInterviewExpiresWithTheSession()
    {
        var session = await app.Gateway.CreateAsync();
        await using var interviewer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await using var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await interviewer.JoinAsAsync("Ada", CollabClient.NewParticipantId(), session.Key);
        await interviewer.PushAwarenessAsync(Presence(11, "Ada"));
        await grace.JoinAsAsync("Grace", CollabClient.NewParticipantId());
        await grace.PushAwarenessAsync(Presence(22, "Grace"));
        using (await app.Gateway.SendAsync(HttpMethod.Put, $"/api/sessions/{session.Id}/notes", session.Key, new { text = "n" })) { }
        await app.Gateway.ControlAsync(session, "controls", new { locked = true });
        using (await app.Gateway.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.Id}/participants/22", session.Key)) { }
        await grace.Closed.WithTimeout();
        await app.Gateway.ControlAsync(session, "end");

        var connectionString = await app.App.GetConnectionStringAsync("redis").AsTask().WithTimeout();
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connectionString!).WithTimeout();
        var db = redis.GetDatabase();
        var sessionTtl = await db.KeyTimeToLiveAsync(Interview.SessionApi.Sessions.SessionStore.KeyPrefix(session.Id)).WithTimeout();
        Assert.NotNull(sessionTtl);
        foreach (var key in new Interview.SessionApi.Interviewing.InterviewKeys(session.Id).All)
        {
            var ttl = await db.KeyTimeToLiveAsync(key).WithTimeout();
            Assert.True(ttl is not null, $"{key[^20..]} exists and expires");
            Assert.InRange(ttl.Value, sessionTtl.Value - TimeSpan.FromMinutes(2), sessionTtl.Value + TimeSpan.FromMinutes(2));
        }
        Assert.Contains(new Interview.SessionApi.Interviewing.InterviewKeys(session.Id).Ended, new Interview.CollabHub.Documents.DocumentKeys(session.Id).All);
    }

    private static byte[] Presence(ulong clientId, string name) =>
        YAwareness.Encode([new AwarenessEntry(clientId, 1, $$$"""{"user":{"name":"{{{name}}}","color":"#f59e0b"}}""")]);

    private static async Task AssertRefused(string code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        Assert.EndsWith(code, error.Message);
    }
}
