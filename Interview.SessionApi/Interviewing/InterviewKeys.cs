using Interview.SessionApi.Sessions;

namespace Interview.SessionApi.Interviewing;

/// <summary>
/// The Redis keys of what interviewers control, under the session's own prefix (the hub's document keys sit
/// next to them and include <see cref="All"/>, so they expire with the session):
/// <list type="bullet">
/// <item><c>:controls</c> — <see cref="Controls"/> as JSON (lock, who may run, question, timer);</item>
/// <item><c>:ended</c> — Unix ms of the end; its existence is the ended flag the hub checks before it stores an update;</item>
/// <item><c>:notes</c> — the interviewer's notes as JSON; read and written only by the sessions API;</item>
/// <item><c>:admitted</c> / <c>:removed</c> — sets of participant ids that joined / that the interviewer removed;</item>
/// <item><c>:interviewer-clients</c> — the awareness client ids interviewers' connections announced (they cannot be removed);</item>
/// <item><c>:history</c> / <c>:history:bytes</c> — the hub's timestamped record of updates (<see cref="HistoryEntry"/>) and its size.</item>
/// </list>
/// </summary>
public readonly record struct InterviewKeys(string SessionId)
{
    private string Prefix => SessionStore.KeyPrefix(SessionId);

    public string Controls => $"{Prefix}:controls";
    public string Ended => $"{Prefix}:ended";
    public string Notes => $"{Prefix}:notes";
    public string Admitted => $"{Prefix}:admitted";
    public string Removed => $"{Prefix}:removed";
    public string InterviewerClients => $"{Prefix}:interviewer-clients";
    public string History => $"{Prefix}:history";
    public string HistoryBytes => $"{Prefix}:history:bytes";

    /// <summary>The keys of this feature that must expire together with the session (the history keys are the document's).</summary>
    public string[] All => [Controls, Ended, Notes, Admitted, Removed, InterviewerClients];
}
