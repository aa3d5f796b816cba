using System.Diagnostics;
using Interview.CollabHub.Documents;
using Interview.CollabHub.Documents.Yjs;
using Interview.CollabHub.Interviewing;
using Interview.CollabHub.Scaling;
using Interview.CollabHub.Telemetry;
using Interview.SessionApi.Interviewing;
using Interview.SessionApi.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Interview.CollabHub.Hubs;

/// <summary>
/// The collaboration hub at <c>/hubs/collab?session={id}</c> (protocol: docs/protocol.md). A connection
/// belongs to the one session it was admitted to (<see cref="SessionGate"/>) and joins that session's
/// SignalR group in <see cref="JoinSessionAs"/>, as the interviewer (with the session's key) or a candidate.
/// </summary>
public sealed class CollabHub(
    SessionActivity activity,
    SessionStore sessions,
    InterviewStore interviews,
    EndedSessions ended,
    DocumentStore documents,
    PresenceStore presence,
    ParticipantStore participants,
    HubConnections connections,
    DocumentSizes sizes,
    CollabMetrics metrics,
    LocalFirstHubLifetimeManager<CollabHub> relay,
    IOptions<DocumentOptions> options)
    : Hub<ICollabClient>
{
    /// <summary>Names this process in join results, to tell hub instances apart when diagnosing.</summary>
    public static readonly string Instance = $"{Environment.MachineName}/{Environment.ProcessId}";

    private const int MaxAwarenessBytes = 64 * 1024;

    /// <summary>The calls a participant makes per keystroke or cursor move, answered or not.</summary>
    public static bool IsPush(string method) =>
        method is nameof(PushUpdate) or nameof(PushAwareness) or nameof(SendUpdate) or nameof(SendAwareness);

    /// <summary>The calls clients send without waiting for an answer: a refusal must be told another way.</summary>
    public static bool IsUnanswered(string method) => method is nameof(SendUpdate) or nameof(SendAwareness);

    /// <summary><see cref="JoinSessionAs"/> for tools and benchmarks: the connection is the participant, a candidate.</summary>
    public Task<JoinResult> JoinSession(string sessionId, string displayName, byte[] stateVector) =>
        JoinAsync(sessionId, displayName, stateVector, Context.ConnectionId, interviewerKey: null);

    public Task<JoinResult> JoinSessionAs(string sessionId, string displayName, byte[] stateVector, string participantId, string? interviewerKey)
    {
        // Participant ids have the shape of session ids: 16 random bytes as base64url.
        if (!Secrets.IsSessionId(participantId)) throw HubErrors.Of(HubErrors.InvalidParticipant);
        return JoinAsync(sessionId, displayName, stateVector, participantId, interviewerKey);
    }

    private async Task<JoinResult> JoinAsync(string sessionId, string displayName, byte[] stateVector, string participantId, string? interviewerKey)
    {
        RequireOwnSession(sessionId);
        var name = DisplayNames.Normalize(displayName) ?? throw HubErrors.Of(HubErrors.InvalidName);
        var clientState = DecodeStateVector(stateVector);
        if (!await activity.TouchAsync(sessionId, force: true)) throw HubErrors.Of(HubErrors.SessionNotFound);
        var role = await RoleAsync(sessionId, interviewerKey);
        var (sessionState, removed, admitted) = await interviews.ReadForJoinAsync(sessionId, participantId);
        // The interviewer is never locked out or removed; a candidate who joined before may rejoin a locked session.
        if (role == Roles.Candidate && removed) throw HubErrors.Of(HubErrors.Removed);
        if (role == Roles.Candidate && sessionState.Locked && !admitted) throw HubErrors.Of(HubErrors.SessionLocked);
        // The place, too, is taken before the document is read: senders on other instances publish to us only
        // once they see it (ParticipantStore.AnyElsewhereAsync).
        if (!await participants.TryJoinAsync(sessionId, Context.ConnectionId)) throw HubErrors.Of(HubErrors.SessionFull);
        if (!admitted) await interviews.AdmitAsync(sessionId, participantId);
        if (sessionState.Ended) ended.Remember(sessionId);

        // Invariant: join the group BEFORE reading the stored document. An update stored concurrently is
        // then either in what we read or relayed to us afterwards (or both: Yjs ignores duplicates).
        await Groups.AddToGroupAsync(Context.ConnectionId, sessionId);
        ConnectionState.Of(Context).Join(name, role, participantId);
        connections.Joined(Context.ConnectionId, sessionId, Context);

        var document = await documents.ReadAsync(sessionId);
        sizes.Observed(sessionId, document.LongLength);
        metrics.DocumentSize(document.LongLength, "joined");
        return new JoinResult(
            YUpdate.DiffUpdate(document, clientState),
            YUpdate.EncodeStateVectorFromUpdate(document),
            await presence.ReadAsync(sessionId),
            Instance,
            role,
            sessionState);
    }

    public async Task PushUpdate(string sessionId, byte[] update)
    {
        var state = RequireJoined(sessionId);
        if (update is null) throw HubErrors.Of(HubErrors.InvalidUpdate);
        var started = Stopwatch.GetTimestamp();
        if (update.Length > options.Value.MaxUpdateBytes) throw HubErrors.Of(HubErrors.TooLarge);
        if (sizes.WouldExceed(sessionId, update.Length)) throw HubErrors.Of(HubErrors.DocumentTooLarge);
        if (ended.IsKnownEnded(sessionId)) throw HubErrors.Of(HubErrors.SessionEnded);
        if (!YUpdate.TryValidate(update, out _)) throw HubErrors.Of(HubErrors.InvalidUpdate);

        // Invariant: store BEFORE broadcast, so nothing anyone has seen can be missing from the store. The store
        // refuses (null) once the interview has ended: an update that arrives after the end is never stored.
        if (await documents.AppendAsync(sessionId, update, state.DisplayName!) is not { } appended)
        {
            ended.Remember(sessionId);
            throw HubErrors.Of(HubErrors.SessionEnded);
        }
        sizes.Observed(sessionId, appended.StoredBytes);
        if (!await activity.TouchAsync(sessionId)) throw HubErrors.Of(HubErrors.SessionNotFound);
        await RelayAsync(sessionId, nameof(ICollabClient.Update), update, appended.AnyElsewhere);
        metrics.UpdateAccepted(update.Length, Stopwatch.GetElapsedTime(started));
    }

    public async Task PushAwareness(string sessionId, byte[] update)
    {
        var state = RequireJoined(sessionId);
        if (update is null) throw HubErrors.Of(HubErrors.InvalidUpdate);
        if (update.Length > MaxAwarenessBytes) throw HubErrors.Of(HubErrors.TooLarge);
        IReadOnlyList<AwarenessEntry> entries;
        try
        {
            entries = YAwareness.Decode(update);
        }
        catch (InvalidUpdateException)
        {
            throw HubErrors.Of(HubErrors.InvalidUpdate);
        }
        // The interviewer's own awareness clients are recorded once each, so the API can refuse to remove them.
        var interviewerClients = state.IsInterviewer ? entries.Where(e => !e.IsRemoved && !state.SpeaksFor(e.ClientId)).Select(e => e.ClientId).ToList() : [];
        if (!state.TrackAwareness(entries)) throw HubErrors.Of(HubErrors.InvalidUpdate);

        if (interviewerClients.Count > 0) await interviews.RecordInterviewerClientsAsync(sessionId, interviewerClients);
        var anyElsewhere = await presence.SaveAsync(sessionId, entries);
        if (!await activity.TouchAsync(sessionId)) throw HubErrors.Of(HubErrors.SessionNotFound);
        await RelayAsync(sessionId, nameof(ICollabClient.Awareness), update, anyElsewhere);
    }

    /// <summary>
    /// <see cref="PushUpdate"/> for clients that send it without waiting for an answer (SignalR's send): no
    /// completion crosses the gateway per keystroke. A refusal comes back as <see cref="ICollabClient.Refused"/>
    /// (<see cref="CallFilter"/>); <see cref="Confirm"/> tells the client that all it sent before is stored.
    /// </summary>
    public Task SendUpdate(string sessionId, byte[] update) => PushUpdate(sessionId, update);

    /// <summary><see cref="PushAwareness"/> without an answer; a refusal comes back as <see cref="ICollabClient.Refused"/>.</summary>
    public Task SendAwareness(string sessionId, byte[] update) => PushAwareness(sessionId, update);

    /// <summary>
    /// Completes once every call this connection made before it has been handled, refusals told: SignalR runs
    /// a connection's calls one at a time, in order (MaximumParallelInvocationsPerClient is pinned to 1), and a
    /// <c>Refused</c> event is written to the connection before the call that caused it completes.
    /// </summary>
    public void Confirm(string sessionId) => RequireJoined(sessionId);

    public override Task OnConnectedAsync()
    {
        connections.Opened();
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed(Context.ConnectionId);
        var state = ConnectionState.Of(Context);
        if (state.Joined)
        {
            var sessionId = SessionGate.SessionOf(Context);
            try
            {
                await participants.LeaveAsync(sessionId, Context.ConnectionId);
                var gone = state.AwarenessClients();
                if (gone.Count > 0)
                {
                    // Tell the others at once that this participant left, instead of letting their cursor linger.
                    // The clock stays as it was (like y-protocols): a null state at an equal clock removes, and a
                    // client that comes back under the same id is seen again with its very next update.
                    await presence.RemoveAsync(sessionId, gone);
                    await Clients.Group(sessionId).Awareness(YAwareness.EncodeRemoval(gone, bumpClock: false));
                }
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or StackExchange.Redis.RedisTimeoutException)
            {
                // Redis is away: the participant's place and presence lapse by themselves (ParticipantStore.Stale,
                // PresenceStore.Stale), and the others' clients drop stale cursors when they resync.
            }
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// To the others in the session: this instance's connections directly, and through the backplane only when
    /// a participant is served by another instance (the store told us, after storing: docs/architecture.md).
    /// </summary>
    private async Task RelayAsync(string sessionId, string method, byte[] payload, bool anyElsewhere)
    {
        if (anyElsewhere)
        {
            await relay.SendGroupExceptAsync(sessionId, method, [payload], [Context.ConnectionId]);
            return;
        }
        // The store's reply resumed us on the thread that delivered it (the Redis client's, as far as we can tell).
        // Without this hop the writes, the call's completion and the connection's next call ran there as well:
        // pushes stalled for 0.3–0.5 s under the 100-room benchmark, p99 20 ms with it (docs/performance.md).
        await Task.Yield();
        await relay.SendLocalGroupExceptAsync(sessionId, method, [payload], [Context.ConnectionId]);
    }

    /// <summary>The interviewer with the session's key; a candidate without one; a wrong key is refused.</summary>
    private async Task<string> RoleAsync(string sessionId, string? interviewerKey)
    {
        if (string.IsNullOrEmpty(interviewerKey)) return Roles.Candidate;
        if (await sessions.FindAsync(sessionId) is not var (session, _)) throw HubErrors.Of(HubErrors.SessionNotFound);
        return Secrets.KeyMatches(interviewerKey, session.InterviewerKeyHash) ? Roles.Interviewer : throw HubErrors.Of(HubErrors.Forbidden);
    }

    private void RequireOwnSession(string sessionId)
    {
        if (sessionId != SessionGate.SessionOf(Context)) throw HubErrors.Of(HubErrors.SessionNotFound);
    }

    private ConnectionState RequireJoined(string sessionId)
    {
        RequireOwnSession(sessionId);
        var state = ConnectionState.Of(Context);
        return state.Joined ? state : throw HubErrors.Of(HubErrors.NotJoined);
    }

    private static byte[] DecodeStateVector(byte[]? stateVector)
    {
        // An empty array means "I have nothing", like an encoded empty state vector.
        if (stateVector is null || stateVector.Length == 0) return YStateVector.Empty.ToArray();
        try
        {
            YStateVector.Decode(stateVector);
            return stateVector;
        }
        catch (InvalidUpdateException)
        {
            throw HubErrors.Of(HubErrors.InvalidUpdate);
        }
    }
}
