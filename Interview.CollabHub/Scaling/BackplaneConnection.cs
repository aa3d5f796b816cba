using Interview.SessionApi.Sessions;
using StackExchange.Redis;

namespace Interview.CollabHub.Scaling;

/// <summary>
/// The SignalR backplane's own Redis connection. The backplane disposes its connection when the host
/// stops, and unsubscribes groups while connections close during shutdown; sharing the store's
/// connection (with Aspire's instrumentation, disposed first) crashed the process at shutdown.
/// </summary>
public sealed class BackplaneConnection
{
    private readonly Lazy<Task<IConnectionMultiplexer>> connection;

    public BackplaneConnection(IConfiguration configuration) => connection = new(() => ConnectAsync(configuration));

    /// <summary>Raised when either physical connection (commands or subscriptions) comes back after a failure.</summary>
    public event EventHandler<ConnectionFailedEventArgs>? Restored;

    public event EventHandler<ConnectionFailedEventArgs>? Failed;

    public Task<IConnectionMultiplexer> GetAsync() => connection.Value;

    private async Task<IConnectionMultiplexer> ConnectAsync(IConfiguration configuration)
    {
        var options = ConfigurationOptions.Parse(configuration.GetConnectionString(SessionsExtensions.RedisConnectionName)
            ?? throw new InvalidOperationException("ConnectionStrings:redis is not configured."));
        // Start even while Redis is briefly away; the multiplexer keeps reconnecting by itself.
        options.AbortOnConnectFail = false;
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        multiplexer.ConnectionRestored += (sender, e) => Restored?.Invoke(sender, e);
        multiplexer.ConnectionFailed += (sender, e) => Failed?.Invoke(sender, e);
        return multiplexer;
    }
}
