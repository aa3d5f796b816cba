using System.Globalization;
using Interview.CollabHub.Documents.Yjs;
using StackExchange.Redis;

namespace Interview.CollabHub.Documents;

/// <summary>
/// The latest awareness entry (name, colour, cursor) of everyone present in a session, in a Redis hash,
/// so a newcomer sees the others' cursors at once, whichever hub instance serves them. Entries older
/// than <see cref="Stale"/> are ignored: clients renew theirs every 15 s, so an old one belongs to a
/// participant whose hub instance died before it could announce them gone.
/// </summary>
public sealed class PresenceStore(IConnectionMultiplexer redis, ParticipantStore participants, TimeProvider clock)
{
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Saves the entries; true when a participant on another hub instance must be sent them.</summary>
    public async Task<bool> SaveAsync(string sessionId, IEnumerable<AwarenessEntry> entries)
    {
        var key = new DocumentKeys(sessionId).Awareness;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = Db.CreateBatch();
        var writes = entries.Select(e => e.IsRemoved
            ? (Task)batch.HashDeleteAsync(key, Field(e.ClientId))
            : batch.HashSetAsync(key, Field(e.ClientId), $"{now}|{e.Clock}|{e.StateJson}")).ToList();
        var elsewhere = participants.AnyElsewhereAsync(batch, sessionId); // after the writes: see AnyElsewhereAsync
        batch.Execute();
        await Task.WhenAll(writes);
        return await elsewhere;
    }

    /// <summary>
    /// Forgets clients whose connection ended, unless a newer entry was saved meanwhile (the same client,
    /// reconnected through another connection whose join was handled before this one's end).
    /// </summary>
    public async Task RemoveAsync(string sessionId, IEnumerable<(ulong ClientId, ulong LastClock)> clients)
    {
        var key = new DocumentKeys(sessionId).Awareness;
        foreach (var (clientId, lastClock) in clients)
        {
            var stored = await Db.HashGetAsync(key, Field(clientId));
            if (stored.IsNull) continue;
            var parts = stored.ToString().Split('|', 3);
            if (parts.Length == 3 && ulong.Parse(parts[1], CultureInfo.InvariantCulture) > lastClock) continue;
            await Db.HashDeleteAsync(key, Field(clientId));
        }
    }

    /// <summary>An awareness update with everyone's current state; empty when no one is present.</summary>
    public async Task<byte[]> ReadAsync(string sessionId)
    {
        var fields = await Db.HashGetAllAsync(new DocumentKeys(sessionId).Awareness);
        var freshSince = clock.GetUtcNow() - Stale;
        var entries = new List<AwarenessEntry>(fields.Length);
        foreach (var field in fields)
        {
            var parts = field.Value.ToString().Split('|', 3);
            if (parts.Length != 3 || DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[0], CultureInfo.InvariantCulture)) < freshSince) continue;
            entries.Add(new(ulong.Parse(field.Name.ToString(), CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]));
        }
        return entries.Count == 0 ? [] : YAwareness.Encode(entries);
    }

    private static RedisValue Field(ulong clientId) => clientId.ToString(CultureInfo.InvariantCulture);
}
