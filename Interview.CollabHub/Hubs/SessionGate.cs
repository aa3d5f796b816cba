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
        if (!await store.ExistsAsync(id))
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
