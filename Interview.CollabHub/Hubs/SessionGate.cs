using Interview.SessionApi.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace Interview.CollabHub.Hubs;

/// <summary>
/// Refuses hub requests (negotiate and the WebSocket upgrade alike) for a session that does not exist,
/// with a 404 ProblemDetails, before SignalR spends anything on the connection.
/// </summary>
public static class SessionGate
{
    public const string QueryKey = "session";
    private const string ItemKey = "interview.session";

    public static async Task Check(HttpContext http, RequestDelegate next)
    {
        var id = http.Request.Query[QueryKey].ToString();
        var store = http.RequestServices.GetRequiredService<SessionStore>();
        bool exists;
        try
        {
            exists = await store.ExistsAsync(id);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or StackExchange.Redis.RedisTimeoutException)
        {
            // Redis is away (restarting): say so, so clients retry instead of concluding the session is gone.
            http.Response.Headers.RetryAfter = "2";
            await Results.Problem(
                title: "Temporarily unavailable",
                detail: "The collaboration service cannot reach its store just now; try again in a moment.",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
            return;
        }
        if (!exists)
        {
            await Results.Problem(
                title: "Interview not found",
                detail: "Connect with ?session={id} of an existing interview.",
                statusCode: StatusCodes.Status404NotFound).ExecuteAsync(http);
            return;
        }

        http.Items[ItemKey] = id;
        await next(http);
    }

    /// <summary>The session a connection was admitted to.</summary>
    public static string SessionOf(HubCallerContext context) =>
        context.GetHttpContext()?.Items[ItemKey] as string
        ?? throw new HubException("not-joined");
}
