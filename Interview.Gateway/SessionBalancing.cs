using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Interview.Gateway;

/// <summary>
/// Sends every connection of a session to the same hub instance: the available instance that ranks highest
/// for the session id in the hub URL (<c>?session=</c>), by rendezvous hashing. Participants who share an
/// instance are relayed to from its memory, so a keystroke never crosses the Redis backplane, and with
/// several instances the sessions, not their participants, are spread. Every request of a negotiating
/// client carries the same id, so it needs no affinity cookie either.
/// </summary>
/// <remarks>
/// When an instance leaves, only its sessions move (each to its next-ranked instance); when one joins, it
/// takes over the sessions it now ranks first for, but only for connections made from then on. Until the
/// earlier ones reconnect such a session spans two instances, which the backplane has always handled.
/// Every gateway ranks alike, since the rank depends only on the session and the instance ids.
/// </remarks>
public sealed class SessionBalancing : ILoadBalancingPolicy
{
    public const string PolicyName = "Session";

    private const string SessionParameter = "session";

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        // A hub URL without a session is refused by whichever instance gets it.
        var session = context.Request.Query[SessionParameter].ToString();
        DestinationState? best = null;
        var bestRank = 0UL;
        foreach (var destination in availableDestinations)
        {
            var rank = Rank(session, destination.DestinationId);
            if (best is null || rank > bestRank) (best, bestRank) = (destination, rank);
        }
        return best;
    }

    /// <summary>
    /// Any hash that every process computes alike would do (string.GetHashCode is randomized per process);
    /// SHA-256 is in the base library. It runs once per instance for each request, and a WebSocket connection
    /// is one request: nothing per message.
    /// </summary>
    public static ulong Rank(string session, string destinationId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{destinationId}\n{session}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
