namespace Interview.CollabHub.Hubs;

/// <summary>Who a joined connection is (<c>JoinResult.role</c>): whoever holds the interviewer key, or anyone else.</summary>
public static class Roles
{
    public const string Interviewer = "interviewer";
    public const string Candidate = "candidate";
}
