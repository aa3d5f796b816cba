using Interview.SessionApi.Interviewing;

namespace Interview.SessionApi.Sessions;

/// <summary>A session as stored. The interviewer key itself is never stored, only its hash.</summary>
public sealed record Session(
    string Id,
    string Title,
    string Language,
    DateTimeOffset CreatedAt,
    string InterviewerKeyHash);

/// <summary>The public view of a session: safe to show anyone who holds the link (the state never holds notes).</summary>
public sealed record SessionDto(
    string Id,
    string Title,
    string Language,
    string JoinUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    SessionState State);

/// <summary>What the creator gets back once: the public view plus the interviewer link with its key.</summary>
public sealed record CreatedSessionDto(
    string Id,
    string Title,
    string Language,
    string JoinUrl,
    string InterviewerUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>Body of <c>POST /api/sessions</c>; every field is optional.</summary>
public sealed record CreateSessionRequest(string? Title, string? Language, string? QuestionId);
