// Hub benchmark: one-way keystroke latency between two participants, the cost of joining a document
// built from many keystrokes, and what scaling out costs (same- vs cross-instance relay, reconnect time
// after an instance is killed). Starts the whole platform through the AppHost (embedded Redis, built
// client, two hub instances), so `dotnet run -c Release --project bench/Interview.Bench` is all it takes.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Interview.Bench;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var keystrokes = args.Contains("--quick") ? 300 : 2000;
var documentEdits = args.Contains("--quick") ? 2000 : 20_000;

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Interview_AppHost>(
    ["--Interview:GatewayPort=0", "--Interview:WebClient=dist"], (o, _) => o.DisableDashboard = true);
// Only the figures on the console: the services' own logs stay out of the way.
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Interview.AppHost.Resources", LogLevel.None)
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)); // probes fail until services are up
// Without the dashboard nothing receives telemetry; exporting it anyway only slows every shutdown.
foreach (var project in builder.Resources.OfType<ProjectResource>())
{
    project.Annotations.Add(new EnvironmentCallbackAnnotation(env => env.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT")));
}
await using var app = await builder.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway");
var gateway = app.GetEndpoint("gateway", "http");
var hub = app.GetEndpoint("collab-hub", "http");
using var http = new HttpClient { BaseAddress = gateway };

var results = new Dictionary<string, object>();
Console.WriteLine($"Keystroke latency, sender's PushUpdate → receiver's Update event ({keystrokes} keystrokes each, one every ~10 ms):");
Console.WriteLine($"{"path",-28} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
foreach (var (name, url, messagePack) in new[] { ("gateway, MessagePack", gateway, true), ("gateway, JSON", gateway, false), ("direct to hub, MessagePack", hub, true) })
{
    var figures = await MeasureLatencyAsync(url, messagePack);
    results[name] = figures;
    Console.WriteLine($"{name,-28} {figures.P50,8:F2} {figures.P95,8:F2} {figures.P99,8:F2} {figures.Max,8:F2}");
}

var scaleOut = new ScaleOutBench(app, gateway, NewSessionAsync);
using var stopWatching = new CancellationTokenSource();
scaleOut.WatchReplicas(stopWatching.Token);
var (same, cross) = await scaleOut.MeasureRelayAsync(keystrokes);
results["same instance, MessagePack"] = same;
results["cross instance, MessagePack"] = cross;
Console.WriteLine($"{"same hub instance",-28} {same.P50,8:F2} {same.P95,8:F2} {same.P99,8:F2} {same.Max,8:F2}");
Console.WriteLine($"{"other hub instance",-28} {cross.P50,8:F2} {cross.P95,8:F2} {cross.P99,8:F2} {cross.Max,8:F2}");

var join = await MeasureJoinAsync();
results["join"] = join;
Console.WriteLine();
Console.WriteLine($"Join a document built from {documentEdits:N0} single-character edits:");
Console.WriteLine($"  edits pushed in {join.PushSeconds:F1} s ({documentEdits / join.PushSeconds:F0} edits/s over 8 connections)");
Console.WriteLine($"  join payload {join.PayloadBytes:N0} B; history {join.HistoryBytes:N0} B; compaction ratio {join.HistoryBytes / (double)join.PayloadBytes:F1}×");
Console.WriteLine($"  join time (client round trip) p50 {join.JoinP50Ms:F2} ms, max {join.JoinMaxMs:F2} ms over 20 joins");

var reconnects = await scaleOut.MeasureReconnectAfterKillAsync(args.Contains("--quick") ? 2 : 5);
results["reconnect after kill ms"] = reconnects;
Console.WriteLine();
Console.WriteLine($"Reconnect after the participant's hub instance is killed (kill → joined on a survivor), {reconnects.Count} rounds:");
Console.WriteLine($"  {string.Join(", ", reconnects.Select(r => $"{r:F0} ms"))}; median {Latency.Percentile([.. reconnects.Order()], 0.5):F0} ms");
await stopWatching.CancelAsync();

Directory.CreateDirectory("artifacts");
var output = Path.Combine("artifacts", "hub-bench.json");
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"\nFigures written to {Path.GetFullPath(output)}");

async Task<string> NewSessionAsync()
{
    var response = await http.PostAsJsonAsync("/api/sessions", new { title = "bench" });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
}

async Task<Latency> MeasureLatencyAsync(Uri url, bool messagePack)
{
    var session = await NewSessionAsync();
    await using var sender = await HubClient.JoinAsync(url, session, messagePack);
    await using var receiver = await HubClient.JoinAsync(url, session, messagePack);
    var updates = Keystrokes.Type(client: 7, keystrokes + 50);
    var samples = new List<double>(keystrokes);
    for (var i = 0; i < updates.Length; i++)
    {
        var sent = Stopwatch.GetTimestamp();
        await sender.PushPatientlyAsync(updates[i]);
        var (_, receivedAt) = await receiver.Received.Reader.ReadAsync();
        if (i >= 50) samples.Add(Stopwatch.GetElapsedTime(sent, receivedAt).TotalMilliseconds); // after warm-up
        // Paced under the hub's per-connection budget (100 pushes/s), so no sample includes a rate-limit wait;
        // real typing is slower still (≈8 keys/s).
        await Task.Delay(10);
    }
    return Latency.Of(samples);
}

async Task<Join> MeasureJoinAsync()
{
    var session = await NewSessionAsync();
    var updates = Keystrokes.Type(client: 11, documentEdits);
    var typists = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => HubClient.JoinAsync(gateway, session)));
    var clock = Stopwatch.StartNew();
    var chunk = (updates.Length + typists.Length - 1) / typists.Length;
    await Task.WhenAll(typists.Select(async (typist, i) =>
    {
        foreach (var update in updates.Skip(i * chunk).Take(chunk)) await typist.PushPatientlyAsync(update);
    }));
    var pushSeconds = clock.Elapsed.TotalSeconds;
    foreach (var typist in typists) await typist.DisposeAsync();
    await Task.Delay(500); // let the last compaction land

    await using var joiner = await HubClient.JoinAsync(gateway, session);
    var times = new List<double>();
    var payload = 0;
    for (var i = 0; i < 20; i++)
    {
        var start = Stopwatch.GetTimestamp();
        payload = (await joiner.JoinSessionAsync()).Update.Length;
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
    times.Sort();
    return new(pushSeconds, payload, updates.Sum(u => u.Length), Percentile(times, 0.5), times[^1]);
}

static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];

internal sealed record Join(double PushSeconds, int PayloadBytes, int HistoryBytes, double JoinP50Ms, double JoinMaxMs);
