using System.Collections.Concurrent;
using Interview.SessionApi.Sessions;
using StackExchange.Redis;

namespace Interview.CollabHub.Documents;

/// <summary>
/// Activity keeps a session alive: after a write, the session and its document keys get a fresh
/// time-to-live — at most once a minute per session and process, so typing costs no extra round trips.
/// </summary>
public sealed class SessionActivity(SessionStore sessions, IConnectionMultiplexer redis, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastTouched = new();

    /// <summary>False when the session no longer exists; its document keys are then removed.</summary>
    public async Task<bool> TouchAsync(string sessionId, bool force = false)
    {
        var now = clock.GetUtcNow();
        if (!force && lastTouched.TryGetValue(sessionId, out var last) && now - last < Interval) return true;
        if (lastTouched.Count > MaxTracked) lastTouched.Clear(); // a forgotten entry only costs one early touch

        var keys = new DocumentKeys(sessionId).All;
        if (await sessions.TouchAsync(sessionId, keys))
        {
            lastTouched[sessionId] = now;
            return true;
        }
        lastTouched.TryRemove(sessionId, out _);
        await redis.GetDatabase().KeyDeleteAsync([.. keys.Select(k => (RedisKey)k)]);
        return false;
    }
}
