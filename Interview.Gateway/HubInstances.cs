using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace Interview.Gateway;

/// <summary>A collaboration hub instance as it registered itself: its id (<c>machine/pid</c>) and direct address.</summary>
public sealed record HubInstance(string Id, Uri Address);

/// <summary>Where the gateway finds the hub instances, bound from the <c>HubInstances</c> section.</summary>
public sealed class HubInstancesOptions
{
    public const string SectionName = "HubInstances";

    /// <summary>The service name in the YARP cluster's destination address that stands for "every live hub instance".</summary>
    public string ServiceName { get; set; } = "collab-hub";

    /// <summary>How often the registry is read. A new instance gets traffic, and a departed one none, within this.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The live collaboration hub instances, read from the registry the instances keep in Redis (the sorted
/// set <see cref="Key"/>: members <c>{id}|{address}</c> scored with their expiry in Unix milliseconds; see
/// the hub's <c>HubInstanceRegistry</c>). While Redis cannot be read the last list stays in force: an
/// outage of Redis must not take the hubs out of the gateway.
/// </summary>
public sealed class HubInstances(
    IConnectionMultiplexer redis, IOptions<HubInstancesOptions> options, TimeProvider clock, ILogger<HubInstances> logger)
    : BackgroundService
{
    public const string Key = "interview:hub-instances";

    private readonly Lock gate = new();
    private IReadOnlyList<HubInstance> current = [];
    private CancellationTokenSource changed = new();

    public IReadOnlyList<HubInstance> Current
    {
        get
        {
            lock (gate) return current;
        }
    }

    /// <summary>Fires when the set of live instances changes (YARP then resolves the cluster again).</summary>
    public IChangeToken ChangeToken
    {
        get
        {
            lock (gate) return new CancellationChangeToken(changed.Token);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            await RefreshAsync();
        }
        while (await NextAsync(timer, stoppingToken));
    }

    private async Task RefreshAsync()
    {
        RedisValue[] members;
        try
        {
            members = await redis.GetDatabase().SortedSetRangeByScoreAsync(Key, clock.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Hub registry unreadable; keeping {Count} known instances", Current.Count);
            return;
        }

        var live = members.Select(m => Parse(m.ToString())).OfType<HubInstance>().OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        CancellationTokenSource? stale = null;
        lock (gate)
        {
            if (live.SequenceEqual(current)) return;
            logger.LogInformation("Hub instances: {Instances}", live.Count == 0 ? "none (service discovery fallback)" : string.Join(", ", live.Select(i => $"{i.Id} at {i.Address}")));
            current = live;
            stale = changed;
            changed = new CancellationTokenSource();
        }
        stale.Cancel();
        stale.Dispose();
    }

    /// <summary>Parses <c>{id}|{address}</c>; null for anything else (never trust what is in a shared store).</summary>
    public static HubInstance? Parse(string member)
    {
        var bar = member.LastIndexOf('|');
        if (bar <= 0) return null;
        return Uri.TryCreate(member[(bar + 1)..], UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? new HubInstance(member[..bar], address)
            : null;
    }

    /// <summary>The YARP destination id of an instance: stable for its lifetime, so its sessions stay on it (<see cref="SessionBalancing"/>).</summary>
    public static string DestinationId(HubInstance instance) => string.Create(CultureInfo.InvariantCulture, $"hub:{instance.Id}");

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stoppingToken)
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

    public override void Dispose()
    {
        base.Dispose();
        changed.Dispose();
    }
}
