using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interview.CollabHub.Documents;

/// <summary>
/// Who is joined to a session, across all hub instances: a Redis sorted set of connection ids scored with
/// when their instance last vouched for them. Instances renew their own connections' entries with their
/// heartbeat, so the entries of an instance that died lapse after <see cref="Stale"/> and free their places.
/// </summary>
public sealed class ParticipantStore(IConnectionMultiplexer redis, IOptions<DocumentOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Takes a place for the connection; false (and no place taken) when the session already has
    /// <see cref="DocumentOptions.MaxParticipants"/>. A connection that joins again keeps its place.
    /// Two simultaneous joins for the last place may both be refused; either may simply try again.
    /// </summary>
    public async Task<bool> TryJoinAsync(string sessionId, string connectionId)
    {
        var key = new DocumentKeys(sessionId).Participants;
        var now = clock.GetUtcNow();
        var batch = Db.CreateBatch();
        var tidied = batch.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, (now - Stale).ToUnixTimeMilliseconds());
        var added = batch.SortedSetAddAsync(key, connectionId, now.ToUnixTimeMilliseconds());
        var count = batch.SortedSetLengthAsync(key);
        batch.Execute();
        await tidied;
        if (!await added || await count <= options.Value.MaxParticipants) return true;
        await Db.SortedSetRemoveAsync(key, connectionId);
        return false;
    }

    public Task LeaveAsync(string sessionId, string connectionId) =>
        Db.SortedSetRemoveAsync(new DocumentKeys(sessionId).Participants, connectionId);

    /// <summary>Vouches for this instance's joined connections (added to the caller's batch).</summary>
    public Task RenewAsync(IBatch batch, IEnumerable<(string ConnectionId, string SessionId)> connections, DateTimeOffset now)
    {
        var score = now.ToUnixTimeMilliseconds();
        return Task.WhenAll(connections.Select(c => batch.SortedSetAddAsync(new DocumentKeys(c.SessionId).Participants, c.ConnectionId, score)));
    }
}
