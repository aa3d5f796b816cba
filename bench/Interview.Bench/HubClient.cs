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
    public sealed record JoinResult(
        [property: DataMember(Name = "update")] byte[] Update,
        [property: DataMember(Name = "instance")] string Instance);

    public Channel<(byte[] Update, long ReceivedAt)> Received { get; } = Channel.CreateUnbounded<(byte[], long)>();

    /// <summary>The hub instance of the latest join (<c>machine/pid</c>).</summary>
    public string Instance { get; private set; } = "";

    public HubConnection Connection => connection;

    /// <summary>
    /// Connects over WebSockets without negotiation and joins. With <paramref name="reconnect"/>, reconnects
    /// like the web client (0, 0.5, 1, 2, 4, 5 s …) and joins again after every reconnect.
    /// </summary>
    public static async Task<HubClient> JoinAsync(Uri baseUrl, string sessionId, bool messagePack = true, bool reconnect = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, $"/hubs/collab?session={sessionId}"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        });
        if (messagePack) builder.AddMessagePackProtocol();
        if (reconnect) builder.WithAutomaticReconnect(new WebClientBackoff());
        var client = new HubClient(builder.Build(), sessionId);
        client.connection.On<byte[]>("Update", u => client.Received.Writer.TryWrite((u, System.Diagnostics.Stopwatch.GetTimestamp())));
        client.connection.Reconnected += async _ =>
        {
            await client.JoinSessionAsync();
            client.Rejoined?.Invoke();
        };
        await client.connection.StartAsync();
        await client.JoinSessionAsync();
        return client;
    }

    /// <summary>Raised after a reconnect once the client has joined again.</summary>
    public event Action? Rejoined;

    public async Task<JoinResult> JoinSessionAsync()
    {
        var result = await connection.InvokeAsync<JoinResult>("JoinSession", sessionId, "bench", Array.Empty<byte>());
        Instance = result.Instance;
        return result;
    }

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

    private sealed class WebClientBackoff : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => retryContext.PreviousRetryCount == 0
            ? TimeSpan.Zero
            : TimeSpan.FromMilliseconds(Math.Min(5000, 500 * Math.Pow(2, retryContext.PreviousRetryCount - 1)));
    }
}
