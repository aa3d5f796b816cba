using System.Collections.Concurrent;

namespace Interview.CollabHub.Scaling;

/// <summary>
/// The connections this instance serves, and the session each joined. SignalR's Redis backplane keeps
/// its own list but does not expose it; the hub needs it to ask its own clients to resync after a Redis
/// outage, to renew their participant entries, and for the per-instance metrics.
/// </summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, string> joined = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> perSession = new(StringComparer.Ordinal);
    private int open;

    /// <summary>Open connections on this instance, joined or not.</summary>
    public int Open => Volatile.Read(ref open);

    /// <summary>Sessions with at least one joined connection on this instance.</summary>
    public int ActiveSessions => perSession.Count;

    public void Opened() => Interlocked.Increment(ref open);

    public void Joined(string connectionId, string sessionId)
    {
        if (joined.TryAdd(connectionId, sessionId)) perSession.AddOrUpdate(sessionId, 1, (_, n) => n + 1);
    }

    public void Closed(string connectionId)
    {
        Interlocked.Decrement(ref open);
        if (!joined.TryRemove(connectionId, out var sessionId)) return;
        // Decrement, and drop the session when it reaches zero (only if nobody joined in between).
        while (perSession.TryGetValue(sessionId, out var n))
        {
            if (n <= 1 ? perSession.TryRemove(new(sessionId, n)) : perSession.TryUpdate(sessionId, n - 1, n)) break;
        }
    }

    /// <summary>A snapshot of the joined connections: (connection id, session id).</summary>
    public IReadOnlyList<(string ConnectionId, string SessionId)> Joined() =>
        [.. joined.Select(kv => (kv.Key, kv.Value))];
}
