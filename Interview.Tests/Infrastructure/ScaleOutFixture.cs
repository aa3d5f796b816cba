using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Interview.Tests.Infrastructure;

/// <summary>
/// A platform of its own for the scale-out and fault tests (they kill hub instances and restart Redis, so
/// they never share an app with other tests): two hub instances on the Redis backplane behind the gateway.
/// </summary>
public abstract class ScaleOutFixture(IMessageSink diagnostics) : AppFixture(diagnostics)
{
    public const int HubReplicas = 2;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> hubReplicas = new();
    private readonly CancellationTokenSource watching = new();

    /// <summary>The hub replicas' resource ids (<c>collab-hub-xxxx</c>), e.g. for their logs.</summary>
    public IReadOnlyCollection<string> HubReplicaIds => [.. hubReplicas.Keys];

    /// <summary>The <c>Interview:Redis</c> choice: <c>garnet</c> or <c>redis-server</c>.</summary>
    public abstract string RedisKind { get; }

    protected override IEnumerable<string> Arguments => [$"--Interview:Redis={RedisKind}", $"--Interview:HubReplicas={HubReplicas}"];

    /// <summary>
    /// Waits until <see cref="HubReplicas"/> live hub instances are registered for the gateway; when an
    /// earlier test killed one, starts that replica again first. Each test thus starts with all instances.
    /// </summary>
    public async Task EnsureAllHubInstancesAsync()
    {
        if (await WaitForInstancesAsync(TimeSpan.FromSeconds(3))) return;
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        foreach (var (replica, state) in hubReplicas)
        {
            if (state == KnownResourceStates.Running || state == KnownResourceStates.Starting) continue;
            var started = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StartCommand).WithTimeout(TimeSpan.FromMinutes(1));
            Assert.True(started.Success, $"start {replica} ({state}): {started.Message}");
        }
        Assert.True(await WaitForInstancesAsync(TimeSpan.FromSeconds(60)), "every hub instance registers within a minute");
        // Registered is not yet routed to: the gateway reads the registry every second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The replicas' resource ids (collab-hub-xxxx) and states, for starting a killed one again.
        _ = Task.Run(async () =>
        {
            await foreach (var change in App.ResourceNotifications.WatchAsync(watching.Token))
            {
                if (change.Resource.Name == "collab-hub" && change.ResourceId != "collab-hub")
                    hubReplicas[change.ResourceId] = change.Snapshot.State?.Text ?? "";
            }
        });
    }

    private async Task<bool> WaitForInstancesAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (await LiveRegisteredInstancesAsync() < HubReplicas)
        {
            if (clock.Elapsed > patience) return false;
            await Task.Delay(250);
        }
        return true;
    }

    /// <summary>How many of <see cref="AppFixture.LiveInstancesAsync"/> there are; none while Redis cannot be read.</summary>
    public async Task<int> LiveRegisteredInstancesAsync()
    {
        try
        {
            return (await LiveInstancesAsync()).Count;
        }
        catch (RedisException)
        {
            return 0;
        }
    }

    /// <summary>Kills the hub instance named in a join result (<c>machine/pid</c>) at once, as a crash would.</summary>
    public static void Kill(string instance)
    {
        using var process = ProcessOf(instance) ?? throw new InvalidOperationException($"No process for hub instance {instance}.");
        process.Kill();
        Assert.True(process.WaitForExit(10_000), $"hub instance {instance} exits when killed");
    }

    /// <summary>Restarts the Redis resource (stop, then start with its data), as an operator or a crash-restart would.</summary>
    public async Task RestartRedisAsync()
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var restarted = await commands.ExecuteCommandAsync("redis", KnownResourceCommands.RestartCommand).WithTimeout(TimeSpan.FromMinutes(1));
        Assert.True(restarted.Success, restarted.Message);
    }

    public override async Task DisposeAsync()
    {
        await watching.CancelAsync();
        await base.DisposeAsync();
    }
}

/// <summary>The scale-out platform on the embedded Garnet server (the AppHost's default without Docker).</summary>
public sealed class GarnetScaleOutFixture(IMessageSink diagnostics) : ScaleOutFixture(diagnostics)
{
    public override string RedisKind => "garnet";
}

/// <summary>The scale-out platform on Debian's real <c>redis-server</c>, as production runs Redis.</summary>
public sealed class RedisServerScaleOutFixture(IMessageSink diagnostics) : ScaleOutFixture(diagnostics)
{
    public override string RedisKind => "redis-server";
}

[CollectionDefinition(Name)]
public sealed class GarnetScaleOutCollection : ICollectionFixture<GarnetScaleOutFixture>
{
    public const string Name = "Scale-out on embedded Garnet";
}

[CollectionDefinition(Name)]
public sealed class RedisServerScaleOutCollection : ICollectionFixture<RedisServerScaleOutFixture>
{
    public const string Name = "Scale-out on redis-server";
}
