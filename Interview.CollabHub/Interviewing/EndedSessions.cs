using System.Collections.Concurrent;
using Interview.SessionApi.Interviewing;

namespace Interview.CollabHub.Interviewing;

/// <summary>
/// Whether a session's interview has ended, asked before every stored update. The end is final, so once this
/// process has seen it, it remembers without asking Redis again; until then each push costs one EXISTS.
/// </summary>
public sealed class EndedSessions(InterviewStore interviews)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, byte> ended = new(StringComparer.Ordinal);

    public async Task<bool> IsEndedAsync(string sessionId)
    {
        if (ended.ContainsKey(sessionId)) return true;
        if (!await interviews.IsEndedAsync(sessionId)) return false;
        Remember(sessionId);
        return true;
    }

    /// <summary>Records an end seen elsewhere (a join's state, the hub's session events).</summary>
    public void Remember(string sessionId)
    {
        // A forgotten entry only costs one more EXISTS on the next push.
        if (ended.Count > MaxTracked) ended.Clear();
        ended.TryAdd(sessionId, 0);
    }
}
