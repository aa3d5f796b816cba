using System.Diagnostics;
using Interview.CollabHub.Telemetry;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Interview.CollabHub.Hubs;

/// <summary>
/// The outermost hub filter: a span per connect, disconnect and call (except per keystroke), the count of refused
/// calls by code, a storage outage turned into the documented <c>unavailable</c> code instead of a bare
/// "unexpected error", and refusals of calls sent without waiting told to the caller. The service defaults leave
/// SignalR's own spans off: they started a trace per keystroke.
/// </summary>
public sealed class CallFilter(CollabMetrics metrics, ILogger<CallFilter> logger) : IHubFilter
{
    /// <summary>
    /// The calls a participant makes per keystroke or cursor move (and the confirmations of them) get no span:
    /// thousands an hour per person would bury the connects, joins and leaves in the traces, and each span's
    /// allocations cost the hub collections. Accepted updates are counted by the <c>interview.collab.updates</c>
    /// and <c>relay.duration</c> metrics; refused pushes of either kind by <c>interview.collab.rejected</c>.
    /// </summary>
    private static bool Traced(string method) => !CollabHub.IsPush(method) && method != nameof(CollabHub.Confirm);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        using var activity = CollabMetrics.Source.StartActivity("hub connect", ActivityKind.Server);
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        using var activity = CollabMetrics.Source.StartActivity("hub disconnect", ActivityKind.Server);
        await next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var activity = Traced(invocation.HubMethodName)
            ? CollabMetrics.Source.StartActivity($"hub {invocation.HubMethodName}", ActivityKind.Server)
            : null;
        try
        {
            return await next(invocation);
        }
        catch (HubException e)
        {
            return await RefuseAsync(invocation, activity, e);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            // Nothing was stored (or relayed) for sure: the client keeps its change and resyncs later.
            logger.LogWarning("{Method} refused: Redis is unavailable ({Error})", invocation.HubMethodName, e.GetType().Name);
            return await RefuseAsync(invocation, activity, HubErrors.Of(HubErrors.Unavailable));
        }
        catch (Exception e) when (CollabHub.IsUnanswered(invocation.HubMethodName))
        {
            // A caller that waits gets SignalR's "unexpected error" for anything else; one that does not must hear of
            // it too, or its next Confirm would say that the change is stored.
            logger.LogError(e, "{Method} failed", invocation.HubMethodName);
            return await RefuseAsync(invocation, activity, HubErrors.Of(HubErrors.Unavailable));
        }
    }

    /// <summary>
    /// Marks the span and counts the refusal, then throws it to a caller that waits for the answer. A call sent
    /// without waiting has nobody to catch it (SignalR would only log it), so the caller is told with a
    /// <c>Refused</c> event instead, before anything it sends later is handled.
    /// </summary>
    private async ValueTask<object?> RefuseAsync(HubInvocationContext invocation, Activity? activity, HubException refusal)
    {
        activity?.SetStatus(ActivityStatusCode.Error, refusal.Message);
        metrics.Rejected(refusal.Message, invocation.HubMethodName);
        if (!CollabHub.IsUnanswered(invocation.HubMethodName)) throw refusal;
        await invocation.Hub.Clients.Caller.SendAsync(nameof(ICollabClient.Refused), invocation.HubMethodName, refusal.Message);
        return null;
    }
}
