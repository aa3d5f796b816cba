using Interview.SessionApi.Interviewing;
using Interview.SessionApi.Sessions;

namespace Interview.CollabHub.Documents;

/// <summary>
/// The Redis keys of one session's document, all under the session's own prefix:
/// <list type="bullet">
/// <item><c>:doc:snapshot</c> — a Yjs update holding the document as of the last compaction;</item>
/// <item><c>:doc:log</c> — a list of the updates accepted since (appended with RPUSH);</item>
/// <item><c>:doc:version</c> — bumped by every compaction, so two compactions can never interleave;</item>
/// <item><c>:doc:bytes</c> — the stored size (snapshot plus log), for the document size limit;</item>
/// <item><c>:history</c> / <c>:history:bytes</c> — the timestamped record of updates (who, when) and its size
/// (named by <see cref="InterviewKeys"/>: the sessions API serves it to the interviewer);</item>
/// <item><c>:awareness</c> — a hash of each present client's latest awareness entry;</item>
/// <item><c>:participants</c> — the joined connections, across instances (<see cref="ParticipantStore"/>).</item>
/// </list>
/// The interview's own keys (controls, end, notes, admitted, removed: <see cref="InterviewKeys"/>) expire with these.
/// </summary>
public readonly record struct DocumentKeys(string SessionId)
{
    private string Prefix => SessionStore.KeyPrefix(SessionId);

    public string Snapshot => $"{Prefix}:doc:snapshot";
    public string Log => $"{Prefix}:doc:log";
    public string Version => $"{Prefix}:doc:version";
    public string Bytes => $"{Prefix}:doc:bytes";
    public string History => new InterviewKeys(SessionId).History;
    public string HistoryBytes => new InterviewKeys(SessionId).HistoryBytes;
    public string Awareness => $"{Prefix}:awareness";
    public string Participants => $"{Prefix}:participants";

    /// <summary>Every key that must expire together with the session.</summary>
    public string[] All => [Snapshot, Log, Version, Bytes, History, HistoryBytes, Awareness, Participants, .. new InterviewKeys(SessionId).All];
}
