using Interview.CollabHub.Documents.Yjs;
using Microsoft.AspNetCore.SignalR;

namespace Interview.CollabHub.Hubs;

/// <summary>What the hub remembers about one connection, kept in <see cref="HubCallerContext.Items"/>.</summary>
public sealed class ConnectionState
{
    /// <summary>A Y.Doc has one client id; a few more allow for a page that recreated its document.</summary>
    public const int MaxAwarenessClients = 4;

    private const string ItemKey = "interview.state";
    private readonly Dictionary<ulong, ulong> awarenessClocks = [];

    public string? DisplayName { get; private set; }

    /// <summary><see cref="Roles.Interviewer"/> or <see cref="Roles.Candidate"/>, once joined.</summary>
    public string? Role { get; private set; }

    /// <summary>The browser's id in this session (lock and removal are decided by it), once joined.</summary>
    public string? ParticipantId { get; private set; }

    public bool IsInterviewer => Role == Roles.Interviewer;

    public bool Joined => DisplayName is not null;

    /// <summary>Per-connection push budget (see <see cref="RateLimitFilter"/>).</summary>
    public TokenBucket Pushes { get; } = new(capacity: 200, refillPerSecond: 100);

    public static ConnectionState Of(HubCallerContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is ConnectionState state) return state;
        state = new ConnectionState();
        context.Items[ItemKey] = state;
        return state;
    }

    public void Join(string displayName, string role, string participantId)
    {
        (Role, ParticipantId) = (role, participantId);
        DisplayName = displayName; // last: Joined is read without a lock
    }

    /// <summary>True when this connection announced (and still speaks for) the awareness client.</summary>
    public bool SpeaksFor(ulong clientId)
    {
        lock (awarenessClocks) return awarenessClocks.ContainsKey(clientId);
    }

    /// <summary>
    /// Records the awareness clients this connection speaks for, all or nothing: false (and nothing
    /// recorded) when the update would make it speak for more than <see cref="MaxAwarenessClients"/>.
    /// </summary>
    public bool TrackAwareness(IReadOnlyList<AwarenessEntry> entries)
    {
        lock (awarenessClocks)
        {
            var added = entries.Where(e => !e.IsRemoved).Select(e => e.ClientId).Distinct().Count(id => !awarenessClocks.ContainsKey(id));
            if (awarenessClocks.Count + added > MaxAwarenessClients) return false;
            foreach (var entry in entries)
            {
                if (entry.IsRemoved) awarenessClocks.Remove(entry.ClientId);
                else awarenessClocks[entry.ClientId] = entry.Clock;
            }
            return true;
        }
    }

    /// <summary>The awareness clients to announce as gone when the connection ends, with their last clocks.</summary>
    public IReadOnlyList<(ulong ClientId, ulong LastClock)> AwarenessClients()
    {
        lock (awarenessClocks) return [.. awarenessClocks.Select(kv => (kv.Key, kv.Value))];
    }
}
