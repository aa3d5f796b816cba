using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Interview.CollabHub.Scaling;

namespace Interview.CollabHub.Telemetry;

/// <summary>
/// The collaboration hub's own metrics (meter <see cref="MeterName"/>) and traces (activity source of the
/// same name); the service defaults export every <c>Interview.*</c> meter and source to the dashboard.
/// Every instrument carries the instance, so scaled-out instances can be told apart.
/// </summary>
public sealed class CollabMetrics : IDisposable
{
    public const string MeterName = "Interview.Collab";

    /// <summary>Spans for hub calls, compactions and resyncs.</summary>
    public static readonly ActivitySource Source = new(MeterName);

    private readonly Meter meter;
    private readonly Counter<long> updates;
    private readonly Counter<long> updateBytes;
    private readonly Histogram<double> relay;
    private readonly Histogram<long> documentSize;
    private readonly Counter<long> compactions;
    private readonly Counter<long> rejected;
    private readonly Counter<long> resyncs;
    private readonly KeyValuePair<string, object?> instance = new("interview.instance", Hubs.CollabHub.Instance);

    public CollabMetrics(IMeterFactory meters, HubConnections connections)
    {
        meter = meters.Create(MeterName);
        meter.CreateObservableGauge("interview.collab.connections", () => new Measurement<int>(connections.Open, instance),
            "{connection}", "Open hub connections on this instance.");
        meter.CreateObservableGauge("interview.collab.sessions.active", () => new Measurement<int>(connections.ActiveSessions, instance),
            "{session}", "Sessions with at least one joined connection on this instance.");
        updates = meter.CreateCounter<long>("interview.collab.updates", "{update}", "Document updates accepted (stored and relayed).");
        updateBytes = meter.CreateCounter<long>("interview.collab.update.bytes", "By", "Bytes of accepted document updates.");
        relay = meter.CreateHistogram<double>("interview.collab.relay.duration", "ms",
            "From receiving an update to handing it to the backplane for the others (validate, store, publish).");
        documentSize = meter.CreateHistogram<long>("interview.collab.document.size", "By", "Size of a document when it is joined or compacted.");
        compactions = meter.CreateCounter<long>("interview.collab.compactions", "{compaction}", "Compactions of a document's log into its snapshot, by outcome.");
        rejected = meter.CreateCounter<long>("interview.collab.rejected", "{call}", "Hub calls refused, by error code.");
        resyncs = meter.CreateCounter<long>("interview.collab.resyncs", "{event}", "Resync events sent to clients after the Redis connection came back.");
    }

    public void UpdateAccepted(int bytes, TimeSpan elapsed)
    {
        updates.Add(1, instance);
        updateBytes.Add(bytes, instance);
        relay.Record(elapsed.TotalMilliseconds, instance);
    }

    public void DocumentSize(long bytes, string when) => documentSize.Record(bytes, instance, new("interview.when", when));

    public void Compaction(string outcome) => compactions.Add(1, instance, new("interview.outcome", outcome));

    public void Rejected(string code, string method) => rejected.Add(1, instance, new("interview.code", code), new("interview.method", method));

    public void ResyncsSent(int count) => resyncs.Add(count, instance);

    /// <summary>
    /// A session's id grants access to it, so traces and logs carry this short digest instead: enough to
    /// correlate one session's spans, useless for joining it.
    /// </summary>
    public static string SessionTag(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)).AsSpan(0, 6));

    public void Dispose() => meter.Dispose();
}
