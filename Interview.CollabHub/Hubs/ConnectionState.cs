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

    public void Join(string displayName) => DisplayName = displayName;

    /// <summary>Records the awareness clients this connection speaks for; false when it claims too many.</summary>
    public bool TrackAwareness(ulong clientId, ulong clock, bool removed)
    {
        lock (awarenessClocks)
        {
            if (removed)
            {
                awarenessClocks.Remove(clientId);
                return true;
            }
            if (!awarenessClocks.ContainsKey(clientId) && awarenessClocks.Count >= MaxAwarenessClients) return false;
            awarenessClocks[clientId] = clock;
            return true;
        }
    }

    /// <summary>The awareness clients to announce as gone when the connection ends, with their last clocks.</summary>
    public IReadOnlyList<(ulong ClientId, ulong LastClock)> AwarenessClients()
    {
        lock (awarenessClocks) return [.. awarenessClocks.Select(kv => (kv.Key, kv.Value))];
    }
}
