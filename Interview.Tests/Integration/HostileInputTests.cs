using System.Net;
using System.Net.Http.Json;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Interview.CollabHub.Documents.Yjs;
using Interview.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Interview.Tests.Integration;

/// <summary>
/// Malformed and abusive traffic against two hub instances while an honest session goes on: every call gets
/// its documented answer, no instance dies, and the honest participants' document stays intact and in sync.
/// </summary>
[Collection(GarnetScaleOutCollection.Name)]
public sealed class HostileInputTests(GarnetScaleOutFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Fixed, so a failure reproduces; change it to explore other inputs.</summary>
    private const int Seed = 20_261_126;

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
    public async Task AThousandMalformedHubCallsGetTheirDocumentedErrorsWhileAnHonestSessionStaysIntact()
    {
        var random = new Random(Seed);
        var instancesBefore = await app.LiveRegisteredInstancesAsync();
        var session = await app.Gateway.CreateAsync();
        var other = await app.Gateway.CreateAsync();
        await using var ada = await ResilientPeer.JoinAsync(app.GatewayUrl, session.Id, peers, $"ada-{Guid.NewGuid():N}", "Ada");
        await using var grace = await ResilientPeer.JoinAsync(app.GatewayUrl, session.Id, peers, $"grace-{Guid.NewGuid():N}", "Grace");
        var valid = await peers.InsertAsync($"mallory-{Guid.NewGuid():N}", "a perfectly valid update to cut up");

        // Attackers: joined connections in the honest session, and one that never joins.
        var attackers = new List<CollabClient>();
        for (var i = 0; i < 3; i++)
        {
            var attacker = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id, json: i == 2);
            await attacker.JoinAsync($"Mallory {i}");
            attackers.Add(attacker);
        }
        await using var unjoined = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);

        var outcomes = new Dictionary<string, int>();
        var honestTyping = Task.WhenAll(Typing.TypeAsync(ada, "a", 60, pauseMs: 60), Typing.TypeAsync(grace, "g", 60, pauseMs: 60));
        try
        {
            for (var call = 0; call < 1200; call++)
            {
                var attacker = attackers[random.Next(attackers.Count)];
                var (kind, expected, invoke) = NextMalformedCall(random, attacker, unjoined, session.Id, other.Id, valid);
                var outcome = await OutcomeAsync(invoke);
                var accepted = outcome == expected
                    // A push over the connection's budget is refused for that reason first.
                    || (outcome == "rate-limited" && kind.StartsWith("push", StringComparison.Ordinal));
                Assert.True(accepted, $"call {call} ({kind}): expected {expected}, got {outcome}");
                var key = $"{kind} → {outcome}";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }

            // A flood of pushes in one burst: the budget holds, the connection stays.
            var flood = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => OutcomeAsync(() => attackers[0].PushAwarenessAsync(Presence(7, 1)))));
            Assert.Contains("rate-limited", flood);
            Assert.All(flood, o => Assert.True(o is "ok" or "rate-limited", o));
            Assert.Equal(HubConnectionState.Connected, attackers[0].Connection.State);

            // A message over the hub's 512 KiB limit closes that connection (SignalR's own rule), nothing else.
            await using var oversized = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
            await oversized.JoinAsync("Oversized");
            var closed = new TaskCompletionSource();
            oversized.Connection.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            await OutcomeAsync(() => oversized.PushAsync(new byte[600 * 1024]));
            await closed.Task.WithTimeout();
        }
        finally
        {
            foreach (var attacker in attackers) await attacker.DisposeAsync();
        }
        await honestTyping.WithTimeout(TimeSpan.FromMinutes(1));

        foreach (var (key, count) in outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal)) output.WriteLine($"{count,5}  {key}");
        Assert.True(outcomes.Values.Sum() >= 1000);

        // The honest session: in sync, every keystroke there, nothing of Mallory's.
        var text = await Typing.ConvergedTextAsync(ada, grace);
        Typing.AssertHasEveryKeystroke(text, "a", 60);
        Typing.AssertHasEveryKeystroke(text, "g", 60);
        Assert.DoesNotContain("valid update", text);
        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal(text, (await peers.ReadUpdateAsync((await late.JoinAsync("Late")).Update)).Text);
        // No instance died, and it keeps syncing after the abuse.
        Assert.Equal(instancesBefore, await app.LiveRegisteredInstancesAsync());
        await ada.TypeAsync("still typing");
        Assert.Contains("still typing", await Typing.ConvergedTextAsync(ada, grace));
    }

    [Fact]
    public async Task MalformedHttpRequestsGetProblemDetailsAndNeverAServerError()
    {
        var random = new Random(Seed);
        // Straight to the sessions API as the gateway would call it, as a client of its own, so the creation
        // limit this may use up is not the other tests' allowance.
        using var api = new HttpClient { BaseAddress = app.App.GetEndpoint("session-api", "http"), Timeout = Timeouts.Default };
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 300; i++)
        {
            using var request = MalformedRequest(random);
            request.Headers.Add("X-Forwarded-For", "198.51.100.66");
            using var response = await api.SendAsync(request).WithTimeout();
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;

            Assert.True((int)response.StatusCode < 500, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode}");
            if (response.IsSuccessStatusCode) continue;
            // A request line the server cannot even parse (a NUL in the path) is refused by Kestrel itself,
            // before any application code, with a bare 400.
            if (response.StatusCode == HttpStatusCode.BadRequest && request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal)) continue;
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{request.Method} {request.RequestUri} ({request.Content?.Headers.ContentType}): {(int)response.StatusCode} without ProblemDetails");
            var body = await response.Content.ReadAsStringAsync().WithTimeout();
            Assert.DoesNotContain("   at ", body); // never a stack trace
        }
        foreach (var (status, count) in statuses.OrderBy(kv => kv.Key)) output.WriteLine($"{count,5}  {(int)status} {status}");
        Assert.True(statuses.Keys.Count(s => (int)s >= 400) >= 3, "several kinds of refusal were exercised");
    }

    [Fact]
    public async Task HubRequestsFromAForeignOriginOrForAnUnknownSessionAreRefused()
    {
        var session = await app.Gateway.CreateAsync();

        using var foreign = new HttpRequestMessage(HttpMethod.Post, $"/hubs/collab/negotiate?negotiateVersion=1&session={session.Id}");
        foreign.Headers.Add("Origin", "https://evil.example");
        using var refused = await app.Gateway.SendAsync(foreign).WithTimeout();
        using var own = new HttpRequestMessage(HttpMethod.Post, $"/hubs/collab/negotiate?negotiateVersion=1&session={session.Id}");
        own.Headers.Add("Origin", app.GatewayUrl.GetLeftPart(UriPartial.Authority));
        using var allowed = await app.Gateway.SendAsync(own).WithTimeout();
        using var unknown = await app.Gateway.PostAsync("/hubs/collab/negotiate?negotiateVersion=1&session=%3Cscript%3E", null).WithTimeout();

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task OneClientOpeningConnectionsTooFastIsToldToWait()
    {
        var session = await app.Gateway.CreateAsync();
        // To the hub instances directly, as the gateway would forward a client of its own address.
        using var hub = new HttpClient { BaseAddress = app.App.GetEndpoint("collab-hub", "http"), Timeout = Timeouts.Default };

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 1000 && refused is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/hubs/collab/negotiate?negotiateVersion=1&session={session.Id}");
            request.Headers.Add("X-Forwarded-For", "203.0.113.99");
            var response = await hub.SendAsync(request).WithTimeout();
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
            else Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a wait");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Everyone else still gets in.
        await using var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await client.JoinAsync("Someone else");
    }

    [Fact]
    public async Task ASessionTakesAtMostSixteenParticipants()
    {
        var session = await app.Gateway.CreateAsync();
        var clients = new List<CollabClient>();
        try
        {
            // The even ones on the other hub instance than the session's (where the gateway puts the rest): the
            // places are counted across instances.
            Uri? otherInstance = null;
            for (var i = 0; i < 16; i++)
            {
                var client = await CollabClient.ConnectAsync(i % 2 == 0 && otherInstance is not null ? otherInstance : app.GatewayUrl, session.Id);
                clients.Add(client);
                var joined = await client.JoinAsync($"Participant {i}");
                otherInstance ??= await app.OtherInstanceUrlAsync(joined.Instance);
            }
            var seventeenth = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
            clients.Add(seventeenth);

            Assert.Equal("session-full", await OutcomeAsync(() => seventeenth.JoinAsync("One too many")));

            // A place frees up as soon as the hub has seen someone leave, here on the other instance.
            await clients[2].DisposeAsync();
            clients.RemoveAt(2);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (await OutcomeAsync(() => seventeenth.JoinAsync("Now there is room")) == "session-full")
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "a place frees up within seconds of a departure");
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task ADocumentStopsGrowingAtItsSizeLimit()
    {
        var session = await app.Gateway.CreateAsync();
        await using var writer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await writer.JoinAsync("Writer");
        var doc = $"big-{Guid.NewGuid():N}";

        var outcome = "ok";
        var pushed = 0;
        while (outcome == "ok" && pushed < 20)
        {
            // ~250 KB per update: just under the per-update limit, so the document limit is what stops it.
            var update = await peers.InsertAsync(doc, new string((char)('a' + pushed), 250_000));
            outcome = await OutcomeAsync(() => writer.PushAsync(update));
            if (outcome == "ok") pushed++;
        }

        Assert.Equal("document-too-large", outcome);
        Assert.InRange(pushed * 250_000, 1_800_000, 2 * 1024 * 1024);
        // What was stored stays readable, and small edits are refused too until the document shrinks.
        await using var reader = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal(pushed * 250_000, (await peers.ReadUpdateAsync((await reader.JoinAsync("Reader")).Update)).Text.Length);
    }

    [Fact]
    public async Task NoInterviewerKeyOrSessionIdReachesAnyServiceLog()
    {
        var loggers = app.App.Services.GetRequiredService<ResourceLoggerService>();
        var lines = new System.Collections.Concurrent.ConcurrentQueue<(string Resource, string Line)>();
        using var stop = new CancellationTokenSource();
        var watchers = new[] { "session-api", "gateway", "redis" }.Concat(app.HubReplicaIds).Select(resource => Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in loggers.WatchAsync(resource).WithCancellation(stop.Token))
                {
                    foreach (var line in batch) lines.Enqueue((resource, line.Content));
                }
            }
            catch (OperationCanceledException)
            {
                // the test is done watching
            }
        })).ToList();

        // A whole visit: create, open the links, collaborate, look the session up.
        var session = await app.Gateway.CreateAsync();
        var key = session.InterviewerUrl.Split("#key=")[1];
        (await app.Gateway.GetAsync(new Uri(session.InterviewerUrl).PathAndQuery).WithTimeout()).Dispose();
        (await app.Gateway.GetAsync($"/api/sessions/{session.Id}").WithTimeout()).Dispose();
        await using (var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id))
        {
            await client.JoinAsync("Ada");
            await client.PushAsync(await peers.InsertAsync($"logs-{Guid.NewGuid():N}", "logged?"));
        }
        await Task.Delay(1500); // let the last lines arrive
        await stop.CancelAsync();
        await Task.WhenAll(watchers).WithTimeout();

        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Line.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Resource != "redis" && l.Line.Contains(session.Id, StringComparison.Ordinal));
    }

    private static (string Kind, string Expected, Func<Task> Invoke) NextMalformedCall(
        Random random, CollabClient attacker, CollabClient unjoined, string sessionId, string otherSessionId, byte[] valid)
    {
        var connection = attacker.Connection;
        switch (random.Next(12))
        {
            case 0:
                var bytes = RandomBytes(random, random.Next(1, 300));
                // Random bytes can, rarely, be a well-formed update ([0, 0] is the empty one); those are accepted.
                return ("push random bytes", YUpdate.TryValidate(bytes, out _) ? "ok" : "invalid-update", () => attacker.PushAsync(bytes));
            case 1:
                var cut = valid[..random.Next(1, valid.Length - 1)];
                return ("push truncated update", "invalid-update", () => attacker.PushAsync(cut));
            case 2:
                var corrupted = (byte[])valid.Clone();
                corrupted[random.Next(2, corrupted.Length)] = 0xFF;
                corrupted[^1] = 0xFF; // never a well-formed delete set ending
                return ("push corrupted update", "invalid-update", () => attacker.PushAsync(corrupted));
            case 3:
                // Over the per-update limit, under the message limit even as base64 in JSON.
                return ("push oversized update", "too-large", () => attacker.PushAsync(new byte[random.Next(257 * 1024, 370 * 1024)]));
            case 4:
                return ("push awareness garbage", "invalid-update", () => attacker.PushAwarenessAsync(RandomBytes(random, random.Next(1, 64)) is var g && g[0] == 0 ? [1, .. g] : g));
            case 5:
                return ("push before join", "not-joined", () => unjoined.PushAsync(valid));
            case 6:
                return ("push to another session", "session-not-found", () => connection.InvokeAsync("PushUpdate", otherSessionId, valid));
            case 7:
                var name = random.Next(3) switch { 0 => " ", 1 => new string('x', 65 + random.Next(100)), _ => $"be{(char)random.Next(1, 31)}ll" };
                return ("join with a bad name", "invalid-name", () => connection.InvokeAsync<CollabClient.JoinResult>("JoinSession", sessionId, name, Array.Empty<byte>()));
            case 8:
                return ("join with a bad state vector", "invalid-update", () => connection.InvokeAsync<CollabClient.JoinResult>("JoinSession", sessionId, "Mallory", new byte[] { 0xFF, 0xFF, 0xFF }));
            case 9:
                return ("wrong argument types", "bad-arguments", () => connection.InvokeAsync("PushUpdate", sessionId, random.Next()));
            case 10:
                return ("wrong argument count", "bad-arguments", () => connection.InvokeAsync("PushUpdate", sessionId));
            default:
                var method = random.Next(2) == 0 ? "DeleteEverything" : "pushupdate ";
                return ("unknown method", "unknown-method", () => connection.InvokeAsync(method, sessionId));
        }
    }

    /// <summary>What a call came to: <c>ok</c>, a documented hub code, or SignalR's own refusal of the call's shape.</summary>
    private static async Task<string> OutcomeAsync(Func<Task> call)
    {
        try
        {
            await call().WithTimeout();
            return "ok";
        }
        catch (HubException e)
        {
            var message = e.Message;
            if (message.Contains("Method does not exist", StringComparison.Ordinal) || message.Contains("Unknown hub method", StringComparison.Ordinal)) return "unknown-method";
            if (message.StartsWith("Failed to invoke", StringComparison.Ordinal)) return "bad-arguments";
            return message.Split(' ')[^1];
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Presence(ulong clientId, ulong clock) =>
        YAwareness.Encode([new AwarenessEntry(clientId, clock, """{"user":{"name":"Mallory","color":"#000"}}""")]);

    private static HttpRequestMessage MalformedRequest(Random random)
    {
        string[] contentTypes = ["application/json", "text/plain", "application/xml", "application/json; charset=utf-16", "multipart/form-data", ""];
        string[] bodies =
        [
            "{", "[]", "null", "\"title\"", """{"title":123}""", """{"language":["x"]}""", """{"title":"x","language":"cobol"}""",
            """{"title":"\u0000"}""", "{\"title\":\"" + new string('x', 5000) + "\"}", "\u00ff\u00fe", "{\"title\":{\"$ne\":1}}",
        ];
        var kind = random.Next(5);
        if (kind == 0)
        {
            var path = random.Next(3) switch
            {
                0 => "/api/sessions/" + Uri.EscapeDataString(Encoding.Latin1.GetString(RandomBytes(random, random.Next(1, 40)))),
                1 => "/api/sessions/" + new string('A', random.Next(0, 200)),
                _ => "/api/" + Guid.NewGuid().ToString("N"),
            };
            return new HttpRequestMessage(HttpMethod.Get, path);
        }
        if (kind == 1)
        {
            var method = new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch }[random.Next(3)];
            return new HttpRequestMessage(method, "/api/sessions") { Content = JsonContent.Create(new { title = "x" }) };
        }
        var content = kind == 2
            ? new ByteArrayContent(RandomBytes(random, random.Next(0, 2000)))
            : new StringContent(bodies[random.Next(bodies.Length)], Encoding.UTF8);
        content.Headers.ContentType = null;
        var type = contentTypes[random.Next(contentTypes.Length)];
        if (type.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", type);
        return new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = content };
    }
}
