using System.Diagnostics;
using Interview.CollabHub.Hubs;
using Interview.CollabHub.Scaling;
using Interview.CollabHub.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;
using Hubs = Interview.CollabHub.Hubs;

namespace Interview.Tests.Unit.Collab;

/// <summary>
/// A span per connect, join or leave is what an operator reads; a span per keystroke or cursor move (thousands an
/// hour per participant) would bury them and cost the hub its allocations.
/// </summary>
public sealed class HubTracingTests
{
    [Fact]
    public async Task AConnectJoinAndLeaveGetASpanAndAKeystrokeOrCursorMoveDoesNot()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            // By name: the source may be created (CollabMetrics's static initializer) only after this listener.
            ShouldListenTo = source => source.Name == CollabMetrics.MeterName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // Only the filter's spans: another test's hub may compact or resync meanwhile.
            ActivityStopped = activity =>
            {
                if (activity.DisplayName.StartsWith("hub ", StringComparison.Ordinal)) spans.Enqueue(activity.DisplayName);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new CollabMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), new HubConnections());
        var filter = new CallFilter(metrics, NullLogger<CallFilter>.Instance);
        var lifetime = new HubLifetimeContext(new StubCaller(), services, new ProbeHub());

        await filter.OnConnectedAsync(lifetime, _ => Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(5));
        string[] methods =
        [
            nameof(Hubs.CollabHub.JoinSession), nameof(Hubs.CollabHub.PushUpdate), nameof(Hubs.CollabHub.PushAwareness),
            nameof(Hubs.CollabHub.SendUpdate), nameof(Hubs.CollabHub.SendAwareness), nameof(Hubs.CollabHub.Confirm),
        ];
        foreach (var method in methods)
        {
            await filter.InvokeMethodAsync(ProbeHub.Call(services, method), _ => ValueTask.FromResult<object?>(null)).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        }
        await filter.OnDisconnectedAsync(lifetime, null, (_, _) => Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["hub connect", "hub JoinSession", "hub disconnect"], spans);
    }

    [Fact]
    public void SignalRsOwnSpanPerHubCallIsOff()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddServiceDefaults();
        using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptionsMonitor<AspNetCoreTraceInstrumentationOptions>>().Get(Options.DefaultName);

        Assert.False(options.EnableAspNetCoreSignalRSupport);
    }
}
