using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interview.SessionApi.Sessions;

/// <summary>
/// Sessions in Redis: one JSON string per session under <c>interview:session:{id}</c>, expiring after
/// the configured time-to-live. Activity pushes the expiry back (<see cref="TouchAsync"/>). Other
/// features (the collaboration hub) use this store too, so the key layout lives only here.
/// </summary>
public sealed class SessionStore(IConnectionMultiplexer redis, IOptions<SessionOptions> options, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Db => redis.GetDatabase();

    private TimeSpan TimeToLive => options.Value.TimeToLive;

    /// <summary>The Redis key prefix of everything that belongs to one session (documents add their own suffixes).</summary>
    public static string KeyPrefix(string id) => $"interview:session:{id}";

    public async Task<(Session Session, DateTimeOffset ExpiresAt)> CreateAsync(string title, string language, string keyHash)
    {
        var session = new Session(Secrets.NewSessionId(), title, language, clock.GetUtcNow(), keyHash);
        var stored = await Db.StringSetAsync(KeyPrefix(session.Id), JsonSerializer.Serialize(session, Json), TimeToLive, When.NotExists);
        // 128 random bits do not collide in practice; if they ever do, failing loudly beats overwriting.
        if (!stored) throw new InvalidOperationException("A freshly generated session id already exists.");
        return (session, session.CreatedAt + TimeToLive);
    }

    /// <summary>The session and when it expires, or null when it does not exist (or has expired).</summary>
    public async Task<(Session Session, DateTimeOffset ExpiresAt)?> FindAsync(string id)
    {
        if (!Secrets.IsSessionId(id)) return null;
        var entry = await Db.StringGetWithExpiryAsync(KeyPrefix(id));
        if (entry.Value.IsNullOrEmpty) return null;
        var session = JsonSerializer.Deserialize<Session>(entry.Value.ToString(), Json)!;
        return (session, clock.GetUtcNow() + (entry.Expiry ?? TimeToLive));
    }

    public async Task<bool> ExistsAsync(string id) =>
        Secrets.IsSessionId(id) && await Db.KeyExistsAsync(KeyPrefix(id));

    /// <summary>
    /// Pushes the expiry of the session, and of the given keys that belong to it (its document), back by a
    /// full time-to-live; false when the session no longer exists.
    /// </summary>
    public async Task<bool> TouchAsync(string id, params string[] alsoKeys)
    {
        if (!Secrets.IsSessionId(id)) return false;
        var batch = Db.CreateBatch();
        var session = batch.KeyExpireAsync(KeyPrefix(id), TimeToLive);
        var others = alsoKeys.Select(k => batch.KeyExpireAsync(k, TimeToLive)).ToList();
        batch.Execute();
        await Task.WhenAll(others);
        return await session;
    }
}
