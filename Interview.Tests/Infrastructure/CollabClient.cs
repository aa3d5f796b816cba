using System.Runtime.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Infrastructure;

/// <summary>A participant's SignalR connection to the hub through the gateway, recording what it receives.</summary>
public sealed class CollabClient : IAsyncDisposable
{
    [DataContract]
    public sealed record JoinResult(
        [property: DataMember(Name = "update")] byte[] Update,
        [property: DataMember(Name = "stateVector")] byte[] StateVector,
        [property: DataMember(Name = "awareness")] byte[] Awareness,
        [property: DataMember(Name = "instance")] string Instance);

    private readonly Channel<byte[]> updates = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> awareness = Channel.CreateUnbounded<byte[]>();

    private CollabClient(HubConnection connection, string sessionId)
    {
        Connection = connection;
        SessionId = sessionId;
        connection.On<byte[]>("Update", u => updates.Writer.TryWrite(u));
        connection.On<byte[]>("Awareness", u => awareness.Writer.TryWrite(u));
    }

    public HubConnection Connection { get; }

    public string SessionId { get; }

    /// <summary>
    /// Connects over WebSockets without negotiation, with the MessagePack protocol (as browsers do) or JSON;
    /// or, given <paramref name="negotiateFor"/>, negotiates that transport first (which needs affinity when
    /// there are several hub instances).
    /// </summary>
    public static async Task<CollabClient> ConnectAsync(Uri gateway, string sessionId, bool json = false, HttpTransportType? negotiateFor = null)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway, $"/hubs/collab?session={Uri.EscapeDataString(sessionId)}"), o =>
            {
                o.Transports = negotiateFor ?? HttpTransportType.WebSockets;
                o.SkipNegotiation = negotiateFor is null;
            });
        if (!json) builder.AddMessagePackProtocol();
        var client = new CollabClient(builder.Build(), sessionId);
        await client.Connection.StartAsync().WithTimeout();
        return client;
    }

    public Task<JoinResult> JoinAsync(string name = "Tester", byte[]? stateVector = null) =>
        Connection.InvokeAsync<JoinResult>("JoinSession", SessionId, name, stateVector ?? []).WithTimeout();

    public Task PushAsync(byte[] update) => Connection.InvokeAsync("PushUpdate", SessionId, update).WithTimeout();

    public Task PushAwarenessAsync(byte[] update) => Connection.InvokeAsync("PushAwareness", SessionId, update).WithTimeout();

    public Task<byte[]> NextUpdateAsync(TimeSpan? timeout = null) => updates.Reader.ReadAsync().AsTask().WithTimeout(timeout);

    public Task<byte[]> NextAwarenessAsync(TimeSpan? timeout = null) => awareness.Reader.ReadAsync().AsTask().WithTimeout(timeout);

    /// <summary>True when an update arrives within the wait (used to prove that nothing is relayed).</summary>
    public async Task<bool> ReceivesUpdateWithin(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            await updates.Reader.ReadAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync().AsTask().WithTimeout();
}
