using Microsoft.AspNetCore.Http.HttpResults;

namespace Interview.SessionApi.Sessions;

/// <summary>The ProblemDetails answers shared by the session endpoints.</summary>
public static class SessionProblems
{
    /// <summary>A malformed id, an unknown one and an expired one are the same thing to a visitor: no such interview.</summary>
    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        title: "Interview not found",
        detail: "No interview exists at this link. It may have expired, or the link may be incomplete.",
        statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Ended() => TypedResults.Problem(
        title: "The interview has ended",
        detail: "An ended interview cannot be changed any more.",
        statusCode: StatusCodes.Status409Conflict);
}
