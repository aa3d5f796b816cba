using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interview.CollabHub.Documents;

/// <summary>
/// Who is joined to a session, across all hub instances: a Redis sorted set of <c>{instance}:{connection id}</c>
/// scored with when their instance last vouched for them. Instances renew their own connections' entries with
/// their heartbeat, so the entries of an instance that died lapse after <see cref="Stale"/> and free their places.
/// The instance part tells a sender whether anyone outside its own instance must be sent a change
/// (<see cref="AnyElsewhereAsync"/>).
/// </summary>
public sealed class ParticipantStore(IConnectionMultiplexer redis, IOptions<DocumentOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    // Random per process: a restarted instance (same host name, same process id in a container) is another one.
    private static readonly string Instance = $"{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}:";
    private static readonly RedisValue InstancePrefix = Instance;

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
        var added = batch.SortedSetAddAsync(key, Member(connectionId), now.ToUnixTimeMilliseconds());
        var count = batch.SortedSetLengthAsync(key);
        batch.Execute();
        await tidied;
        if (!await added || await count <= options.Value.MaxParticipants) return true;
        await Db.SortedSetRemoveAsync(key, Member(connectionId));
        return false;
    }

    public Task LeaveAsync(string sessionId, string connectionId) =>
        Db.SortedSetRemoveAsync(new DocumentKeys(sessionId).Participants, Member(connectionId));

    /// <summary>Vouches for this instance's joined connections (added to the caller's batch).</summary>
    public Task RenewAsync(IBatch batch, IEnumerable<(string ConnectionId, string SessionId)> connections, DateTimeOffset now)
    {
        var score = now.ToUnixTimeMilliseconds();
        return Task.WhenAll(connections.Select(c => batch.SortedSetAddAsync(new DocumentKeys(c.SessionId).Participants, Member(c.ConnectionId), score)));
    }

    /// <summary>
    /// Whether a live participant of the session is served by another instance (added to the caller's batch).
    /// Asked in the batch that stores a change, after its write, Redis answers it after storing: a joiner takes
    /// its place before it reads the stored state, so one that read before the change was stored has the change,
    /// and one that read after is in this answer. Only then must the change go through the backplane.
    /// </summary>
    public Task<bool> AnyElsewhereAsync(IBatch batch, string sessionId)
    {
        return Answer(batch.SortedSetRangeByScoreAsync(new DocumentKeys(sessionId).Participants, LiveSince()));

        static async Task<bool> Answer(Task<RedisValue[]> live) => AnyElsewhere(await live);
    }

    /// <summary>
    /// The lowest score of a live entry of a session's participants key: a script that stores a change and reads the
    /// live participants itself asks <c>ZRANGEBYSCORE participants LiveSince +inf</c> and answers with <see cref="AnyElsewhere"/>.
    /// </summary>
    public long LiveSince() => (clock.GetUtcNow() - Stale).ToUnixTimeMilliseconds();

    /// <summary>Whether any of a session's live entries belongs to another instance.</summary>
    public static bool AnyElsewhere(RedisValue[] live)
    {
        foreach (var member in live)
        {
            if (!member.StartsWith(InstancePrefix)) return true;
        }
        return false;
    }

    private static string Member(string connectionId) => Instance + connectionId;
}
