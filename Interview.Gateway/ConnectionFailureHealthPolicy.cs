using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Interview.Gateway;

/// <summary>
/// Passive health for the hub instances: a destination that refuses a connection is out of the pool at
/// once, for the cluster's <c>ReactivationPeriod</c>. YARP's failure-rate policy waits until failures are a
/// share of all recent requests, and a killed instance's earlier successes kept it "healthy" for seconds —
/// during which balancing kept choosing it (then least-loaded, which favours a dead instance: it has no open
/// requests; now by session, which keeps sending that instance's sessions to it until it is out).
/// </summary>
public sealed class ConnectionFailureHealthPolicy(IDestinationHealthUpdater health) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "ConnectionFailure";

    private static readonly TimeSpan DefaultReactivation = TimeSpan.FromSeconds(5);

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        // Only "could not even connect": errors on an established (WebSocket) connection, e.g. when a client
        // goes away, say nothing about the instance.
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is not { Error: ForwarderError.Request } || !CouldNotConnect(error.Exception)) return;
        var reactivation = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivation;
        health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, reactivation);
    }

    private static bool CouldNotConnect(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }) return true;
        }
        return false;
    }
}
