using System.Diagnostics;
using Interview.CollabHub.Telemetry;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Interview.CollabHub.Hubs;

/// <summary>
/// The outermost hub filter: a span per connect, disconnect and call (except per keystroke), the count of refused
/// calls by code, and a storage outage turned into the documented <c>unavailable</c> code instead of a bare
/// "unexpected error". The service defaults leave SignalR's own spans off: they started a trace per keystroke.
/// </summary>
public sealed class CallFilter(CollabMetrics metrics, ILogger<CallFilter> logger) : IHubFilter
{
    /// <summary>
    /// The calls a participant makes per keystroke or cursor move get no span: thousands an hour per person would
    /// bury the connects, joins and leaves in the traces, and each span's allocations cost the hub collections.
    /// Accepted updates are counted by the <c>interview.collab.updates</c> and <c>relay.duration</c> metrics;
    /// refused pushes of either kind by <c>interview.collab.rejected</c>.
    /// </summary>
    private static bool Traced(string method) => method is not (nameof(CollabHub.PushUpdate) or nameof(CollabHub.PushAwareness));

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
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            metrics.Rejected(e.Message, invocation.HubMethodName);
            throw;
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            // Nothing was stored (or relayed) for sure: the client keeps its change and resyncs later.
            activity?.SetStatus(ActivityStatusCode.Error, HubErrors.Unavailable);
            metrics.Rejected(HubErrors.Unavailable, invocation.HubMethodName);
            logger.LogWarning("{Method} refused: Redis is unavailable ({Error})", invocation.HubMethodName, e.GetType().Name);
            throw HubErrors.Of(HubErrors.Unavailable);
        }
    }
}
