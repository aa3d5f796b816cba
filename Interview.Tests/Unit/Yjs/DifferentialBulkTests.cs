using System.Diagnostics;
using Interview.CollabHub.Documents.Yjs;
using Xunit.Abstractions;

namespace Interview.Tests.Unit.Yjs;

/// <summary>The join scenario: a document built from 20,000 single-character edits by two peers.</summary>
[Collection(YjsOracleCollection.Name)]
public class DifferentialBulkTests(YjsTraceFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Twenty_thousand_edits_merge_and_diff_fast_and_like_yjs()
    {
        BulkSession bulk = fixture.Bulk;
        string seed = $"bulk seed {bulk.Seed}";
        Assert.True(bulk.Events.Length >= YjsTraceFixture.BulkEdits, $"{seed}: only {bulk.Events.Length} events");

        var watch = Stopwatch.StartNew();
        byte[] flat = YUpdate.MergeUpdates(bulk.Events);
        TimeSpan mergeTime = watch.Elapsed;

        // yjs's expected bytes come from a two-level merge (its flat merge is quadratic); repeat it exactly.
        var chunks = new List<byte[]>();
        for (int i = 0; i < bulk.Events.Length; i += bulk.Chunk)
        {
            chunks.Add(YUpdate.MergeUpdates(bulk.Events[i..Math.Min(i + bulk.Chunk, bulk.Events.Length)]));
        }

        byte[] tree = YUpdate.MergeUpdates(chunks);
        DifferentialTraceTests.AssertBytes(bulk.TreeMerge, tree, $"{seed}: two-level merge");
        DifferentialTraceTests.AssertBytes(bulk.TreeStateVector, YUpdate.EncodeStateVectorFromUpdate(tree), $"{seed}: state vector");
        DifferentialTraceTests.AssertBytes(bulk.MidDiff, YUpdate.DiffUpdate(tree, bulk.MidStateVector), $"{seed}: diff against mid-session state");

        watch.Restart();
        byte[] joinDiff = YUpdate.DiffUpdate(flat, bulk.MidStateVector);
        byte[] joinFull = YUpdate.DiffUpdate(flat, YStateVector.Empty);
        TimeSpan diffTime = watch.Elapsed;
        watch.Restart();
        YUpdate.Validate(flat);
        TimeSpan validateTime = watch.Elapsed;

        output.WriteLine($"{bulk.Events.Length} events: flat merge {mergeTime.TotalMilliseconds:F0} ms ({flat.Length} bytes), " +
                         $"two diffs {diffTime.TotalMilliseconds:F1} ms, validate {validateTime.TotalMilliseconds:F1} ms");
        // Generous bounds for a shared 2-core machine; typical numbers are far lower (see output).
        Assert.True(mergeTime < TimeSpan.FromSeconds(3), $"{seed}: merging took {mergeTime}");
        Assert.True(diffTime < TimeSpan.FromSeconds(1), $"{seed}: diffs took {diffTime}");

        var states = new OracleStates();
        states.Expect($"{seed}: flat merge", bulk.TreeState, flat);
        states.Expect($"{seed}: diff against empty", bulk.TreeState, joinFull);
        states.Expect($"{seed}: mid snapshot + diff", bulk.MidState, bulk.MidSnapshot, joinDiff);
        states.Verify();
    }
}
