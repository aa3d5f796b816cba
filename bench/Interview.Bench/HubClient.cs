using System.Runtime.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Bench;

/// <summary>One benchmark participant: a SignalR connection that joined a session.</summary>
public sealed class HubClient(HubConnection connection, string sessionId) : IAsyncDisposable
{
    private readonly HubConnection connection = connection;

    [DataContract]
    public sealed record JoinResult([property: DataMember(Name = "update")] byte[] Update);

    public Channel<(byte[] Update, long ReceivedAt)> Received { get; } = Channel.CreateUnbounded<(byte[], long)>();

    public static async Task<HubClient> JoinAsync(Uri baseUrl, string sessionId, bool messagePack = true)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, $"/hubs/collab?session={sessionId}"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        });
        if (messagePack) builder.AddMessagePackProtocol();
        var client = new HubClient(builder.Build(), sessionId);
        client.connection.On<byte[]>("Update", u => client.Received.Writer.TryWrite((u, System.Diagnostics.Stopwatch.GetTimestamp())));
        await client.connection.StartAsync();
        await client.JoinSessionAsync();
        return client;
    }

    public Task<JoinResult> JoinSessionAsync() => connection.InvokeAsync<JoinResult>("JoinSession", sessionId, "bench", Array.Empty<byte>());

    public Task PushAsync(byte[] update) => connection.InvokeAsync("PushUpdate", sessionId, update);

    /// <summary>Pushes like the web client: a rate-limited push waits and goes again.</summary>
    public async Task PushPatientlyAsync(byte[] update)
    {
        while (true)
        {
            try
            {
                await PushAsync(update);
                return;
            }
            catch (Microsoft.AspNetCore.SignalR.HubException e) when (e.Message.EndsWith("rate-limited", StringComparison.Ordinal))
            {
                await Task.Delay(20);
            }
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
