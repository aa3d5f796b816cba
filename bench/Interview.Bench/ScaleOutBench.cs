using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Interview.Gateway;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Interview.Bench;

/// <summary>
/// What scaling out costs and how it fails: relay latency to a receiver on the sender's own hub instance
/// versus one on the other instance (one more Redis hop), and the time a participant needs to be back
/// (reconnected through the gateway to a surviving instance, and joined) after its instance is killed.
/// </summary>
internal sealed class ScaleOutBench(DistributedApplication app, Uri gateway, Func<Task<string>> newSession)
{
    private readonly ConcurrentDictionary<string, string> hubReplicas = new();

    /// <summary>Keeps the hub replicas' resource ids and states, to start a killed one again.</summary>
    public void WatchReplicas(CancellationToken stop) => _ = Task.Run(async () =>
    {
        await foreach (var change in app.ResourceNotifications.WatchAsync(stop))
        {
            if (change.Resource.Name == "collab-hub" && change.ResourceId != "collab-hub")
                hubReplicas[change.ResourceId] = change.Snapshot.State?.Text ?? "";
        }
    }, stop);

    /// <summary>One sender; each keystroke's arrival at a receiver on the same instance and at one on the other.</summary>
    public async Task<(Latency Same, Latency Cross)> MeasureRelayAsync(int keystrokes)
    {
        var session = await newSession();
        await using var sender = await HubClient.JoinAsync(gateway, session);
        // The gateway puts every participant of a session on the session's instance; a receiver on the other
        // one (as while instances change) connects to it directly.
        var same = await HubClient.JoinAsync(gateway, session);
        var cross = await HubClient.JoinAsync(await OtherInstanceAsync(sender.Instance), session);
        if (same.Instance != sender.Instance || cross.Instance == sender.Instance)
            throw new InvalidOperationException($"Receivers on {same.Instance} and {cross.Instance}, the sender on {sender.Instance}.");

        var updates = Keystrokes.Type(client: 21, keystrokes + 50);
        var (sameSamples, crossSamples) = (new List<double>(), new List<double>());
        for (var i = 0; i < updates.Length; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await sender.PushPatientlyAsync(updates[i]);
            var (_, atSame) = await same.Received.Reader.ReadAsync();
            var (_, atCross) = await cross.Received.Reader.ReadAsync();
            if (i >= 50)
            {
                sameSamples.Add(Stopwatch.GetElapsedTime(sent, atSame).TotalMilliseconds);
                crossSamples.Add(Stopwatch.GetElapsedTime(sent, atCross).TotalMilliseconds);
            }
            await Task.Delay(10);
        }
        await same.DisposeAsync();
        await cross.DisposeAsync();
        return (Latency.Of(sameSamples), Latency.Of(crossSamples));
    }

    /// <summary>
    /// Kills the instance serving a participant, <paramref name="rounds"/> times, and measures the time from
    /// the kill to the participant being joined again; the killed instance is started again between rounds.
    /// </summary>
    public async Task<List<double>> MeasureReconnectAfterKillAsync(int rounds)
    {
        var samples = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await using var client = await HubClient.JoinAsync(gateway, await newSession(), reconnect: true);
            var rejoined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            client.Rejoined += () => rejoined.TrySetResult();
            var victim = client.Instance;

            var clock = Stopwatch.StartNew();
            using (var process = Process.GetProcessById(int.Parse(victim.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture)))
            {
                process.Kill();
            }
            await rejoined.Task.WaitAsync(TimeSpan.FromSeconds(30));
            samples.Add(clock.Elapsed.TotalMilliseconds);
            if (client.Instance == victim) throw new InvalidOperationException("Rejoined the killed instance.");

            await StartStoppedReplicasAsync();
        }
        return samples;
    }

    /// <summary>The address a live hub instance other than <paramref name="instance"/> registered for the gateway.</summary>
    private async Task<Uri> OtherInstanceAsync(string instance)
    {
        var redis = await app.GetConnectionStringAsync("redis") ?? throw new InvalidOperationException("No Redis connection string.");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var live = await connection.GetDatabase().SortedSetRangeByScoreAsync(HubInstances.Key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return live.Select(m => HubInstances.Parse(m.ToString())).OfType<HubInstance>().FirstOrDefault(i => i.Id != instance)?.Address
            ?? throw new InvalidOperationException($"No hub instance besides {instance}.");
    }

    private async Task StartStoppedReplicasAsync()
    {
        // The orchestrator notices the exit a moment later.
        var noticed = Stopwatch.StartNew();
        while (hubReplicas.Values.All(s => s == KnownResourceStates.Running) && noticed.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(100);
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        foreach (var (replica, state) in hubReplicas)
        {
            if (state == KnownResourceStates.Running || state == KnownResourceStates.Starting) continue;
            await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StartCommand);
        }
        var clock = Stopwatch.StartNew();
        while (hubReplicas.Values.Any(s => s != KnownResourceStates.Running) && clock.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(200);
        await Task.Delay(4000); // registered, and in the gateway's pool after its next registry read
    }
}

internal sealed record Latency(double P50, double P95, double P99, double Max)
{
    public static Latency Of(List<double> samples)
    {
        samples.Sort();
        return new(Percentile(samples, 0.50), Percentile(samples, 0.95), Percentile(samples, 0.99), samples[^1]);
    }

    public static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
}
