using System.Diagnostics.Metrics;
using Interview.CollabHub.Hubs;
using Interview.CollabHub.Scaling;
using Interview.CollabHub.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Unit.Collab;

public sealed class CollabMetricsTests
{
    [Fact]
    public void TheDashboardSeesConnectionsSessionsUpdatesAndRefusalsPerInstance()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var connections = new HubConnections();
        using var metrics = new CollabMetrics(services.GetRequiredService<IMeterFactory>(), connections);
        var seen = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CollabMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.Start();

        connections.Opened();
        connections.Opened();
        connections.Opened();
        connections.Joined("c1", "session-a");
        connections.Joined("c2", "session-a");
        connections.Joined("c3", "session-b");
        connections.Closed("c3");
        metrics.UpdateAccepted(42, TimeSpan.FromMilliseconds(1.5));
        metrics.Rejected(HubErrors.TooLarge, "PushUpdate");
        listener.RecordObservableInstruments();

        Assert.Equal(2, Single(seen, "interview.collab.connections").Value);
        Assert.Equal(1, Single(seen, "interview.collab.sessions.active").Value);
        Assert.Equal(1, Single(seen, "interview.collab.updates").Value);
        Assert.Equal(1.5, Single(seen, "interview.collab.relay.duration").Value);
        var rejected = Single(seen, "interview.collab.rejected");
        Assert.Equal("too-large", rejected.Tags["interview.code"]);
        Assert.All(seen, m => Assert.Equal(CollabHub.Hubs.CollabHub.Instance, m.Tags["interview.instance"]));
    }

    [Fact]
    public void ASessionIdNeverAppearsInTelemetryOnlyAShortDigestOfIt()
    {
        const string id = "AbCdEfGhIjKlMnOpQrStUv";

        var tag = CollabMetrics.SessionTag(id);

        Assert.Equal(12, tag.Length);
        Assert.DoesNotContain(id[..6], tag);
        Assert.Equal(tag, CollabMetrics.SessionTag(id));
    }

    private static (string Instrument, double Value, Dictionary<string, object?> Tags) Single(
        List<(string Instrument, double Value, Dictionary<string, object?> Tags)> seen, string instrument) =>
        Assert.Single(seen, m => m.Instrument == instrument);

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags) result[tag.Key] = tag.Value;
        return result;
    }
}
