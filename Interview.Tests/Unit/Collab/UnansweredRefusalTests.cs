using Interview.CollabHub.Hubs;
using Interview.CollabHub.Scaling;
using Interview.CollabHub.Telemetry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Hubs = Interview.CollabHub.Hubs;

namespace Interview.Tests.Unit.Collab;

/// <summary>
/// A call sent without waiting for an answer has nobody to throw to: whatever refuses it must come back to the
/// caller as a <c>Refused</c> event, or the client's next <c>Confirm</c> would say its change is stored.
/// </summary>
public sealed class UnansweredRefusalTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CollabMetrics metrics;
    private readonly CallFilter filter;

    public UnansweredRefusalTests()
    {
        metrics = new CollabMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), new HubConnections());
        filter = new CallFilter(metrics, NullLogger<CallFilter>.Instance);
    }

    public void Dispose()
    {
        metrics.Dispose();
        services.Dispose();
    }

    [Theory]
    [InlineData(nameof(Hubs.CollabHub.SendUpdate), "rate-limited")]
    [InlineData(nameof(Hubs.CollabHub.SendAwareness), "invalid-update")]
    public async Task ARefusalOfAnUnansweredCallIsSentToTheCallerWithItsCode(string method, string code)
    {
        var hub = new ProbeHub();

        var result = await filter.InvokeMethodAsync(ProbeHub.Call(services, method, hub), _ => throw HubErrors.Of(code)).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Null(result);
        var (sent, args) = Assert.Single(hub.Sent);
        Assert.Equal(nameof(ICollabClient.Refused), sent);
        Assert.Equal([method, code], args);
    }

    [Fact]
    public async Task AnyOtherFailureOfAnUnansweredCallIsSentAsUnavailable()
    {
        var hub = new ProbeHub();

        await filter.InvokeMethodAsync(ProbeHub.Call(services, nameof(Hubs.CollabHub.SendUpdate), hub), _ => throw new ObjectDisposedException("store"))
            .AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([nameof(Hubs.CollabHub.SendUpdate), HubErrors.Unavailable], Assert.Single(hub.Sent).Args);
    }

    [Fact]
    public async Task AnAnsweredCallIsRefusedByThrowingAsBefore()
    {
        var hub = new ProbeHub();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            filter.InvokeMethodAsync(ProbeHub.Call(services, nameof(Hubs.CollabHub.PushUpdate), hub), _ => throw HubErrors.Of(HubErrors.TooLarge))
                .AsTask().WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(HubErrors.TooLarge, error.Message);
        Assert.Empty(hub.Sent);
    }
}
