using System.Buffers.Text;
using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Interview.SessionApi.Interviewing;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// A participant's SignalR connection to the hub through the gateway, recording what it receives: the events it
/// knows, and every message's raw bytes (<see cref="ReceivedMessages"/>), so tests can prove what never arrived.
/// </summary>
public sealed class CollabClient : IAsyncDisposable
{
    [DataContract]
    public sealed record JoinResult(
        [property: DataMember(Name = "update")] byte[] Update,
        [property: DataMember(Name = "stateVector")] byte[] StateVector,
        [property: DataMember(Name = "awareness")] byte[] Awareness,
        [property: DataMember(Name = "instance")] string Instance,
        [property: DataMember(Name = "role")] string Role,
        [property: DataMember(Name = "state")] SessionState State);

    private readonly Channel<byte[]> updates = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> awareness = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<SessionState> states = Channel.CreateUnbounded<SessionState>();
    private readonly Channel<(string Method, string Code)> refusals = Channel.CreateUnbounded<(string, string)>();
    private readonly TaskCompletionSource removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RecordingProtocol protocol;

    private CollabClient(HubConnection connection, string sessionId, RecordingProtocol protocol)
    {
        Connection = connection;
        SessionId = sessionId;
        this.protocol = protocol;
        connection.On<byte[]>("Update", u => updates.Writer.TryWrite(u));
        connection.On<byte[]>("Awareness", u => awareness.Writer.TryWrite(u));
        connection.On<SessionState>("SessionState", s => states.Writer.TryWrite(s));
        connection.On("Removed", () => removed.TrySetResult());
        connection.On<string, string>("Refused", (method, code) => refusals.Writer.TryWrite((method, code)));
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>The raw bytes of every message the server sent (JSON text or MessagePack), in order.</summary>
    public IReadOnlyList<byte[]> ReceivedMessages => [.. protocol.Received];

    /// <summary>Every message the server sent, parsed, in the order it arrived (handlers may run later).</summary>
    public IReadOnlyList<HubMessage> ReceivedHubMessages => [.. protocol.Parsed];

    /// <summary>Completes when the hub says this participant was removed.</summary>
    public Task Removed => removed.Task;

    /// <summary>Completes when the connection is closed (by either side).</summary>
    public Task Closed => closed.Task;

    /// <summary>A new participant id as the web client makes one: 16 random bytes as base64url.</summary>
    public static string NewParticipantId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public HubConnection Connection { get; }

    public string SessionId { get; }

    /// <summary>
    /// Connects over WebSockets without negotiation, with the MessagePack protocol (as browsers do) or JSON;
    /// or, given <paramref name="negotiateFor"/>, negotiates that transport first (its requests must reach one
    /// hub instance: the gateway places them by the session in the URL).
    /// </summary>
    public static async Task<CollabClient> ConnectAsync(Uri gateway, string sessionId, bool json = false, HttpTransportType? negotiateFor = null)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway, $"/hubs/collab?session={Uri.EscapeDataString(sessionId)}"), o =>
            {
                o.Transports = negotiateFor ?? HttpTransportType.WebSockets;
                o.SkipNegotiation = negotiateFor is null;
            });
        // Registered last, so the connection uses it: the chosen protocol, recording what it parses.
        var protocol = new RecordingProtocol(json ? new JsonHubProtocol() : new MessagePackHubProtocol());
        builder.Services.AddSingleton<IHubProtocol>(protocol);
        var client = new CollabClient(builder.Build(), sessionId, protocol);
        await client.Connection.StartAsync().WithTimeout();
        return client;
    }

    public Task<JoinResult> JoinAsync(string name = "Tester", byte[]? stateVector = null) =>
        Connection.InvokeAsync<JoinResult>("JoinSession", SessionId, name, stateVector ?? []).WithTimeout();

    public Task<JoinResult> JoinAsAsync(string name, string participantId, string? interviewerKey = null, byte[]? stateVector = null) =>
        Connection.InvokeAsync<JoinResult>("JoinSessionAs", SessionId, name, stateVector ?? [], participantId, interviewerKey).WithTimeout();

    public Task<SessionState> NextStateAsync(TimeSpan? timeout = null) => states.Reader.ReadAsync().AsTask().WithTimeout(timeout);

    public Task PushAsync(byte[] update) => Connection.InvokeAsync("PushUpdate", SessionId, update).WithTimeout();

    public Task PushAwarenessAsync(byte[] update) => Connection.InvokeAsync("PushAwareness", SessionId, update).WithTimeout();

    /// <summary>An update sent without waiting for an answer (SignalR's send), as the web client types.</summary>
    public Task SendAsync(byte[] update) => Connection.SendAsync("SendUpdate", SessionId, update).WithTimeout();

    public Task SendAwarenessAsync(byte[] update) => Connection.SendAsync("SendAwareness", SessionId, update).WithTimeout();

    /// <summary>Returns once the hub has handled everything this connection sent before.</summary>
    public Task ConfirmAsync() => Connection.InvokeAsync("Confirm", SessionId).WithTimeout();

    /// <summary>The next <c>Refused</c> event: a call sent without waiting that the hub refused.</summary>
    public Task<(string Method, string Code)> NextRefusalAsync() => refusals.Reader.ReadAsync().AsTask().WithTimeout();

    public Task<byte[]> NextUpdateAsync(TimeSpan? timeout = null) => updates.Reader.ReadAsync().AsTask().WithTimeout(timeout);

    public Task<byte[]> NextAwarenessAsync(TimeSpan? timeout = null) => awareness.Reader.ReadAsync().AsTask().WithTimeout(timeout);

    /// <summary>Every update received so far and until none arrives for <paramref name="quiet"/>.</summary>
    public async Task<List<byte[]>> DrainUpdatesAsync(TimeSpan quiet)
    {
        var drained = new List<byte[]>();
        while (await NextUpdateWithinAsync(quiet) is { } update) drained.Add(update);
        return drained;
    }

    /// <summary>True when an update arrives within the wait (used to prove that nothing is relayed).</summary>
    public async Task<bool> ReceivesUpdateWithin(TimeSpan wait) => await NextUpdateWithinAsync(wait) is not null;

    private async Task<byte[]?> NextUpdateWithinAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            return await updates.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync().AsTask().WithTimeout();
}

/// <summary>A hub protocol that records the raw bytes of every message it parses, then parses them as the inner one does.</summary>
internal sealed class RecordingProtocol(IHubProtocol inner) : IHubProtocol
{
    public System.Collections.Concurrent.ConcurrentQueue<byte[]> Received { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<HubMessage> Parsed { get; } = new();

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool TryParseMessage(ref System.Buffers.ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message)
    {
        var before = input;
        if (!inner.TryParseMessage(ref input, binder, out message)) return false;
        Received.Enqueue(System.Buffers.BuffersExtensions.ToArray(before.Slice(0, before.Length - input.Length)));
        Parsed.Enqueue(message);
        return true;
    }

    public void WriteMessage(HubMessage message, System.Buffers.IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}
