using Microsoft.AspNetCore.SignalR;

namespace Interview.CollabHub.Hubs;

/// <summary>
/// Refuses pushes beyond a connection's budget with <c>rate-limited</c>. The budget (a burst of 200,
/// 100 per second after that) is far above fast typing with cursor moves (~30 calls/s) and pastes.
/// </summary>
public sealed class RateLimitFilter : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (CollabHub.IsPush(invocation.HubMethodName) && !ConnectionState.Of(invocation.Context).Pushes.TryTake())
        {
            throw HubErrors.Of(HubErrors.RateLimited);
        }
        return next(invocation);
    }
}
