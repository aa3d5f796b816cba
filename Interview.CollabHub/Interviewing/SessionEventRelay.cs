using Interview.CollabHub.Hubs;
using Interview.CollabHub.Scaling;
using Interview.SessionApi.Interviewing;
using Interview.SessionApi.Sessions;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Interview.CollabHub.Interviewing;

/// <summary>
/// Carries the sessions API's changes (<see cref="SessionEvents.Channel"/>) to this instance's own connections of
/// the session: every instance subscribes and acts only for the connections it serves, so nobody is told twice
/// (<c>Clients.Client</c> of a local connection writes to it directly; a group send from every instance would
/// duplicate). A message missed while Redis is away is made up for by the <c>Resync</c> that follows: clients
/// join again and get the state in the join result.
/// </summary>
public sealed class SessionEventRelay(
    IConnectionMultiplexer redis,
    HubConnections connections,
    InterviewStore interviews,
    EndedSessions ended,
    IHubContext<Hubs.CollabHub, ICollabClient> hub,
    ILogger<SessionEventRelay> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private ChannelMessageQueue? queue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once subscribed, the client subscribes again by itself after every reconnect; only the first needs Redis up.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                queue = await redis.GetSubscriber().SubscribeAsync(SessionEvents.RedisChannel);
                queue.OnMessage(HandleAsync);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning("Cannot subscribe to {Channel} yet ({Error}); retrying", SessionEvents.Channel, e.GetType().Name);
                await Task.Delay(RetryAfter, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            if (queue is not null) await queue.UnsubscribeAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Unsubscribing from {Channel} failed", SessionEvents.Channel);
        }
    }

    private async Task HandleAsync(ChannelMessage message)
    {
        if (SessionEvents.Parse(message.Message) is not { } change || !Secrets.IsSessionId(change.SessionId)) return;
        var local = connections.InSession(change.SessionId);
        if (local.Count == 0) return;
        try
        {
            if (change.Kind == SessionEvent.State) await SendStateAsync(change.SessionId, local);
            else if (change is { Kind: SessionEvent.Remove, ClientId: { } clientId }) await RemoveAsync(change.SessionId, clientId, local);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Session event {Kind} could not be handled", change.Kind);
        }
    }

    private async Task SendStateAsync(string sessionId, IReadOnlyList<JoinedConnection> local)
    {
        var state = await interviews.ReadStateAsync(sessionId);
        if (state.Ended) ended.Remember(sessionId);
        await hub.Clients.Clients([.. local.Select(c => c.ConnectionId)]).SessionState(state);
    }

    /// <summary>
    /// Finds the candidate connection that announced the awareness client, refuses its participant id from now on,
    /// then tells and closes every connection of that participant here. The interviewer is never removed.
    /// </summary>
    private async Task RemoveAsync(string sessionId, ulong clientId, IReadOnlyList<JoinedConnection> local)
    {
        var participantIds = local
            .Select(c => c.Context is null ? null : ConnectionState.Of(c.Context))
            .Where(s => s is { IsInterviewer: false, ParticipantId: not null } && s.SpeaksFor(clientId))
            .Select(s => s!.ParticipantId!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var participantId in participantIds)
        {
            // Stored first: a reconnect racing the close is refused with 'removed'.
            await interviews.RemoveAsync(sessionId, participantId);
            logger.LogInformation("A participant was removed from a session by its interviewer");
        }
        foreach (var connection in local.Where(c => c.Context is not null && participantIds.Contains(ConnectionState.Of(c.Context).ParticipantId ?? "")))
        {
            await hub.Clients.Client(connection.ConnectionId).Removed();
            connection.Context!.Abort();
        }
    }
}
