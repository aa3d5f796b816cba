using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Interview.CollabHub.Documents.Yjs;
using Interview.SessionApi.Interviewing;
using Interview.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Interview.Tests.Integration;

/// <summary>The interviewer's HTTP calls: who may make them, what they answer, and what candidates see of them.</summary>
[Collection(AppCollection.Name)]
public sealed class InterviewerControlsTests(AppFixture app, ITestOutputHelper output)
{
    private const long Minute = 60_000;

    /// <summary>Every interviewer-only call, with a valid body: (name, method, path after the session, body).</summary>
    public static TheoryData<string, string> Calls() => new()
    {
        { "PATCH controls", "none" }, { "PATCH controls", "wrong" },
        { "POST timer", "none" }, { "POST timer", "wrong" },
        { "POST end", "none" }, { "POST end", "wrong" },
        { "GET notes", "none" }, { "GET notes", "wrong" },
        { "PUT notes", "none" }, { "PUT notes", "wrong" },
        { "DELETE participant", "none" }, { "DELETE participant", "wrong" },
        { "GET history", "none" }, { "GET history", "wrong" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task EveryInterviewerCallIsRefusedWithoutTheKeyAndWithAWrongKey(string call, string key)
    {
        var session = await app.Gateway.CreateAsync();
        // A wrong key of the right shape: another session's real key.
        var wrongKey = key == "wrong" ? (await app.Gateway.CreateAsync()).Key : null;
        var (method, path, body) = Call(call, session.Id);

        using var response = await app.Gateway.SendAsync(method, path, wrongKey, body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Interviewer key required", (await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout()).GetProperty("title").GetString());
        // Nothing happened: the session is as it was created.
        var state = (await app.Gateway.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Id}").WithTimeout()).GetProperty("state");
        Assert.False(state.GetProperty("ended").GetBoolean());
        Assert.False(state.GetProperty("locked").GetBoolean());
        Assert.False(state.GetProperty("timer").GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task AnUnknownSessionIs404BeforeTheKeyIsLookedAt()
    {
        var session = await app.Gateway.CreateAsync();

        using var response = await app.Gateway.SendAsync(HttpMethod.Post, $"/api/sessions/{new string('A', 22)}/end", session.Key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TimerAndControlsReachACandidateAsSessionState()
    {
        var session = await app.Gateway.CreateAsync();
        await using var candidate = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var joined = await candidate.JoinAsAsync("Grace", CollabClient.NewParticipantId());
        Assert.Equal("candidate", joined.Role);
        Assert.False(joined.State.Timer.Running);

        var started = await app.Gateway.ControlAsync(session, "timer", new { action = "start" });
        Assert.True(started.Timer.Running);
        var seen = await NextStateAsync(candidate, s => s.Timer.Running);
        Assert.Equal(started.Timer, seen.Timer);
        Assert.InRange(seen.Timer.RemainingAt(seen.ServerTime), 44 * Minute, 45 * Minute);

        await Task.Delay(300);
        var paused = await app.Gateway.ControlAsync(session, "timer", new { action = "pause" });
        Assert.False(paused.Timer.Running);
        Assert.InRange(paused.Timer.RemainingMs, 44 * Minute, 45 * Minute - 250);
        Assert.Equal(paused.Timer, (await NextStateAsync(candidate, s => !s.Timer.Running)).Timer);

        await app.Gateway.ControlAsync(session, "timer", new { action = "reset", durationMs = 30 * Minute });
        var reset = await NextStateAsync(candidate, s => s.Timer.DurationMs == 30 * Minute);
        Assert.Equal((30 * Minute, 30 * Minute, false), (reset.Timer.DurationMs, reset.Timer.RemainingMs, reset.Timer.Running));

        await app.Gateway.ControlAsync(session, "controls", new { locked = true, candidatesMayRun = false, questionId = "valid-parentheses" });
        var controlled = await NextStateAsync(candidate, s => s.Locked);
        Assert.False(controlled.CandidatesMayRun);
        Assert.Equal("valid-parentheses", controlled.Question?.Id);
        Assert.Equal(30 * Minute, controlled.Timer.DurationMs);

        await app.Gateway.ControlAsync(session, "controls", new { questionId = (string?)null });
        var hidden = await NextStateAsync(candidate, s => s.Question is null);
        Assert.True(hidden.Locked);
    }

    [Theory]
    [InlineData("PATCH", "controls", """{"locked":"yes"}""", "locked")]
    [InlineData("PATCH", "controls", """{"questionId":"no-such-question"}""", "questionId")]
    [InlineData("PATCH", "controls", "[]", "body")]
    [InlineData("POST", "timer", """{"action":"explode"}""", "action")]
    [InlineData("POST", "timer", """{"action":"reset","durationMs":1000}""", "durationMs")]
    [InlineData("POST", "timer", """{"action":"reset","durationMs":86400000}""", "durationMs")]
    [InlineData("POST", "timer", "{}", "action")]
    [InlineData("PUT", "notes", "{}", "text")]
    [InlineData("DELETE", "participants/abc", null, "clientId")]
    [InlineData("DELETE", "participants/-1", null, "clientId")]
    public async Task InvalidControlCallsAreValidationProblems(string method, string call, string? json, string field)
    {
        var session = await app.Gateway.CreateAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/sessions/{session.Id}/{call}")
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(Interviewer.KeyHeader, session.Key);

        using var response = await app.Gateway.SendAsync(request).WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task NotesOfMoreThanAHundredThousandCharactersAreRefused()
    {
        var session = await app.Gateway.CreateAsync();

        using var tooLong = await app.Gateway.SendAsync(HttpMethod.Put, $"/api/sessions/{session.Id}/notes", session.Key, new { text = new string('n', 100_001) });
        using var longest = await app.Gateway.SendAsync(HttpMethod.Put, $"/api/sessions/{session.Id}/notes", session.Key, new { text = new string('n', 100_000) });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Fact]
    public async Task EndingIsIdempotentAndControlsAndTimerAreConflictsAfterwards()
    {
        var session = await app.Gateway.CreateAsync();
        await app.Gateway.ControlAsync(session, "timer", new { action = "start" });

        var ended = await app.Gateway.ControlAsync(session, "end");
        var again = await app.Gateway.ControlAsync(session, "end");

        Assert.True(ended.Ended);
        Assert.False(ended.Timer.Running);
        Assert.NotNull(ended.EndedAt);
        Assert.Equal((ended.EndedAt, ended.Timer), (again.EndedAt, again.Timer));
        foreach (var (method, call, body) in new[] { (HttpMethod.Patch, "controls", (object)new { locked = true }), (HttpMethod.Post, "timer", new { action = "start" }) })
        {
            using var refused = await app.Gateway.SendAsync(method, $"/api/sessions/{session.Id}/{call}", session.Key, body);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("The interview has ended", (await refused.Content.ReadFromJsonAsync<JsonElement>().WithTimeout()).GetProperty("title").GetString());
        }
        // Notes may still be written after the end.
        using var notes = await app.Gateway.SendAsync(HttpMethod.Put, $"/api/sessions/{session.Id}/notes", session.Key, new { text = "after" });
        Assert.Equal(HttpStatusCode.OK, notes.StatusCode);
    }

    [Fact]
    public async Task NotesNeverReachACandidate()
    {
        var marker = $"secret-note-{Guid.NewGuid():N}";
        var session = await app.Gateway.CreateAsync(questionId: "two-sum");
        await using var msgpack = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await using var json = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id, json: true);
        await using var interviewer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var graceId = CollabClient.NewParticipantId();
        await msgpack.JoinAsAsync("Grace", graceId);
        await json.JoinAsAsync("Linus", CollabClient.NewParticipantId());
        await interviewer.JoinAsAsync("Ada", CollabClient.NewParticipantId(), session.Key);
        await msgpack.PushAwarenessAsync(YAwareness.Encode([new AwarenessEntry(77, 1, """{"user":{"name":"Grace","color":"#0f0"}}""")]));

        using var saved = await app.Gateway.SendAsync(HttpMethod.Put, $"/api/sessions/{session.Id}/notes", session.Key, new { text = $"Grace: strong. {marker}" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains(marker, await saved.Content.ReadAsStringAsync());
        // Every control call, each while the notes exist.
        await app.Gateway.ControlAsync(session, "controls", new { locked = true, candidatesMayRun = false, questionId = "lru-cache" });
        await app.Gateway.ControlAsync(session, "timer", new { action = "start" });
        await app.Gateway.ControlAsync(session, "timer", new { action = "pause" });
        await app.Gateway.ControlAsync(session, "timer", new { action = "reset", durationMs = 20 * Minute });
        using (var history = await app.Gateway.SendAsync(HttpMethod.Get, $"/api/sessions/{session.Id}/history", session.Key)) Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        using (var notes = await app.Gateway.SendAsync(HttpMethod.Get, $"/api/sessions/{session.Id}/notes", session.Key)) Assert.Contains(marker, await notes.Content.ReadAsStringAsync());
        using (var removeNobody = await app.Gateway.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.Id}/participants/123456", session.Key)) Assert.Equal(HttpStatusCode.Accepted, removeNobody.StatusCode);
        await app.Gateway.ControlAsync(session, "end");
        await NextStateAsync(msgpack, s => s.Ended);
        await NextStateAsync(json, s => s.Ended);
        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id, json: true);
        // Grace again (the session is locked now), as after a reload.
        var lateJoin = await late.JoinAsAsync("Grace", graceId);
        var publicView = await app.Gateway.GetStringAsync($"/api/sessions/{session.Id}").WithTimeout();

        var markerBytes = Encoding.UTF8.GetBytes(marker);
        foreach (var candidate in new[] { msgpack, json, late })
        {
            Assert.NotEmpty(candidate.ReceivedMessages);
            Assert.All(candidate.ReceivedMessages, m => Assert.True(m.AsSpan().IndexOf(markerBytes) < 0, "a candidate received the notes"));
        }
        Assert.DoesNotContain(marker, JsonSerializer.Serialize(lateJoin));
        Assert.DoesNotContain(marker, publicView);
        Assert.DoesNotContain("secret-note", publicView);
        output.WriteLine($"candidates received {msgpack.ReceivedMessages.Count} + {json.ReceivedMessages.Count} + {late.ReceivedMessages.Count} messages");
    }

    [Fact]
    public async Task MalformedRequestsToTheInterviewEndpointsGetProblemDetailsAndNeverAServerError()
    {
        var random = new Random(20_261_126);
        var session = await app.Gateway.CreateAsync();
        string[] ids = [session.Id, new string('A', 22), "%3Cscript%3E", new string('x', 300), "..%2F..", "%C3%A9t%C3%A9"];
        string?[] keys = [null, "", session.Key, session.Key[..^1], new string('k', 43), new string('k', 2000), " " + session.Key];
        string[] calls = ["controls", "timer", "end", "notes", "participants/1", "participants/abc", "participants/99999999999999999999999", "history", "participants/", "timer/x"];
        HttpMethod[] methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete];
        string[] bodies =
        [
            "{", "[]", "null", "\"x\"", """{"locked":1}""", """{"action":["start"]}""", """{"action":"reset","durationMs":1e300}""",
            """{"durationMs":-5,"action":"reset"}""", """{"text":123}""", """{"questionId":{"$ne":1}}""", "{\"text\":\"" + new string('x', 5000) + "\"}", "\u00ff\u00fe",
        ];
        string[] contentTypes = ["application/json", "text/plain", "application/xml", "application/json; charset=utf-16", ""];
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 300; i++)
        {
            var path = $"/api/sessions/{ids[random.Next(ids.Length)]}/{calls[random.Next(calls.Length)]}";
            using var request = new HttpRequestMessage(methods[random.Next(methods.Length)], path);
            if (keys[random.Next(keys.Length)] is { } key) request.Headers.TryAddWithoutValidation(Interviewer.KeyHeader, key);
            if (random.Next(4) > 0)
            {
                request.Content = random.Next(3) == 0
                    ? new ByteArrayContent([.. Enumerable.Range(0, random.Next(0, 500)).Select(_ => (byte)random.Next(256))])
                    : new StringContent(bodies[random.Next(bodies.Length)], Encoding.UTF8);
                request.Content.Headers.ContentType = null;
                var type = contentTypes[random.Next(contentTypes.Length)];
                if (type.Length > 0) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }

            using var response = await app.Gateway.SendAsync(request).WithTimeout();
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;

            Assert.True((int)response.StatusCode < 500, $"{request.Method} {path}: {(int)response.StatusCode}");
            if (response.IsSuccessStatusCode) continue;
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{request.Method} {path} ({request.Content?.Headers.ContentType}): {(int)response.StatusCode} without ProblemDetails");
            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync().WithTimeout());
        }
        foreach (var (status, count) in statuses.OrderBy(kv => kv.Key)) output.WriteLine($"{count,5}  {(int)status} {status}");
        Assert.True(statuses.Keys.Count(s => (int)s >= 400) >= 4, "several kinds of refusal were exercised");
    }

    private static async Task<SessionState> NextStateAsync(CollabClient client, Func<SessionState, bool> wanted)
    {
        // Each change is announced once, but an announcement reads the state when it is handled: a fast sequence of
        // calls may show a later state twice. Wait for the one asked for.
        while (true)
        {
            var state = await client.NextStateAsync();
            if (wanted(state)) return state;
        }
    }

    private static (HttpMethod Method, string Path, object? Body) Call(string call, string id) => call switch
    {
        "PATCH controls" => (HttpMethod.Patch, $"/api/sessions/{id}/controls", new { locked = true }),
        "POST timer" => (HttpMethod.Post, $"/api/sessions/{id}/timer", new { action = "start" }),
        "POST end" => (HttpMethod.Post, $"/api/sessions/{id}/end", null),
        "GET notes" => (HttpMethod.Get, $"/api/sessions/{id}/notes", null),
        "PUT notes" => (HttpMethod.Put, $"/api/sessions/{id}/notes", new { text = "x" }),
        "DELETE participant" => (HttpMethod.Delete, $"/api/sessions/{id}/participants/42", null),
        "GET history" => (HttpMethod.Get, $"/api/sessions/{id}/history", null),
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
    };
}
