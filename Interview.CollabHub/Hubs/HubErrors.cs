using Microsoft.AspNetCore.SignalR;

namespace Interview.CollabHub.Hubs;

/// <summary>The stable error codes of the hub protocol (docs/protocol.md). The message is the code, nothing else.</summary>
public static class HubErrors
{
    public const string SessionNotFound = "session-not-found";
    public const string NotJoined = "not-joined";
    public const string InvalidName = "invalid-name";
    public const string InvalidUpdate = "invalid-update";
    public const string TooLarge = "too-large";
    public const string RateLimited = "rate-limited";
    public const string SessionFull = "session-full";
    public const string DocumentTooLarge = "document-too-large";
    public const string Unavailable = "unavailable";
    public const string Forbidden = "forbidden";
    public const string InvalidParticipant = "invalid-participant";
    public const string SessionLocked = "session-locked";
    public const string Removed = "removed";
    public const string SessionEnded = "session-ended";

    public static HubException Of(string code) => new(code);
}
