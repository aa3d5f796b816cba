using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;

namespace Interview.CollabHub.Scaling;

/// <summary>
/// The Redis backplane, with group sends delivered to this instance's own members at once instead of after a
/// round trip through Redis. <see cref="RedisHubLifetimeManager{THub}"/> publishes every group message and
/// delivers it, here too, only when Redis hands it back: a relayed keystroke waited for a second Redis round
/// trip after its append (docs/performance.md). This manager (the Redis manager it wraps stays a DI singleton) writes the message to the group's connections on
/// this instance first, then publishes it with those connections excluded, so other instances deliver to
/// theirs and nobody gets it twice. Everything else is the Redis manager's.
/// <para>
/// A connection that joins the group between the local write and the publish is not excluded, so it gets the
/// message through Redis; one that leaves in between may get it once more than it would have. Yjs ignores both.
/// </para>
/// </summary>
public sealed class LocalFirstHubLifetimeManager<THub>(RedisHubLifetimeManager<THub> redis) : HubLifetimeManager<THub>
    where THub : Hub
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> connections = new(StringComparer.Ordinal);
    // group → its local connections (a set: the values are unused).
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> groups = new(StringComparer.Ordinal);
    // connection → its groups, to leave them when it closes.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> memberships = new(StringComparer.Ordinal);

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        connections[connection.ConnectionId] = connection;
        await redis.OnConnectedAsync(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        connections.TryRemove(connection.ConnectionId, out _);
        if (memberships.TryRemove(connection.ConnectionId, out var joined))
        {
            foreach (var group in joined.Keys) LeaveLocal(connection.ConnectionId, group);
        }
        await redis.OnDisconnectedAsync(connection);
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        // Only this instance's connections are tracked; the Redis manager forwards the others' to their instance.
        if (connections.ContainsKey(connectionId))
        {
            groups.GetOrAdd(groupName, _ => new(StringComparer.Ordinal))[connectionId] = 0;
            memberships.GetOrAdd(connectionId, _ => new(StringComparer.Ordinal))[groupName] = 0;
        }
        await redis.AddToGroupAsync(connectionId, groupName, cancellationToken);
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        LeaveLocal(connectionId, groupName);
        if (memberships.TryGetValue(connectionId, out var joined)) joined.TryRemove(groupName, out _);
        await redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendGroupExceptAsync(groupName, methodName, args, [], cancellationToken);

    public override async Task SendGroupExceptAsync(
        string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        var local = LocalRecipients(groupName, excludedConnectionIds);
        if (local.Count == 0)
        {
            await redis.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
            return;
        }

        var writes = WriteAsync(local, methodName, args, cancellationToken);
        var excluded = new List<string>(excludedConnectionIds.Count + local.Count);
        excluded.AddRange(excludedConnectionIds);
        excluded.AddRange(local.Select(c => c.ConnectionId));
        await redis.SendGroupExceptAsync(groupName, methodName, args, excluded, cancellationToken);
        await writes;
    }

    /// <summary>
    /// <see cref="SendGroupExceptAsync"/> without the publish, for a sender that knows no other instance has
    /// members of the group (<c>ParticipantStore.AnyElsewhereAsync</c>): with one hub instance, or all of a
    /// session's participants on one, Redis neither carries the message nor hands it back to be dropped.
    /// </summary>
    public Task SendLocalGroupExceptAsync(
        string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        var local = LocalRecipients(groupName, excludedConnectionIds);
        return local.Count == 0 ? Task.CompletedTask : WriteAsync(local, methodName, args, cancellationToken);
    }

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        redis.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        redis.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        redis.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        redis.TryGetReturnType(invocationId, out type);

    private static Task WriteAsync(List<HubConnectionContext> recipients, string methodName, object?[] args, CancellationToken cancellationToken)
    {
        // Serialized once per protocol in use, like the Redis manager does when a message comes back.
        var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
        List<Task>? pending = null;
        foreach (var connection in recipients)
        {
            var write = connection.WriteAsync(message, cancellationToken);
            if (!write.IsCompletedSuccessfully) (pending ??= []).Add(write.AsTask());
        }
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }

    private List<HubConnectionContext> LocalRecipients(string groupName, IReadOnlyList<string> excludedConnectionIds)
    {
        var recipients = new List<HubConnectionContext>();
        if (!groups.TryGetValue(groupName, out var members)) return recipients;
        // Enumerating the set itself takes no lock; its Keys would lock every bucket and copy them, per message.
        foreach (var (id, _) in members)
        {
            if (!excludedConnectionIds.Contains(id) && connections.TryGetValue(id, out var connection)) recipients.Add(connection);
        }
        return recipients;
    }

    private void LeaveLocal(string connectionId, string groupName)
    {
        if (!groups.TryGetValue(groupName, out var members)) return;
        members.TryRemove(connectionId, out _);
        // An emptied group is dropped; a concurrent join re-creates it (GetOrAdd) — at worst its first
        // local delivery goes through Redis.
        if (members.IsEmpty) groups.TryRemove(KeyValuePair.Create(groupName, members));
    }
}
