using System.Runtime.Serialization;

namespace Interview.SessionApi.Interviewing;

/// <summary>What interviewers set, as stored in <c>:controls</c>. The end is stored on its own (<see cref="InterviewKeys.Ended"/>).</summary>
public sealed record Controls(bool Locked, bool CandidatesMayRun, string? QuestionId, InterviewTimer Timer)
{
    public static Controls Initial(string? questionId, long nowMs) => new(false, true, questionId, InterviewTimer.Initial(nowMs));
}

/// <summary>
/// The countdown. <see cref="RemainingMs"/> was measured at <see cref="UpdatedAt"/> (Unix ms, server clock); while
/// <see cref="Running"/> it keeps falling from there and stops at 0. Pure arithmetic: callers pass the time.
/// </summary>
[DataContract]
public sealed record InterviewTimer(
    [property: DataMember(Name = "durationMs")] long DurationMs,
    [property: DataMember(Name = "remainingMs")] long RemainingMs,
    [property: DataMember(Name = "running")] bool Running,
    [property: DataMember(Name = "updatedAt")] long UpdatedAt)
{
    public static readonly long DefaultDurationMs = (long)TimeSpan.FromMinutes(45).TotalMilliseconds;
    public static readonly long MinDurationMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;
    public static readonly long MaxDurationMs = (long)TimeSpan.FromHours(4).TotalMilliseconds;

    public static InterviewTimer Initial(long nowMs) => new(DefaultDurationMs, DefaultDurationMs, false, nowMs);

    public static bool IsValidDuration(long durationMs) => durationMs >= MinDurationMs && durationMs <= MaxDurationMs;

    /// <summary>The remaining time at <paramref name="nowMs"/> (a clock that went back counts as no time passed).</summary>
    public long RemainingAt(long nowMs) => Running ? Math.Clamp(RemainingMs - Math.Max(0, nowMs - UpdatedAt), 0, RemainingMs) : RemainingMs;

    public InterviewTimer Start(long nowMs) => new(DurationMs, RemainingAt(nowMs), true, nowMs);

    public InterviewTimer Pause(long nowMs) => new(DurationMs, RemainingAt(nowMs), false, nowMs);

    public InterviewTimer Reset(long? durationMs, long nowMs)
    {
        var duration = durationMs ?? DurationMs;
        return new(duration, duration, false, nowMs);
    }
}
