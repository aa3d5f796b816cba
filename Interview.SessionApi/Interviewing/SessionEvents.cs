using System.Text.Json;
using StackExchange.Redis;

namespace Interview.SessionApi.Interviewing;

/// <summary>
/// A change the hub instances act on for their own connections of the session: <c>state</c> (send everyone the
/// new session state) or <c>remove</c> (remove the participant whose awareness client is <see cref="ClientId"/>).
/// Carries no state itself: each instance reads it from Redis, so a message can never show something stale or secret.
/// </summary>
public sealed record SessionEvent(string SessionId, string Kind, ulong? ClientId = null)
{
    public const string State = "state";
    public const string Remove = "remove";
}

/// <summary>Publishes <see cref="SessionEvent"/>s on <see cref="Channel"/>, which every hub instance subscribes to.</summary>
public sealed class SessionEvents(IConnectionMultiplexer redis)
{
    public const string Channel = "interview:session-events";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisChannel RedisChannel => RedisChannel.Literal(Channel);

    public Task PublishAsync(SessionEvent change) =>
        redis.GetSubscriber().PublishAsync(RedisChannel, JsonSerializer.Serialize(change, Json));

    /// <summary>The event in a message, or null when it is not one (the channel is not trusted blindly).</summary>
    public static SessionEvent? Parse(RedisValue message)
    {
        try
        {
            return message.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SessionEvent>(message.ToString(), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
