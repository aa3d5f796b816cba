using Interview.CollabHub.Hubs;
using Interview.CollabHub.Telemetry;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Interview.CollabHub.Scaling;

/// <summary>
/// While Redis is unreachable the SignalR backplane drops what other instances publish, so clients of
/// this instance may have missed updates. When the Redis connection comes back, every joined client of
/// this instance gets a <c>Resync</c> event and answers with a state-vector exchange (JoinSession, then a
/// push of what the server lacks), which fetches what it missed from the store. Both connections count:
/// the backplane's (relays were dropped) and the store's (pushes were refused).
/// </summary>
public sealed class BackplaneResync(
    IConnectionMultiplexer redis,
    BackplaneConnection backplane,
    IHubContext<Hubs.CollabHub, ICollabClient> hub,
    HubConnections connections,
    CollabMetrics metrics,
    ILogger<BackplaneResync> logger) : IHostedService
{
    /// <summary>Both physical connections (commands, subscriptions) come back close together: one resync covers both.</summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);
    private int scheduled;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnFailed;
        redis.ConnectionRestored += OnRestored;
        backplane.Failed += OnFailed;
        backplane.Restored += OnRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnFailed;
        redis.ConnectionRestored -= OnRestored;
        backplane.Failed -= OnFailed;
        backplane.Restored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e) =>
        logger.LogWarning("Redis connection lost ({ConnectionType}, {FailureType}); updates are refused with 'unavailable' until it is back",
            e.ConnectionType, e.FailureType);

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        logger.LogInformation("Redis connection restored ({ConnectionType})", e.ConnectionType);
        if (Interlocked.Exchange(ref scheduled, 1) == 0) _ = ResyncSoonAsync();
    }

    private async Task ResyncSoonAsync()
    {
        await Task.Delay(Coalesce);
        Volatile.Write(ref scheduled, 0);
        using var activity = CollabMetrics.Source.StartActivity("resync after Redis outage");
        var joined = connections.Joined();
        activity?.SetTag("interview.connections", joined.Count);
        // Only this instance's own connections: each instance resyncs its own clients, so nobody gets it twice.
        // Clients(connectionId) writes to a local connection directly, without going through Redis.
        var sent = 0;
        foreach (var (connectionId, _) in joined)
        {
            try
            {
                await hub.Clients.Client(connectionId).Resync();
                sent++;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogDebug(e, "Resync could not be sent to a connection");
            }
        }
        metrics.ResyncsSent(sent);
        logger.LogInformation("Asked {Count} connections to resync after the Redis connection came back", sent);
    }
}
