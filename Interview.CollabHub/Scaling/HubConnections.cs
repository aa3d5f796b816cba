using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Interview.CollabHub.Scaling;

/// <summary>
/// The connections this instance serves, and the session each joined. SignalR's Redis backplane keeps
/// its own list but does not expose it; the hub needs it to ask its own clients to resync after a Redis
/// outage, to renew their participant entries, for the per-instance metrics, and to act on the interviewer's
/// changes for its own connections of a session (send the state, remove a participant: that needs the
/// connection's context, to read its <c>ConnectionState</c> and to abort it).
/// </summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, JoinedConnection> joined = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> perSession = new(StringComparer.Ordinal);
    private int open;

    /// <summary>Open connections on this instance, joined or not.</summary>
    public int Open => Volatile.Read(ref open);

    /// <summary>Sessions with at least one joined connection on this instance.</summary>
    public int ActiveSessions => perSession.Count;

    public void Opened() => Interlocked.Increment(ref open);

    public void Joined(string connectionId, string sessionId, HubCallerContext? context = null)
    {
        if (joined.TryAdd(connectionId, new(connectionId, sessionId, context))) perSession.AddOrUpdate(sessionId, 1, (_, n) => n + 1);
    }

    public void Closed(string connectionId)
    {
        Interlocked.Decrement(ref open);
        if (!joined.TryRemove(connectionId, out var connection)) return;
        var sessionId = connection.SessionId;
        // Decrement, and drop the session when it reaches zero (only if nobody joined in between).
        while (perSession.TryGetValue(sessionId, out var n))
        {
            if (n <= 1 ? perSession.TryRemove(new(sessionId, n)) : perSession.TryUpdate(sessionId, n - 1, n)) break;
        }
    }

    /// <summary>A snapshot of the joined connections: (connection id, session id).</summary>
    public IReadOnlyList<(string ConnectionId, string SessionId)> Joined() =>
        [.. joined.Values.Select(c => (c.ConnectionId, c.SessionId))];

    /// <summary>This instance's joined connections of one session (a scan: only interviewer changes ask).</summary>
    public IReadOnlyList<JoinedConnection> InSession(string sessionId) =>
        perSession.ContainsKey(sessionId) ? [.. joined.Values.Where(c => c.SessionId == sessionId)] : [];
}

/// <summary>A joined connection of this instance; <see cref="Context"/> is null only in unit tests.</summary>
public sealed record JoinedConnection(string ConnectionId, string SessionId, HubCallerContext? Context);
