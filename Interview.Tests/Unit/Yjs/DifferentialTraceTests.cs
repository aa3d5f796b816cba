using System.Text.Json.Nodes;
using Interview.CollabHub.Documents.Yjs;
using Xunit.Abstractions;

namespace Interview.Tests.Unit.Yjs;

/// <summary>
/// Compares MergeUpdates / DiffUpdate / EncodeStateVectorFromUpdate with yjs on seeded multi-client traces:
/// byte for byte, and by applying our outputs to a fresh Y.Doc.
/// </summary>
[Collection(YjsOracleCollection.Name)]
public class DifferentialTraceTests(YjsTraceFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Trace_pool_is_valid_and_generated_by_the_expected_yjs()
    {
        Assert.StartsWith("13.6.", fixture.YjsVersion, StringComparison.Ordinal);
        output.WriteLine($"yjs {fixture.YjsVersion}, generation took {fixture.GenerationTime.TotalSeconds:F1} s");
        foreach (Trace trace in fixture.Traces)
        {
            for (int i = 0; i < trace.Pool.Length; i++)
            {
                Assert.True(YUpdate.TryValidate(trace.Pool[i], out string? error), $"seed {trace.Seed}, pool item {i}: {error}");
            }
        }
    }

    [Fact]
    public void Merge_cases_match_yjs()
    {
        var states = new OracleStates();
        int count = 0;
        foreach (Trace trace in fixture.Traces)
        {
            foreach (TraceCase c in trace.Cases.Where(c => c.Op == "merge"))
            {
                byte[] ours = YUpdate.MergeUpdates([.. c.Inputs.Select(i => trace.Pool[i])]);
                AssertBytes(c.Expected, ours, $"seed {trace.Seed}, merge case {c.Number}, inputs [{string.Join(',', c.Inputs)}]");
                states.Expect($"seed {trace.Seed}, merge case {c.Number}", c.ExpectedState!, ours);
                count++;
            }
        }

        states.Verify();
        output.WriteLine($"{count} merge cases");
    }

    [Fact]
    public void Diff_cases_match_yjs()
    {
        var states = new OracleStates();
        int count = 0;
        foreach (Trace trace in fixture.Traces)
        {
            foreach (TraceCase c in trace.Cases.Where(c => c.Op == "diff"))
            {
                byte[] ours = YUpdate.DiffUpdate(trace.Pool[c.Update], c.StateVector!);
                string context = $"seed {trace.Seed}, diff case {c.Number} (update {c.Update}, sv {Hex.Of(c.StateVector)})";
                AssertBytes(c.Expected, ours, context);
                // diff + what the state-vector holder had = the holder's doc after the whole update
                byte[][] sequence = c.Base is int b ? [trace.Pool[b], ours] : [ours];
                states.Expect(context, c.ExpectedState!, sequence);
                count++;
            }
        }

        states.Verify();
        output.WriteLine($"{count} diff cases");
    }

    [Fact]
    public void State_vector_cases_match_yjs()
    {
        int count = 0;
        foreach (Trace trace in fixture.Traces)
        {
            foreach (TraceCase c in trace.Cases.Where(c => c.Op == "sv"))
            {
                AssertBytes(c.Expected, YUpdate.EncodeStateVectorFromUpdate(trace.Pool[c.Update]), $"seed {trace.Seed}, sv case {c.Number}");
                count++;
            }
        }

        Assert.True(count > 0);
        output.WriteLine($"{count} state-vector cases");
    }

    [Fact]
    public void Complete_sets_satisfy_merge_and_diff_properties()
    {
        var states = new OracleStates();
        foreach (Trace trace in fixture.Traces)
        {
            string seed = $"seed {trace.Seed}";
            byte[][] events = [.. trace.Order.Select(i => trace.Pool[i])];
            byte[] full = YUpdate.MergeUpdates(events);
            AssertBytes(trace.FullMerge, full, $"{seed}: merge of all {events.Length} events");

            // a causally complete merge implies exactly the converged doc's state vector, and a diff against it is empty
            byte[] sv = YUpdate.EncodeStateVectorFromUpdate(full);
            AssertBytes(Convert.FromBase64String((string)trace.FinalState["sv"]!), sv, $"{seed}: state vector of the full merge");
            Assert.True(YUpdate.DiffUpdate(full, sv)[0] == 0, $"{seed}: diff against its own state vector still has structs");

            // yjs is not convergent once items were split inside surrogate pairs, so each recipe is compared
            // with the document yjs builds from its own output of the same recipe.
            JsonObject Want(string name) => trace.Expected[name]!.AsObject();
            states.Expect($"{seed}: full merge", Want("full"), full);
            states.Expect($"{seed}: merge of reversed events", Want("reversed"), YUpdate.MergeUpdates([.. events.Reverse()]));
            int third = Math.Max(1, events.Length / 3);
            byte[] a = YUpdate.MergeUpdates(events[..third]);
            byte[] b = YUpdate.MergeUpdates(events[third..(2 * third)]);
            byte[] c = YUpdate.MergeUpdates(events[(2 * third)..]);
            states.Expect($"{seed}: merge([merge(a,b), c])", Want("assocLeft"), YUpdate.MergeUpdates([YUpdate.MergeUpdates([a, b]), c]));
            states.Expect($"{seed}: merge([a, merge(b,c)])", Want("assocRight"), YUpdate.MergeUpdates([a, YUpdate.MergeUpdates([b, c])]));
            states.Expect($"{seed}: merge([c, a, b])", Want("cab"), YUpdate.MergeUpdates([c, a, b]));
            states.Expect($"{seed}: merge([m, m])", Want("mm"), YUpdate.MergeUpdates([full, full]));
            states.Expect($"{seed}: apply m twice", Want("twice"), full, full);

            foreach (Snapshot snapshot in trace.Snapshots)
            {
                byte[] diff = YUpdate.DiffUpdate(full, snapshot.StateVector);
                states.Expect($"{seed}: snapshot {snapshot.Index} + diff(full, its sv)", snapshot.ExpectedState, trace.Pool[snapshot.Index], diff);
            }
        }

        states.Verify();
        output.WriteLine($"{states.Count} complete-set document checks");
    }

    internal static void AssertBytes(byte[] expected, byte[] actual, string context)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        int at = expected.AsSpan().CommonPrefixLength(actual);
        int from = Math.Max(0, at - 16);
        Assert.Fail($"{context}: bytes differ from yjs at offset {at} (lengths {expected.Length} vs {actual.Length})\n" +
                    $"  yjs  …{Hex.Of(expected.AsSpan(from, Math.Min(48, expected.Length - from)))}\n" +
                    $"  ours …{Hex.Of(actual.AsSpan(from, Math.Min(48, actual.Length - from)))}");
    }
}
