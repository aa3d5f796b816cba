using System.Runtime.Serialization;
using Interview.SessionApi.Questions;

namespace Interview.SessionApi.Interviewing;

/// <summary>
/// Everything interviewers control, as every participant sees it (docs/protocol.md, "Session state"): in
/// <c>GET /api/sessions/{id}</c>, the control calls' answers, the hub's <c>JoinResult</c> and <c>SessionState</c>
/// event. The data-contract names keep MessagePack camelCase like JSON. Never holds the notes.
/// </summary>
[DataContract]
public sealed record SessionState(
    [property: DataMember(Name = "locked")] bool Locked,
    [property: DataMember(Name = "ended")] bool Ended,
    [property: DataMember(Name = "endedAt")] long? EndedAt,
    [property: DataMember(Name = "candidatesMayRun")] bool CandidatesMayRun,
    [property: DataMember(Name = "timer")] InterviewTimer Timer,
    [property: DataMember(Name = "question")] ShownQuestion? Question,
    [property: DataMember(Name = "serverTime")] long ServerTime)
{
    public static SessionState Of(Controls controls, long? endedAt, QuestionLibrary questions, long nowMs) => new(
        controls.Locked,
        endedAt is not null,
        endedAt,
        controls.CandidatesMayRun,
        controls.Timer,
        questions.Find(controls.QuestionId)?.ToShown(),
        nowMs);
}
