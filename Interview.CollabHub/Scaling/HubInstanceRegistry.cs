using System.Globalization;
using Interview.CollabHub.Documents;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interview.CollabHub.Scaling;

/// <summary>
/// Announces this hub instance's own address in Redis so the gateway can send each session to one instance
/// (negotiate and connect included). Behind Aspire's <c>WithReplicas</c> every consumer's service
/// discovery sees only one proxy address, which hides the instances from the gateway; this registry
/// shows them.
/// <para>
/// Layout (read by the gateway's <c>HubInstances</c>): the sorted set <see cref="Key"/> holds one member
/// per instance, <c>{instance id}|{address}</c>, scored with the Unix time in milliseconds at which the
/// entry expires. The entry is renewed every <see cref="ScaleOutOptions.HeartbeatInterval"/> and removed
/// on graceful shutdown; a killed instance's entry lapses after <see cref="ScaleOutOptions.InstanceTimeToLive"/>.
/// </para>
/// </summary>
public sealed class HubInstanceRegistry(
    IConnectionMultiplexer redis,
    Microsoft.AspNetCore.Hosting.Server.IServer server,
    IHostApplicationLifetime lifetime,
    HubConnections connections,
    ParticipantStore participants,
    IOptions<ScaleOutOptions> options,
    TimeProvider clock,
    ILogger<HubInstanceRegistry> logger) : BackgroundService
{
    /// <summary>The Redis key of the instance set; the gateway reads the same key.</summary>
    public const string Key = "interview:hub-instances";

    private string? member;
    private long beats;

    /// <summary>This instance's entry, once it knows its address.</summary>
    public string? Member => member;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Addresses are known only once the server listens.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var address = AdvertisedAddress();
        if (address is null)
        {
            logger.LogWarning("No HTTP address to advertise; this instance is reachable only through service discovery");
            return;
        }
        member = $"{Hubs.CollabHub.Instance}|{address}";
        logger.LogInformation("Hub instance {Instance} advertises {Address}", Hubs.CollabHub.Instance, address);

        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
        do
        {
            await HeartbeatAsync();
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (member is null) return;
        try
        {
            // Leave the pool at once instead of waiting for the entry to lapse.
            await redis.GetDatabase().SortedSetRemoveAsync(Key, member);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not remove this hub instance from the registry; its entry lapses by itself");
        }
    }

    private async Task HeartbeatAsync()
    {
        var now = clock.GetUtcNow();
        try
        {
            var db = redis.GetDatabase();
            var batch = db.CreateBatch();
            var renewed = batch.SortedSetAddAsync(Key, member!, (now + options.Value.InstanceTimeToLive).ToUnixTimeMilliseconds());
            // Everyone tidies up: entries of instances that died without saying goodbye.
            var tidied = batch.SortedSetRemoveRangeByScoreAsync(Key, double.NegativeInfinity, now.ToUnixTimeMilliseconds());
            // Participants' places lapse after 30 s unvouched; renewing every fifth beat (10 s) is plenty.
            var present = beats++ % 5 == 0 ? participants.RenewAsync(batch, connections.Joined(), now) : Task.CompletedTask;
            batch.Execute();
            await Task.WhenAll(renewed, tidied, present);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is away; the gateway keeps the last list it saw, and the next beat tries again.
            logger.LogDebug(e, "Hub instance heartbeat failed");
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// <see cref="ScaleOutOptions.AdvertisedAddress"/> when set (e.g. a pod IP), else the first HTTP address
    /// the server listens on, with a wildcard host replaced by <c>localhost</c> (one machine, as in development).
    /// </summary>
    private string? AdvertisedAddress()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.AdvertisedAddress)) return options.Value.AdvertisedAddress.TrimEnd('/');
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (chosen is null) return null;
        var uri = new UriBuilder(chosen.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "localhost";
        return $"{uri.Scheme}://{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }
}
