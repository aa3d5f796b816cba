using System.Globalization;
using System.Text.Json;
using Interview.SessionApi.Questions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SessionOptions = Interview.SessionApi.Sessions.SessionOptions;

namespace Interview.SessionApi.Interviewing;

/// <summary>
/// The interview around the editor in Redis (<see cref="InterviewKeys"/>): controls, the end, notes, who joined
/// and who was removed. The sessions API writes controls and notes; the hub reads the state and the end, and
/// records admissions and removals. Keys written here expire when the session does: with the session's own
/// expiry from the API, with a full time-to-live from the hub (which has just touched the session).
/// </summary>
public sealed class InterviewStore(IConnectionMultiplexer redis, IOptions<SessionOptions> options, QuestionLibrary questions, TimeProvider clock)
{
    private const int MaxAttempts = 16;

    // Check and write in one step on the server. A script rather than a WATCH transaction: StackExchange.Redis
    // blocks a thread-pool thread while it waits for watched values, which stalls a one-core host for ~0.5 s.
    // KEYS: controls, ended. ARGV: controls as read ("" for none), new controls, time-to-live ms, end time ("" for none).
    private const string WriteIfUnchangedScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3]) end
        return 1
        """;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Db => redis.GetDatabase();

    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Writes the controls of a new session (added to the caller's creation).</summary>
    public Task InitializeAsync(string sessionId, string? questionId) =>
        Db.StringSetAsync(new InterviewKeys(sessionId).Controls, Serialize(Controls.Initial(questionId, NowMs)), options.Value.TimeToLive);

    public async Task<SessionState> ReadStateAsync(string sessionId)
    {
        var keys = new InterviewKeys(sessionId);
        var values = await Db.StringGetAsync([keys.Controls, keys.Ended]);
        return State(values[0], values[1]);
    }

    /// <summary>The state, and whether the participant was removed from or has joined the session before (one round trip).</summary>
    public async Task<(SessionState State, bool Removed, bool Admitted)> ReadForJoinAsync(string sessionId, string participantId)
    {
        var keys = new InterviewKeys(sessionId);
        var batch = Db.CreateBatch();
        var values = batch.StringGetAsync([keys.Controls, keys.Ended]);
        var removed = batch.SetContainsAsync(keys.Removed, participantId);
        var admitted = batch.SetContainsAsync(keys.Admitted, participantId);
        batch.Execute();
        var both = await values;
        return (State(both[0], both[1]), await removed, await admitted);
    }

    /// <summary>Remembers that a participant joined, so it may rejoin a locked session (called by the hub after a join).</summary>
    public Task AdmitAsync(string sessionId, string participantId) => AddToSetAsync(new InterviewKeys(sessionId).Admitted, [participantId]);

    /// <summary>Refuses a participant from now on (called by the hub instance that served it).</summary>
    public Task RemoveAsync(string sessionId, string participantId) => AddToSetAsync(new InterviewKeys(sessionId).Removed, [participantId]);

    /// <summary>Records awareness client ids of an interviewer's connection (called by the hub when it first sees them).</summary>
    public Task RecordInterviewerClientsAsync(string sessionId, IEnumerable<ulong> clientIds) =>
        AddToSetAsync(new InterviewKeys(sessionId).InterviewerClients, [.. clientIds.Select(id => (RedisValue)id)]);

    public Task<bool> IsInterviewerClientAsync(string sessionId, ulong clientId) =>
        Db.SetContainsAsync(new InterviewKeys(sessionId).InterviewerClients, clientId);

    /// <summary>
    /// Changes the controls unless the interview has ended (then null). Optimistic: the write is conditional on
    /// nothing else having changed them (or ended the interview) since they were read, and retried otherwise.
    /// </summary>
    public async Task<SessionState?> UpdateAsync(string sessionId, DateTimeOffset expiresAt, Func<Controls, long, Controls> change)
    {
        var keys = new InterviewKeys(sessionId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var values = await Db.StringGetAsync([keys.Controls, keys.Ended]);
            if (!values[1].IsNull) return null;
            var now = NowMs;
            var changed = change(Read(values[0]), now);
            var serialized = Serialize(changed);
            if (await WriteIfUnchangedAsync(keys, values[0], serialized, expiresAt, endedAt: null)) return State(serialized, RedisValue.Null);
        }
        throw new RedisException($"The controls kept changing during {MaxAttempts} attempts to update them.");
    }

    /// <summary>Ends the interview (pausing the timer) or, when it has ended already, answers its state; Changed says which.</summary>
    public async Task<(SessionState State, bool Changed)> EndAsync(string sessionId, DateTimeOffset expiresAt)
    {
        var keys = new InterviewKeys(sessionId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var values = await Db.StringGetAsync([keys.Controls, keys.Ended]);
            if (!values[1].IsNull) return (State(values[0], values[1]), false);
            var now = NowMs;
            var controls = Read(values[0]);
            var paused = Serialize(controls with { Timer = controls.Timer.Pause(now) });
            var endedAt = now.ToString(CultureInfo.InvariantCulture);
            if (await WriteIfUnchangedAsync(keys, values[0], paused, expiresAt, endedAt)) return (State(paused, endedAt), true);
        }
        throw new RedisException($"The controls kept changing during {MaxAttempts} attempts to end the interview.");
    }

    public async Task<Notes> ReadNotesAsync(string sessionId)
    {
        var value = await Db.StringGetAsync(new InterviewKeys(sessionId).Notes);
        return value.IsNullOrEmpty ? new Notes("", null) : JsonSerializer.Deserialize<Notes>(value.ToString(), Json)!;
    }

    public async Task<Notes> SaveNotesAsync(string sessionId, string text, DateTimeOffset expiresAt)
    {
        var notes = new Notes(text, NowMs);
        await Db.StringSetAsync(new InterviewKeys(sessionId).Notes, JsonSerializer.Serialize(notes, Json), Until(expiresAt));
        return notes;
    }

    public async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string sessionId)
    {
        var entries = await Db.ListRangeAsync(new InterviewKeys(sessionId).History);
        return [.. entries.Select(e => HistoryEntry.Decode((byte[])e!))];
    }

    /// <summary>Writes the controls (and the end, when given) if the controls are still those read and the interview has not ended.</summary>
    private async Task<bool> WriteIfUnchangedAsync(InterviewKeys keys, RedisValue read, RedisValue controls, DateTimeOffset expiresAt, string? endedAt)
    {
        var result = await Db.ScriptEvaluateAsync(WriteIfUnchangedScript, [keys.Controls, keys.Ended],
            [read.IsNull ? "" : read, controls, (long)Until(expiresAt).TotalMilliseconds, endedAt ?? ""]);
        return (int)result == 1;
    }

    private async Task AddToSetAsync(string key, RedisValue[] members)
    {
        var batch = Db.CreateBatch();
        var added = batch.SetAddAsync(key, members);
        var expiry = batch.KeyExpireAsync(key, options.Value.TimeToLive);
        batch.Execute();
        await Task.WhenAll(added, expiry);
    }

    private SessionState State(RedisValue controls, RedisValue ended) =>
        SessionState.Of(Read(controls), ended.IsNull ? null : (long)ended, questions, NowMs);

    /// <summary>The controls as stored; a session created before controls existed gets the defaults.</summary>
    private Controls Read(RedisValue value) =>
        value.IsNullOrEmpty ? Controls.Initial(null, NowMs) : JsonSerializer.Deserialize<Controls>(value.ToString(), Json)!;

    private static string Serialize(Controls controls) => JsonSerializer.Serialize(controls, Json);

    /// <summary>What the API writes expires with the session (the hub extends both while people work).</summary>
    private TimeSpan Until(DateTimeOffset expiresAt) => TimeSpan.FromMilliseconds(Math.Max(1000, (expiresAt - clock.GetUtcNow()).TotalMilliseconds));
}

/// <summary>The interviewer's notes (<c>updatedAt</c> in Unix ms): only ever in answers to the notes calls.</summary>
public sealed record Notes(string Text, long? UpdatedAt);
