using Interview.SessionApi.Sessions;

namespace Interview.SessionApi.Interviewing;

/// <summary>
/// Lets a request through only with the session's interviewer key in <see cref="Header"/>: an unknown session is
/// 404 first, a missing or wrong key 403. The key is compared by its hash in constant time and never logged.
/// The session found is handed to the handler (<see cref="SessionOf"/>).
/// </summary>
public sealed class InterviewerKeyFilter(SessionStore sessions) : IEndpointFilter
{
    public const string Header = "X-Interviewer-Key";
    private const string ItemKey = "interview.interviewer-session";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await sessions.FindAsync(http.GetRouteValue("id") as string ?? "") is not var (session, expiresAt))
            return SessionProblems.NotFound();
        if (!Secrets.KeyMatches(http.Request.Headers[Header].ToString(), session.InterviewerKeyHash))
        {
            return TypedResults.Problem(
                title: "Interviewer key required",
                detail: $"Only the interviewer may do this: send the interviewer key in the {Header} header.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        http.Items[ItemKey] = (session, expiresAt);
        return await next(context);
    }

    /// <summary>The session whose key the request carried, and when it expires.</summary>
    public static (Session Session, DateTimeOffset ExpiresAt) SessionOf(HttpContext http) =>
        ((Session, DateTimeOffset))http.Items[ItemKey]!;
}
