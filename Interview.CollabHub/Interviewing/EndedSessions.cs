using System.Collections.Concurrent;

namespace Interview.CollabHub.Interviewing;

/// <summary>
/// The sessions this process knows to have ended. The end is final, so a push to one of them is refused without
/// asking Redis; for the others the store's append checks the end atomically with its write
/// (<see cref="Documents.DocumentStore.AppendAsync"/>), which then records it here.
/// </summary>
public sealed class EndedSessions
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, byte> ended = new(StringComparer.Ordinal);

    public bool IsKnownEnded(string sessionId) => ended.ContainsKey(sessionId);

    /// <summary>Records an end seen (a refused append, a join's state, the hub's session events).</summary>
    public void Remember(string sessionId)
    {
        // A forgotten entry is found again by the next append, which refuses it.
        if (ended.Count > MaxTracked) ended.Clear();
        ended.TryAdd(sessionId, 0);
    }
}
